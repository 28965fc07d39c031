"""Record-level changes in the team database: each one transaction with its revision and audit rows.

The records a change reads are locked (`SELECT ... FOR UPDATE`) while it is built, so two editors of one record
are served one after the other: the second sees the first's version, and a change made from a stale read is
refused naming the newer one. Every write also bumps the dataset's version (the key every cache is kept under)
and takes the next revision number, both at the end of the transaction, so revisions are numbered in commit order.
"""

from __future__ import annotations

import json
from collections.abc import Callable

import pandas as pd
import sqlalchemy as sa
from sqlalchemy.engine import Connection

from geo import schema
from geo.database.accounts import acting_account
from geo.database.connection import require_current, translated
from geo.dataset.audit import new_entry
from geo.dataset.checks import check_records, referenced_ids
from geo.dataset.records import Book
from geo.dataset.revisions import FROM_VERSION, new_revision
from geo.dataset.roles import permission_for, require
from geo.dataset.storage import Changes
from geo.dataset.validate import check_sources
from geo.errors import RecordRefusedError, StaleRecordError

WRITABLE = tuple(c for c in schema.RECORD_COLUMNS if c != schema.VERSION)  # a change sets the version itself
SELECTED = ", ".join(schema.RECORD_COLUMNS)
Run = Callable[[str, dict], list]


class PostgisBook:
    """The records as they are now in the database; read inside a change they are locked until it commits."""

    def __init__(self, run: Run, lock: bool) -> None:
        self.run, self.lock = run, " FOR UPDATE" if lock else ""
        self.read: dict[str, dict | None] = {}

    @property
    def revision(self) -> int:
        """The number of the latest revision."""
        return int(self.run("SELECT revision FROM dataset_state", {})[0][0])

    def get(self, record_id: str) -> dict | None:
        """Every field of one record (contract and curation, as text), or None."""
        if record_id not in self.read:
            rows = self.run(f"SELECT {SELECTED} FROM incidents WHERE id = :record{self.lock}", {"record": record_id})
            self.read[record_id] = {**dict(rows[0]._mapping), schema.VERSION: str(rows[0].version)} if rows else None
        found = self.read[record_id]
        return dict(found) if found is not None else None

    def merged_into(self, survivor: str) -> list[str]:
        """The records merged into one (its aliases)."""
        rows = self.run(f"SELECT id FROM incidents WHERE merged_into = :record ORDER BY id{self.lock}",
                        {"record": survivor})
        return [row[0] for row in rows]

    def new_id(self) -> str:
        """An id never given before (a sequence: a rolled-back change leaves a gap, never a second use)."""
        return f"ia-{int(self.run('SELECT nextval(' + repr('incident_number') + ')', {})[0][0]):04d}"

    def latest_change(self, record_id: str) -> dict | None:
        """The latest revision that touched a record."""
        rows = self.run("SELECT body FROM revisions WHERE :record = ANY(record_ids) ORDER BY rev DESC LIMIT 1",
                        {"record": record_id})
        return rows[0][0] if rows else None


def _runner(connection: Connection) -> Run:
    """Statements run on one connection, their rows returned."""
    def run(statement: str, parameters: dict) -> list:
        result = connection.execute(sa.text(statement), parameters)
        return result.all() if result.returns_rows else []
    return run


def _existing(connection: Connection, table: str, wanted: set[str]) -> set[str]:
    """Which of the wanted ids the table holds."""
    if not wanted:
        return set()
    rows = connection.execute(sa.text(f"SELECT id FROM {table} WHERE id = ANY(:ids)"), {"ids": sorted(wanted)})
    return {row[0] for row in rows}


def _apply(connection: Connection, record_id: str, change: dict) -> None:
    """Write one record's change, refused as stale unless the record is still at the version it was made from."""
    after, version = change["after"], int(change[FROM_VERSION])
    unknown = set(after or {}) - set(WRITABLE)
    if unknown:
        raise RecordRefusedError(f"{', '.join(sorted(unknown))}: not a field of a record; nothing was changed")
    if after is None:
        result = connection.execute(sa.text("DELETE FROM incidents WHERE id = :record AND version = :seen"),
                                    {"record": record_id, "seen": version})
    elif change["before"] is None:
        columns = [c for c in WRITABLE if c in after]
        result = connection.execute(sa.text(
            f"INSERT INTO incidents ({', '.join(columns)}, version) VALUES "
            f"({', '.join(':' + c for c in columns)}, :next) ON CONFLICT (id) DO NOTHING"),
            {**{c: after[c] for c in columns}, "next": version + 1})
    else:
        assignments = ", ".join(f"{c} = :{c}" for c in after)
        result = connection.execute(sa.text(f"UPDATE incidents SET {assignments}, version = :next "
                                            "WHERE id = :record AND version = :seen"),
                                    {**after, "record": record_id, "seen": version, "next": version + 1})
    if result.rowcount != 1:
        raise StaleRecordError(f"{record_id} was changed by someone else while this change was made (it was at "
                               f"version {version}); nothing was changed, reload it and try again")


def bump(connection: Connection, revision: bool) -> int:
    """Bump the dataset's version (and, for a revision, take its number); the new number."""
    statement = ("UPDATE dataset_state SET version = version + 1, revision = revision + 1 RETURNING revision"
                 if revision else "UPDATE dataset_state SET version = version + 1 RETURNING version")
    return int(connection.execute(sa.text(statement)).scalar_one())


