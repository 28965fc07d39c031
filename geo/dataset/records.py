"""Records as they are now: the stored files plus the revisions not yet folded into them.

Every reader goes through `current_records`; the revision log's writer (`geo.dataset.curate`) reads single
records through `RecordBook`, which keeps the stored table in memory while its file is unchanged, so an edit on a
large dataset costs the revisions since the last fold, not a re-read of every row.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

import pandas as pd

from geo import config, schema
from geo.dataset.revisions import FROM_VERSION, Folded, folded_bytes, log_size, read_folded, read_revisions
from geo.dataset.stored import csv_bytes, incidents_path, read_curation, read_incidents_table
from geo.files.columnar import incidents_parquet_bytes
from geo.files.journal import commit

ISSUED_ID = re.compile(r"ia-(\d+)$")
CURATION_DEFAULTS = {schema.STATUS: schema.DEFAULT_STATUS, schema.STATUS_BY: "", schema.STATUS_AT: "",
                     schema.STATUS_WHY: "", schema.MERGED_INTO: "", schema.CLAIMS: "", schema.VERSION: "1"}


class Book(Protocol):
    """The records as they are now, read by a change while it is built."""

    revision: int

    def get(self, record_id: str) -> dict | None:
        """Every field of one record (contract and curation), or None."""

    def merged_into(self, survivor: str) -> list[str]:
        """The records merged into one (its aliases)."""

    def new_id(self) -> str:
        """An id never given before."""

    def latest_change(self, record_id: str) -> dict | None:
        """The latest revision that touched a record."""


@dataclass(frozen=True)
class Records:
    """The incidents (contract columns, text) and every record's curation state, as of revision `revision`."""

    incidents: pd.DataFrame
    curation: pd.DataFrame
    revision: int


def replay(revisions: Iterable[dict]) -> dict[str, dict | None]:
    """Per record the revisions touch: the fields they set (with its new version), or None when taken out."""
    state: dict[str, dict | None] = {}
    for revision in revisions:
        for record_id, change in revision["changes"].items():
            after = change["after"]
            if after is None:
                state[record_id] = None
                continue
            kept = state.get(record_id) or {}
            state[record_id] = {**kept, **after, schema.VERSION: str(int(change[FROM_VERSION]) + 1)}
    return state


def apply_state(incidents: pd.DataFrame, curation: pd.DataFrame, state: dict[str, dict | None]) -> Records:
    """New frames with the replayed state applied: fields changed, records added at the end, taken out dropped."""
    gone = {record_id for record_id, fields in state.items() if fields is None}
    changed = {record_id: fields for record_id, fields in state.items() if fields is not None}
    kept = incidents[~incidents[schema.ID].isin(gone)]
    known = set(kept[schema.ID])
    added = [record_id for record_id in changed if record_id not in known]
    rows = pd.DataFrame([{column: changed[r].get(column, "") for column in schema.INCIDENT_COLUMNS} | {
        schema.ID: r} for r in added], columns=list(schema.INCIDENT_COLUMNS))
    merged = pd.concat([kept, rows], ignore_index=True) if added else kept.reset_index(drop=True)
    updates = pd.DataFrame.from_dict({r: {c: v for c, v in f.items() if c in schema.EDITABLE_COLUMNS}
                                      for r, f in changed.items() if r in known}, orient="index")
    if not updates.empty:
        indexed = merged.set_index(schema.ID)
        indexed.update(updates)
        merged = indexed.reset_index()[list(schema.INCIDENT_COLUMNS)]
    table = curation.set_index(schema.ID)
    table = table.drop(index=[r for r in gone if r in table.index])
    fresh = pd.DataFrame.from_dict({r: {c: f[c] for c in CURATION_DEFAULTS if c in f} for r, f in changed.items()},
                                   orient="index", columns=list(CURATION_DEFAULTS))
    if not fresh.empty:
        table = fresh.combine_first(table)
    table = table.reindex(columns=list(CURATION_DEFAULTS)).rename_axis(schema.ID).reset_index()
    return Records(merged, table, 0)


def current_records(data_dir: Path) -> Records:
    """The records of a data directory now."""
    folded = read_folded(data_dir)
    tail = read_revisions(data_dir, folded.offset)
    records = apply_state(read_incidents_table(data_dir), read_curation(data_dir), replay(tail))
    return Records(records.incidents, records.curation, tail[-1]["rev"] if tail else folded.through)


def with_curation(frame: pd.DataFrame, curation: pd.DataFrame) -> pd.DataFrame:
    """The incidents with each record's curation columns (the defaults where it has none)."""
    table = curation.set_index(schema.ID).reindex(frame[schema.ID])
    columns = {column: table[column].fillna(default).to_numpy() for column, default in CURATION_DEFAULTS.items()}
    return frame.assign(**columns)


