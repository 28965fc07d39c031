"""Undo and redo of an import in the team database, each one transaction, as in the data directory; taking an import
back or putting it back is a reviewer's decision (geo.dataset.roles).

Undo is soft, as there (geo.dataset.store.undo_batch): the rows, the source and the places it takes out are kept as
the files a data directory keeps them in (`undone/<batch>/...`, in the stored files), so that `db pull` gives the
folder an undo there would leave, and `redo` puts them back. Import, undo and redo take one lock, so two of them
never decide from the same state of the audit log.
"""

from __future__ import annotations

import json

import pandas as pd
import sqlalchemy as sa
from sqlalchemy.engine import Connection

from geo import schema
from geo.database.accounts import acting_account
from geo.database.connection import require_current, translated
from geo.database.records import bump, keep_files, write_audit
from geo.database.transfer import SOURCE_TABLE_COLUMNS, copy_frame, insert_places
from geo.dataset.audit import IMPORTED, UNDONE, batch_states, last_import, new_entry
from geo.dataset.roles import permission_for, require
from geo.dataset.store import json_bytes, undone_files
from geo.dataset.stored import csv_bytes
from geo.errors import AtlasError
from geo.files.tables import read_feature_collection_bytes, read_table_bytes

BATCH_LOCK = 4_114_001  # the advisory lock import, undo and redo take (any number the schema uses for nothing else)


def lock_batches(connection: Connection) -> list[dict]:
    """Take the batches' lock until the transaction ends; the audit log's import, undo and redo entries."""
    connection.execute(sa.text("SELECT pg_advisory_xact_lock(:lock)"), {"lock": BATCH_LOCK})
    return [row[0] for row in connection.execute(sa.text(
        "SELECT body FROM audit WHERE action IN ('import', 'undo', 'redo') ORDER BY number"))]


def _rows(connection: Connection, table: str, columns: tuple[str, ...], ids: list[str],
          lock: bool = False) -> pd.DataFrame:
    """The rows of a table with those ids, as text, in the order they came in (locked, when they are to go)."""
    rows = connection.execute(sa.text(f"SELECT {', '.join(columns)} FROM {table} WHERE id = ANY(:ids) "
                                      f"ORDER BY position{' FOR UPDATE' if lock else ''}"), {"ids": ids}).all()
    return pd.DataFrame([tuple(r) for r in rows], columns=list(columns), dtype=object)


def _leaving_places(connection: Connection, added: list[str], taken: list[str]) -> list[dict]:
    """The places an import added that no record left after the undo uses, as GeoJSON features."""
    used = {row[0] for row in connection.execute(sa.text(
        "SELECT unnest(ARRAY[place_id, origin_place_id, destination_place_id]) FROM incidents "
        "WHERE NOT id = ANY(:taken) AND (place_id = ANY(:added) OR origin_place_id = ANY(:added) "
        "OR destination_place_id = ANY(:added))"), {"taken": taken, "added": added})}
    rows = connection.execute(sa.text("SELECT properties, ST_AsGeoJSON(geom, 15) FROM places WHERE id = ANY(:ids) "
                                      "ORDER BY position"), {"ids": sorted(set(added) - used)})
    return [{schema.GEOJSON_TYPE: "Feature", "properties": properties,
             "geometry": json.loads(geometry) if geometry else None} for properties, geometry in rows]


def _curated(connection: Connection, ids: list[str]) -> list[str]:
    """Which of the records a revision has touched."""
    return sorted({row[0] for row in connection.execute(sa.text(
        "SELECT DISTINCT unnest(record_ids) FROM revisions WHERE record_ids && CAST(:ids AS text[])"), {"ids": ids})}
        & set(ids))


def _taken(connection: Connection, batch: str, entries: list[dict]) -> tuple[dict, pd.DataFrame]:
    """The import entry of a batch that may be undone, and its rows still in the data (refused otherwise)."""
    done = last_import(entries, batch)
    if done is None or batch_states(entries).get(batch) != IMPORTED:
        raise AtlasError(f"no import {batch!r} in the data to undo (see `python -m geo history`)")
    rows = _rows(connection, "incidents", schema.INCIDENT_COLUMNS, done["incident_ids"], lock=True)  # no edit now
    curated = _curated(connection, done["incident_ids"])
    if curated:
        raise AtlasError(f"{len(curated)} records of {batch} were curated since (first: {curated[0]}); retract "
                         "them one by one instead, or undo their revisions first; nothing was undone")
    if rows.empty:
        raise AtlasError(f"none of the {len(done['incident_ids'])} incidents of {batch} are in the data; nothing "
                         "was undone")
    return done, rows


