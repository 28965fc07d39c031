"""The reader on the structure of texts written for these tests: logs, bullets, dates in force, two events in a
sentence, unknown villages, destinations, counts and attributions (no sentence comes from the seeds or the
development documents)."""

from __future__ import annotations

import json
from datetime import date

from geo.gazetteer.lookup import Gazetteer
from geo.reader.counts import count_details
from geo.reader.document import read_document
from geo.reader.mentions import find_place_mentions
from geo.reader.rules import VOCABULARY_FILE, incident_types_of

LOG = """Published: 2 March 2021
Field log, Idlib governorate

Killed: 3 | Location: Idlib : Sarjeh Kabira, east side | Date: 14/02/2021 | Shelling of houses
Date: 2021-02-16 | Location: Idlib : Binnish | Airstrike on a bakery | Killed: none | Injured: 4
   Witnesses attributed it to Russian jets.
Date: 2021-02-18 | Location: Idlib : Binnish | CONTEXT: local council elections held | Killed: - | Injured: -
"""


def _by_place(reading) -> dict:
    return {c["place_text"]: c for c in reading.incidents}


def test_a_log_gives_one_candidate_per_row_in_any_column_order(gazetteer: Gazetteer) -> None:
    reading = read_document(LOG, gazetteer)
    rows = _by_place(reading)
    assert set(rows) == {"Sarjeh Kabira, east side", "Binnish"}
    first = rows["Sarjeh Kabira, east side"]
    assert (first["date_start"], first["type"], first["killed"], first["place_id"]) == ("2021-02-14", "shelling", 3, "")
    assert "place" in first["needs_review"] and first["geo_precision"] == "governorate"
    bakery = rows["Binnish"]
    assert (bakery["date_start"], bakery["killed"], bakery["injured"]) == ("2021-02-16", 0, 4)
    assert bakery["perpetrator"] == "Russian jets"


def test_the_date_in_force_carries_across_sentences_and_paragraphs(gazetteer: Gazetteer) -> None:
    text = ("Published: 10 June 2019\n\nOn 3 June warplanes struck the market in Saraqib. Two people died there.\n\n"
            "Later the same day artillery fire hit Ariha, wounding six.\n\n"
            "Two days later a barrel bomb fell on Sarmin.")
    places = _by_place(read_document(text, gazetteer))
    assert places["Saraqib"]["date_start"] == "2019-06-03" and places["Saraqib"]["killed"] == 2
    assert places["Ariha"]["date_start"] == "2019-06-03" and places["Ariha"]["injured"] == 6
    assert places["Sarmin"]["date_start"] == "2019-06-05"


def test_two_events_in_one_sentence_give_two_candidates(gazetteer: Gazetteer) -> None:
    text = ("Published: 1 July 2018\n\n* On 12 June a strike hit Nawa, killing two; on 13 June shelling of Inkhil "
            "killed five people.")
    places = _by_place(read_document(text, gazetteer))
    assert places["Nawa"]["date_start"] == "2018-06-12" and places["Nawa"]["killed"] == 2
    assert places["Inkhil"]["date_start"] == "2018-06-13" and places["Inkhil"]["type"] == "shelling"


def test_one_event_told_twice_is_one_candidate_with_both_figures(gazetteer: Gazetteer) -> None:
    text = ("Published: 9 May 2017\n\nOn 7 May jets bombed Ariha, killing 12. Medics later said 15 people had "
            "been killed in the raid on Ariha on 7 May.")
    [candidate] = read_document(text, gazetteer).incidents
    assert candidate["killed"] == 12 and candidate["killed_variants"] == [15]


def test_villages_the_gazetteer_lacks_are_found_by_their_context(gazetteer: Gazetteer) -> None:
    text = ("On 2 May 2019 jets hit the village of Tell Hmeirat, a farming village west of Idlib, and "
            "Khirbet Salma, a hamlet in the Hama countryside.")
    unresolved = {m.text: m.place for m in find_place_mentions(text, gazetteer) if not m.place.resolved}
    assert set(unresolved) == {"Tell Hmeirat", "Khirbet Salma"}
    assert unresolved["Tell Hmeirat"].admin1 == "Idlib" and unresolved["Khirbet Salma"].admin1 == "Hama"
    assert unresolved["Tell Hmeirat"].geometry is not None and unresolved["Tell Hmeirat"].in_syria
    assert unresolved["Tell Hmeirat"].geo_precision == "governorate"


def test_destinations_references_and_organisations_do_not_locate_the_event(gazetteer: Gazetteer) -> None:
    text = ("On 4 March 2018 shelling forced families out of Douma towards Harasta, while the Idlib Health "
            "Directorate reported from Geneva.")
    roles = {m.text: m.role for m in find_place_mentions(text, gazetteer)}
    assert roles["Harasta"] == "destination" and roles["Idlib"] == "organisation" and roles["Geneva"] == "foreign"
    assert {c["place_id"] for c in read_document(text, gazetteer).incidents} == {"sy-douma"}


