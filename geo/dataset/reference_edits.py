"""Corrections to a place or a source: fields before and after in the audit log, each undoable.

Places and sources are small files, so a correction rewrites the file through the store (lock, journal, the
whole data directory checked against the contract first); the audit entry keeps every field's old and new value
under an edit number, and `undo_reference_edit` puts the old values back while the new ones are still in place.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from geo import config, schema
from geo.dataset.audit import new_entry, read_audit
from geo.dataset.load import load_sources
from geo.dataset.store import finish_change, json_bytes
from geo.dataset.stored import csv_bytes
from geo.errors import RecordRefusedError
from geo.files.journal import folder_lock, recover
from geo.files.tables import read_feature_collection

PLACE_FIELDS = (schema.NAME, schema.NAME_AR, schema.ALT_NAMES, schema.KIND, schema.ADMIN1, schema.GEO_PRECISION,
                schema.LAT, schema.LON)
SOURCE_FIELDS = tuple(c for c in schema.SOURCE_COLUMNS if c != schema.ID)
EDIT_PLACE, EDIT_SOURCE = "edit-place", "edit-source"


def refuse_unknown(fields: dict, allowed: tuple[str, ...]) -> None:
    """Refuse fields that cannot be corrected this way."""
    unknown = sorted(set(fields) - set(allowed))
    if unknown:
        raise RecordRefusedError(f"{', '.join(unknown)}: not a field that can be edited (fields: {', '.join(allowed)})")


def place_values(feature: dict) -> dict[str, str]:
    """A place's editable fields as text (alternate names ';'-joined, a point's lat/lon)."""
    properties, geometry = feature["properties"], feature.get("geometry") or {}
    values = {f: str(properties.get(f, "") or "") for f in PLACE_FIELDS if f not in (schema.LAT, schema.LON)}
    values[schema.ALT_NAMES] = schema.LIST_SEPARATOR.join(properties.get(schema.ALT_NAMES) or [])
    point = geometry.get("coordinates") if geometry.get(schema.GEOJSON_TYPE) == "Point" else None
    values[schema.LON], values[schema.LAT] = (str(point[0]), str(point[1])) if point else ("", "")
    return values


def with_values(feature: dict, values: dict[str, str]) -> dict:
    """A new feature with the values set (the argument is left as it was)."""
    properties = {**feature["properties"], **{f: v for f, v in values.items() if f not in (schema.LAT, schema.LON)}}
    if schema.ALT_NAMES in values:
        properties[schema.ALT_NAMES] = schema.split_list(values[schema.ALT_NAMES])
    geometry = feature.get("geometry")
    if schema.LAT in values or schema.LON in values:
        if not geometry or geometry.get(schema.GEOJSON_TYPE) != "Point":
            raise RecordRefusedError("only a place drawn as a point has a latitude and longitude to correct")
        lon, lat = (float(values.get(c, v)) for c, v in zip((schema.LON, schema.LAT), geometry["coordinates"],
                                                              strict=True))
        geometry = {**geometry, "coordinates": [round(lon, 5), round(lat, 5)]}
    return {**feature, "properties": properties, "geometry": geometry}


def changes_of(current: dict[str, str], fields: dict[str, str], what: str,
             expect: dict | None = None) -> tuple[dict, dict]:
    """(before, after) of the fields that really change; refused when none does, or (undoing) when the values the
    correction set are no longer there."""
    if expect and any(current.get(f, "") != v for f, v in expect.items()):
        raise RecordRefusedError(f"{what} was corrected again since; undo that correction first")
    after = {f: str(v).strip() for f, v in fields.items() if current.get(f, "") != str(v).strip()}
    if not after:
        raise RecordRefusedError(f"{what}: nothing to change (the values given are its own)")
    return {f: current.get(f, "") for f in after}, after


def _write_place(data_dir: Path, place_id: str, fields: dict, why: str, who: str | None, expect: dict | None = None,
                 **details) -> dict:
    """Set fields of one place in places.geojson (lock held by the caller)."""
    collection = read_feature_collection(data_dir / config.PLACES_FILE)
    found = [n for n, f in enumerate(collection["features"]) if f["properties"][schema.ID] == place_id]
    if not found:
        raise RecordRefusedError(f"no place {place_id!r} in {config.PLACES_FILE}")
    feature = collection["features"][found[0]]
    before, after = changes_of(place_values(feature), fields, place_id, expect)
    try:
        features = [*collection["features"][:found[0]], with_values(feature, after),
                    *collection["features"][found[0] + 1:]]
    except ValueError:
        raise RecordRefusedError(f"{place_id}: latitude and longitude must be decimal degrees") from None
    entry = new_entry(EDIT_PLACE, "", why, who, record=place_id, before=before, after=after, **details)
    return finish_change(data_dir, {config.PLACES_FILE: json_bytes({**collection, "features": features})}, entry)


def _write_source(data_dir: Path, source_id: str, fields: dict, why: str, who: str | None,
                  expect: dict | None = None, **details) -> dict:
    """Set fields of one source in sources.csv (lock held by the caller)."""
    sources = load_sources(data_dir)
    row = sources.index[sources[schema.ID] == source_id]
    if row.empty:
        raise RecordRefusedError(f"no source {source_id!r} in {config.SOURCES_FILE}")
    before, after = changes_of(sources.loc[row[0]].to_dict(), fields, source_id, expect)
    changed = pd.concat([sources.loc[:row[0] - 1], pd.DataFrame([{**sources.loc[row[0]].to_dict(), **after}]),
                         sources.loc[row[0] + 1:]], ignore_index=True)
    entry = new_entry(EDIT_SOURCE, "", why, who, record=source_id, before=before, after=after, **details)
    return finish_change(data_dir, {config.SOURCES_FILE: csv_bytes(changed)}, entry)


def edit_place(data_dir: Path, place_id: str, fields: dict, why: str, who: str | None = None) -> dict:
    """Correct fields of a place (name, Arabic name, other spellings, kind, governorate, precision, lat/lon)."""
    refuse_unknown(fields, PLACE_FIELDS)
    with folder_lock(data_dir):
        recover(data_dir)
        return _write_place(data_dir, place_id, fields, why, who, edit=_next_edit(data_dir))


def edit_source(data_dir: Path, source_id: str, fields: dict, why: str, who: str | None = None) -> dict:
    """Correct fields of a source (title, publisher, author, published, url, kind, notes)."""
    refuse_unknown(fields, SOURCE_FIELDS)
    with folder_lock(data_dir):
        recover(data_dir)
        return _write_source(data_dir, source_id, fields, why, who, edit=_next_edit(data_dir))


def _next_edit(data_dir: Path) -> int:
    """The number of the next place or source correction."""
    return 1 + sum(1 for e in read_audit(data_dir) if e.get("action") in (EDIT_PLACE, EDIT_SOURCE))


def undo_reference_edit(data_dir: Path, number: int, why: str = "", who: str | None = None) -> dict:
    """Put back what a place or source correction changed, while its new values are still in place."""
    with folder_lock(data_dir):
        recover(data_dir)
        entry = next((e for e in read_audit(data_dir) if e.get("edit") == number), None)
        if entry is None:
            raise RecordRefusedError(f"no place or source correction number {number} (see `python -m geo history`)")
        write = _write_place if entry["action"] == EDIT_PLACE else _write_source
        return write(data_dir, entry["record"], entry["before"], why or f"undo correction {number}", who,
                     entry["after"], edit=_next_edit(data_dir), undoes=number)


def values_of(data_dir: Path, kind: str, record_id: str) -> dict[str, str]:
    """The editable fields of a place or a source as they are now ({} when there is none)."""
    if kind == "place":
        features = read_feature_collection(data_dir / config.PLACES_FILE)["features"]
        found = [f for f in features if f["properties"][schema.ID] == record_id]
        return place_values(found[0]) if found else {}
    sources = load_sources(data_dir)
    rows = sources[sources[schema.ID] == record_id]
    return {f: str(rows.iloc[0][f]) for f in SOURCE_FIELDS} if len(rows) else {}
