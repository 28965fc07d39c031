"""The team database: push and pull, accounts and roles enforced in the library, the schema's version, faults."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest
import sqlalchemy as sa

from bench.synthetic import write_synthetic_data_dir
from bench.team_editors import EDITORS, EDITS, RECORDS, lost_updates, run_editors, team_with_records
from geo import schema
from geo.database import accounts, sign_in, transfer
from geo.database.connection import DatabaseError, engine_for, require_current, upgrade
from geo.database.lookup import stored_document
from geo.database.mapview import database_view_payload
from geo.database.records import PostgisStore
from geo.dataset import curate, merging
from geo.dataset.audit import read_audit
from geo.dataset.load import load_sources, load_totals
from geo.dataset.query import IncidentFilter
from geo.dataset.records import current_records, with_curation
from geo.dataset.revisions import read_revisions
from geo.errors import AtlasError, DataValidationError, NotAllowedError
from geo.files.tables import read_feature_collection
from geo.mapview.viewport import viewport_around
from tests.conftest import PROJECT, personal_token, snapshot
from tests.test_storage_backends import PASSWORD, team_store


def dataset(folder: Path) -> dict:
    """Everything a data folder holds, as a reader sees it (the revision log applied)."""
    records = current_records(folder)
    return {"records": with_curation(records.incidents, records.curation).astype(str).to_dict("records"),
            "sources": load_sources(folder).to_dict("records"), "totals": load_totals(folder).to_dict("records"),
            "places": read_feature_collection(folder / "places.geojson")["features"],
            "revisions": read_revisions(folder), "audit": read_audit(folder)}


def test_push_then_pull_gives_the_same_data(team_database: str, data_copy: Path, tmp_path: Path) -> None:
    curate.edit_incident(data_copy, "ia-0003", {schema.KILLED: "14"}, "a count", "Ana")
    curate.set_status(data_copy, "ia-0005", schema.STATUS_IN_REVIEW, "checking", "Ana")
    (data_copy / "originals").mkdir()
    (data_copy / "originals" / "batch.jsonl").write_bytes(b'{"row": 1}\n')
    counts = transfer.push(team_database, data_copy)
    assert counts["incidents"] == 27 and counts["revisions"] == 2 and counts["files"] == 1
    transfer.pull(team_database, tmp_path / "pulled")
    assert dataset(tmp_path / "pulled") == dataset(data_copy)
    assert (tmp_path / "pulled" / "originals" / "batch.jsonl").read_bytes() == b'{"row": 1}\n'
    run = subprocess.run([sys.executable, "-m", "geo", "--data", str(tmp_path / "pulled"), "validate"], cwd=PROJECT,
                         capture_output=True, text=True)
    assert run.returncode == 0, run.stdout + run.stderr


def test_a_push_goes_into_an_empty_database_only(team_database: str, data_copy: Path) -> None:
    transfer.push(team_database, data_copy)
    with pytest.raises(DatabaseError, match="already holds data"):
        transfer.push(team_database, data_copy)


def test_a_push_of_an_invalid_polygon_is_refused_and_leaves_the_database_empty(team_database: str,
                                                                              data_copy: Path) -> None:
    collection = read_feature_collection(data_copy / "places.geojson")
    area = next(f for f in collection["features"] if f["geometry"] and f["geometry"]["type"] == "Polygon")
    area["geometry"]["coordinates"] = [[[36.0, 35.0], [37.0, 36.0], [37.0, 35.0], [36.0, 36.0], [36.0, 35.0]]]
    (data_copy / "places.geojson").write_text(json.dumps(collection), encoding="utf-8")
    with pytest.raises(DataValidationError, match="polygon is invalid"):
        transfer.push(team_database, data_copy)
    with engine_for(team_database).connect() as connection:
        assert connection.execute(sa.text("SELECT (SELECT count(*) FROM places) + (SELECT count(*) FROM incidents)")
                                  ).scalar_one() == 0


def test_a_pull_never_writes_over_a_folder(team_database: str, data_copy: Path) -> None:
    transfer.push(team_database, data_copy)
    before = snapshot(data_copy)
    with pytest.raises(AtlasError, match="not an empty folder"):
        transfer.pull(team_database, data_copy)
    assert snapshot(data_copy) == before


def test_a_viewer_or_an_editor_is_refused_in_the_library(team_database: str, data_copy: Path) -> None:
    store = team_store(team_database, data_copy)
    accounts.add_account(team_database, "Vera", schema.ROLE_VIEWER, PASSWORD, "Ana")
    with pytest.raises(NotAllowedError, match="Vera is a viewer and may not add or change records"):
        curate.edit_incident(PostgisStore(team_database, "Vera"), "ia-0003", {schema.KILLED: "1"}, "why", None)
    editor = PostgisStore(team_database, "Omar")
    with pytest.raises(NotAllowedError, match="Omar is an editor and may not publish"):
        curate.edit_incident(editor, "ia-0003", {schema.KILLED: "2"}, "why", None)  # it is published
    curate.set_status(PostgisStore(team_database, "Ana"), "ia-0003", schema.STATUS_IN_REVIEW, "to check", None)
    curate.edit_incident(editor, "ia-0003", {schema.KILLED: "2"}, "why", "someone else")
    assert store.revisions()[-1]["by"] == "Omar"
    with pytest.raises(NotAllowedError, match="may not publish"):
        curate.set_status(editor, "ia-0003", schema.STATUS_RETRACTED, "why", None)
    with pytest.raises(NotAllowedError, match="may not publish"):
        merging.merge(editor, "ia-0003", ["ia-0004"], "why", None)
    with pytest.raises(NotAllowedError, match="no account 'nobody'"):
        curate.edit_incident(PostgisStore(team_database, "nobody"), "ia-0003", {schema.KILLED: "3"}, "why", None)
    accounts.disable_account(team_database, "Omar", "Ana")
    with pytest.raises(NotAllowedError, match="disabled"):
        curate.edit_incident(editor, "ia-0003", {schema.KILLED: "4"}, "why", None)
    assert len(store.revisions()) == 2 and store.book().get("ia-0003")[schema.KILLED] == "2"


def test_sign_in_answers_alike_for_an_unknown_name_and_a_wrong_password(team_database: str) -> None:
    accounts.add_account(team_database, "Ana", schema.ROLE_ADMIN, PASSWORD, None)
    assert sign_in.authenticate(team_database, "Ana", PASSWORD).role == schema.ROLE_ADMIN
    for name, password in (("Ana", "wrong password!"), ("Nobody", PASSWORD)):
        with pytest.raises(NotAllowedError, match="^wrong name or password$"):
            sign_in.authenticate(team_database, name, password)
    stored = engine_for(team_database).connect().execute(sa.text("SELECT password_hash FROM accounts")).scalar_one()
    assert stored.startswith("$argon2id$") and PASSWORD not in stored


def test_accounts_are_managed_by_admins_and_one_always_stays(team_database: str) -> None:
    with pytest.raises(AtlasError, match="first account must be an admin"):
        accounts.add_account(team_database, "Omar", schema.ROLE_EDITOR, PASSWORD, None)
    accounts.add_account(team_database, "Ana", schema.ROLE_ADMIN, PASSWORD, None)
    accounts.add_account(team_database, "Omar", schema.ROLE_EDITOR, PASSWORD, "Ana")
    with pytest.raises(NotAllowedError, match="may not manage accounts"):
        accounts.add_account(team_database, "Eve", schema.ROLE_ADMIN, PASSWORD, "Omar")
    with pytest.raises(AtlasError, match="no enabled admin"):
        accounts.set_role(team_database, "Ana", schema.ROLE_VIEWER, "Ana")
    with pytest.raises(AtlasError, match="at least 10"):
        accounts.add_account(team_database, "Sam", schema.ROLE_VIEWER, "short", "Ana")
    assert [(a.name, a.role) for a in accounts.list_accounts(team_database)] == [("Ana", "admin"), ("Omar", "editor")]


def geo_cli(*words: str, token: str = "", typed: str | None = None) -> subprocess.CompletedProcess:
    """Run the command line (with ATLAS_TOKEN when given; `typed` on its standard input, none when None)."""
    return subprocess.run([sys.executable, "-m", "geo", *words], cwd=PROJECT, capture_output=True, text=True,
                          timeout=120, env={**os.environ, "ATLAS_TOKEN": token},
                          input=typed, stdin=subprocess.DEVNULL if typed is None else None)


def test_the_command_line_sets_up_a_team_and_acts_as_the_named_account(postgres_cluster, data_copy: Path,
                                                                       tmp_path: Path) -> None:
    postgres_cluster.sql("CREATE DATABASE cli_team")
    url = postgres_cluster.url("cli_team")
    assert "created at schema" in geo_cli("--database", url, "db", "init").stderr
    assert "already at schema" in geo_cli("--database", url, "db", "init").stderr
    assert geo_cli("--database", url, "db", "push", "--from", str(data_copy)).returncode == 0
    assert geo_cli("--database", url, "users", "add", "rana", "--role", "admin", "--password-stdin",
                   typed=PASSWORD + "\n").returncode == 0
    unproven = geo_cli("--database", url, "users", "add", "sami", "--role", "viewer", "--password", PASSWORD,
                       "--by", "rana")
    assert unproven.returncode == 1 and "needs proof of the account" in unproven.stderr
    rana = personal_token(url, "rana")
    added = geo_cli("--database", url, "users", "add", "sami", "--role", "viewer", "--password-stdin",
                    token=rana, typed=PASSWORD + "\n")
    assert added.returncode == 0 and "Warning" not in added.stderr
    sami = geo_cli("--database", url, "users", "token", "sami", token=rana).stdout.strip()
    refused = geo_cli("--database", url, "incident", "edit", "ia-0003", "killed=5", "--why", "w", token=sami)
    assert refused.returncode == 1 and refused.stderr.count("\n") == 1 and "viewer" in refused.stderr
    forged = geo_cli("--database", url, "incident", "edit", "ia-0003", "killed=5", "--why", "w", "--by", "rana")
    assert forged.returncode == 1 and "needs proof" in forged.stderr
    assert geo_cli("--database", url, "incident", "edit", "ia-0003", "killed=5", "--why", "w",
                   token=rana).returncode == 0
    assert geo_cli("--database", url, "users", "revoke", "sami", token=rana).returncode == 0
    revoked = geo_cli("--database", url, "incident", "edit", "ia-0003", "killed=6", "--why", "w", token=sami)
    assert revoked.returncode == 1 and "not a live personal token" in revoked.stderr
    assert "killed: 5" in geo_cli("--database", url, "incident", "show", "ia-0003").stdout
    assert "rana: edit" in geo_cli("--database", url, "incident", "history", "ia-0003").stdout
    listing = geo_cli("--database", url, "users", "list").stdout
    assert "rana\tadmin\tenabled" in listing and "sami\tviewer\tenabled" in listing
    exported = geo_cli("--database", url, "export", "--format", "csv", "--governorate", "Homs", "-o",
                       str(tmp_path / "homs.csv"))
    assert exported.returncode == 0 and "db-" in exported.stderr, exported.stderr
    homs = pd.read_csv(tmp_path / "homs.csv", dtype=str)
    assert len(homs) and set(homs["place_admin1"]) == {"Homs"} and homs.set_index("id").at["ia-0003", "killed"] == "5"
    checked = geo_cli("--database", url, "validate")
    assert checked.returncode == 0 and checked.stdout.startswith("the team database ") and "valid" in checked.stdout
    converted = geo_cli("--database", url, "convert", "--to", "parquet")
    assert converted.returncode == 1 and "keeps them in its tables" in converted.stderr
    assert converted.stderr.count("\n") == 1
    assert geo_cli("--database", url, "db", "pull", "--to", str(tmp_path / "out")).returncode == 0
    assert pd.read_csv(tmp_path / "out" / "incidents.csv", dtype=str).set_index("id").at["ia-0003", "killed"] == "5"


def test_a_schema_older_than_the_code_is_refused_until_db_init(postgres_cluster) -> None:
    postgres_cluster.sql("CREATE DATABASE never_initialised")
    url = postgres_cluster.url("never_initialised")
    with pytest.raises(DatabaseError, match="has no Incident Atlas schema; run .*db init"):
        require_current(url)
    postgres_cluster.sql("CREATE DATABASE older TEMPLATE atlas_template")
    postgres_cluster.sql("UPDATE alembic_version SET version_num = '0000'", database="older")
    with pytest.raises(DatabaseError, match="schema 0000"):
        require_current(postgres_cluster.url("older"))


def _map_row(url: str, record_id: str) -> tuple:
    """A record's row of the map's table: its type's index and the transaction that last wrote it."""
    with engine_for(url).connect() as connection:
        return tuple(connection.execute(sa.text("SELECT type_code, xmin::text FROM incident_map WHERE id = :record"),
                                        {"record": record_id}).one())


