"""`db push` and `db pull`: a data directory into the team database and back, all or nothing either way.

A push checks the data directory against the contract, then loads its records as they are now (the revision log
applied), their curation state, sources, places, totals, every revision, the audit log and the other files it
keeps (originals, documents, undone imports, gazetteer additions, duplicate decisions) in one transaction, into an
empty database. A pull writes the same back to a new folder through the journal, with the revision log folded.
"""

from __future__ import annotations

import io
import json
from pathlib import Path

import pandas as pd
import sqlalchemy as sa
from sqlalchemy.engine import Connection

from geo import config, schema
from geo.database.connection import DatabaseError, require_current, translated
from geo.database.facilities import TABLE_OF_FILE, register_in
from geo.database.map_queries import SOURCE_TABLE_COLUMNS, table_frame
from geo.database.records import place_row
from geo.dataset.audit import AUDIT_FILE, read_audit
from geo.dataset.load import load_sources, load_totals
from geo.dataset.records import RecordBook, current_records, non_default, with_curation
from geo.dataset.revisions import Folded, folded_bytes, read_revisions
from geo.dataset.store import json_bytes
from geo.dataset.stored import csv_bytes, read_incidents_table
from geo.dataset.validate import validate_data_dir
from geo.errors import AtlasError, DataValidationError, InputFileError
from geo.facilities.checks import register_problems
from geo.facilities.register import read_register
from geo.files.journal import JOURNAL_DIR, LOCK_FILE, commit
from geo.files.safe_names import relative_path_inside
from geo.files.tables import read_feature_collection

TABLE_FILES = {config.INCIDENTS_FILE, config.INCIDENTS_PARQUET_FILE, config.SOURCES_FILE, config.PLACES_FILE,
               config.TOTALS_FILE, config.CURATION_FILE, config.REVISIONS_FILE, config.FOLDED_FILE, AUDIT_FILE,
               *TABLE_OF_FILE}
SHIPPED = ("boundaries/", "gazetteer/", "README.md")  # the project's own reference files, not the team's data


def copy_frame(connection: Connection, table: str, frame: pd.DataFrame) -> None:
    """Load a text frame into a table with COPY (fast, and inside the transaction)."""
    if frame.empty:
        return
    buffer = io.StringIO()
    frame.to_csv(buffer, index=False, header=False)
    cursor = connection.connection.driver_connection.cursor()
    columns = ", ".join(frame.columns)
    with cursor.copy(f"COPY {table} ({columns}) FROM STDIN WITH (FORMAT csv, FORCE_NOT_NULL ({columns}))") as copy:
        copy.write(buffer.getvalue())


def load_incidents_mapped(connection: Connection, incidents: pd.DataFrame) -> None:
    """COPY the incidents of a push (into an empty database: the table lock this takes blocks nobody), then derive
    their map rows in one statement, laid out by date so that a date window reads a few pages, not all; the map's
    indexes are built once afterwards (as the migrations define them), not row by row."""
    indexes = connection.execute(sa.text(
        "SELECT indexname, indexdef FROM pg_indexes WHERE tablename = 'incident_map' AND indexname NOT LIKE "
        "'%pkey'")).all()
    for name, _ in indexes:
        connection.execute(sa.text(f'DROP INDEX "{name}"'))
    connection.execute(sa.text("ALTER TABLE incidents DISABLE TRIGGER incidents_mapped"))
    copy_frame(connection, "incidents", incidents)
    connection.execute(sa.text("INSERT INTO incident_map SELECT * FROM incident_map_source ORDER BY lower(during)"))
    connection.execute(sa.text("ALTER TABLE incidents ENABLE TRIGGER incidents_mapped"))
    for _, definition in indexes:
        connection.execute(sa.text(definition))