@functools.lru_cache(maxsize=2)
def _stored(path: str, stamp: tuple[int, int, int]) -> pd.DataFrame:
    """The stored incidents indexed by id, read once per version of the file (shared: never mutate)."""
    return read_incidents_table(Path(path).parent).set_index(schema.ID, drop=False)


def _stamp(path: Path) -> tuple[int, int, int]:
    """What changes when a file is replaced: inode, size, modification time."""
    status = path.stat()
    return status.st_ino, status.st_size, status.st_mtime_ns


class RecordBook:
    """Single records as they are now, for the writer (read under the lock, once per change)."""

    def __init__(self, data_dir: Path) -> None:
        self.data_dir = data_dir
        path = incidents_path(data_dir)
        self.stored = _stored(str(path), _stamp(path)) if path.is_file() else pd.DataFrame(
            columns=list(schema.INCIDENT_COLUMNS))
        self.folded = read_folded(data_dir)
        self.tail = read_revisions(data_dir, self.folded.offset)
        self.state = replay(self.tail)
        self.curation = read_curation(data_dir).set_index(schema.ID)
        self.revision = self.tail[-1]["rev"] if self.tail else self.folded.through

    def get(self, record_id: str) -> dict | None:
        """Every field of one record now (contract and curation), or None when there is no such record."""
        if record_id in self.state:
            replayed = self.state[record_id]
            if replayed is None:
                return None
        else:
            replayed = {}
        if record_id in self.stored.index:
            base = self.stored.loc[record_id].to_dict()
        elif replayed:
            base = {column: "" for column in schema.INCIDENT_COLUMNS}
        else:
            return None
        curation = self.curation.loc[record_id].to_dict() if record_id in self.curation.index else {}
        return {**CURATION_DEFAULTS, **base, **curation, **replayed, schema.ID: record_id}

    def merged_into(self, survivor: str) -> list[str]:
        """The records merged into one (its aliases), now."""
        folded = self.curation.index[self.curation[schema.MERGED_INTO] == survivor].tolist()
        replayed = [r for r, fields in self.state.items() if fields and fields.get(schema.MERGED_INTO) == survivor]
        later = {r for r, fields in self.state.items() if fields is None or schema.MERGED_INTO in fields}
        return sorted({r for r in folded if r not in later} | set(replayed))

    def revised_ids(self) -> set[str]:
        """The records any revision has touched (curated: an undo of their import would lose that work)."""
        folded = self.curation.index[self.curation[schema.VERSION].astype(str) != "1"]
        return set(folded) | set(self.state)

    def taken_ids(self) -> set[str]:
        """Every id in use: stored, folded, or in the revisions since."""
        return set(self.stored.index) | set(self.curation.index) | set(self.state)

    def new_id(self) -> str:
        """A new id, one past the highest 'ia-N' ever given (never one used before, even by a record taken out)."""
        return f"ia-{self.highest_issued() + 1:04d}"

    def latest_change(self, record_id: str) -> dict | None:
        """The latest revision that touched a record (the recent ones first, the whole log only if needed)."""
        for revisions in (self.tail, None):
            found = [r for r in (revisions if revisions is not None else read_revisions(self.data_dir))
                     if record_id in r["changes"]]
            if found:
                return found[-1]
        return None

    def highest_issued(self) -> int:
        """The highest 'ia-N' number ever given, also to records taken out since (ids are never given twice)."""
        numbers = [int(m.group(1)) for m in map(ISSUED_ID.match, self.taken_ids()) if m]
        return max(numbers + [self.folded.max_issued])


def non_default(curation: pd.DataFrame) -> pd.DataFrame:
    """The curation rows worth keeping in curation.csv: those that differ from the defaults."""
    filled = curation.fillna(CURATION_DEFAULTS)
    differs = pd.Series(False, index=filled.index)
    for column, default in CURATION_DEFAULTS.items():
        differs |= filled[column].astype(str) != default
    return filled[differs]


def fold(data_dir: Path) -> Folded:
    """Write the revisions since the last fold into the data files, all at once (lock held)."""
    records = current_records(data_dir)
    book = RecordBook(data_dir)
    marker = Folded(records.revision, log_size(data_dir), book.highest_issued())
    path = incidents_path(data_dir)
    table = incidents_parquet_bytes(records.incidents) if path.suffix == ".parquet" else csv_bytes(records.incidents)
    commit(data_dir, {path.name: table, config.CURATION_FILE: csv_bytes(non_default(records.curation)),
                      config.FOLDED_FILE: folded_bytes(marker)})
    return marker
