"""General reading rules, each shown on two invented examples (no development document's wording)."""

from datetime import date

import pytest

from geo.gazetteer.lookup import Gazetteer
from geo.reader.dates import find_dates
from geo.reader.document import read_document
from geo.reader.mentions import find_place_mentions


def _places(text: str, gazetteer: Gazetteer) -> dict[str, str]:
    """Each mention as written -> its role."""
    return {m.text: m.role for m in find_place_mentions(text, gazetteer)}


def _incidents(text: str, gazetteer: Gazetteer, on: date = date(2019, 6, 1)) -> list[dict]:
    return read_document(text, gazetteer, given_date=on).incidents


@pytest.mark.parametrize("text", ["Salma told the visitors that the clinic had no fuel left.",
                                  "The volunteers met Khaled, 41, outside the bakery."])
def test_a_village_name_that_is_also_a_personal_name_is_not_read_as_a_place_without_a_cue(
        text: str, gazetteer: Gazetteer) -> None:
    assert _places(text, gazetteer) == {}


@pytest.mark.parametrize(("text", "name"), [("Artillery shells landed in Salma overnight.", "Salma"),
                                            ("Families fled toward Khaled and Salam after the raid.", "Salam")])
def test_the_same_name_counts_where_the_text_treats_it_as_a_place(text: str, name: str,
                                                                  gazetteer: Gazetteer) -> None:
    assert name in _places(text, gazetteer)


@pytest.mark.parametrize("text", ["We reached a flat in Wadi Khaled, across the border.",
                                  "The charity Nour Salam pays the nurses."])
def test_a_known_name_inside_a_longer_capitalised_name_is_not_that_place(text: str, gazetteer: Gazetteer) -> None:
    assert not {"Khaled", "Salam"} & set(_places(text, gazetteer))


@pytest.mark.parametrize(("text", "area"), [
    ("Published: 3 May 2019\n\nOn 2 May 2019 a drone strike killed two farmers in Tell Qarmashin, in the Harem "
     "countryside.", "Harem"),
    ("Published: 3 May 2019\n\nOn 1 May 2019 shelling killed a shepherd in Ain Jdeidat, a hamlet in Jisr "
     "al-Shughur district.", "Jisr al-Shughur")])
def test_an_unknown_village_is_placed_at_the_district_its_text_names(text: str, area: str,
                                                                     gazetteer: Gazetteer) -> None:
    [incident] = _incidents(text, gazetteer)
    assert incident["geo_precision"] == "region"
    named = {m.place.admin2 for m in read_document(text, gazetteer, given_date=date(2019, 5, 3)).mentions
             if m.text.startswith(("Tell", "Ain"))}
    assert named == {area}


@pytest.mark.parametrize("text", [
    "Published: 1 June 2019\n\nAmong the dead were a teacher from Saraqib and two men from Ariha; the strike on "
    "Kafr Nabl killed six on 30 May 2019.",
    "Published: 1 June 2019\n\nOn 30 May 2019 a barrel bomb killed four in Kafr Nabl. One victim was originally "
    "from Saraqib."])
def test_victims_home_areas_are_not_where_the_event_happened(text: str, gazetteer: Gazetteer) -> None:
    assert {i["place_text"] for i in _incidents(text, gazetteer)} == {"Kafr Nabl"}


@pytest.mark.parametrize("text", [
    "Published: 1 June 2019\n\nOn 30 May 2019 (08:10 Damascus time) rockets killed three people in Ariha.",
    "Published: 1 June 2019\n\nShelling at 06:00 Damascus time on 29 May 2019 killed a boy in Ariha."])
def test_a_time_zone_is_not_a_place(text: str, gazetteer: Gazetteer) -> None:
    assert {i["place_text"] for i in _incidents(text, gazetteer)} == {"Ariha"}


@pytest.mark.parametrize(("text", "day"), [("On 4 March 2018, a Sunday, the crossing was shelled.", date(2018, 3, 4)),
                                           ("Late on 9 July 2019 (a Tuesday) jets returned.", date(2019, 7, 9))])
def test_a_weekday_beside_a_full_date_restates_it(text: str, day: date) -> None:
    assert [d.date_start for d in find_dates(text, date(2019, 12, 30))] == [day]