def undo_database_batch(url: str, batch: str, why: str, acting: str | None) -> dict:
    """Take an import out of the team database, keeping what it took (redo puts it back); its audit entry."""
    with translated(url), require_current(url).begin() as connection:
        account = acting_account(connection, acting)
        require(account, permission_for("undo-import"))
        done, rows = _taken(connection, batch, lock_batches(connection))
        taken = list(rows[schema.ID])
        leaving = _leaving_places(connection, done.get("added_places", []), taken)
        kept = undone_files(batch)
        keep_files(connection, {kept["incidents"]: csv_bytes(rows),
                           kept["sources"]: csv_bytes(_rows(connection, "sources", SOURCE_TABLE_COLUMNS, [batch])),
                           kept["places"]: json_bytes({schema.GEOJSON_TYPE: "FeatureCollection",
                                                       "features": leaving})})
        connection.execute(sa.text("DELETE FROM incidents WHERE id = ANY(:ids)"), {"ids": taken})
        connection.execute(sa.text("DELETE FROM sources WHERE id = :batch"), {"batch": batch})
        connection.execute(sa.text("DELETE FROM places WHERE id = ANY(:ids)"),
                           {"ids": [f["properties"][schema.ID] for f in leaving]})
        entry = new_entry("undo", batch, why, account.name, incident_ids=taken,
                          missing=len(done["incident_ids"]) - len(taken))
        write_audit(connection, entry)
        bump(connection, revision=False)
    return entry


def _kept(connection: Connection, batch: str) -> dict[str, bytes]:
    """The files an undo kept for a batch, by their role (incidents, sources, places)."""
    paths = undone_files(batch)
    found = dict(connection.execute(sa.text("SELECT path, content FROM stored_files WHERE path = ANY(:paths)"),
                                    {"paths": list(paths.values())}).all())
    if len(found) != len(paths):
        raise AtlasError(f"what undo took out of {batch} is not in the database; it cannot be redone")
    return {role: bytes(found[path]) for role, path in paths.items()}


def redo_database_batch(url: str, batch: str, why: str, acting: str | None) -> dict:
    """Put an undone import back in the team database exactly as it was; its audit entry."""
    with translated(url), require_current(url).begin() as connection:
        account = acting_account(connection, acting)
        require(account, permission_for("redo-import"))
        entries = lock_batches(connection)
        if batch_states(entries).get(batch) != UNDONE:
            raise AtlasError(f"no undone import {batch!r} to redo (see `python -m geo history`)")
        imported = last_import(entries, batch) or {}
        kept = _kept(connection, batch)
        rows = read_table_bytes(kept["incidents"], schema.INCIDENT_COLUMNS)
        copy_frame(connection, "sources", read_table_bytes(kept["sources"], SOURCE_TABLE_COLUMNS))
        features = read_feature_collection_bytes(kept["places"], batch)["features"]
        known = {row[0] for row in connection.execute(sa.text("SELECT id FROM places WHERE id = ANY(:ids)"),
                                                      {"ids": [f["properties"][schema.ID] for f in features]})}
        insert_places(connection, {"features": [f for f in features if f["properties"][schema.ID] not in known]})
        copy_frame(connection, "incidents", rows[list(schema.INCIDENT_COLUMNS)])
        if imported.get(schema.STATUS, schema.STATUS_PUBLISHED) != schema.STATUS_PUBLISHED:  # an editor's: in review
            connection.execute(sa.text("UPDATE incidents SET status = :review, status_by = :by WHERE id = ANY(:ids)"),
                               {"review": imported[schema.STATUS], "by": imported.get("by", ""),
                                "ids": list(rows[schema.ID])})
        connection.execute(sa.text("DELETE FROM stored_files WHERE path = ANY(:paths)"),
                           {"paths": list(undone_files(batch).values())})
        entry = new_entry("redo", batch, why, account.name, incident_ids=list(rows[schema.ID]))
        write_audit(connection, entry)
        bump(connection, revision=False)
    return entry
