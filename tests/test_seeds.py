"""The five seed documents: every place they mention is found and resolved to the right place."""

from pathlib import Path

import pytest

from geo.gazetteer.lookup import Gazetteer
from geo.reader.mentions import find_place_mentions
from tests.conftest import SEEDS

EXPECTED = {
    "000_0c2407671149cd18.txt": {"sy-al-qusayr", "sy-yabroud", "sy-saraqeb", "sy-gov-aleppo",
                                 "sy-syria", "xx-moscow", "xx-geneva", "xx-lebanon", "xx-russia",
                                 "xx-united-kingdom", "xx-soviet-union"},
    "001_b9e29335395dab85.txt": {"sy-gov-aleppo", "sy-aleppo", "sy-idlib", "sy-gov-idlib", "sy-hazano",
                                 "sy-khan-sheikhun", "sy-tartous", "sy-gov-rif-dimashq",
                                 "sy-southern-syria", "sy-syria", "xx-moscow", "xx-grozny",
                                 "xx-chechnya", "xx-tehran", "xx-iran", "xx-iraq", "xx-lebanon",
                                 "xx-pakistan", "xx-afghanistan", "xx-israel", "xx-russia",
                                 "xx-united-states", "xx-middle-east"},
    "002_3559179bc0b08547.txt": {"sy-syria", "xx-moscow", "xx-geneva", "xx-washington", "xx-russia",
                                 "xx-iran", "xx-saudi-arabia", "xx-united-states", "xx-middle-east"},
    # Seed 003 lists governorates after "Aleppo governorate": Idlib and Deir Ez-Zour there are governorates.
    "003_9475d33714550817.txt": {"sy-gov-aleppo", "sy-gov-idlib", "sy-gov-deir-ez-zor", "sy-east-ghouta",
                                 "sy-northern-homs-countryside", "sy-northwest-syria",
                                 "sy-southern-syria", "sy-syria", "xx-geneva", "xx-turkey",
                                 "xx-lebanon", "xx-russia", "xx-astana", "xx-sochi", "xx-rome-3169070"},
    "004_7a228b49771ffb98.txt": {"sy-aleppo", "sy-eastern-aleppo", "sy-damascus", "sy-douma",
                                 "sy-east-ghouta", "sy-gov-idlib", "sy-northwest-syria", "sy-syria",
                                 "xx-moscow", "xx-russia"},
}


@pytest.mark.skipif(not SEEDS.is_dir(), reason="the seed documents live in ../shared/seeds")
@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_every_place_in_the_seed_is_resolved(gazetteer: Gazetteer, name: str) -> None:
    text = (SEEDS / name).read_text(encoding="utf-8")
    found = {m.place.id for m in find_place_mentions(text, gazetteer)}
    assert found == EXPECTED[name]


@pytest.mark.skipif(not SEEDS.is_dir(), reason="the seed documents live in ../shared/seeds")
def test_organisation_and_agreement_names_are_not_locations(gazetteer: Gazetteer) -> None:
    text = (SEEDS / "003_9475d33714550817.txt").read_text(encoding="utf-8")
    named = ("xx-astana", "xx-sochi", "xx-rome-3169070")
    roles = {m.role for m in find_place_mentions(text, gazetteer) if m.place.id in named}
    assert roles == {"organisation"}


def test_seed_folder_is_where_the_readme_says() -> None:
    assert Path(SEEDS).name == "seeds"
