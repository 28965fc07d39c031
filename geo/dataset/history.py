"""The history of a record: every revision, undoing one (as a new revision), restoring an earlier state."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from geo import schema
from geo.dataset.curate import change_of, current
from geo.dataset.records import CURATION_DEFAULTS
from geo.dataset.revisions import FROM_VERSION
from geo.dataset.storage import Book, Changes, RecordStore, record_store
from geo.errors import RecordRefusedError

GONE_COLUMNS = (schema.ID, schema.STATUS, schema.MERGED_INTO, schema.STATUS_AT, schema.STATUS_BY, schema.STATUS_WHY)
RESTORABLE = schema.EDITABLE_COLUMNS + tuple(c for c in CURATION_DEFAULTS if c != schema.VERSION)


def record_history(target: Path | RecordStore, record_id: str) -> list[dict]:
    """Every revision of a record, oldest first: number, when, who, what, why and each field before and after."""
    rows = []
    for revision in record_store(target).revisions(record_id):
        change = revision["changes"][record_id]
        before, after = change["before"] or {}, change["after"] or {}
        fields = [(f, before.get(f, ""), after.get(f, "")) for f in dict.fromkeys([*after, *before])
                  if f != schema.ID and before.get(f, "") != after.get(f, "")]
        rows.append({"rev": revision["rev"], "at": revision["at"], "by": revision["by"], "action": revision["action"],
                     "why": revision["why"], "to_version": change[FROM_VERSION] + 1, "fields": fields,
                     "added": change["before"] is None, "taken_out": change["after"] is None})
    return rows


def _find(store: RecordStore, number: int) -> tuple[dict, list[dict]]:
    """A revision by number, and every revision after it."""
    revisions = store.revisions(from_rev=number)
    for index, revision in enumerate(revisions):
        if revision["rev"] == number:
            return revision, revisions[index + 1:]
    raise RecordRefusedError(f"no revision {number} in the log (see `python -m geo incident history ID`)")


def _overridden(record: dict | None, change: dict) -> bool:
    """True when what a change did is no longer in effect (a later revision changed the same fields)."""
    if change["after"] is None:
        return record is not None
    if record is None:
        return True
    return any(record.get(field, "") != value for field, value in change["after"].items() if field != schema.VERSION)


def undo_revision(target: Path | RecordStore, number: int, why: str, who: str | None = None) -> dict:
    """Undo one revision as a new revision, refused when what it did to a record was changed again since (other
    fields changed later, or a later change undone again, are no obstacle)."""
    store = record_store(target)
    target_revision, later = _find(store, number)

    def build(book: Book) -> Changes:
        changes = {}
        for record_id, change in target_revision["changes"].items():
            touching = [r for r in [target_revision, *later] if record_id in r["changes"]]
            if _overridden(book.get(record_id), change):
                newer = touching[-1]
                raise RecordRefusedError(f"{record_id} was changed again by revision {newer['rev']} "
                                         f"({newer['action']} by {newer['by']}); undo that first")
            changes[record_id] = {FROM_VERSION: touching[-1]["changes"][record_id][FROM_VERSION] + 1,
                                  "before": change["after"], "after": change["before"]}
        return changes

    return store.revise("undo", build, why or f"undo revision {number}", who, undoes=number)


def restore_revision(target: Path | RecordStore, record_id: str, number: int, why: str, who: str | None = None) -> dict:
    """Make a record as it was right after revision `number` (a new revision; later ones stay in its history)."""
    store = record_store(target)
    target_revision, later = _find(store, number)
    if record_id not in target_revision["changes"]:
        raise RecordRefusedError(f"revision {number} did not change {record_id} (see `incident history {record_id}`)")
    if target_revision["changes"][record_id]["after"] is None:
        raise RecordRefusedError(f"{record_id} was taken out by revision {number}; undo that revision instead")

    def build(book: Book) -> Changes:
        record = current(book, record_id, moving=True)
        state = dict(record)
        for revision in reversed([r for r in later if record_id in r["changes"]]):
            state.update(revision["changes"][record_id]["before"] or {})
        return {record_id: change_of(record, {f: state.get(f, "") for f in RESTORABLE
                                              if state.get(f, "") != record.get(f, "")} or {})}

    return store.revise("restore", build, why or f"restore revision {number}", who, restores=number)


def retracted_list(frame: pd.DataFrame) -> pd.DataFrame:
    """Every id no longer on the map, like ACLED's deletions list: retracted (when, by whom, why) and merged."""
    gone = frame[(frame[schema.STATUS] == schema.STATUS_RETRACTED) | (frame[schema.MERGED_INTO] != "")]
    return pd.DataFrame({column: gone[column] for column in GONE_COLUMNS})