def _kept_files(data_dir: Path) -> dict[str, bytes]:
    """The data directory's other files (originals, documents, undone imports, additions, decisions) by path."""
    kept = {}
    for path in sorted(data_dir.rglob("*")):
        relative = path.relative_to(data_dir).as_posix()
        if not path.is_file() or relative in TABLE_FILES or relative == LOCK_FILE \
                or relative.startswith(JOURNAL_DIR + "/") or relative.startswith(SHIPPED):
            continue
        kept[relative] = path.read_bytes()
    return kept


def insert_places(connection: Connection, collection: dict) -> None:
    """Every place with its geometry (PostGIS) and its properties as they are in the file."""
    rows = [place_row(feature) for feature in collection["features"]]
    if rows:
        connection.execute(sa.text("INSERT INTO places (id, name, kind, admin1, properties, geom) VALUES (:id, :name, "
                                   ":kind, :admin1, :properties, ST_SetSRID(ST_GeomFromGeoJSON(:geometry), 4326))"),
                           rows)


def _insert_logs(connection: Connection, revisions: list[dict], audit: list[dict]) -> None:
    """Every revision and audit entry, as they are in the logs."""
    if revisions:
        connection.execute(sa.text("INSERT INTO revisions (rev, at, by, action, record_ids, body) VALUES "
                                   "(:rev, :at, :by, :action, :records, :body)"),
                           [{"rev": r["rev"], "at": r["at"], "by": r["by"], "action": r["action"],
                             "records": list(r["changes"]), "body": json.dumps(r, ensure_ascii=False, sort_keys=True)}
                            for r in revisions])
    if audit:
        connection.execute(sa.text("INSERT INTO audit (at, by, action, batch, body) VALUES (:at, :by, :action, "
                                   ":batch, :body)"),
                           [{"at": e.get("at", ""), "by": e.get("by", ""), "action": e.get("action", ""),
                             "batch": e.get("batch", ""), "body": json.dumps(e, ensure_ascii=False)} for e in audit])


def _refuse_unless_empty(connection: Connection, url: str) -> None:
    """A push goes into an empty database only (it never mixes two datasets)."""
    held = connection.execute(sa.text("SELECT (SELECT count(*) FROM incidents) + (SELECT count(*) FROM sources) "
                                      "+ (SELECT count(*) FROM places)")).scalar_one()
    if held:
        raise DatabaseError(f"the database already holds data ({held} incidents, sources and places); push into an "
                            "empty database (`db init` on a new one); nothing was changed")


def push(url: str, data_dir: Path) -> dict[str, int]:
    """Load a data directory into an empty team database in one transaction; how many rows of each went in."""
    problems = validate_data_dir(data_dir) or register_problems(read_register(data_dir),
                                                                 set(read_incidents_table(data_dir)[schema.ID]))
    if problems:
        raise DataValidationError(problems)
    records = current_records(data_dir)
    incidents = with_curation(records.incidents, records.curation)[list(schema.RECORD_COLUMNS)]
    sources = load_sources(data_dir)[list(SOURCE_TABLE_COLUMNS)]
    totals = load_totals(data_dir)[list(schema.TOTAL_COLUMNS)]
    revisions, audit = read_revisions(data_dir), read_audit(data_dir)
    kept = _kept_files(data_dir)
    with translated(url), require_current(url).begin() as connection:
        _refuse_unless_empty(connection, url)
        copy_frame(connection, "sources", sources)
        insert_places(connection, read_feature_collection(data_dir / config.PLACES_FILE))
        load_incidents_mapped(connection, incidents)
        copy_frame(connection, "totals", totals)
        for table, frame in zip(TABLE_OF_FILE.values(), read_register(data_dir), strict=True):
            copy_frame(connection, table, frame)
        _insert_logs(connection, revisions, audit)
        if kept:
            connection.execute(sa.text("INSERT INTO stored_files (path, content) VALUES (:path, :content)"),
                               [{"path": p, "content": c} for p, c in kept.items()])
        connection.execute(sa.text("UPDATE dataset_state SET revision = :revision, version = version + 1"),
                           {"revision": records.revision})
        issued = RecordBook(data_dir).highest_issued()
        connection.execute(sa.text("SELECT setval('incident_number', :n, :called)"),
                           {"n": max(issued, 1), "called": issued > 0})
        connection.execute(sa.text("ANALYZE"))  # the planner's figures for what was just loaded, from the first query
    return {"incidents": len(incidents), "sources": len(sources), "totals": len(totals), "revisions": len(revisions),
            "audit entries": len(audit), "files": len(kept)}


