"""Duplicate candidates in the team database, offered as the data directory offers them (geo.dataset.duplicates): the
same k-d tree pairs the eligible records by their numbers alone (point, dates, precision, type, read from the map's
derived rows), then only the records in pairs are read in full and scored, so both backends offer the same pairs
with the same scores. Decisions ("not the same event") are a reviewer's, kept as the folder keeps them (its decisions
file, among the stored files), so `db pull` gives the folder's file.

`mark_distinct_to` and `candidates_of` take either target (a data folder or a PostgisStore).
"""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import numpy as np
import pandas as pd
import sqlalchemy as sa
from sqlalchemy.engine import Connection

from geo import config, schema
from geo.database.accounts import acting_account
from geo.database.connection import require_current, translated
from geo.database.map_queries import Where, filter_where, records, source_rows
from geo.database.mapview import typed_records
from geo.database.records import PostgisStore, bump
from geo.dataset.duplicates import (
    DISTINCT,
    Window,
    check_pair,
    decided_pairs,
    distinct_decision,
    distinct_pairs,
    duplicate_candidates,
    mark_distinct,
    near_pairs,
    refuse_too_many,
    scored_pairs,
)
from geo.dataset.load import load_incidents
from geo.dataset.query import IncidentFilter, filter_incidents
from geo.dataset.roles import permission_for, require

Target = Path | PostgisStore
ELIGIBLE = (f"NOT merged AND status <> {schema.REVIEW_STATUSES.index(schema.STATUS_RETRACTED)} AND during IS NOT NULL "
            "AND x IS NOT NULL AND draw <> 0")
NEAR_COLUMNS = (schema.ID, schema.X, schema.Y, schema.START, schema.END, schema.GEO_PRECISION, schema.TYPE,
                schema.PLACE_ID)


def _narrowed(chosen: IncidentFilter | None) -> IncidentFilter | None:
    """A filter's dates, types, governorates and the like, over records of every review status (drafts and
    records in review are the likeliest duplicates; retracted ones never are)."""
    return replace(chosen, statuses=schema.REVIEW_STATUSES) if chosen else None


def _eligible(connection: Connection, chosen: IncidentFilter | None) -> pd.DataFrame:
    """Where and when each record that can be a duplicate (within the filter) is, read from the map's derived rows,
    nothing else."""
    where = filter_where(chosen) if chosen else Where("true", {}, "true")
    refuse_too_many(connection.execute(sa.text(f"SELECT count(*) FROM incident_map WHERE {ELIGIBLE} AND "
                                                f"{where.clause}"), where.values).scalar_one())
    rows = connection.execute(sa.text("SELECT id, x, y, lower(during), upper(during) - 1, geo_precision, type_code, "
                                      f"place_id FROM incident_map WHERE {ELIGIBLE} AND {where.clause} "
                                      "ORDER BY position"), where.values).all()
    frame = pd.DataFrame([tuple(r) for r in rows], columns=list(NEAR_COLUMNS))
    names = np.array([*schema.INCIDENT_TYPES, ""], dtype=object)
    return frame.assign(**{schema.START: pd.to_datetime(frame[schema.START]), schema.END:
                           pd.to_datetime(frame[schema.END]), schema.TYPE: names[frame[schema.TYPE].to_numpy(int)]})


def candidate_pairs(connection: Connection, window: Window, chosen: IncidentFilter | None = None) -> list[tuple]:
    """The id pairs (within the filter) that meet the window: the data folder's own k-d tree, over the numbers of
    the eligible records only (their text is read later, for the records in pairs alone)."""
    return near_pairs(_eligible(connection, _narrowed(chosen)), window)


def _decided(connection: Connection) -> set[tuple[str, str]]:
    """The pairs the team's decisions file judges not to be the same event."""
    content = connection.execute(sa.text("SELECT content FROM stored_files WHERE path = :path"),
                                 {"path": config.DECISIONS_FILE}).scalar()
    lines = bytes(content).decode("utf-8").splitlines() if content is not None else []
    return distinct_pairs([json.loads(line) for line in lines if line.strip()])


def database_candidates(url: str, window: Window,
                        chosen: IncidentFilter | None = None) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Ranked candidate pairs of the team's records (within the filter), undecided ones only, and the records they
    name (typed as load_incidents types them), from one snapshot."""
    engine = require_current(url).execution_options(isolation_level="REPEATABLE READ")
    with translated(url), engine.connect() as connection:
        pairs = candidate_pairs(connection, window, chosen)
        named = sorted({record_id for pair in pairs for record_id in pair})
        raw = records(connection, Where("id = ANY(:ids)", {"ids": named}, "true"))
        frame = typed_records(connection, raw, source_rows(connection))[0]
        decided = _decided(connection)
    return scored_pairs(frame, pairs, window, decided), frame


def _mark_in_database(store: PostgisStore, first: str, second: str, why: str) -> dict:
    """Append one decision to the team's decisions file, as a reviewer, in one transaction."""
    with translated(store.url), require_current(store.url).begin() as connection:
        account = acting_account(connection, store.acting)
        require(account, permission_for(DISTINCT))
        known = set(connection.execute(sa.text("SELECT id FROM incidents WHERE id IN (:first, :second)"),
                                       {"first": first, "second": second}).scalars())
        check_pair(first, second, known, "the team's data")
        decision = distinct_decision(first, second, why, account.name)
        line = (json.dumps(decision, ensure_ascii=False) + "\n").encode("utf-8")
        connection.execute(sa.text("INSERT INTO stored_files (path, content) VALUES (:path, :content) ON CONFLICT "
                                   "(path) DO UPDATE SET content = stored_files.content || EXCLUDED.content"),
                           {"path": config.DECISIONS_FILE, "content": line})
        bump(connection, revision=False)
    return decision


def mark_distinct_to(target: Target, first: str, second: str, why: str, who: str | None) -> dict:
    """Remember that two records are not the same event, in a data folder or the team database."""
    if isinstance(target, Path):
        return mark_distinct(target, first, second, why, who)
    return _mark_in_database(target, first, second, why)


def candidates_of(target: Target, window: Window,
                  chosen: IncidentFilter | None = None) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Ranked undecided candidate pairs (within the filter) and the records they name, from a data folder or the
    team database."""
    if isinstance(target, Path):
        return folder_candidates(load_incidents(target), window, decided_pairs(target), chosen)
    return database_candidates(target.url, window, chosen)


def folder_pairs(data_dir: str, chosen: IncidentFilter | None, days: int,
                 km: float) -> tuple[pd.DataFrame, pd.DataFrame]:
    """folder_candidates of a data folder's records as they are now (module-level, for a worker process)."""
    from geo.dataset.duplicates import decided_pairs
    from geo.dataset.load import load_incidents

    return folder_candidates(load_incidents(Path(data_dir)), Window(days, km), decided_pairs(Path(data_dir)), chosen)


def team_pairs(url: str, chosen: IncidentFilter | None, days: int, km: float) -> tuple[pd.DataFrame, pd.DataFrame]:
    """database_candidates with the window as plain numbers (module-level, for a worker process)."""
    return database_candidates(url, Window(days, km), chosen)


def folder_candidates(frame: pd.DataFrame, window: Window, decided: set[tuple[str, str]],
                      chosen: IncidentFilter | None = None) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Ranked undecided candidate pairs among loaded records (within the filter) and those records."""
    kept = filter_incidents(frame, _narrowed(chosen)) if chosen else frame
    return duplicate_candidates(kept, window, decided), kept
