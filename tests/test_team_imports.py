"""Imports into the team database: the same plan as the files, one transaction, a kill leaves nothing."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest
import sqlalchemy as sa

from bench.synthetic import synthetic_incidents
from geo import schema
from geo.database import accounts
from geo.database.connection import engine_for
from tests.conftest import PROJECT
from tests.test_storage_backends import PASSWORD, team_store

ROWS = 10_000


def point_rows(count: int) -> pd.DataFrame:
    """count synthetic incidents as another organisation would send them: dates, type, coordinates, words."""
    frame, places = synthetic_incidents(count)
    where = {p.id: (p.lat, p.lon) for p in places}
    located = frame[frame[schema.PLACE_ID].isin(where)].head(count)
    return pd.DataFrame({"event_date": located[schema.DATE_START], "event_type": located[schema.TYPE],
                         "latitude": [where[p][0] for p in located[schema.PLACE_ID]],
                         "longitude": [where[p][1] for p in located[schema.PLACE_ID]],
                         "fatalities": located[schema.KILLED], "notes": located[schema.DESCRIPTION]})


def held(url: str) -> tuple[int, int, int, int]:
    """Incidents, sources, stored files and audit entries in the database."""
    with engine_for(url).connect() as connection:
        return tuple(connection.execute(sa.text(f"SELECT count(*) FROM {table}")).scalar_one()
                     for table in ("incidents", "sources", "stored_files", "audit"))


def import_as(url: str, file: Path, by: str, fault: str = "") -> subprocess.CompletedProcess:
    """`python -m geo --database URL import FILE --by NAME`, optionally dying at a fault point."""
    env = {**os.environ, "ATLAS_FAULT_AT": fault} if fault else dict(os.environ)
    return subprocess.run([sys.executable, "-m", "geo", "--database", url, "import", str(file), "--by", by],
                          cwd=PROJECT, capture_output=True, text=True, timeout=300, env=env)


@pytest.fixture()
def team(team_database: str, data_copy: Path) -> str:
    """A team database holding data/, with an admin (Ana), an editor (Omar) and a viewer (Vera)."""
    team_store(team_database, data_copy)
    accounts.add_account(team_database, "Vera", schema.ROLE_VIEWER, PASSWORD, "Ana")
    return team_database


def test_an_import_of_ten_thousand_rows_killed_midway_leaves_nothing_then_lands_whole(team: str,
                                                                                       tmp_path: Path) -> None:
    file = tmp_path / "other_organisation.csv"
    point_rows(ROWS).to_csv(file, index=False)
    before = held(team)
    killed = import_as(team, file, "Omar", fault="import:rows-written")
    assert killed.returncode == 70 and held(team) == before
    landed = import_as(team, file, "Omar")
    assert landed.returncode == 0, landed.stderr
    incidents, sources, files, audit = held(team)
    assert (incidents - before[0], sources - before[1], files - before[2], audit - before[3]) == (ROWS, 1, 1, 1)
    with engine_for(team).connect() as connection:
        by = connection.execute(sa.text("SELECT by FROM audit WHERE action = 'import'")).scalar_one()
        drawn = connection.execute(sa.text("SELECT count(*) FROM incident_map WHERE x IS NOT NULL AND "
                                           "during IS NOT NULL AND id LIKE 'import-%'")).scalar_one()
    assert by == "Omar" and drawn == ROWS
    history = subprocess.run([sys.executable, "-m", "geo", "--database", team, "history"], cwd=PROJECT,
                             capture_output=True, text=True, timeout=120).stdout
    assert "Omar  import   import-other-organisation-" in history and f"{ROWS} incidents" in history


def test_a_viewer_cannot_import_and_a_batch_is_not_imported_twice(team: str, tmp_path: Path) -> None:
    file = tmp_path / "rows.csv"
    point_rows(50).to_csv(file, index=False)
    before = held(team)
    refused = import_as(team, file, "Vera")
    assert refused.returncode == 1 and "viewer" in refused.stderr and held(team) == before
    assert import_as(team, file, "Ana").returncode == 0
    again = import_as(team, file, "Ana")
    assert held(team)[0] == before[0] + 50 and "rejected" in again.stdout
