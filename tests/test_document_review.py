"""Document review: nothing is saved unticked or in the reader's words; evidence is shown where it stands."""

from __future__ import annotations

from datetime import date

import pytest

from geo import schema
from geo.errors import InputFileError
from geo.gazetteer.lookup import load_gazetteer
from geo.imports.documents import ACCEPT, ALL_TYPES, GUESS, accepted_rows, review_table
from geo.reader.document import evidence_spans, read_document
from geo.reader.source_texts import highlight_mentions

TEXT = "On 2 May 2019 an airstrike hit a market in Saraqib, killing 7 people. Later, shelling struck Douma."


@pytest.fixture(scope="module")
def reading():
    return read_document(TEXT, load_gazetteer(), date(2019, 5, 3))


def test_candidates_come_unticked_with_counts_and_evidence_first(reading) -> None:
    table = review_table(reading, load_gazetteer())
    assert len(table) >= 1 and not table[ACCEPT].any() and (table[schema.DESCRIPTION] == "").all()
    assert list(table.columns[:10]) == [ACCEPT, schema.TYPE, ALL_TYPES, schema.DATE_START, schema.DATE_END,
                                        schema.PLACE_ID, schema.KILLED, schema.INJURED, schema.DISPLACED, "evidence"]


def test_nothing_ticked_saves_nothing(reading) -> None:
    with pytest.raises(InputFileError, match="no candidate is ticked"):
        accepted_rows(review_table(reading, load_gazetteer()), "doc-x")


def test_a_ticked_row_needs_a_description_of_our_own(reading) -> None:
    table = review_table(reading, load_gazetteer())
    table.loc[0, ACCEPT] = True
    with pytest.raises(InputFileError, match="row\\(s\\) 1"):
        accepted_rows(table, "doc-x")
    table.loc[0, schema.DESCRIPTION] = table.loc[0, GUESS]
    with pytest.raises(InputFileError, match="own words"):
        accepted_rows(table, "doc-x")
    table.loc[0, schema.DESCRIPTION] = "Jets struck the Saraqib market; seven civilians died."
    rows, originals = accepted_rows(table, "doc-x")
    assert list(rows[schema.DESCRIPTION]) == ["Jets struck the Saraqib market; seven civilians died."]
    assert rows[schema.ID].tolist() == ["doc-x-1"] and originals[0]["original"]["evidence"]


def test_evidence_and_mentions_are_both_highlighted(reading) -> None:
    page = highlight_mentions(TEXT, reading.mentions, evidence_spans(reading))
    assert '<span class="ia-evidence">' in page and "<mark" in page and "Saraqib</mark>" in page


@pytest.mark.parametrize(("sentence", "types", "weapon"), [
    ("On 4 June 2019 an airstrike hit the crowded vegetable market in Ariha, killing 5.", "Airstrike", "air strike"),
    ("On 4 June 2019 shelling struck a school in Saraqib, wounding 3 children.", "Shelling", "shelling"),
])
def test_a_target_and_a_means_are_both_kept(sentence: str, types: str, weapon: str) -> None:
    """Invented sentences naming what was hit and how: the review table lists every type (in words, not codes), and
    the means of attack becomes the weapon when the text names none."""
    table = review_table(read_document(sentence, load_gazetteer(), date(2019, 6, 5)), load_gazetteer())
    [row] = table.to_dict("records")
    assert types in row[ALL_TYPES].split("; ") and "_" not in row[ALL_TYPES] and row[schema.WEAPON] == weapon
    assert row[schema.TYPE] != types.lower()