def test_db_init_upgrades_an_older_schema_and_the_map_follows_only_what_it_is_drawn_from(postgres_cluster,
                                                                                        data_copy: Path) -> None:
    postgres_cluster.sql("CREATE DATABASE at_0002")
    url = postgres_cluster.url("at_0002")
    upgrade(url, to="0002")
    with pytest.raises(DatabaseError, match="is at schema 0002"):
        require_current(url)
    run = geo_cli("--database", url, "db", "init")
    assert run.returncode == 0 and "upgraded from schema 0002" in run.stderr + run.stdout
    transfer.push(url, data_copy)
    accounts.add_account(url, "Ana", schema.ROLE_ADMIN, PASSWORD, None)
    store = PostgisStore(url, "Ana")
    written = _map_row(url, "ia-0003")
    curate.edit_incident(store, "ia-0003", {schema.KILLED: "99", schema.DESCRIPTION: "a new summary"}, "count", None)
    assert _map_row(url, "ia-0003") == written
    curate.edit_incident(store, "ia-0003", {schema.TYPE: "massacre"}, "reclassified", None)
    assert _map_row(url, "ia-0003")[0] == schema.INCIDENT_TYPES.index("massacre")


def test_a_database_that_is_down_is_one_line_without_its_password(postgres_cluster) -> None:
    run = geo_cli("--database", "postgresql+psycopg://atlas:secret-word@127.0.0.1:1/atlas", "incident", "show",
                  "ia-0001")
    assert run.returncode == 1 and run.stderr.count("\n") == 1
    assert "cannot be reached" in run.stderr and "secret-word" not in run.stderr


