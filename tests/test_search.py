"""The Incidents search knows places: every spelling, Arabic included, and the usual variants of words."""

from __future__ import annotations

from pathlib import Path

import pytest

from geo.dataset.load import load_incidents, load_places
from geo.dataset.query import search_incidents, search_key
from tests.conftest import PROJECT


@pytest.fixture(scope="module")
def bundled() -> tuple:
    data = PROJECT / "data"
    return load_incidents(Path(data)), load_places(Path(data))


def _ids(frame) -> set[str]:
    return set(frame["id"])


def test_every_spelling_of_a_place_finds_its_incidents(bundled: tuple) -> None:
    incidents, places = bundled
    at_qusayr = set(incidents.loc[incidents["place_id"] == "sy-al-qusayr", "id"])
    assert at_qusayr
    for spelling in ("al-Qusayr", "Qusair", "القصير", "Qoussair"):
        assert at_qusayr <= _ids(search_incidents(incidents, spelling, places)), spelling
    in_aleppo = set(incidents.loc[incidents["place_id"] == "sy-aleppo", "id"])
    assert in_aleppo and in_aleppo <= _ids(search_incidents(incidents, "Halab", places))
    assert _ids(search_incidents(incidents, "Qoussair", None)) < _ids(search_incidents(incidents, "Qoussair", places))


def test_word_variants_and_type_labels_find_the_same(bundled: tuple) -> None:
    incidents, places = bundled
    joined = _ids(search_incidents(incidents, "airstrike", places))
    assert joined and _ids(search_incidents(incidents, "air strike", places)) == joined
    assert _ids(search_incidents(incidents, "Air-strikes", places)) <= joined
    assert _ids(search_incidents(incidents, "chemical attack", places)) == set(
        incidents.loc[incidents["type"] == "chemical_attack", "id"]) | _ids(
        search_incidents(incidents, "chemical attack", None))


def test_search_keys_fold_case_accents_apostrophes_and_arabic_letter_forms() -> None:
    assert search_key("Ma'arrat al-Nu'mān") == "maarrat al numan"
    assert search_key("إدلب") == search_key("ادلب")
    assert search_key("Civil Defense center") == "civil defence centre"


def test_search_text_kept_once_for_the_dataset_gives_the_same_answers_on_any_subset(bundled: tuple) -> None:
    from geo.dataset.query import search_text

    incidents, places = bundled
    text = search_text(incidents, places)
    subset = incidents.iloc[::2]
    for query in ("Qusair", "air strike", "القصير", "chemical"):
        assert _ids(search_incidents(subset, query, text=text)) == _ids(search_incidents(subset, query, places))
