"""Imports into the team database: the same plan as the files, one transaction, a kill leaves nothing."""

from __future__ import annotations

import json
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
from geo.database.gazetteer_additions import database_gazetteer
from geo.database.imports import database_batch_id, save_database_import
from geo.database.lookup import stored_document
from geo.database.records import PostgisStore
from geo.dataset import curate
from geo.dataset.records import current_records
from geo.imports.documents import document_row, document_source_id
from tests.conftest import PROJECT, personal_token
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
    """`python -m geo --database URL import FILE --by NAME` (proven by NAME's personal token), optionally dying at
    a fault point."""
    env = {**os.environ, "ATLAS_TOKEN": personal_token(url, by), **({"ATLAS_FAULT_AT": fault} if fault else {})}
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


def geo_on(place: list[str], *words: str) -> subprocess.CompletedProcess:
    """`python -m geo` on a data folder or a team database (`place`: its option and value); on the database, the
    person named by --by proves who they are with a personal token, as the command line asks."""
    proof = {}
    if place[0] == "--database" and "--by" in words:
        proof = {"ATLAS_TOKEN": personal_token(place[1], words[words.index("--by") + 1])}
    return subprocess.run([sys.executable, "-m", "geo", *place, *words], cwd=PROJECT, capture_output=True, text=True,
                          timeout=300, env={**os.environ, **proof})


def record_ids(place: list[str], tmp_path: Path) -> set[str]:
    """The ids of the records the data holds now (pulled from the database into a new folder first)."""
    folder = Path(place[1])
    if place[0] == "--database":
        folder = tmp_path / f"pulled-{len(list(tmp_path.iterdir()))}"
        assert geo_on(place, "db", "pull", "--to", str(folder)).returncode == 0
    return set(current_records(folder).incidents[schema.ID])


@pytest.mark.parametrize("backend", ["directory", "postgis"])
def test_an_import_is_undone_and_redone_alike_on_both_backends(backend: str, request, data_copy: Path,
                                                               tmp_path: Path) -> None:
    place = ["--data", str(data_copy)] if backend == "directory" else ["--database", request.getfixturevalue("team")]
    file = tmp_path / "rows.csv"
    point_rows(40).to_csv(file, index=False)
    before = record_ids(place, tmp_path)
    imported = geo_on(place, "import", str(file), "--by", "Omar")
    assert imported.returncode == 0, imported.stderr
    batch = json.loads(imported.stdout)["batch"]
    with_batch = record_ids(place, tmp_path)
    assert len(with_batch - before) == 40
    undone = geo_on(place, "undo", batch, "--by", "Ana", "--why", "wrong file")
    assert undone.returncode == 0 and "removed 40 incidents" in undone.stderr
    assert record_ids(place, tmp_path) == before
    again = geo_on(place, "undo", batch, "--by", "Ana")
    assert again.returncode == 1 and again.stderr.count("\n") == 1 and "no import" in again.stderr
    assert geo_on(place, "redo", batch, "--by", "Ana").returncode == 0
    assert record_ids(place, tmp_path) == with_batch
    history = geo_on(place, "history").stdout
    assert "Ana  undo" in history and "Ana  redo" in history and "[imported now]" in history


def test_undo_in_the_team_database_keeps_what_it_took_and_is_a_reviewers_decision(team: str, tmp_path: Path) -> None:
    file = tmp_path / "rows.csv"
    point_rows(30).to_csv(file, index=False)
    batch = json.loads(import_as(team, file, "Omar").stdout)["batch"]
    for account, role in (("Vera", "viewer"), ("Omar", "editor")):
        refused = geo_on(["--database", team], "undo", batch, "--by", account)
        assert refused.returncode == 1 and role in refused.stderr and refused.stderr.count("\n") == 1
    assert geo_on(["--database", team], "undo", batch, "--by", "Ana").returncode == 0
    pulled = tmp_path / "pulled"
    assert geo_on(["--database", team], "db", "pull", "--to", str(pulled)).returncode == 0
    kept = pd.read_csv(pulled / "undone" / batch / "incidents.csv", dtype=str)
    assert len(kept) == 30 and batch not in set(pd.read_csv(pulled / "sources.csv", dtype=str)[schema.ID])
    assert geo_on(["--database", team], "redo", batch, "--by", "Ana").returncode == 0
    curate.edit_incident(PostgisStore(team, "Omar"), kept[schema.ID].iloc[0], {schema.KILLED: "3"}, "checked", None)
    blocked = geo_on(["--database", team], "undo", batch, "--by", "Ana")
    assert blocked.returncode == 1 and "curated since" in blocked.stderr and held(team)[0] >= 30


