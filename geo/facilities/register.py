"""The facility register of a data folder: facilities, their condition over time, the strikes linked to them and
the health-care figures of incidents, read as frames and written back as one atomic change with its audit entry."""

from __future__ import annotations

import io
from pathlib import Path
from typing import NamedTuple

import pandas as pd

from geo import schema
from geo.dataset.audit import AUDIT_FILE, audit_bytes, new_entry, read_audit
from geo.errors import StoreBusyError
from geo.files.journal import commit, folder_lock
from geo.files.tables import read_table

FACILITIES_FILE, CONDITIONS_FILE = "facilities.csv", "facility_conditions.csv"
STRIKES_FILE, HEALTH_CARE_FILE = "facility_strikes.csv", "health_care.csv"
FACILITY_ACTION = "facility "  # how every facility change's audit action begins
FILES = {FACILITIES_FILE: schema.FACILITY_COLUMNS, CONDITIONS_FILE: schema.CONDITION_COLUMNS,
         STRIKES_FILE: schema.STRIKE_COLUMNS, HEALTH_CARE_FILE: schema.HEALTH_CARE_COLUMNS}


class Register(NamedTuple):
    """A data folder's facility tables (each a frame of text columns; empty when its file is absent)."""

    facilities: pd.DataFrame
    conditions: pd.DataFrame
    strikes: pd.DataFrame
    health_care: pd.DataFrame


def empty_register() -> Register:
    """A register with no rows."""
    return Register(*(pd.DataFrame(columns=list(columns)) for columns in FILES.values()))


def _read(path: Path, columns: tuple[str, ...]) -> pd.DataFrame:
    """One table with exactly its columns (missing ones empty), or an empty one when the file is absent."""
    if not path.is_file():
        return pd.DataFrame(columns=list(columns))
    frame = read_table(path).fillna("").astype(str)
    return frame.reindex(columns=list(columns), fill_value="")


def read_register(data_dir: Path) -> Register:
    """The register of a data folder."""
    return Register(*(_read(Path(data_dir) / name, columns) for name, columns in FILES.items()))


def _csv_bytes(frame: pd.DataFrame, columns: tuple[str, ...]) -> bytes:
    """A table as UTF-8 CSV bytes in its contract's column order."""
    buffer = io.StringIO()
    frame.reindex(columns=list(columns), fill_value="").to_csv(buffer, index=False)
    return buffer.getvalue().encode("utf-8")


def same_register(first: Register, second: Register) -> bool:
    """Whether two registers hold the same rows."""
    return all(a.reset_index(drop=True).equals(b.reset_index(drop=True)) for a, b in zip(first, second, strict=True))


def facility_entries(entries: list[dict]) -> list[dict]:
    """The audit entries of changes to the facility register, oldest first."""
    return [entry for entry in entries if str(entry.get("action", "")).startswith(FACILITY_ACTION)]


def entries_about(entries: list[dict], facility_id: str) -> list[dict]:
    """The entries about one facility: its own changes and merges into it."""
    return [entry for entry in entries if facility_id in (entry.get(schema.FACILITY_ID), entry.get("into"))]


def save_register(data_dir: Path, was: Register, becomes: Register, action: str, why: str, who: str | None,
                  **details) -> None:
    """Write the tables that changed and one audit entry, numbered among the facility changes, as one atomic
    change (the folder's lock held)."""
    data_dir = Path(data_dir)
    with folder_lock(data_dir):
        if not same_register(read_register(data_dir), was):
            raise StoreBusyError(f"{data_dir}: the facility register changed while this change was prepared; "
                                 "nothing was changed, try again")
        write = {name: _csv_bytes(new, FILES[name]) for name, old, new in zip(FILES, was, becomes, strict=True)
                 if not new.equals(old)}
        number = 1 + len(facility_entries(read_audit(data_dir)))
        write[AUDIT_FILE] = audit_bytes(data_dir, new_entry(action, "", why, who, **details, change=number))
        commit(data_dir, write)
