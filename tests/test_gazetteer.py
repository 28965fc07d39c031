"""The offline gazetteer: spellings, Arabic, Syria first, governorates and regions as areas."""

import pytest

from geo.gazetteer.lookup import Gazetteer

VARIANTS = {
    "sy-al-qusayr": ["al-Qusayr", "Qusair", "El Qusayr", "القصير"],
    "sy-saraqeb": ["Saraqeb", "Saraqib", "سراقب"],
    "sy-douma": ["Douma", "Duma", "دوما"],
    "sy-khan-sheikhun": ["Khan Sheikhun", "Khan Shaykhun", "Khan Sheikhoun", "Khān Shaykhūn"],
    "sy-idlib": ["Idlib", "Idleb", "إدلب", "ادلب"],
    "sy-deir-ez-zour": ["Deir ez-Zor", "Deir Ez-Zour", "Dayr az Zawr"],
    "sy-tartous": ["Tartous", "Tartus"],
    "sy-east-ghouta": ["East Ghouta", "Eastern Ghouta", "Eastern Ghuta", "الغوطة الشرقية"],
    "sy-yabroud": ["Yabroud", "Yabrud"],
    "sy-hazano": ["Hazano", "حزانو"],
    "sy-aleppo": ["Aleppo", "حلب"],
    "sy-gov-idlib": ["Idlib province", "Idleb Governorate", "countryside of Idlib", "southern Idlib"],
}


@pytest.mark.parametrize(("place_id", "spelling"), [(pid, s) for pid, names in VARIANTS.items() for s in names])
def test_every_spelling_resolves_to_the_same_place(gazetteer: Gazetteer, place_id: str, spelling: str) -> None:
    match = gazetteer.lookup(spelling)
    assert match is not None and match.place.id == place_id


def test_al_qusayr_is_the_syrian_town_not_the_egyptian_one(gazetteer: Gazetteer) -> None:
    place = gazetteer.lookup("Al Quşayr").place
    assert place.country_code == "SY" and place.admin1 == "Homs"


def test_fourteen_governorates_are_polygons(gazetteer: Gazetteer) -> None:
    governorates = [p for p in gazetteer.places.values() if p.kind == "governorate"]
    assert len(governorates) == 14
    assert all(p.geometry and p.geometry["type"] in ("Polygon", "MultiPolygon") for p in governorates)


def test_east_ghouta_is_a_region_polygon_in_rif_dimashq(gazetteer: Gazetteer) -> None:
    place = gazetteer.lookup("Eastern Ghouta").place
    assert place.kind == "region" and place.geometry["type"] == "Polygon"
    assert place.admin1 == "Rif Dimashq" and place.geo_precision == "region"


@pytest.mark.parametrize("name", ["Moscow", "Geneva", "Grozny", "Tehran", "Lebanon", "Turkey"])
def test_foreign_places_are_known_and_outside_syria(gazetteer: Gazetteer, name: str) -> None:
    place = gazetteer.lookup(name).place
    assert not place.in_syria and place.country_code != "SY"


def test_fuzzy_match_catches_a_typo_with_lower_confidence(gazetteer: Gazetteer) -> None:
    match = gazetteer.lookup("Aleppoo")
    assert match.place.id == "sy-aleppo" and match.method == "fuzzy" and match.confidence < 0.9


@pytest.mark.parametrize("name", ["Khan", "Russian", "", "   ", "Zzqxw"])
def test_generic_words_and_nonsense_resolve_to_nothing(gazetteer: Gazetteer, name: str) -> None:
    assert gazetteer.lookup(name) is None


def test_arabic_governorate_town_pair_resolves_the_town(gazetteer: Gazetteer) -> None:
    assert gazetteer.lookup_arabic_pair("ادلب : سراقب").place.id == "sy-saraqeb"
    assert gazetteer.lookup_arabic_pair("Idlib : Nowhere-Town").place.id == "sy-gov-idlib"


def test_the_answer_cache_is_bounded() -> None:
    from geo.gazetteer.lookup import ANSWER_CACHE_SIZE, load_gazetteer

    gazetteer = load_gazetteer()
    for number in range(ANSWER_CACHE_SIZE + 500):
        gazetteer.lookup(f"Nowhere{number}", fuzzy=False)
    assert len(gazetteer._answers) <= ANSWER_CACHE_SIZE


def test_callers_cannot_change_the_shared_outlines() -> None:
    from geo.gazetteer.outlines import governorate_collection

    governorate_collection()["features"].clear()
    assert len(governorate_collection()["features"]) == 14