@pytest.mark.parametrize(("text", "day"), [("Three days after the convoy was hit, no aid has moved.",
                                            date(2019, 11, 27)),
                                           ("Two weeks after rockets fell on the camp, tents still burn.",
                                            date(2019, 11, 16))])
def test_an_offset_that_would_fall_after_the_document_counts_back(text: str, day: date) -> None:
    assert [d.date_start for d in find_dates(text, date(2019, 11, 30))] == [day]


@pytest.mark.parametrize("text", [
    "EXECUTIONS REPORTED IN THE SPRING\n\n1. 3 April 2014, Kafr Nabl. Residents said 17 men had been killed.\n",
    "Mass killings, first quarter\n\n- 12 January 2013, Ariha: 22 people were found dead behind the school.\n"])
def test_a_heading_that_names_a_type_types_the_killings_under_it(text: str, gazetteer: Gazetteer) -> None:
    [incident] = _incidents(text, gazetteer, date(2014, 12, 1))
    assert incident["type"] == "massacre" and incident["killed"]


@pytest.mark.parametrize("text", [
    "Published: 1 June 2019\n\nOn 30 May 2019 an air strike hit the market of Kafr Nabl, a town in southern Idlib.",
    "Published: 1 June 2019\n\nOn 30 May 2019 a school in Ariha, a city of the Idlib countryside, was bombed."])
def test_an_area_in_apposition_holds_the_place_before_it_and_is_not_carried(text: str, gazetteer: Gazetteer) -> None:
    roles = _places(text, gazetteer)
    assert "container" in roles.values() and {i["place_text"] for i in _incidents(text, gazetteer)} <= {
        "Kafr Nabl", "Ariha"}


@pytest.mark.parametrize(("text", "place"), [
    ("What happened at the Ariha bakery\n\nJets struck twice on 2 May 2019, killing nine.", "Ariha"),
    ("Saraqib: a week of raids\n\nAn air strike on 3 May 2019 destroyed the clinic.", "Saraqib")])
def test_the_title_names_the_subject_place_when_nothing_else_does(text: str, place: str,
                                                                  gazetteer: Gazetteer) -> None:
    assert [i["place_text"] for i in _incidents(text, gazetteer)] == [place]


@pytest.mark.parametrize(("text", "name"), [
    ("Published: 30 May 2019\n\n* 12 May: Tell Sukkar, in the plain. Cluster munitions.\n", "Tell Sukkar"),
    ("Published: 30 May 2019\n\n2019-05-14 - Ain Qurtuba: mortar fire killed two shepherds.\n", "Ain Qurtuba")])
def test_a_line_led_by_a_date_names_its_place_next(text: str, name: str, gazetteer: Gazetteer) -> None:
    assert [i["place_text"] for i in _incidents(text, gazetteer)] == [name]


@pytest.mark.parametrize("text", [
    "Published: 30 May 2019\n\n* 14 May: Tell Sukkar, two nights after the Ariha strike. Incendiary weapons.\n",
    "Published: 30 May 2019\n\n* 16 May: Tell Sukkar again, a week after the first raid there. Cluster bombs.\n"])
def test_another_event_named_in_passing_neither_places_nor_dates_this_one(text: str, gazetteer: Gazetteer) -> None:
    [incident] = _incidents(text, gazetteer)
    assert incident["place_text"] == "Tell Sukkar" and incident["date_start"] in ("2019-05-14", "2019-05-16")


@pytest.mark.parametrize("text", [
    "Published: 30 May 2019\n\n* 25 and 26 May: Ariha, with cluster strikes on each of the two days.\n",
    "Published: 30 May 2019\n\nBetween 20 and 21 May 2019 shelling hit Ariha on both days."])
def test_each_of_the_days_is_an_event_of_its_own(text: str, gazetteer: Gazetteer) -> None:
    assert len({i["date_start"] for i in _incidents(text, gazetteer)}) == 2


@pytest.mark.parametrize("text", [
    'Published: 30 May 2019\n\n"Cluster" means a bomb that scatters bomblets over Ariha and beyond.',
    "Published: 30 May 2019\n\nThis report does not attribute strikes on Ariha to any air force."])
