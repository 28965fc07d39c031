"""The document reader, on texts written for these tests (no sentence comes from the seeds)."""

from datetime import date

from geo.gazetteer.lookup import Gazetteer
from geo.reader.counts import find_counts, number_value
from geo.reader.document import find_document_date, read_document, split_sentences
from geo.reader.mentions import find_place_mentions, find_unresolved_names

DISPATCH = """Published: 14 March 2018

Warplanes struck the main hospital in Saraqib on Tuesday, killing 12 people and wounding 30.
Two days later barrel bombs fell on a market in Douma.
The Idlib Health Directorate told colleagues in Geneva of the attack.
A delegation travelled to Moscow in early June 2013.
Since 2015, the group has counted 6,686 civilian deaths across Syria.
Shelling on al-Qusair between 12 and 15 March displaced about 4,000 people.
"""


def test_published_line_sets_the_document_date() -> None:
    assert find_document_date(DISPATCH) == date(2018, 3, 14)
    assert find_document_date("DAMASCUS, Syria, March 3, 2018 (Wire) - text") == date(2018, 3, 3)
    assert find_document_date("no date at all") is None


def test_place_mentions_carry_spans_ids_and_roles(gazetteer: Gazetteer) -> None:
    mentions = find_place_mentions(DISPATCH, gazetteer)
    by_text = {m.text: m for m in mentions}
    assert by_text["Saraqib"].place.id == "sy-saraqeb"
    assert DISPATCH[by_text["Saraqib"].start:by_text["Saraqib"].end] == "Saraqib"
    assert by_text["Idlib"].role == "organisation"
    assert by_text["Geneva"].role == "foreign" and by_text["Moscow"].role == "foreign"
    assert by_text["al-Qusair"].place.id == "sy-al-qusayr"


def test_candidate_incidents_have_dates_places_types_and_counts(gazetteer: Gazetteer) -> None:
    reading = read_document(DISPATCH, gazetteer)
    hospital, market, shelling = reading.incidents
    assert (hospital["type"], hospital["place_id"], hospital["date_start"]) == (
        "attack_on_health_care", "sy-saraqeb", "2018-03-13")
    assert (hospital["killed"], hospital["injured"], hospital["facility"]) == (12, 30, "hospital")
    assert (market["type"], market["place_id"], market["date_start"]) == ("barrel_bomb", "sy-douma", "2018-03-15")
    assert (shelling["place_id"], shelling["displaced"], shelling["date_end"]) == ("sy-al-qusayr", 4000, "2018-03-15")
    assert hospital["evidence"]["text"].startswith("Warplanes struck")


def test_organisations_and_foreign_places_are_not_incident_locations(gazetteer: Gazetteer) -> None:
    places = {c["place_id"] for c in read_document(DISPATCH, gazetteer).incidents}
    assert not places & {"sy-idlib", "xx-geneva", "xx-moscow"}


def test_reported_totals_go_to_totals_not_incidents(gazetteer: Gazetteer) -> None:
    reading = read_document(DISPATCH, gazetteer)
    assert [(t["measure"], t["value"]) for t in reading.totals] == [("killed", 6686)]
    assert all(c["killed"] != 6686 for c in reading.incidents)


def test_fallback_date_is_used_when_the_text_has_none(gazetteer: Gazetteer) -> None:
    reading = read_document("Yesterday jets bombed Khan Shaykhoun.", gazetteer, date(2019, 5, 2))
    assert reading.date_source == "the date given"
    [candidate] = reading.incidents
    assert (candidate["date_start"], candidate["place_id"], candidate["type"]) == (
        "2019-05-01", "sy-khan-sheikhun", "airstrike")


def test_perpetrator_is_recorded_as_attributed(gazetteer: Gazetteer) -> None:
    text = "On 2 May 2019 Russian jets and Syrian government forces bombed a school in Kafr Nabl."
    [candidate] = read_document(text, gazetteer).incidents
    assert candidate["perpetrator"] == "Russian jets and Syrian government forces"
    assert candidate["type"] == "attack_on_school"


def test_chemical_weapons_name_the_weapon(gazetteer: Gazetteer) -> None:
    [candidate] = read_document("Chlorine was dropped on Douma on 7 April 2018, killing 43.", gazetteer).incidents
    assert (candidate["type"], candidate["weapon"], candidate["killed"]) == ("chemical_attack", "chlorine", 43)


def test_counts_read_digits_words_and_millions() -> None:
    assert find_counts("nine people were killed") == {"killed": 9}
    assert find_counts("the fighting displaced over a million") == {"displaced": 1_000_000}
    assert number_value("1.3 million") == 1_300_000 and number_value("6,686") == 6686


def test_sentences_split_on_stops_and_blank_lines() -> None:
    text = "One here. Two there!\n\nThree"
    assert [text[s:e] for s, e in split_sentences(text)] == ["One here.", "Two there!", "Three"]


def test_unknown_names_in_a_place_context_are_unresolved_syrian_mentions(gazetteer: Gazetteer) -> None:
    text = "A strike hit a bakery in Zorbatown and another in Aleppo."
    mentions = find_place_mentions(text, gazetteer)
    assert find_unresolved_names(text, mentions) == ["Zorbatown"]
    [unknown] = [m for m in mentions if not m.place.resolved]
    assert (unknown.place.in_syria, unknown.place.geometry, unknown.place.geo_precision) == (True, None, "country")


def test_a_100_kb_document_is_read_and_repeated_tellings_fold_into_one_candidate(gazetteer: Gazetteer) -> None:
    text = (DISPATCH.split("\n", 2)[2] + "\n") * 260
    assert len(text) > 100_000
    reading = read_document(text, gazetteer, date(2018, 3, 14))
    assert [c["place_id"] for c in reading.incidents] == ["sy-saraqeb", "sy-douma", "sy-al-qusayr"]
    assert len(reading.totals) == 260


def test_unresolved_names_leave_out_numbers_nationalities_and_common_words(gazetteer: Gazetteer) -> None:
    text = ("Shelling hit the village of Kafr Zitaan. Fighters came from WW2 depots, in Russian hands, "
            "near Syrian-operated bases, in Any Political sense.")
    assert find_unresolved_names(text, find_place_mentions(text, gazetteer)) == ["Kafr Zitaan"]