def test_eight_editors_at_once_lose_no_update_and_every_refusal_is_reported(team_database: str,
                                                                            tmp_path: Path) -> None:
    data = write_synthetic_data_dir(tmp_path / "data", 300)
    ids = team_with_records(team_database, data)
    results, _ = run_editors(team_database, ids[:RECORDS], EDITORS, edits=EDITS)
    landed = [rev for result in results for rev in result["landed"]]
    refused = sum(result["refused"] for result in results)
    assert len(landed) + refused == EDITORS * EDITS and len(landed) > refused
    assert sorted(landed) == list(range(1, len(landed) + 1))
    assert lost_updates(team_database) == []


def test_a_database_that_goes_down_is_one_line_and_reads_resume_when_it_is_back(postgres_cluster, team_database: str,
                                                                              data_copy: Path) -> None:
    store = team_store(team_database, data_copy)
    view = viewport_around((35.0, 38.5), 7)
    before = database_view_payload(team_database, IncidentFilter(), view)
    postgres_cluster.pause()
    try:
        with pytest.raises(DatabaseError, match="cannot be reached"):
            database_view_payload(team_database, IncidentFilter(), view)
        with pytest.raises(DatabaseError, match="cannot be reached"):
            curate.edit_incident(store, "ia-0003", {schema.KILLED: "5"}, "why", "Ana")
    finally:
        postgres_cluster.start()
    assert database_view_payload(team_database, IncidentFilter(), view)["ids"] == before["ids"]
    assert store.book().get("ia-0003")[schema.KILLED] == ""


def test_a_document_kept_with_the_data_is_read_back_from_the_database(team_database: str, data_copy: Path) -> None:
    sources = pd.read_csv(data_copy / "sources.csv", dtype=str, keep_default_na=False)
    document = sources[schema.DOCUMENT].iloc[0]
    (data_copy / "documents").mkdir()
    (data_copy / "documents" / document).write_text("Our own summary of the dispatch, kept with the data.\n",
                                                    encoding="utf-8")
    transfer.push(team_database, data_copy)
    assert stored_document(team_database, document).startswith("Our own summary of the dispatch")
    assert stored_document(team_database, "not-registered.txt") is None
    assert stored_document(team_database, "../escape.txt") is None
