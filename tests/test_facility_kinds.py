"""The facility a passage says was struck: its kind, its proper name, and the facilities that were not struck."""

import pytest

from geo.reader.facilities import facility_mentions, facility_struck, kind_of


@pytest.mark.parametrize(("phrase", "kind"), [
    ("the field hospital of Kafr Awad", "field_hospital"),
    ("a cave hospital", "field_hospital"),
    ("the town's primary health care centre", "primary_care_centre"),
    ("the civil defence centre used as a clinic", "civil_defence_centre"),
    ("a White Helmets centre", "civil_defence_centre"),
    ("the Al-Amal hospital", "hospital"),
    ("two schools", "school"),
    ("the vegetable souq", "market"),
    ("a queue outside a bakery", "bakery"),
    ("the water pumping station", "water_station"),
    ("an IDP camp", "camp"),
    ("the old mosque", "place_of_worship"),
    ("a basement shelter", "shelter"),
    ("a petrol station", "other"),
    ("the gas station", "other"),
    ("a fuel station", "other"),
    ("a refugee camp", "camp"),
    ("the tent settlement", "camp"),
    ("an underground hospital", "field_hospital"),
    ("a mobile hospital", "field_hospital"),
    ("the blood bank", "blood_bank"),
    ("an ambulance point", "ambulance_point"),
    ("the dispensary", "primary_care_centre"),
    ("a bread oven", "bakery"),
    ("an air-raid shelter", "shelter"),
    ("the media centre", "other"),
    ("a police station", "other"),
    ("the kindergarten", "school"),
    ("the bazaar", "market"),
    ("a church", "place_of_worship"),
    ("the poultry farm", "other"),
    ("a residential block", ""),
])
def test_kind_of_names_the_kind_a_phrase_gives(phrase, kind):
    assert kind_of(phrase) == kind


def test_a_proper_name_before_the_kind_word_is_kept_with_its_particles():
    mention = facility_mentions("Jets bombed the Dar al-Shifa hospital at dawn.")[0]
    assert (mention.kind, mention.name, mention.label()) == ("hospital", "Dar al-Shifa", "Dar al-Shifa hospital")


def test_an_article_or_adjective_is_not_a_name():
    assert facility_mentions("Shells hit the main hospital.")[0].name == ""
    assert facility_mentions("A strike hit the Central clinic.")[0].name == ""
    assert facility_mentions("Rockets hit Ibn Sina clinic at noon.")[0].name == "Ibn Sina"


def test_the_facility_struck_is_the_one_hit_not_the_one_the_wounded_were_taken_to():
    passage = "A barrel bomb hit the school in Tell Ahmar; the wounded were taken to the Al-Amal hospital."
    assert facility_struck(passage) == "school"


def test_a_facility_that_reports_the_toll_or_employs_a_witness_is_not_struck():
    assert facility_struck("Four died, according to the local medical point.") == ""
    assert facility_struck("Doctors at the health centre said six people died in the raid.") == ""
    assert facility_struck("She worked as a nurse in a clinic until the shelling began.") == ""


def test_a_plural_kind_in_a_list_of_targets_is_not_a_facility_but_a_counted_one_is():
    assert facility_struck("Aircraft hit markets, schools and homes across the enclave.") == ""
    assert facility_struck("Cluster shells fell on three schools.") == "schools"


def test_a_named_outlet_is_a_source_not_a_target():
    assert facility_struck("The Binnish Media Centre counted twelve dead after the raid.") == ""


def test_the_hospital_refers_back_to_the_hospital_named_before():
    text = "The Bab al-Hawa hospital serves the border.\n\nOn Monday the hospital was struck twice."
    start = text.index("On Monday")
    assert facility_struck(text, start, len(text)) == "Bab al-Hawa hospital"


def test_the_facility_refers_back_to_any_named_one():
    text = "Al-Razi clinic stayed open. Two days later a rocket hit the facility."
    assert facility_struck(text, text.index("Two days"), len(text)) == "Al-Razi clinic"


def test_a_long_run_of_capitals_before_a_kind_word_is_read_in_bounded_time():
    text = "Aa " * 200_000 + "hospital"
    assert facility_mentions(text)[0].kind == "hospital"


def test_the_reader_gives_each_candidate_the_facility_struck(gazetteer):
    from geo.reader.document import read_document
    text = ("IDLIB, 3 March 2020 - An airstrike on Monday hit the Ibn Sina hospital in Saraqib, killing two nurses. "
            "The wounded were carried to a clinic in Binnish.")
    incidents = read_document(text, gazetteer).incidents
    assert [c["facility"] for c in incidents] == ["Ibn Sina hospital"]


def test_a_name_repeated_around_a_small_word_is_not_a_place(gazetteer):
    from geo.reader.document import read_document
    text = ("ALEPPO, 3 March 2020 - Shelling hit Atarib on Monday, killing three. A hospital backed by the charity "
            "Hand in Hand was hit on Tuesday.")
    places = {c["place_text"] for c in read_document(text, gazetteer).incidents}
    assert places == {"Atarib"}


def test_a_town_named_again_beside_its_countryside_stays_a_place(gazetteer):
    from geo.reader.mentions import find_place_mentions

    found = [m.text for m in find_place_mentions("On Monday shelling hit Hama and Hama countryside.", gazetteer)]
    assert found == ["Hama", "Hama countryside"]
