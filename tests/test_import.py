"""Importing datasets: every bad input gets its exact reason and leaves the data byte-for-byte unchanged."""

import json
from pathlib import Path

import pandas as pd
import pytest

from geo.cli.main import main
from geo.dataset.load import load_incidents
from geo.dataset.store import read_audit, undo_batch
from geo.dataset.validate import validate_data_dir
from geo.errors import AtlasError
from geo.files.tables import read_table
from geo.imports.mapping import load_mapping, preset_mapping, save_mapping, saved_mappings
from geo.imports.plan import commit_import, plan_import
from tests.conftest import DATASETS, snapshot

CORPUS = Path(__file__).resolve().parent / "data" / "import"

REFUSED_FILES = {
    "empty.csv": "empty.csv: the file is empty",
    "deep.json": "JSON nested deeper than 20 levels",
    "unterminated_quote.csv": "a quoted field is never closed",
}
REJECTED_ROWS = {
    "ragged.csv": ["ragged row: 3 fields, the header has 5"],
    "ambiguous_dates.csv": ["ambiguous date: day and month could be either; "
                            "set date_order (dmy or mdy) in the mapping"],
    "swapped.csv": ["latitude and longitude look swapped"],
    "bad_coordinates.csv": ["latitude 'NaN' is not a finite number", "latitude or longitude out of range",
                            "the point lies outside Syria"],
    "unknown_type.csv": ["no incident type of ours matches; add it to the mapping's type_values"],
    "cp1256_arabic.csv": ["possible duplicate of ia-0021 (same dates, place and type)"],
}


def _import(data: Path, name: str, *extra: str) -> tuple[int, dict | None, str]:
    """Run the CLI import; return exit status, parsed summary (if any), stderr."""
    import contextlib
    import io

    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        status = main(["--data", str(data), "import", str(CORPUS / name), *extra])
    text = out.getvalue()
    return status, json.loads(text) if text.strip() else None, err.getvalue()


@pytest.mark.parametrize(("name", "reason"), sorted(REFUSED_FILES.items()))
def test_unreadable_files_get_one_line_and_change_nothing(data_copy: Path, name: str, reason: str) -> None:
    before = snapshot(data_copy)
    status, summary, err = _import(data_copy, name)
    assert status == 1 and summary is None and reason in err and len(err.strip().splitlines()) == 1
    assert snapshot(data_copy) == before


@pytest.mark.parametrize(("name", "reasons"), sorted(REJECTED_ROWS.items()))
def test_rejected_rows_name_their_reason_and_change_nothing(data_copy: Path, name: str, reasons: list) -> None:
    before = snapshot(data_copy)
    plan = plan_import(data_copy, (CORPUS / name).read_bytes(), name)
    assert sorted(plan.result.rejections["reason"]) == sorted(reasons)
    assert plan.result.rows_read == len(plan.result.accepted) + len(plan.result.rejections)
    status, summary, err = _import(data_copy, name)
    assert status == 1 and summary["imported"] == 0 and "nothing imported" in err
    assert snapshot(data_copy) == before


def test_rejected_rows_carry_their_line_numbers(data_copy: Path) -> None:
    plan = plan_import(data_copy, (CORPUS / "bad_coordinates.csv").read_bytes(), "bad_coordinates.csv")
    assert plan.result.rejections["line"].tolist() == [2, 3, 4]
    assert plan.result.rejections["field"].tolist() == ["latitude", "lat", "lat"]


def test_oversized_file_is_refused_with_the_limit_named(data_copy: Path, tmp_path: Path) -> None:
    big = tmp_path / "big.csv"
    big.write_bytes(b"date,place,type,description\n" + b"2019-01-01,Idlib,airstrike,x\n" * 900_000)
    before = snapshot(data_copy)
    assert main(["--data", str(data_copy), "import", str(big)]) == 1
    assert snapshot(data_copy) == before


def test_a_200000_character_field_is_refused_not_cut(data_copy: Path) -> None:
    raw = ("date,place,type,description\n2019-05-02,Saraqib,airstrike," + "x" * 200_000 + "\n").encode()
    plan = plan_import(data_copy, raw, "long.csv")
    assert plan.result.rejections["reason"].tolist() == ["description has 200,000 characters; the limit is 20,000"]


@pytest.mark.parametrize(("name", "encoding"), [("utf8_bom.csv", "utf-8-sig"), ("utf16.csv", "utf-16"),
                                                ("cp1256_arabic.csv", "cp1256")])
def test_encodings_are_read_and_named(data_copy: Path, name: str, encoding: str) -> None:
    plan = plan_import(data_copy, (CORPUS / name).read_bytes(), name, keep_duplicates=True)
    assert plan.table.encoding == encoding and len(plan.result.accepted) == 1


def test_arabic_place_names_are_geocoded(data_copy: Path) -> None:
    plan = plan_import(data_copy, (CORPUS / "utf16.csv").read_bytes(), "utf16.csv")
    assert plan.result.accepted.loc[0, "place_id"] == "sy-khan-sheikhun" and plan.result.geocoded == 1


