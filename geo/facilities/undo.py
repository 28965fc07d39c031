"""Taking a change to the facility register back. Each change's audit entry keeps the rows it removed and the rows
it added, table by table; undoing it takes the added rows out and puts the removed ones back, as a change of its own
(so an undo is undone the same way). It is refused while a later change has altered those rows (undo that one
first), and when it would leave a strike, a condition or a merge pointing at no facility."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from typing import NamedTuple

import pandas as pd

from geo import schema
from geo.facilities.changes import Change, FacilityError
from geo.facilities.register import FILES, Register

TABLE_COLUMNS = dict(zip(Register._fields, FILES.values(), strict=True))
KEYS = {"facilities": (schema.ID,), "strikes": (schema.INCIDENT_ID, schema.FACILITY_ID),
        "health_care": (schema.INCIDENT_ID,)}
TABLE_WORDS = {"facilities": "facilities", "conditions": "conditions", "strikes": "links to incidents",
               "health_care": "health-care figures"}
UNDO = "facility undo"


def _tuples(frame: pd.DataFrame, columns: tuple[str, ...]) -> list[tuple[str, ...]]:
    """A table's rows as tuples of text in the contract's column order."""
    return list(frame.reindex(columns=list(columns), fill_value="").fillna("").astype(str).itertuples(
        index=False, name=None))


def row_changes(before: Register, after: Register) -> dict:
    """The rows a change removed and added, per table it touched: what its audit entry keeps for an undo."""
    kept = {}
    for table, columns in TABLE_COLUMNS.items():
        old, new = Counter(_tuples(getattr(before, table), columns)), Counter(_tuples(getattr(after, table), columns))
        removed, added = list((old - new).elements()), list((new - old).elements())
        if removed or added:
            kept[table] = {"removed": [dict(zip(columns, r, strict=True)) for r in removed],
                           "added": [dict(zip(columns, r, strict=True)) for r in added]}
    return kept


class _Rows(NamedTuple):
    """How one table's rows are told apart: by content (a facility's version left out: an undo raises it, the
    content is what a change made) and by key (the row a restored one takes the place of)."""

    content: Callable[[tuple], tuple]
    key: Callable[[tuple], tuple]
    successor: Callable[[tuple, tuple], tuple]  # the restored row as it replaces a row of its key


def _rows_of(table: str) -> _Rows:
    """How the rows of one table are told apart."""
    columns = TABLE_COLUMNS[table]
    places = [columns.index(c) for c in KEYS.get(table, columns)]
    if table != "facilities":
        return _Rows(lambda row: row, lambda row: tuple(row[i] for i in places), lambda _old, new: new)
    at = columns.index(schema.VERSION)
    return _Rows(lambda row: row[:at] + ("",) + row[at + 1:], lambda row: tuple(row[i] for i in places),
                 lambda old, new: new[:at] + (str(int(old[at] or 0) + 1),) + new[at + 1:])


def _swapped(rows: list[tuple], taken_out: list[tuple], put_back: list[tuple], how: _Rows) -> list[tuple]:
    """The rows with each of `taken_out` removed (by content); a row put back takes the place of the removed row
    with its key (a facility's version raised above it, so a form read before the undo is stale), the others go at
    the end."""
    left, waiting, kept = Counter(how.content(row) for row in taken_out), {}, []
    for row in put_back:
        waiting.setdefault(how.key(row), []).append(row)
    for row in rows:
        if not left[how.content(row)]:
            kept.append(row)
            continue
        left[how.content(row)] -= 1
        if waiting.get(how.key(row)):
            kept.append(how.successor(row, waiting[how.key(row)].pop(0)))
    return kept + [row for rows_left in waiting.values() for row in rows_left]


def _table_undone(frame: pd.DataFrame, table: str, kept: dict, number: int) -> pd.DataFrame:
    """One table with a change's added rows taken out and its removed rows put back."""
    columns, how = TABLE_COLUMNS[table], _rows_of(table)
    rows = _tuples(frame, columns)
    added = [tuple(str(r.get(c, "")) for c in columns) for r in kept.get("added", [])]
    restored = [tuple(str(r.get(c, "")) for c in columns) for r in kept.get("removed", [])]
    if Counter(map(how.content, added)) - Counter(map(how.content, rows)):
        raise FacilityError(f"facility change {number} cannot be undone: a later change altered the "
                            f"{TABLE_WORDS[table]} it made; undo that change first; nothing was changed")
    left = _swapped(rows, added, restored, how)
    if table in KEYS and len({how.key(row) for row in left}) < len(left):
        raise FacilityError(f"facility change {number} cannot be undone: a later change added the same "
                            f"{TABLE_WORDS[table]}; undo that change first; nothing was changed")
    return pd.DataFrame(left, columns=list(columns))


def _refuse_dangling(register: Register, number: int) -> None:
    """Refuse an undo that leaves a strike, a condition or a merge pointing at a facility no longer there."""
    ids = set(register.facilities[schema.ID])
    pointing = (set(register.strikes[schema.FACILITY_ID]) | set(register.conditions[schema.FACILITY_ID])
                | set(register.facilities[schema.MERGED_INTO]) - {""})
    if pointing - ids:
        raise FacilityError(f"facility change {number} cannot be undone: later changes link incidents, conditions "
                            f"or a merge to {sorted(pointing - ids)[0]!r}, which it added; undo those first; "
                            "nothing was changed")


def in_force(entries: list[dict]) -> dict[int, bool]:
    """Whether each numbered facility change is in force: an undo takes its change out, an undo of that undo puts
    it back, and so on down the chain."""
    force: dict[int, bool] = {}
    undoes = {e["change"]: e["undoes"] for e in entries if "change" in e and "undoes" in e}
    for entry in entries:
        if "change" not in entry:
            continue
        force[entry["change"]] = True
        target = entry.get("undoes")
        while target is not None:
            force[target] = not force.get(target, True)
            target = undoes.get(target)
    return force


def undoing(register: Register, entries: list[dict], number: int) -> Change:
    """The register with facility change `number` (of the audit's facility entries) taken back."""
    entry = next((e for e in entries if e.get("change") == number), None)
    if entry is None:
        raise FacilityError(f"no facility change number {number} (see `python -m geo facilities changes`)")
    if not in_force(entries).get(number, True):
        later = [e["change"] for e in entries if e.get("undoes") == number][-1]
        raise FacilityError(f"facility change {number} was already undone by change {later}; undo that one to "
                            "put it back")
    kept = entry.get("rows") or {}
    if not kept:
        raise FacilityError(f"facility change {number} ({entry.get('action')}) keeps no rows to put back: it was "
                            "made before changes could be undone")
    tables = {table: _table_undone(getattr(register, table), table, kept[table], number) if table in kept
              else getattr(register, table) for table in TABLE_COLUMNS}
    after = Register(**tables)
    _refuse_dangling(after, number)
    return Change(after, UNDO, {schema.FACILITY_ID: entry.get(schema.FACILITY_ID, ""), "undoes": number,
                                "undone": entry.get("action", "")}, str(number))


def expecting(register: Register, facility_id: str, version: int | None) -> None:
    """Refuse a change made from a facility as it was at an older version (someone changed it since)."""
    if version is None:
        return
    rows = register.facilities.loc[register.facilities[schema.ID] == facility_id, schema.VERSION]
    if len(rows) and str(rows.iloc[0]) != str(version):
        raise FacilityError(f"facility {facility_id!r} is at version {rows.iloc[0]}, not {version}: someone changed "
                            "it since you read it; nothing was changed (read it again)")
