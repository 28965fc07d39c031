"""Imports into the team database: planned against what it holds, written in one transaction, all or nothing.

The plan is the data directory's (`geo.imports.plan.plan_rows`): the same readers, mappings, row checks and
duplicate keys. The commit inserts the source, the gazetteer places the rows use that the data lacks, every row
(COPY), the originals and the audit entry in one transaction: a refusal, a kill or a lost connection at any point
leaves the database as it was.
"""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import sqlalchemy as sa
from sqlalchemy.engine import Connection

from geo import schema
from geo.database.accounts import acting_account
from geo.database.batches import lock_batches
from geo.database.connection import require_current, translated
from geo.database.gazetteer_additions import team_gazetteer
from geo.database.mapview import named_places
from geo.database.records import bump, write_audit
from geo.database.transfer import copy_frame, insert_places
from geo.dataset.audit import batch_states, new_entry, next_batch_id
from geo.dataset.places import place_feature
from geo.dataset.roles import EDIT, imported_status, require
from geo.dataset.store import DOCUMENTS_DIR, ORIGINALS_DIR, inside
from geo.dataset.validate import check_incidents
from geo.errors import AtlasError, DataValidationError
from geo.files.journal import fault_point
from geo.gazetteer.lookup import Gazetteer
from geo.imports.mapping import Mapping
from geo.imports.plan import ImportPlan, plan_rows, preview_with

KEY_COLUMNS = (schema.ID, schema.DATE_START, schema.DATE_END, schema.PLACE_ID, schema.LAT, schema.LON, schema.TYPE)


def _states(connection: Connection) -> dict[str, str]:
    """Each import batch's state after the database's audit log."""
    return batch_states([row[0] for row in connection.execute(sa.text(
        "SELECT body FROM audit WHERE action IN ('import', 'undo', 'redo') ORDER BY number"))])


def preview_database_import(url: str, plan: ImportPlan, gazetteer: Gazetteer) -> tuple:
    """(incidents, places, sources) for a preview map of a plan's accepted rows: the places the database holds and
    the gazetteer's for those it lacks."""
    accepted = plan.result.accepted
    named = set(accepted[schema.PLACE_ID]) | set(accepted[schema.ORIGIN_PLACE_ID]) \
        | set(accepted[schema.DESTINATION_PLACE_ID])
    with translated(url), require_current(url).connect() as connection:
        places = named_places(connection, named)
    return preview_with(places, gazetteer, accepted, plan.source)


def plan_database_import(url: str, raw: bytes, name: str, mapping: Mapping | None = None,
                         keep_duplicates: bool = False) -> tuple[ImportPlan, Gazetteer]:
    """Read and normalise a file against the team database; nothing is written."""
    with translated(url), require_current(url).connect() as connection:
        rows = connection.execute(sa.text(f"SELECT {', '.join(KEY_COLUMNS)} FROM incidents")).all()
        stored = pd.DataFrame([tuple(r) for r in rows], columns=list(KEY_COLUMNS), dtype=object)
        states, gazetteer = _states(connection), team_gazetteer(connection)
    return plan_rows(raw, name, mapping, keep_duplicates, stored, gazetteer,
                     lambda wanted: next_batch_id(states, wanted)), gazetteer


def plan_team_import(url: str, raw: bytes, name: str, mapping: Mapping | None = None,
                     keep_duplicates: bool = False) -> ImportPlan:
    """The plan alone of plan_database_import (a module-level function, so a worker process can run it)."""
    return plan_database_import(url, raw, name, mapping, keep_duplicates)[0]


def _new_places(connection: Connection, accepted: pd.DataFrame, gazetteer: Gazetteer, batch: str) -> list[dict]:
    """The gazetteer places the rows use that the database lacks, citing the import."""
    used = sorted(set(accepted[schema.PLACE_ID]) - {""})
    known = {row[0] for row in connection.execute(sa.text("SELECT id FROM places WHERE id = ANY(:ids)"),
                                                  {"ids": used})}
    return [place_feature(gazetteer.places[p], [batch]) for p in used if p not in known and p in gazetteer.places]