def places_collection(connection: Connection) -> dict:
    """places.geojson as it was pushed (properties as stored, geometry from PostGIS)."""
    rows = connection.execute(sa.text("SELECT properties, ST_AsGeoJSON(geom, 15) FROM places ORDER BY position"))
    features = [{schema.GEOJSON_TYPE: "Feature", "properties": properties,
                 "geometry": json.loads(geometry) if geometry else None} for properties, geometry in rows]
    return {schema.GEOJSON_TYPE: "FeatureCollection", "features": features}


def _log_bytes(entries: list[dict], sort_keys: bool) -> bytes:
    """A JSON-lines log as the data directory writes it."""
    return "".join(json.dumps(e, ensure_ascii=False, sort_keys=sort_keys) + "\n" for e in entries).encode("utf-8")


def _pulled_files(connection: Connection) -> dict[str, bytes]:
    """Every file of the data directory the database holds, by relative path."""
    records = table_frame(connection, "incidents", schema.RECORD_COLUMNS).astype(str)
    revisions = [r[0] for r in connection.execute(sa.text("SELECT body FROM revisions ORDER BY rev"))]
    audit = [r[0] for r in connection.execute(sa.text("SELECT body FROM audit ORDER BY number"))]
    log = _log_bytes(revisions, sort_keys=True)
    issued = connection.execute(sa.text("SELECT CASE WHEN is_called THEN last_value ELSE 0 END "
                                        "FROM incident_number")).scalar_one()
    through = connection.execute(sa.text("SELECT revision FROM dataset_state")).scalar_one()
    files = {config.INCIDENTS_FILE: csv_bytes(records[list(schema.INCIDENT_COLUMNS)]),
             config.CURATION_FILE: csv_bytes(non_default(records[list(schema.CURATION_COLUMNS)])),
             config.SOURCES_FILE: csv_bytes(table_frame(connection, "sources", SOURCE_TABLE_COLUMNS)),
             config.PLACES_FILE: json_bytes(places_collection(connection)),
             config.REVISIONS_FILE: log, config.FOLDED_FILE: folded_bytes(Folded(through, len(log), int(issued))),
             AUDIT_FILE: _log_bytes(audit, sort_keys=False)}
    totals = table_frame(connection, "totals", schema.TOTAL_COLUMNS)
    if not totals.empty:
        files[config.TOTALS_FILE] = csv_bytes(totals)
    for name, frame in zip(TABLE_OF_FILE, register_in(connection), strict=True):
        if not frame.empty:
            files[name] = csv_bytes(frame)
    files.update({path: bytes(content) for path, content in
                  connection.execute(sa.text("SELECT path, content FROM stored_files ORDER BY path"))})
    return files


def pull(url: str, target: Path) -> dict[str, int]:
    """Write the team database out as a data directory in a new (or empty) folder, all at once."""
    if target.exists() and (not target.is_dir() or any(target.iterdir())):
        raise AtlasError(f"{target} is not an empty folder; pull into a new one (nothing was written)")
    engine = require_current(url).execution_options(isolation_level="REPEATABLE READ")
    with translated(url), engine.connect() as connection, connection.begin():
        files = _pulled_files(connection)
    for path in files:
        try:
            relative_path_inside(target, path)
        except InputFileError as outside:
            raise AtlasError(f"the database keeps a file whose path leaves the folder ({outside}); nothing was "
                             "written") from None
    target.mkdir(parents=True, exist_ok=True)
    commit(target, files)
    return {"files": len(files)}