def test_arabic_script_after_a_name_is_the_same_place(gazetteer: Gazetteer) -> None:
    text = "On 9 April 2018 a strike hit the town of Kafr Dayyan (كفر ديان), killing four."
    unresolved = [m for m in find_place_mentions(text, gazetteer) if not m.place.resolved]
    assert {m.text for m in unresolved} == {"Kafr Dayyan", "كفر ديان"}


def test_counts_read_words_ranges_floors_and_explicit_zeros() -> None:
    assert count_details("thirty-nine people were killed") == {"killed": 39}
    assert count_details("between 14 and 17 farmers were killed") == {"killed": 14, "killed_range": [14, 17]}
    assert count_details("at least 45,000 residents fled") == {"displaced": 45_000}
    assert count_details("nobody was killed or wounded") == {"killed": 0, "injured": 0}
    assert count_details("On 12 May 2019 a drone strike killed five") == {"killed": 5}
    assert count_details("dozens were killed") == {}


def test_the_type_vocabulary_is_a_data_file_and_a_car_bomb_gets_no_guessed_type(gazetteer: Gazetteer) -> None:
    vocabulary = json.loads(VOCABULARY_FILE.read_text(encoding="utf-8"))
    assert {entry["type"] for entry in vocabulary["types"]} >= {"airstrike", "shelling", "massacre", "siege"}
    assert incident_types_of("a car bomb exploded in the square") == ([], "")
    [candidate] = read_document("On 3 May 2019 a car bomb exploded in Azaz.", gazetteer).incidents
    assert candidate["type"] == "" and "type" in candidate["needs_review"]


def test_attributions_are_kept_as_written_and_types_follow_the_weapon(gazetteer: Gazetteer) -> None:
    [barrels] = read_document("On 6 May 2019 regime helicopters dropped barrel bombs over Kafr Nabl.",
                              gazetteer).incidents
    assert (barrels["type"], barrels["perpetrator"]) == ("barrel_bomb", "regime helicopters")
    [militias] = read_document("On 5 May 2019 Iranian-backed militias attacked Saraqib.", gazetteer).incidents
    assert militias["perpetrator"] == "Iranian-backed militias" and militias["type"] == "ground_offensive"
    [drone] = read_document("On 4 May 2019 a drone strike killed five in Maarat al-Numan.", gazetteer).incidents
    assert (drone["type"], drone["killed"]) == ("airstrike", 5)


def test_a_direction_of_a_governorate_is_the_governorate_not_another_region(gazetteer: Gazetteer) -> None:
    [candidate] = read_document("On 7 May 2019 airstrikes hit the southern region of Idlib.", gazetteer).incidents
    assert candidate["place_id"] == "sy-gov-idlib"


def test_sentences_do_not_end_after_titles_and_ambiguous_dates_stay_flagged(gazetteer: Gazetteer) -> None:
    [candidate] = read_document("Dr. Rami Haddad saw it: on 05/06/2019 a shell hit the clinic in Ariha.",
                                gazetteer).incidents
    assert candidate["evidence"]["text"].startswith("Dr. Rami Haddad")
    assert candidate["date_start"] == "2019-06-05" and "date" in candidate["needs_review"]


def test_denials_control_changes_and_totals_are_not_incidents(gazetteer: Gazetteer) -> None:
    text = ("Published: 1 May 2020\n\nThe ministry denied that its jets struck Ariha on 2 April.\n"
            "Government forces captured Saraqib on 3 April.\n"
            "Since 2015 the group has recorded 6,000 civilian deaths across the province.")
    reading = read_document(text, gazetteer, date(2020, 5, 1))
    assert reading.incidents == [] and [t["value"] for t in reading.totals] == [6000]


def test_a_spelling_two_places_share_takes_the_governorate_the_text_speaks_of(gazetteer: Gazetteer,
                                                                               capsys, tmp_path) -> None:
    from geo.cli.main import main

    text = "Shelling hit Suran, north of Aleppo, on 2 May 2019; Aleppo city was quiet."
    [suran] = [m for m in find_place_mentions(text, gazetteer) if m.text == "Suran"]
    alternatives = [gazetteer.places[a].admin1 for a in suran.alternatives]
    assert suran.place.admin1 == "Aleppo" and "Hama" in alternatives and alternatives[-1] == "Hama"
    path = tmp_path / "suran.txt"
    path.write_text(text, encoding="utf-8")
    assert main(["places", str(path)]) == 0
    [feature] = [f["properties"] for f in json.loads(capsys.readouterr().out)["features"] if f["properties"]["name"]
                 == suran.place.name]
    assert feature["needs_review"] == ["place"] and [c["admin1"] for c in feature["candidates"]] == alternatives


def test_a_table_rows_count_figures_are_found_by_position_and_nowhere_else() -> None:
    from geo.reader.header_tables import column_counts

    text = ("Intro line\n| Date | Place | Killed | Injured |\n|---|---|---|---|\n| 2 May | Ariha | 4 | 2 |\n"
            "After the table, a long line")
    counts = column_counts(text)
    row = text.index("| 2 May")
    assert counts.at(row) == counts.at(row + 10) == "killed: 4 ; injured: 2"
    assert counts.at(0) is None and counts.at(text.index("After")) is None and not column_counts("no table")