def test_place_names_na_and_none_are_kept_as_text(data_copy: Path) -> None:
    status, summary, _ = _import(data_copy, "na_place.csv")
    assert status == 0 and summary["imported"] == 2
    stored = read_table(data_copy / "incidents.csv")
    assert {"NA", "None"} <= set(stored["place_text"])
    assert validate_data_dir(data_copy) == []


def test_invalid_polygon_is_repaired_with_a_note(data_copy: Path) -> None:
    plan = plan_import(data_copy, (CORPUS / "bowtie_polygon.geojson").read_bytes(), "bowtie_polygon.geojson")
    assert len(plan.result.accepted) == 1 and "invalid polygon repaired" in plan.result.notes[0]


def test_hxl_row_is_read_as_tags_not_data(data_copy: Path) -> None:
    plan = plan_import(data_copy, (CORPUS / "hxl.csv").read_bytes(), "hxl.csv")
    assert plan.result.rows_read == 1 and "HXL hashtag row" in plan.result.notes[0]


def test_acled_columns_map_types_and_precision_codes(data_copy: Path) -> None:
    plan = plan_import(data_copy, (CORPUS / "acled_sample.csv").read_bytes(), "acled_sample.csv")
    [row] = plan.result.accepted.to_dict("records")
    assert plan.mapping.name == "acled" and row["id"] == "acled-SYR1" and row["type"] == "airstrike"
    assert (row["geo_precision"], row["killed"], row["date_precision"]) == ("settlement", "3", "day")


def test_import_save_audit_and_undo(data_copy: Path) -> None:
    before = snapshot(data_copy)
    status, summary, _ = _import(data_copy, "ok_generic.csv", "--why", "test run")
    assert status == 0 and summary["saved"] == 1 and validate_data_dir(data_copy) == []
    [entry] = read_audit(data_copy)
    assert entry["action"] == "import" and entry["why"] == "test run" and len(entry["incident_ids"]) == 1
    originals = (data_copy / "originals" / f"{entry['batch']}.jsonl").read_text()
    assert "Kafr Nabl" in originals
    undo_batch(data_copy, entry["batch"], "mistake")
    after = snapshot(data_copy)
    for name in ("incidents.csv", "places.geojson", "sources.csv"):
        assert after[name] == before[name]
    assert [e["action"] for e in read_audit(data_copy)] == ["import", "undo"]


def test_importing_the_same_file_twice_is_refused(data_copy: Path) -> None:
    assert _import(data_copy, "ok_generic.csv")[0] == 0
    before = snapshot(data_copy)
    plan = plan_import(data_copy, (CORPUS / "ok_generic.csv").read_bytes(), "ok_generic.csv", keep_duplicates=True)
    assert plan.result.rejections["reason"].str.contains("is already in the data").all()
    with pytest.raises(AtlasError, match="nothing to import"):
        commit_import(data_copy, plan)
    assert snapshot(data_copy) == before


def test_mappings_save_and_load(tmp_path: Path) -> None:
    path = tmp_path / "sa.json"
    save_mapping(preset_mapping("syrian_archive"), path)
    assert load_mapping(path) == preset_mapping("syrian_archive")
    path.write_text('{"columns": {"colour": "x"}}')
    with pytest.raises(Exception, match="unknown target field 'colour'"):
        load_mapping(path)


def test_a_folders_saved_mappings_leave_out_a_file_that_is_not_one(tmp_path: Path) -> None:
    save_mapping(preset_mapping("syrian_archive"), tmp_path / "archive.json")
    (tmp_path / "broken.json").write_text("{not json", encoding="utf-8")
    (tmp_path / "colour.json").write_text('{"columns": {"colour": "x"}}', encoding="utf-8")
    (tmp_path / "folder.json").mkdir()
    assert saved_mappings(tmp_path) == {"archive": preset_mapping("syrian_archive")}
    assert saved_mappings(tmp_path / "absent") == {}


@pytest.mark.skipif(not DATASETS.is_dir(), reason="the real datasets live in ../shared/datasets")
@pytest.mark.parametrize(("name", "read", "least"), [
    ("insecurity_insight_attacks_on_health_care_2016-2023_SYR.csv", 904, 900),
    ("syrian_archive_chemical_weapons_incidents_2018-08.json", 209, 170)])
def test_real_datasets_import_and_stay_valid(data_copy: Path, name: str, read: int, least: int) -> None:
    plan = plan_import(data_copy, (DATASETS / name).read_bytes(), name)
    assert plan.result.rows_read == read == len(plan.result.accepted) + len(plan.result.rejections)
    assert len(plan.result.accepted) >= least
    commit_import(data_copy, plan, "dataset test")
    assert validate_data_dir(data_copy) == []
    assert len(load_incidents(data_copy)) == 27 + len(plan.result.accepted)



