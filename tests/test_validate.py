"""The data contract: the bundled data keeps it; each kind of breach is reported with its fix."""

from pathlib import Path

import pandas as pd
import pytest

from geo import schema
from geo.dataset.validate import validate_data_dir
from geo.files.tables import read_table, write_table

PROJECT_DATA = Path(__file__).resolve().parent.parent / "data"


def test_bundled_data_is_valid() -> None:
    assert validate_data_dir(PROJECT_DATA) == []


def test_bundled_data_has_the_incidents_the_documents_report() -> None:
    incidents = read_table(PROJECT_DATA / "incidents.csv")
    assert len(incidents) >= 25
    assert set(incidents["type"]) <= set(schema.INCIDENT_TYPES)
    douma = incidents[(incidents["place_id"] == "sy-douma") & (incidents["weapon"] == "chlorine")]
    assert douma["killed"].tolist() == ["43"]


def _break(data: Path, row: int, **changes: str) -> None:
    """Change cells of one incidents.csv row."""
    frame = read_table(data / "incidents.csv", schema.INCIDENT_COLUMNS)
    for column, value in changes.items():
        frame.loc[row, column] = value
    write_table(data / "incidents.csv", frame)


BREACHES = [
    ({"type": "drone"}, "type", "use one of"),
    ({"date_start": "2018-13-01"}, "date_start", "ISO date"),
    ({"date_start": "2019-01-02", "date_end": "2019-01-01"}, "date_end", "must not be before"),
    ({"killed": "many"}, "killed", "whole number"),
    ({"source_ids": "nobody"}, "source_ids", "exist in sources.csv"),
    ({"place_id": "sy-atlantis"}, "place_id", "places.geojson"),
    ({"lat": "36.2", "lon": ""}, "lat", "both lat and lon"),
    ({"lat": "37.16", "lon": "36.20"}, "lat", "look swapped"),
    ({"lat": "48.85", "lon": "2.35"}, "lat", "outside Syria"),
    ({"lat": "NaN", "lon": "36.2"}, "lat", "decimal degrees"),
    ({"confidence": "sure"}, "confidence", "use one of"),
    ({"description": " "}, "description", "required"),
]


@pytest.mark.parametrize(("changes", "field", "fix"), BREACHES)
def test_each_breach_is_reported_with_line_field_and_fix(data_copy: Path, changes: dict, field: str, fix: str) -> None:
    _break(data_copy, 3, **changes)
    problems = validate_data_dir(data_copy)
    assert any(p.where == "line 5" and p.field == field and fix in p.fix for p in problems), problems


def test_duplicate_ids_are_reported(data_copy: Path) -> None:
    frame = read_table(data_copy / "incidents.csv")
    write_table(data_copy / "incidents.csv", pd.concat([frame, frame.iloc[[0]]]))
    problems = validate_data_dir(data_copy)
    assert [p.field for p in problems] == ["id"] and "unique" in problems[0].fix


def test_missing_file_is_one_problem(tmp_path: Path) -> None:
    [problem] = validate_data_dir(tmp_path)
    assert "no such file" in str(problem)


def test_place_problems_name_the_feature(data_copy: Path) -> None:
    text = (data_copy / "places.geojson").read_text().replace('"kind": "town"', '"kind": "hamlet"', 1)
    (data_copy / "places.geojson").write_text(text)
    problems = validate_data_dir(data_copy)
    assert any(p.field == "kind" and p.value == "hamlet" and "feature" in p.where for p in problems)
