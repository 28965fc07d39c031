"""Facilities from another organisation's dataset: the health-care figures it carries recorded per incident (equal to
the file's own columns), and the facilities its events name proposed for review, never linked unchecked."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

from geo import schema
from geo.cli.main import main as geo
from geo.facilities.register import read_register
from geo.imports.health_care import health_care_rows
from geo.imports.mapping import read_mapping_bytes
from tests.conftest import DATASETS

INSECURITY_INSIGHT = DATASETS / "insecurity_insight_attacks_on_health_care_2016-2023_SYR.csv"


@pytest.fixture()
def imported(data_copy: Path) -> Path:
    """The bundled data with Insecurity Insight's 904 events imported."""
    if not INSECURITY_INSIGHT.is_file():
        pytest.skip("../shared/datasets is not beside the project")
    assert geo(["--data", str(data_copy), "import", str(INSECURITY_INSIGHT), "--why", "test"]) == 0
    return data_copy


def test_the_import_records_the_health_care_figures_equal_to_the_files_own_columns(imported: Path, capsys) -> None:
    source = pd.read_csv(INSECURITY_INSIGHT, skiprows=[1])
    killed_by_year = pd.to_numeric(source["Health Workers Killed"], errors="coerce").fillna(0).groupby(
        source["Date"].str[:4]).sum()
    capsys.readouterr()
    assert geo(["--data", str(imported), "facilities", "summary", "--per", "year"]) == 0
    summary = pd.read_csv(pd.io.common.StringIO(capsys.readouterr().out), dtype={"year": str}).set_index("year")
    for year, killed in killed_by_year.items():
        assert summary.loc[year, "health_workers_killed"] == killed
    assert summary.loc["2016", "attacks"] >= (source["Date"].str[:4] == "2016").sum()


def test_the_events_named_facilities_are_proposed_for_review_and_none_links_unchecked(imported: Path,
                                                                                       capsys) -> None:
    capsys.readouterr()
    assert geo(["--data", str(imported), "facilities", "propose", "--apply"]) == 0
    register = read_register(imported)
    from_dataset = register.strikes[register.strikes[schema.INCIDENT_ID].str.startswith("ii-")]
    assert len(from_dataset) >= 5 and set(from_dataset[schema.LINK]) == {schema.LINK_PROPOSED}
    made = register.facilities[register.facilities[schema.ID].isin(from_dataset[schema.FACILITY_ID])]
    assert set(made[schema.STATUS]) == {schema.STATUS_IN_REVIEW}
    assert (made[schema.LAT] != "").all()  # each at the settlement its name gives, never at a radius' centre
    assert "Haritan Hospital" in set(made[schema.NAME])


ONE_EVENT_EACH = ("SiND Event ID,Date,Admin 1,Geo Precision,Latitude,Longitude,Event Description,"
                  "Health Workers Killed,Health Workers Injured,Number of Attacks on Health Facilities Reporting "
                  "Damaged\n"
                  "T1,2016-04-27,Aleppo,(1),36.2,37.16,A strike damaged a hospital,3,2,1\n"
                  "T2,2016-05-03,Idlib,(1),35.93,36.63,A clinic was shelled,0,0,1\n"
                  "T3,2016-06-01,Idlib,(1),35.93,36.63,A convoy was stopped,0,0,0\n")


def test_an_import_records_its_events_health_care_figures_with_them_and_a_dry_run_records_none(
        data_copy: Path, tmp_path: Path, capsys) -> None:
    upload = tmp_path / "events.csv"
    upload.write_text(ONE_EVENT_EACH, encoding="utf-8")
    capsys.readouterr()
    assert geo(["--data", str(data_copy), "import", str(upload), "--dry-run"]) == 0
    planned = json.loads(capsys.readouterr().out)
    assert planned["with_health_care_figures"] == 2 and "health_care_recorded" not in planned
    assert read_register(data_copy).health_care.empty
    assert geo(["--data", str(data_copy), "import", str(upload), "--why", "test"]) == 0
    assert json.loads(capsys.readouterr().out)["health_care_recorded"] == 2
    figures = read_register(data_copy).health_care.set_index(schema.INCIDENT_ID)
    assert figures.loc["ii-T1", [schema.HEALTH_WORKERS_KILLED, schema.HEALTH_WORKERS_INJURED,
                                 schema.FACILITIES_DAMAGED]].tolist() == ["3", "2", "1"]
    assert figures.loc["ii-T2", schema.FACILITIES_DAMAGED] == "1" and "ii-T3" not in figures.index
    assert geo(["--data", str(data_copy), "facilities", "health-care", str(upload)]) == 0  # a dataset imported
    assert "recorded for 2 incidents" in capsys.readouterr().err  # before the import recorded them, read again
    assert read_register(data_copy).health_care.set_index(schema.INCIDENT_ID).equals(figures)


def test_health_care_rows_sum_the_columns_a_mapping_lists() -> None:
    mapping = read_mapping_bytes(b'{"name": "mine", "columns": {"id": "event"}, "id_prefix": "x-", '
                                 b'"health_care": {"health_workers_detained": ["kidnapped", "arrested"]}}', "m.json")
    rows = health_care_rows(b"event,kidnapped,arrested\n1,2,1\n2,0,0\n3,x,4\n", "f.csv", mapping)
    assert rows[[schema.INCIDENT_ID, schema.HEALTH_WORKERS_DETAINED]].values.tolist() == [["x-1", "3"], ["x-3", "4"]]


def test_a_mapping_with_an_unknown_health_care_figure_is_refused_in_one_line() -> None:
    from geo.errors import InputFileError

    with pytest.raises(InputFileError, match="health_care maps"):
        read_mapping_bytes(b'{"name": "m", "health_care": {"nurses_fed": ["a"]}}', "m.json")