def keep_files(connection: Connection, files: dict[str, bytes]) -> None:
    """Store (or replace) files as the data directory would hold them, among the stored files."""
    connection.execute(sa.text("INSERT INTO stored_files (path, content) VALUES (:path, :content) ON CONFLICT (path) "
                               "DO UPDATE SET content = EXCLUDED.content"),
                       [{"path": path, "content": content} for path, content in files.items()])


def write_audit(connection: Connection, entry: dict) -> None:
    """Append one audit entry (and bump the dataset's version)."""
    connection.execute(sa.text("INSERT INTO audit (at, by, action, batch, body) VALUES (:at, :by, :action, "
                               ":batch, :body)"),
                       {"at": entry["at"], "by": entry["by"], "action": entry["action"],
                        "batch": entry.get("batch", ""), "body": json.dumps(entry, ensure_ascii=False)})


def _add_source(connection: Connection, source: dict, why: str, who: str) -> None:
    """Insert a new source, checked against the contract, with its audit entry."""
    row = {column: str(source.get(column, "")).strip() for column in schema.SOURCE_COLUMNS}
    problems = check_sources(pd.DataFrame([row]))
    if problems:
        raise RecordRefusedError(f"the new source: {problems[0]}; nothing was changed")
    inserted = connection.execute(sa.text(
        f"INSERT INTO sources ({', '.join(row)}) VALUES ({', '.join(':' + c for c in row)}) "
        "ON CONFLICT (id) DO NOTHING"), row)
    if inserted.rowcount != 1:
        raise RecordRefusedError(f"a source {row[schema.ID]!r} is already in the data; choose it instead")
    write_audit(connection, new_entry("source", "", why, who, source_id=row[schema.ID]))


def place_row(feature: dict) -> dict:
    """A places row's values from a GeoJSON feature (bound by column name; its geometry as GeoJSON text)."""
    properties = feature["properties"]
    return {**{column: properties.get(column) or "" for column in (schema.ID, schema.NAME, schema.KIND,
                                                                   schema.ADMIN1)},
            "properties": json.dumps(properties, ensure_ascii=False),
            "geometry": json.dumps(feature["geometry"]) if feature.get("geometry") else None}


def _add_place(connection: Connection, feature: dict, records: list[str], who: str) -> None:
    """Insert a gazetteer place a record made by hand uses, unless the data has it already."""
    properties = feature["properties"]
    inserted = connection.execute(sa.text(
        "INSERT INTO places (id, name, kind, admin1, properties, geom) VALUES (:id, :name, :kind, :admin1, "
        ":properties, ST_SetSRID(ST_GeomFromGeoJSON(:geometry), 4326)) ON CONFLICT (id) DO NOTHING"),
        place_row(feature))
    if inserted.rowcount == 1:
        write_audit(connection, new_entry("place", "", f"used by {', '.join(records)}", who,
                                          added_places=[properties[schema.ID]]))


class PostgisStore:
    """Records in the team database, changed as the named account (its role enforced on every change)."""

    def __init__(self, url: str, acting: str | None = None) -> None:
        self.url, self.acting = url, acting
        self.engine = require_current(url)

    def revise(self, action: str, build: Callable[[Book], Changes], why: str, who: str | None,
               place: dict | None = None, source: dict | None = None, **details) -> dict:
        """Build, check and write a change and its revision in one transaction, as the acting account."""
        with translated(self.url), self.engine.begin() as connection:
            account = acting_account(connection, self.acting or who)
            book = PostgisBook(_runner(connection), lock=True)
            changes = build(book)
            require(account, permission_for(action, changes, {record_id: (book.get(record_id) or {}).get(
                schema.STATUS, "") for record_id in changes}))
            places, sources = referenced_ids(book, changes)
            check_records(book, changes,
                          _existing(connection, "places", places) | ({place["properties"][schema.ID]} if place
                                                                     else set()),
                          _existing(connection, "sources", sources) | ({source[schema.ID]} if source else set()))
            if source:
                _add_source(connection, source, why, account.name)
            if place:
                _add_place(connection, place, list(changes), account.name)
            for record_id, change in changes.items():
                _apply(connection, record_id, change)
            revision = new_revision(bump(connection, revision=True), action, changes, why, account.name, **details)
            connection.execute(sa.text("INSERT INTO revisions (rev, at, by, action, record_ids, body) VALUES "
                                       "(:rev, :at, :by, :action, :records, :body)"),
                               {"rev": revision["rev"], "at": revision["at"], "by": revision["by"],
                                "action": action, "records": list(changes),
                                "body": json.dumps(revision, ensure_ascii=False, sort_keys=True)})
        return revision

    def revisions(self, record_id: str | None = None, from_rev: int = 0) -> list[dict]:
        """The revisions (of one record, or all) numbered from_rev or later, oldest first."""
        with translated(self.url), self.engine.connect() as connection:
            rows = connection.execute(sa.text(
                "SELECT body FROM revisions WHERE rev >= :first_rev AND (CAST(:record AS text) IS NULL "
                "OR :record = ANY(record_ids)) ORDER BY rev"), {"first_rev": from_rev, "record": record_id})
            return [row[0] for row in rows]

    def book(self) -> PostgisBook:
        """The records now, each read when asked for (no lock)."""
        def run(statement: str, parameters: dict) -> list:
            with translated(self.url), self.engine.connect() as connection:
                return _runner(connection)(statement, parameters)
        return PostgisBook(run, lock=False)
