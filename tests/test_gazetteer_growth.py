"""The gazetteer grows: GeoNames dumps, OCHA tables and single places go to the data directory's own file."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from geo import config
from geo.cli.main import main
from geo.dataset.audit import read_audit
from geo.gazetteer.lookup import load_gazetteer
from geo.reader.mentions import find_place_mentions
from tests.conftest import PROJECT, snapshot

# Rows in the GeoNames dump layout (19 tab-separated columns); the villages are invented for the test.
GEONAMES_ROWS = [
    ["9100001", "Tell Zorbat", "Tell Zorbat", "Tall Zurbat,Tell Zorbat,تل زربة", "36.2101", "37.0102", "P", "PPL",
     "SY", "", "09", "", "", "", "1200", "", "400", "Asia/Damascus", "2024-01-01"],
    ["9100002", "Kafr Wadiyan", "Kafr Wadiyan", "Kafr Wadian,كفر واديان", "35.7001", "36.6001", "P", "PPL", "SY",
     "", "12", "", "", "", "0", "", "350", "Asia/Damascus", "2024-01-01"],
    ["9100003", "Jabal Qasr", "Jabal Qasr", "", "35.7", "36.6", "T", "MT", "SY", "", "12", "", "", "", "0", "",
     "900", "Asia/Damascus", "2024-01-01"],
    ["9100004", "Far Away", "Far Away", "", "39.9", "32.8", "P", "PPL", "TR", "", "68", "", "", "", "0", "",
     "900", "Europe/Istanbul", "2024-01-01"],
]
OCHA_TABLE = ("admin1Name_en,admin1Pcode,admin4Name_en,admin4Name_ar,admin4Pcode,latitude,longitude\n"
              "Hama,SY05,Umm Zaytouna,أم زيتونة,C9901,35.3101,36.5102\n"
              "Hama,SY05,Nowhere,لا مكان,C9902,48.0,2.0\n"
              "Hama,SY05,Bad Row,,C9903,north,east\n")


def _geonames_file(folder: Path) -> Path:
    path = folder / "SY.txt"
    path.write_text("\n".join("\t".join(row) for row in GEONAMES_ROWS) + "\n", encoding="utf-8")
    return path


def _additions(data: Path) -> dict:
    return json.loads((data / config.GAZETTEER_ADDITIONS_FILE).read_text(encoding="utf-8"))


def test_a_geonames_dump_adds_populated_places_with_origin_licence_and_arabic(
        data_copy: Path, tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    shipped = (PROJECT / "data" / "gazetteer" / "geonames_sy.json").read_bytes()
    assert main(["--data", str(data_copy), "gazetteer", "import", str(_geonames_file(tmp_path)), "--by", "rana"]) == 0
    added = {f["properties"]["name"]: f["properties"] for f in _additions(data_copy)["features"]}
    assert set(added) == {"Tell Zorbat", "Kafr Wadiyan"}
    village = added["Tell Zorbat"]
    assert (village["admin1"], village["name_ar"], village["origin"], village["added_by"]) == (
        "Aleppo", "تل زربة", "GeoNames country dump", "rana")
    assert "CC BY" in village["licence"] and village["gazetteer_id"] == "9100001"
    errors = capsys.readouterr().err
    assert "refused line 3: feature class 'T' is not a populated place" in errors
    assert "refused line 4: country code 'TR', not SY" in errors
    assert (PROJECT / "data" / "gazetteer" / "geonames_sy.json").read_bytes() == shipped
    [entry] = [e for e in read_audit(data_copy) if e["action"] == "gazetteer"]
    assert (entry["by"], len(entry["added_places"]), entry["refused"]) == ("rana", 2, 2)


def test_added_places_are_found_in_documents_by_any_spelling(data_copy: Path, tmp_path: Path) -> None:
    assert main(["--data", str(data_copy), "gazetteer", "import", str(_geonames_file(tmp_path))]) == 0
    gazetteer = load_gazetteer(data_dir=str(data_copy))
    text = "Shelling hit Tall Zurbat on Monday; families fled to كفر واديان."
    found = {m.text: m.place for m in find_place_mentions(text, gazetteer)}
    assert found["Tall Zurbat"].name == "Tell Zorbat" and found["Tall Zurbat"].resolved
    assert found["كفر واديان"].name == "Kafr Wadiyan"
    assert load_gazetteer().exact("Tell Zorbat") is None


def test_an_ocha_table_is_read_and_bad_rows_are_reported(data_copy: Path, tmp_path: Path,
                                                         capsys: pytest.CaptureFixture) -> None:
    path = tmp_path / "syr_pplp.csv"
    path.write_text(OCHA_TABLE, encoding="utf-8")
    assert main(["--data", str(data_copy), "gazetteer", "import", str(path)]) == 0
    [place] = [f["properties"] for f in _additions(data_copy)["features"]]
    assert (place["name"], place["name_ar"], place["gazetteer_id"], place["admin1"]) == (
        "Umm Zaytouna", "أم زيتونة", "C9901", "Hama")
    errors = capsys.readouterr().err
    assert "refused line 3: 48, 2 lies outside Syria" in errors
    assert "refused line 4: coordinates 'north', 'east' are not numbers" in errors


def test_importing_the_same_file_twice_adds_nothing_and_changes_nothing(data_copy: Path, tmp_path: Path,
                                                                        capsys: pytest.CaptureFixture) -> None:
    path = _geonames_file(tmp_path)
    assert main(["--data", str(data_copy), "gazetteer", "import", str(path)]) == 0
    before = snapshot(data_copy)
    assert main(["--data", str(data_copy), "gazetteer", "import", str(path)]) == 1
    assert "nothing added from SY.txt: 2 already known" in capsys.readouterr().err
    assert snapshot(data_copy) == before


def test_one_place_is_added_by_hand_and_bad_input_changes_nothing(data_copy: Path,
                                                                 capsys: pytest.CaptureFixture) -> None:
    assert main(["--data", str(data_copy), "gazetteer", "add", "Khirbet Test", "--lat", "35.1", "--lon", "36.7",
                 "--admin1", "Hama", "--kind", "village", "--by", "sami"]) == 0
    [place] = [f["properties"] for f in _additions(data_copy)["features"]]
    assert (place["origin"], place["admin1"], place["added_by"]) == ("added by hand", "Hama", "sami")
    before = snapshot(data_copy)
    assert main(["--data", str(data_copy), "gazetteer", "add", "Paris", "--lat", "48.8", "--lon", "2.3"]) == 1
    assert "Paris: 48.8, 2.3 lies outside Syria" in capsys.readouterr().err
    assert snapshot(data_copy) == before


def test_a_file_in_neither_format_gets_one_line(data_copy: Path, tmp_path: Path,
                                               capsys: pytest.CaptureFixture) -> None:
    path = tmp_path / "notes.txt"
    path.write_text("just some words\nand more\n", encoding="utf-8")
    before = snapshot(data_copy)
    assert main(["--data", str(data_copy), "gazetteer", "import", str(path)]) == 1
    err = capsys.readouterr().err
    assert err.startswith("error: not a gazetteer file") and err.count("\n") == 1
    assert snapshot(data_copy) == before