def test_definitions_and_notes_about_the_report_are_not_events(text: str, gazetteer: Gazetteer) -> None:
    assert _incidents(text, gazetteer) == []


@pytest.mark.parametrize(("text", "name"), [
    ("Date: 03/05/2019 | Location: HAMA : Hama city - Bab Qibli (Bab al-Qibli) | Type: airstrike\n", "Bab Qibli"),
    ("Published: 30 May 2019\n\nOn 4 May 2019 shelling struck Homs city - Bab Tadmur, killing two.", "Bab Tadmur")])
def test_a_city_then_a_dash_names_a_neighbourhood_of_that_city(text: str, name: str, gazetteer: Gazetteer) -> None:
    reading = read_document(text, gazetteer, given_date=date(2019, 5, 30))
    [mention] = [m for m in reading.mentions if m.text == name]
    assert not mention.place.resolved and mention.place.admin1 in ("Hama", "Homs")


@pytest.mark.parametrize("text", ["Date: 10/2016 (day not reported) | Location: X", "recorded in 3/2015 only"])
def test_a_month_written_in_digits_is_a_month(text: str) -> None:
    [found] = find_dates(text, date(2019, 1, 1))
    assert found.precision == "month" and found.date_start.day == 1


@pytest.mark.parametrize("text", [
    "Date: 07/07/2016 | Location: ALEPPO : Kafr Hamra | Type: cluster munitions\nExport date: 02/11/2016\n",
    "Date: 3 May 2019 | Location: IDLIB : Ariha | Type: shelling\nIssued: 9 May 2019\n"])
def test_a_table_row_does_not_date_the_document(text: str, gazetteer: Gazetteer) -> None:
    reading = read_document(text, gazetteer, fallback_date=date(2020, 1, 1))
    assert reading.incidents[0]["date_start"] in ("2016-07-07", "2019-05-03")
    assert reading.document_date in (date(2016, 11, 2), date(2019, 5, 9))


@pytest.mark.parametrize(("text", "killed"), [
    ("At least 12 people, most of them children, were killed by shelling in Ariha on 3 May 2019.", 12),
    ("Monitors put the dead at 40 after shelling of Ariha on 3 May 2019.", 40)])
def test_counts_written_around_an_apposition_or_as_a_toll(text: str, killed: int, gazetteer: Gazetteer) -> None:
    [incident] = _incidents("Published: 30 May 2019\n\n" + text, gazetteer)
    assert incident["killed"] == killed


@pytest.mark.parametrize(("text", "kind"), [
    ("Families were driven out of Ariha by shelling in April 2019.", "displacement"),
    ("The camp for displaced families near Ariha was shelled on 3 May 2019.", "shelling")])
def test_being_driven_out_is_displacement_but_a_camp_for_the_displaced_is_not(text: str, kind: str,
                                                                                gazetteer: Gazetteer) -> None:
    [incident] = _incidents("Published: 30 May 2019\n\n" + text, gazetteer)
    assert incident["type"] == kind


@pytest.mark.parametrize("text", [
    "Rockets hit a school in Ariha on 3 May 2019, though the army denied any role in it.",
    "On 3 May 2019 jets bombed the market in Ariha; the government denied responsibility."])
def test_a_denial_of_responsibility_does_not_undo_the_event(text: str, gazetteer: Gazetteer) -> None:
    assert len(_incidents("Published: 30 May 2019\n\n" + text, gazetteer)) == 1


@pytest.mark.parametrize(("text", "month"), [("On 3 Tishreen al-Awwal 2015 shelling hit the town.", 10),
                                             ("The siege tightened in Ayyar 2013.", 5),
                                             ("Families fled on 12 Kanun al-Thani 2014.", 1)])
def test_levantine_month_names_are_months(text: str, month: int) -> None:
    [found] = find_dates(text, date(2016, 1, 1))
    assert found.date_start.month == month


@pytest.mark.parametrize("text", ["Ariha | Saraqib | Kafr Nabl\n~~ 3 ~~ 5 ~~\n", "<<Ariha>> {{Saraqib}} [[2019]]"])
def test_a_layout_the_reader_cannot_read_still_gives_its_places_and_a_note(text: str, gazetteer: Gazetteer) -> None:
    reading = read_document(text, gazetteer, given_date=date(2019, 6, 1))
    assert {m.text for m in reading.mentions} >= {"Ariha", "Saraqib"}
    assert reading.incidents == [] and any("layout" in note for note in reading.notes)