def _acled_geojson(bow_tie: bool) -> bytes:
    """The ACLED sample as GeoJSON features: its columns as properties, its coordinates as the geometry."""
    table = pd.read_csv(CORPUS / "acled_sample.csv", dtype=str, keep_default_na=False)
    features = []
    for record in table.to_dict("records"):
        lon, lat = float(record.pop("longitude")), float(record.pop("latitude"))
        geometry = {"type": "Point", "coordinates": [lon, lat]}
        if bow_tie and not features:
            geometry = {"type": "Polygon", "coordinates": [[[lon, lat], [lon + .1, lat + .1], [lon, lat + .1],
                                                            [lon + .1, lat], [lon, lat]]]}
        features.append({"type": "Feature", "properties": record, "geometry": geometry})
    return json.dumps({"type": "FeatureCollection", "features": features}).encode()


@pytest.mark.parametrize("bow_tie", [False, True])
def test_acled_features_in_geojson_import_like_the_csv(data_copy: Path, bow_tie: bool) -> None:
    from_csv = plan_import(data_copy, (CORPUS / "acled_sample.csv").read_bytes(), "acled_sample.csv")
    from_geojson = plan_import(data_copy, _acled_geojson(bow_tie), "acled_sample.geojson")
    assert from_geojson.mapping.name == "acled"
    assert list(from_geojson.result.accepted["id"]) == list(from_csv.result.accepted["id"])
    assert list(from_geojson.result.accepted["type"]) == list(from_csv.result.accepted["type"])
    assert any("invalid polygon repaired" in note for note in from_geojson.result.summary()["notes"]) == bow_tie


@pytest.mark.parametrize(("separator", "named"), [(";", "semicolon"), ("\t", "tab"), (",", "comma")])
def test_csv_dialects_are_sniffed_and_named(data_copy: Path, separator: str, named: str) -> None:
    raw = separator.join(["date", "place", "type", "description"]) + "\n" + separator.join(
        ["2019-05-02", "Saraqib", "airstrike", "Strike, then a fire"]) + "\n"
    raw = raw.replace("Strike, then a fire", '"Strike, then a fire"') if separator == "," else raw
    plan = plan_import(data_copy, raw.encode(), "semi.csv")
    assert len(plan.result.accepted) == 1 and plan.result.accepted["description"].iloc[0] == "Strike, then a fire"
    assert f"read as {named}-separated values" in plan.table.notes


def test_reading_a_csv_leaves_the_process_wide_field_limit_alone(data_copy: Path) -> None:
    import csv

    before = csv.field_size_limit()
    plan_import(data_copy, ("date,place,type,description\n2019-05-02,Saraqib,airstrike," + "x" * 200_000 + "\n")
                .encode(), "long.csv")
    assert csv.field_size_limit() == before


def test_an_imported_dataset_is_not_said_to_be_published_today(data_copy: Path) -> None:
    plan = plan_import(data_copy, (CORPUS / "ok_generic.csv").read_bytes(), "ok_generic.csv")
    assert plan.source["published"] == "" and "imported on " in plan.source["notes"]


@pytest.mark.parametrize("with_event_type", [True, False])
def test_acleds_event_vocabulary_is_read_whatever_columns_come_with_it(data_copy: Path, with_event_type: bool) -> None:
    """Features with only a few of ACLED's columns (no preset matches) still have ACLED's event words read; a
    bow-tie polygon among them is repaired with a note."""
    rows = [("2019-05-02", "Air/drone strike", "Ariha", [36.61, 35.81]),
            ("2019-05-03", "Shelling/artillery/missile attack", "Saraqib", [36.8, 35.86]),
            ("2019-05-04", "Air/drone strike", "Idlib", [[[36.6, 35.9], [36.7, 36.0], [36.7, 35.9], [36.6, 36.0],
                                                           [36.6, 35.9]]])]
    features = [{"type": "Feature", "properties": {"event_date": day, "event_type": "Explosions/Remote violence",
                                                   "sub_event_type": words, "location": place, "notes": "invented"},
                 "geometry": {"type": "Point" if len(shape) == 2 and not isinstance(shape[0], list) else "Polygon",
                              "coordinates": shape}} for day, words, place, shape in rows]
    if not with_event_type:
        features = [{**f, "properties": {k: v for k, v in f["properties"].items() if k != "event_type"}}
                    for f in features]
    plan = plan_import(data_copy, json.dumps({"type": "FeatureCollection", "features": features}).encode(),
                       "few_columns.geojson")
    assert list(plan.result.accepted["type"]) == ["airstrike", "shelling", "airstrike"]
    assert any("invalid polygon repaired" in note for note in plan.result.summary()["notes"])


def test_a_lone_apostrophe_in_a_cell_does_not_become_the_quote_character(data_copy: Path) -> None:
    header = "id,date_start,date_end,date_precision,type,place_id,description,perpetrator,confidence"
    rows = ["t-1,2015-01-01,2015-01-01,day,airstrike,sy-douma,',Ahmad's unit,weak",
            "t-2,2015-01-02,2015-01-02,day,shelling,sy-douma,a shell's fragments,',weak"]
    plan = plan_import(data_copy, "\n".join([header, *rows]).encode("utf-8"), "quotes.csv", keep_duplicates=True)
    assert plan.result.rejections.empty and list(plan.result.accepted["perpetrator"]) == ["Ahmad's unit", "'"]