def test_a_reviewed_document_is_saved_with_its_text_and_a_fresh_id(team: str) -> None:
    text = "A short report of our own: an airstrike hit the market in Saraqib on 2 May 2019.\n"
    wanted = document_source_id("A short report", text)
    source = document_row(database_batch_id(team, wanted), "A short report", "", "2019-05-02", "news")
    row = {c: "" for c in schema.INCIDENT_COLUMNS} | {
        schema.ID: f"{source[schema.ID]}-1", schema.DATE_START: "2019-05-02", schema.DATE_END: "2019-05-02",
        schema.DATE_PRECISION: "day", schema.TYPE: "airstrike", schema.PLACE_ID: "sy-saraqeb",
        schema.GEO_PRECISION: "settlement", schema.CONFIDENCE: "weak", schema.SOURCE_IDS: source[schema.ID],
        schema.DESCRIPTION: "An airstrike on the market, as the report tells it."}
    entry = save_database_import(team, pd.DataFrame([row]), [], source, database_gazetteer(team), "reviewed", "Omar",
                                 text)
    assert (entry["by"], entry["incident_ids"], source[schema.ID]) == ("Omar", [row[schema.ID]], wanted)
    assert stored_document(team, source[schema.DOCUMENT]) == text
    assert geo_on(["--database", team], "undo", wanted, "--by", "Ana").returncode == 0
    assert database_batch_id(team, wanted) == f"{wanted}-2"


def test_a_saved_mapping_is_kept_by_the_team_and_comes_back_with_a_pull(team_database: str, data_copy: Path,
                                                                       tmp_path: Path) -> None:
    from geo.database.mappings import save_team_mapping, team_mappings
    from geo.database.transfer import pull
    from geo.errors import NotAllowedError
    from geo.imports.mapping import MAPPINGS_DIR, guess_mapping, saved_mappings

    team_store(team_database, data_copy)
    accounts.add_account(team_database, "Vera", schema.ROLE_VIEWER, PASSWORD, "Ana")
    mapping = guess_mapping(["when", "where", "what"])
    assert save_team_mapping(team_database, "Omar", mapping, "../partner's log") == "partner-s-log"
    with pytest.raises(NotAllowedError, match="viewer"):
        save_team_mapping(team_database, "Vera", mapping, "other")
    assert list(team_mappings(team_database)) == ["partner-s-log"]
    pull(team_database, tmp_path / "pulled")
    assert saved_mappings(tmp_path / "pulled" / MAPPINGS_DIR)["partner-s-log"].columns == mapping.columns


def test_an_editors_import_records_its_health_care_figures_with_the_records_in_review(team: str,
                                                                                       tmp_path: Path) -> None:
    from geo.database.facilities import read_register
    from tests.test_facilities_import import ONE_EVENT_EACH

    upload = tmp_path / "events.csv"
    upload.write_text(ONE_EVENT_EACH, encoding="utf-8")
    run = import_as(team, upload, "Omar")
    assert run.returncode == 0, run.stderr
    assert json.loads(run.stdout)["health_care_recorded"] == 2
    figures = read_register(team).health_care.set_index(schema.INCIDENT_ID)
    assert figures.loc["ii-T1", schema.HEALTH_WORKERS_KILLED] == "3" and "ii-T3" not in figures.index
    with engine_for(team).connect() as connection:
        statuses = set(connection.execute(sa.text("SELECT status FROM incidents WHERE id LIKE 'ii-T%'")).scalars())
    assert statuses == {schema.STATUS_IN_REVIEW}