@pytest.mark.parametrize(("text", "place"), [
    ("@Monitor 3 May 2019\n08:12 Tell Sukkar — helicopters dropped barrel bombs. 2 killed.\n", "Tell Sukkar"),
    ("Posted 3 May 2019\n- Ain Qurtuba: artillery shelling since dawn\n", "Ain Qurtuba")])
def test_a_place_labelling_a_line_of_a_feed_is_where_it_happened(text: str, place: str, gazetteer: Gazetteer) -> None:
    assert [i["place_text"] for i in _incidents(text, gazetteer, date(2019, 5, 3))] == [place]


@pytest.mark.parametrize("text", ["Summary: airstrikes hit Ariha on 3 May 2019.\n",
                                  "Olive Branch Observers: shelling of Ariha on 3 May 2019.\n"])
def test_a_label_or_a_group_heading_a_line_is_not_a_place(text: str, gazetteer: Gazetteer) -> None:
    assert {m.text for m in find_place_mentions(text, gazetteer)} == {"Ariha"}


@pytest.mark.parametrize(("text", "counts"), [
    ("Rockets on Ariha on 3 May 2019 killed 3 civilians and injured 7.", (3, 7)),
    ("Shelling of Ariha on 3 May 2019 killed 2 and wounded 11.", (2, 11))])
def test_a_count_of_dead_is_not_read_as_the_wounded(text: str, counts: tuple, gazetteer: Gazetteer) -> None:
    [incident] = _incidents("Published: 30 May 2019\n\n" + text, gazetteer)
    assert (incident["killed"], incident["injured"]) == counts


@pytest.mark.parametrize("text", ["Families fled toward the Turkish border after shelling of Ariha on 3 May 2019.",
                                  "Shelling near the Lebanese frontier hit Qusayr on 3 May 2019."])
def test_a_nationality_before_a_border_is_no_perpetrator(text: str, gazetteer: Gazetteer) -> None:
    assert [i["perpetrator"] for i in _incidents("Published: 30 May 2019\n\n" + text, gazetteer)] == [""]


@pytest.mark.parametrize("text", [
    "| Date | Location | Event | Killed | Injured |\n|---|---|---|---|---|\n"
    "| 3 May 2019 | Ariha | air strike | 4 | 9 |\n",
    "Date\tPlace\tWhat\tDead\tWounded\n2019-05-03\tAriha\tshelling\t4\t9\n"])
def test_a_table_headed_by_its_count_columns_gives_each_row_its_figures(text: str, gazetteer: Gazetteer) -> None:
    [incident] = _incidents(text, gazetteer)
    assert (incident["place_text"], incident["killed"], incident["injured"]) == ("Ariha", 4, 9)


@pytest.mark.parametrize(("text", "day"), [
    ("Idlib, 22 February 2020 – A relief group condemns new strikes\n\nThe clinic was hit yesterday.",
     date(2020, 2, 22)),
    ("Weekly update (Rural Damascus), 1-7 April 2018\n\nDouma: shelling on 3 April.", date(2018, 4, 7)),
    ("Interview notes\nRecorded 14 March 2020 in a camp near Atmeh\n\nWe left in January.", date(2020, 3, 14))])
def test_a_document_is_dated_by_its_dateline_or_the_full_date_in_its_first_lines(text: str, day: date,
                                                                                  gazetteer: Gazetteer) -> None:
    assert read_document(text, gazetteer).document_date == day


@pytest.mark.parametrize("text", [
    "Published: 1 June 2019\n\nJets hit the Salma hospital in Ariha on 30 May 2019. Two nurses died at Salma.",
    "Published: 1 June 2019\n\nThe Khaled clinic in Ariha was shelled on 30 May 2019; staff at Khaled were hurt."])
def test_a_name_first_written_as_a_facility_stays_that_facility(text: str, gazetteer: Gazetteer) -> None:
    assert {i["place_text"] for i in _incidents(text, gazetteer)} == {"Ariha"}