def _checked(connection: Connection, accepted: pd.DataFrame, added: list[dict], batch: str) -> None:
    """Refuse (nothing written) when a row breaks the contract against the places and sources there will be."""
    places = set(accepted[schema.PLACE_ID]) | set(accepted[schema.ORIGIN_PLACE_ID]) \
        | set(accepted[schema.DESTINATION_PLACE_ID])
    known = {row[0] for row in connection.execute(sa.text("SELECT id FROM places WHERE id = ANY(:ids)"),
                                                  {"ids": sorted(places - {""})})}
    problems = check_incidents(accepted, known | {f["properties"][schema.ID] for f in added}, {batch})
    if problems:
        raise DataValidationError(problems)


def commit_database_import(url: str, plan: ImportPlan, gazetteer: Gazetteer, why: str, acting: str | None) -> dict:
    """Write a planned import in one transaction, as the acting account (an editor at least); its audit entry."""
    return save_database_import(url, plan.result.accepted, plan.result.originals, plan.source, gazetteer, why, acting)


def database_batch_id(url: str, wanted: str) -> str:
    """The batch (source) id for a new import: the wanted one, or after an undo the same with '-2', '-3'..."""
    with translated(url), require_current(url).connect() as connection:
        return next_batch_id(_states(connection), wanted)


def save_database_import(url: str, rows: pd.DataFrame, originals: list[dict], source: dict, gazetteer: Gazetteer,
                         why: str, acting: str | None, document_text: str | None = None) -> dict:
    """Write imported rows, their source, the places they use, their originals (and a document's text) in one
    transaction, as the acting account (an editor at least); its audit entry."""
    accepted = rows[list(schema.INCIDENT_COLUMNS)]
    if accepted.empty:
        raise AtlasError("nothing to import: every row was rejected")
    batch = source[schema.ID]
    with translated(url), require_current(url).begin() as connection:
        account = acting_account(connection, acting)
        require(account, EDIT)
        held = connection.execute(sa.text("SELECT count(*) FROM sources WHERE id = :batch"),
                                  {"batch": batch}).scalar_one()
        if held or batch in batch_states(lock_batches(connection)):
            raise AtlasError(f"batch {batch} was imported before; nothing was changed")
        added = _new_places(connection, accepted, gazetteer, batch)
        _checked(connection, accepted, added, batch)
        copy_frame(connection, "sources", pd.DataFrame([source]).reindex(
            columns=list(schema.SOURCE_COLUMNS + schema.SOURCE_OPTIONAL_COLUMNS)).fillna(""))
        insert_places(connection, {"features": added})
        copy_frame(connection, "incidents", accepted)
        status = imported_status(account)
        if status != schema.STATUS_PUBLISHED:
            connection.execute(sa.text("UPDATE incidents SET status = :review, status_by = :by, status_why = :why "
                                       "WHERE id = ANY(:ids)"),
                               {"review": status, "by": account.name, "ids": list(accepted[schema.ID]),
                                "why": f"imported by {account.name}, an {account.role}: waits for a reviewer"})
        fault_point("import:rows-written")
        kept = {inside(ORIGINALS_DIR, batch, ".jsonl"): "".join(json.dumps(o, ensure_ascii=False) + "\n"
                                                                 for o in originals)}
        if document_text is not None:
            kept[inside(DOCUMENTS_DIR, Path(source[schema.DOCUMENT]).stem, ".txt")] = document_text
        connection.execute(sa.text("INSERT INTO stored_files (path, content) VALUES (:path, :content)"),
                           [{"path": path, "content": text.encode("utf-8")} for path, text in kept.items()])
        entry = new_entry("import", batch, why, account.name, file=source.get(schema.NOTES, ""),
                          incident_ids=list(accepted[schema.ID]), status=status,
                          added_places=[f["properties"][schema.ID] for f in added])
        write_audit(connection, entry)
        bump(connection, revision=False)
    return entry
