"""The whole-country gazetteer: vendored open material, one entry per place, districts and sub-districts, licences."""

import json
from pathlib import Path

import pytest

from geo.errors import InputFileError
from geo.gazetteer.lookup import Gazetteer
from geo.gazetteer.merge import Area, SourceEntry, merge_entries, names_alike, nearest_areas
from geo.gazetteer.sources import read_gazetteer_file
from geo.gazetteer.vendor import OSM_HEADER, compact_file, read_osm, read_vendored, read_wikidata

OSM_ROW = "node/1,{ar},{en},{en},village,SY07,Idlib,SY0703,Harem,SY070300,Harem,C9001,{en},{lon},{lat}"


def _osm_file(tmp_path: Path, rows: list[str], header: str = ",".join(OSM_HEADER)) -> Path:
    path = tmp_path / "osm.csv"
    path.write_bytes(("\n".join([header, *rows]) + "\n").encode("utf-8"))
    return path


def test_the_same_village_from_three_sources_is_one_entry_with_every_spelling() -> None:
    entries = [SourceEntry("Tall Qarmashin", 36.10, 36.70, "GeoNames", "900001", alt_names=("Tell Karmashin",)),
               SourceEntry("Tal Qarmasheen", 36.105, 36.702, "Wikidata", name_ar="تل قرماشين"),
               SourceEntry("Tell Qarmachine", 36.098, 36.699, "OpenStreetMap", "node/7 C9002"),
               SourceEntry("Tall Qarmashin", 35.20, 38.90, "Wikidata")]  # a namesake far away stays apart
    merged = merge_entries(entries)
    assert len(merged) == 2
    first = merged[0]
    assert {"Tall Qarmashin", "Tell Karmashin", "Tal Qarmasheen", "تل قرماشين", "Tell Qarmachine"} <= set(first.names)
    assert first.origins == ["GeoNames 900001", "Wikidata", "OpenStreetMap node/7 C9002"]


def test_neighbours_with_different_names_are_not_merged() -> None:
    merged = merge_entries([SourceEntry("Kafr Batikh", 35.7, 36.8, "Wikidata"),
                            SourceEntry("Maar Shamarin", 35.701, 36.801, "OpenStreetMap", "node/8 C9003")])
    assert len(merged) == 2
    assert not names_alike(["Kafr Batikh"], ["Maar Shamarin"]) and names_alike(["Ain Laruz"], ["Ayn Larouz"])


def test_a_place_takes_the_sub_district_whose_centre_is_nearest_within_its_governorate() -> None:
    areas = [Area("SY0001", "subdistrict", "North", "Idlib", "SY00", 36.2, 36.6),
             Area("SY0002", "subdistrict", "Across", "Aleppo", "SY01", 36.05, 36.75)]
    assert [a.name for a in nearest_areas([(36.06, 36.74, "Idlib"), (36.06, 36.74, "")], areas)] == ["North", "Across"]


def test_a_wrong_header_writes_nothing_and_says_what_was_expected(tmp_path: Path) -> None:
    with pytest.raises(InputFileError, match="wrong header"):
        read_osm(_osm_file(tmp_path, [], header="id,name,lat,lon"))


def test_bad_rows_are_refused_one_line_each(tmp_path: Path) -> None:
    good = OSM_ROW.format(ar="قرية", en="Tell Aswad", lon=36.6, lat=36.1)
    outside = OSM_ROW.format(ar="x", en="Far Away", lon=30.0, lat=20.0).replace("C9001", "C9004").replace(
        "node/1", "node/2")
    path = _osm_file(tmp_path, [good, good, outside])
    latin1 = "node/3,\xe9,Caf\xe9,Caf\xe9,village,SY07,Idlib,SY0703,Harem,SY070300,Harem,C9,x,36.6,36.1\n"
    path.write_bytes(path.read_bytes() + latin1.encode("latin-1"))
    read = read_osm(path)
    reasons = dict(read.refused)
    assert len(read.rows) == 1 and read.rows[0][2] == "Tell Aswad"
    assert "duplicate id" in reasons[3] and "outside Syria" in reasons[4] and "not UTF-8" in reasons[5]


def test_wikidata_rows_need_a_name_and_a_point_in_syria(tmp_path: Path) -> None:
    path = tmp_path / "wd.json"
    path.write_text(json.dumps([{"nameEn": "Tell Abyad Saghir", "nameAr": "", "lat": 36.6, "lng": 38.9},
                                {"nameEn": "", "nameAr": "", "lat": 36.6, "lng": 38.9},
                                {"nameEn": "Beirut", "lat": 33.89, "lng": 35.5}]), encoding="utf-8")
    read = read_wikidata(path)
    assert [row[0] for row in read.rows] == ["Tell Abyad Saghir"] and [n for n, _ in read.refused] == [2, 3]


def test_vendored_files_carry_their_licence_and_round_trip(tmp_path: Path) -> None:
    read = read_osm(_osm_file(tmp_path, [OSM_ROW.format(ar="قرية", en="Tell Aswad", lon=36.6, lat=36.1)]))
    path = tmp_path / "osm.odbl.json"
    path.write_text(compact_file(read, "OpenStreetMap", "ODbL 1.0", "© OpenStreetMap contributors"), encoding="utf-8")
    header, rows = read_vendored(path)
    assert header["licence"] == "ODbL 1.0" and rows[0]["name"] == "Tell Aswad" and rows[0]["pcode"] == "C9001"


def test_an_openstreetmap_file_cannot_be_added_under_another_licence() -> None:
    text = "osm_id,name_en,latitude,longitude\nnode/5,Tell Aswad,36.1,36.6\n"
    with pytest.raises(InputFileError, match="ODbL"):
        read_gazetteer_file(text, {}, "CC BY 4.0")
    assert read_gazetteer_file(text, {}, "ODbL 1.0").features[0]["properties"]["licence"].startswith("ODbL")
    assert read_gazetteer_file(text, {}).source == "OpenStreetMap communities"


def test_the_bundled_gazetteer_knows_villages_and_their_areas(gazetteer: Gazetteer) -> None:
    village = gazetteer.exact("Kafr Karmin")
    assert village is not None and village.admin1 == "Aleppo" and village.admin2 and village.admin3
    assert any(origin.startswith("OpenStreetMap") for origin in village.origins)
    district = gazetteer.exact("Harem countryside")
    assert district is not None and district.kind == "district" and district.geo_precision == "region"
    assert gazetteer.exact("Harem").kind in ("town", "city")  # the town keeps its bare name
    assert gazetteer.exact("Jisr al-Shughur district").kind == "district"
    assert gazetteer.exact("Idlib countryside").kind == "governorate"


def test_the_places_command_gives_each_place_its_district_sub_district_and_origins(tmp_path: Path, capsys) -> None:
    from geo.cli.main import main

    path = tmp_path / "note.txt"
    path.write_text("Shelling hit Kafr Karmin and Saraqib on 2 May 2019.", encoding="utf-8")
    assert main(["places", str(path)]) == 0
    found = {f["properties"]["name"]: f["properties"] for f in json.loads(capsys.readouterr().out)["features"]}
    village = next(p for name, p in found.items() if "Karmin" in name)
    assert village["admin2"] and village["admin3"] and any(o.startswith("OpenStreetMap") for o in village["origins"])
