"""`python -m geo`: every command, its output shape, and its answer to bad input."""

import json
from pathlib import Path

import pytest

from geo.cli.main import main
from tests.conftest import snapshot

TEXT = "Published: 2 May 2019\n\nOn Tuesday jets bombed a hospital in Kafr Nabl, Idleb province. Moscow denied it.\n"


@pytest.fixture()
def document(tmp_path: Path) -> Path:
    path = tmp_path / "report.txt"
    path.write_text(TEXT, encoding="utf-8")
    return path


def test_places_prints_a_feature_collection(document: Path, capsys: pytest.CaptureFixture) -> None:
    assert main(["places", str(document)]) == 0
    collection = json.loads(capsys.readouterr().out)
    by_id = {f["properties"]["id"]: f["properties"] for f in collection["features"]}
    assert by_id["sy-gov-idlib"]["as_written"] == ["Idleb province"]
    assert by_id["xx-moscow"]["in_syria"] is False and by_id["xx-moscow"]["count"] == 1
    assert set(by_id["sy-gov-idlib"]) == {"id", "name", "as_written", "admin1", "admin2", "admin3", "origins",
                                          "country_code", "kind", "geo_precision", "in_syria", "resolved",
                                          "needs_review", "count"}
    assert by_id["sy-gov-idlib"]["resolved"] is True and by_id["sy-gov-idlib"]["needs_review"] == []


def test_extract_prints_incidents_with_evidence(document: Path, capsys: pytest.CaptureFixture) -> None:
    assert main(["extract", str(document)]) == 0
    [incident] = json.loads(capsys.readouterr().out)["incidents"]
    assert incident["date_start"] == "2019-04-30" and incident["type"] == "attack_on_health_care"
    assert incident["evidence"]["text"].startswith("On Tuesday")


def test_extract_uses_date_option_when_the_text_has_none(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    path = tmp_path / "undated.txt"
    path.write_text("Yesterday shelling hit Douma.", encoding="utf-8")
    assert main(["extract", str(path), "--date", "2018-02-20"]) == 0
    assert json.loads(capsys.readouterr().out)["incidents"][0]["date_start"] == "2018-02-19"


def test_validate_passes_on_bundled_data(capsys: pytest.CaptureFixture) -> None:
    assert main(["validate"]) == 0
    assert "valid" in capsys.readouterr().out


def test_validate_fails_with_one_line_per_problem(data_copy: Path, capsys: pytest.CaptureFixture) -> None:
    path = data_copy / "incidents.csv"
    path.write_text(path.read_text().replace(",airstrike,", ",drone,"))
    assert main(["--data", str(data_copy), "validate"]) == 1
    lines = capsys.readouterr().out.strip().splitlines()
    assert lines and all("type='drone'" in line for line in lines)


def test_build_regenerates_places_that_validate(data_copy: Path, tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "note.txt").write_text("Strikes hit Saraqib.", encoding="utf-8")
    sources = data_copy / "sources.csv"
    sources.write_text(sources.read_text() + "note-1,A note,,,2019,,other,,note.txt\n")
    assert main(["--data", str(data_copy), "build", "--docs", str(docs)]) == 0
    places = json.loads((data_copy / "places.geojson").read_text())
    saraqeb = next(f for f in places["features"] if f["properties"]["id"] == "sy-saraqeb")
    assert saraqeb["properties"]["mentions"] == ["dispatch-2013-qusayr", "note-1"]  # the new one added, none lost
    assert main(["--data", str(data_copy), "validate"]) == 0


@pytest.mark.parametrize(("content", "reason"), [(b"", "empty"), (b"\x00\xff\x00" * 100, "binary")])
def test_bad_documents_get_one_line_and_exit_1(tmp_path: Path, capsys: pytest.CaptureFixture,
                                                content: bytes, reason: str) -> None:
    path = tmp_path / "bad.txt"
    path.write_bytes(content)
    assert main(["extract", str(path)]) == 1
    err = capsys.readouterr().err
    assert reason in err and "Traceback" not in err


def test_a_folder_and_a_missing_file_are_refused(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    assert main(["places", str(tmp_path)]) == 1
    assert main(["places", str(tmp_path / "missing.txt")]) == 1
    err = capsys.readouterr().err
    assert "is a folder" in err and "no such file" in err


def test_build_with_a_missing_folder_changes_nothing(data_copy: Path, tmp_path: Path,
                                                     capsys: pytest.CaptureFixture) -> None:
    before = snapshot(data_copy)
    assert main(["--data", str(data_copy), "build", "--docs", str(tmp_path / "nope")]) == 1
    assert "not a folder" in capsys.readouterr().err
    assert snapshot(data_copy) == before


@pytest.mark.parametrize("fmt", ["csv", "geojson", "html"])
def test_export_writes_the_filtered_view(tmp_path: Path, fmt: str, capsys: pytest.CaptureFixture) -> None:
    target = tmp_path / f"out.{fmt}"
    arguments = ["export", "--from", "2018-01-01", "--type", "chemical_attack", "--format", fmt, "-o", str(target)]
    assert main(arguments) == 0
    assert "1 incident," in capsys.readouterr().err
    assert "ia-0021" in target.read_text(encoding="utf-8")


def test_export_refuses_bad_arguments_with_one_line(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    assert main(["export", "--governorate", "Narnia", "--format", "csv", "-o", str(tmp_path / "x.csv")]) == 1
    assert main(["export", "--format", "csv", "-o", str(tmp_path / "missing" / "x.csv")]) == 1
    err = capsys.readouterr().err
    assert "unknown governorate 'Narnia'" in err and "existing folder" in err
    assert not list(tmp_path.iterdir())
    with pytest.raises(SystemExit):
        main(["export", "--bbox", "1,2", "--format", "csv", "-o", str(tmp_path / "x.csv")])


def test_a_dry_run_import_saves_no_mapping_and_changes_no_data(data_copy: Path, tmp_path: Path,
                                                               capsys: pytest.CaptureFixture) -> None:
    upload = tmp_path / "one.csv"
    upload.write_text("date,place,type\n2019-05-02,Saraqib,airstrike\n", encoding="utf-8")
    before, mapping = snapshot(data_copy), tmp_path / "mapping.json"
    code = main(["--data", str(data_copy), "import", str(upload), "--dry-run", "--save-mapping", str(mapping)])
    assert code == 0 and json.loads(capsys.readouterr().out)["dry_run"] is True
    assert not mapping.exists() and snapshot(data_copy) == before
    assert main(["--data", str(data_copy), "import", str(upload), "--save-mapping", str(mapping)]) == 0
    assert mapping.exists()
