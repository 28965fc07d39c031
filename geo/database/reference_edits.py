"""Corrections to a place or a source in the team database, one transaction each, with the same fields, checks,
numbering and audit entries as the data directory's (geo.dataset.reference_edits). A place moved or re-kinded
redraws the records that use it in the same transaction (their map rows are derived again).

`edit_reference`, `undo_reference` and `reference_state` take either target (a data folder or a PostgisStore),
so a page or a command calls one function whatever the backend.
"""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import sqlalchemy as sa
from sqlalchemy.engine import Connection

from geo import config, schema
from geo.database.accounts import acting_account
from geo.database.connection import require_current, translated
from geo.database.records import PostgisStore, bump, place_row, write_audit
from geo.dataset.audit import new_entry, read_audit
from geo.dataset.places import place_problems
from geo.dataset.reference_edits import (
    EDIT_PLACE,
    EDIT_SOURCE,
    PLACE_FIELDS,
    SOURCE_FIELDS,
    changes_of,
    edit_place,
    edit_source,
    place_values,
    refuse_unknown,
    undo_reference_edit,
    values_of,
    with_values,
)
from geo.dataset.roles import EDIT, require
from geo.dataset.validate import check_sources
from geo.errors import DataValidationError, RecordRefusedError

Target = Path | PostgisStore


def _place(connection: Connection, place_id: str, lock: bool = False) -> dict | None:
    """A place as a GeoJSON feature (locked until the transaction ends, when it is to be changed)."""
    row = connection.execute(sa.text("SELECT properties, ST_AsGeoJSON(geom, 15) FROM places WHERE id = :place"
                                     + (" FOR UPDATE" if lock else "")), {"place": place_id}).first()
    return {schema.GEOJSON_TYPE: "Feature", "properties": row[0], "geometry": json.loads(row[1]) if row[1] else None} \
        if row else None


def _write_place(connection: Connection, place_id: str, fields: dict, expect: dict | None) -> tuple[dict, dict]:
    """Set fields of one place, checked as places.geojson is, and derive its records' map rows again."""
    feature = _place(connection, place_id, lock=True)
    if feature is None:
        raise RecordRefusedError(f"no place {place_id!r} in the team's data")
    before, after = changes_of(place_values(feature), fields, place_id, expect)
    try:
        changed = with_values(feature, after)
    except ValueError:
        raise RecordRefusedError(f"{place_id}: latitude and longitude must be decimal degrees") from None
    sources = set(connection.execute(sa.text("SELECT id FROM sources")).scalars())
    problems = place_problems({"features": [changed]}, sources, config.PLACES_FILE)
    if problems:
        raise DataValidationError(problems)
    connection.execute(sa.text("UPDATE places SET name = :name, kind = :kind, admin1 = :admin1, properties = "
                               ":properties, geom = ST_SetSRID(ST_GeomFromGeoJSON(:geometry), 4326) WHERE id = :id"),
                       place_row(changed))
    connection.execute(sa.text("UPDATE incidents SET place_id = place_id WHERE place_id = :place "
                               "OR destination_place_id = :place"), {"place": place_id})
    return before, after


def _write_source(connection: Connection, source_id: str, fields: dict, expect: dict | None) -> tuple[dict, dict]:
    """Set fields of one source, checked as sources.csv is."""
    row = connection.execute(sa.text(f"SELECT {', '.join(schema.SOURCE_COLUMNS)} FROM sources WHERE id = :source "
                                     "FOR UPDATE"), {"source": source_id}).first()
    if row is None:
        raise RecordRefusedError(f"no source {source_id!r} in the team's data")
    before, after = changes_of(dict(row._mapping), fields, source_id, expect)
    problems = check_sources(pd.DataFrame([{**row._mapping, **after}]))
    if problems:
        raise DataValidationError(problems)
    connection.execute(sa.text(f"UPDATE sources SET {', '.join(f'{f} = :{f}' for f in after)} WHERE id = :source"),
                       {**after, "source": source_id})
    return before, after


def _correct(store: PostgisStore, kind: str, record_id: str, fields: dict, why: str, expect: dict | None = None,
             **details) -> dict:
    """Write one correction (or an undo of one) as the store's account, numbered after the others; its entry."""
    with translated(store.url), require_current(store.url).begin() as connection:
        account = acting_account(connection, store.acting)
        require(account, EDIT)
        connection.execute(sa.text("SELECT version FROM dataset_state FOR UPDATE"))  # corrections one at a time
        number = 1 + connection.execute(sa.text("SELECT count(*) FROM audit WHERE action IN (:place, :source)"),
                                        {"place": EDIT_PLACE, "source": EDIT_SOURCE}).scalar_one()
        write = _write_place if kind == "place" else _write_source
        before, after = write(connection, record_id, fields, expect)
        entry = new_entry(EDIT_PLACE if kind == "place" else EDIT_SOURCE, "", why, account.name, record=record_id,
                          before=before, after=after, edit=number, **details)
        write_audit(connection, entry)
        bump(connection, revision=False)
    return entry


def edit_reference(target: Target, kind: str, record_id: str, fields: dict, why: str, who: str | None) -> dict:
    """Correct fields of a place or a source, in a data folder or the team database."""
    if isinstance(target, Path):
        return (edit_place if kind == "place" else edit_source)(target, record_id, fields, why, who)
    refuse_unknown(fields, PLACE_FIELDS if kind == "place" else SOURCE_FIELDS)
    return _correct(target, kind, record_id, fields, why)


def _corrections(target: Target) -> list[dict]:
    """Every place and source correction, oldest first."""
    if isinstance(target, Path):
        entries = read_audit(target)
    else:
        with translated(target.url), require_current(target.url).connect() as connection:
            entries = list(connection.execute(sa.text("SELECT body FROM audit WHERE action IN (:place, :source) "
                                                      "ORDER BY number"),
                                              {"place": EDIT_PLACE, "source": EDIT_SOURCE}).scalars())
    return [e for e in entries if "edit" in e]


def undo_reference(target: Target, number: int, why: str, who: str | None) -> dict:
    """Put back what correction `number` changed, while its new values are still in place."""
    if isinstance(target, Path):
        return undo_reference_edit(target, number, why, who)
    entry = next((e for e in _corrections(target) if e["edit"] == number), None)
    if entry is None:
        raise RecordRefusedError(f"no place or source correction number {number} (see `python -m geo history`)")
    kind = "place" if entry["action"] == EDIT_PLACE else "source"
    return _correct(target, kind, entry["record"], entry["before"], why or f"undo correction {number}",
                    entry["after"], undoes=number)


def reference_state(target: Target, kind: str, record_id: str) -> tuple[dict[str, str], list[dict]]:
    """A place's or source's editable fields now, and its corrections so far."""
    done = [e for e in _corrections(target) if e.get("record") == record_id]
    if isinstance(target, Path):
        return values_of(target, kind, record_id), done
    with translated(target.url), require_current(target.url).connect() as connection:
        if kind == "place":
            feature = _place(connection, record_id)
            return (place_values(feature) if feature else {}), done
        row = connection.execute(sa.text(f"SELECT {', '.join(SOURCE_FIELDS)} FROM sources WHERE id = :source"),
                                 {"source": record_id}).first()
    return ({f: str(v) for f, v in row._mapping.items()} if row else {}), done
