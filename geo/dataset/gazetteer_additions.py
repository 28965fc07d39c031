"""The data directory's own gazetteer additions: places people import or add, each with origin and licence.

They live in their own file (never in the shipped extract); every change goes through the folder's lock and the
journal, and is logged in the audit log like any other change.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

from geo import config, schema
from geo.dataset.audit import AUDIT_FILE, UNNAMED, audit_bytes, new_entry
from geo.errors import AtlasError, InputFileError
from geo.files.journal import commit, folder_lock, recover
from geo.files.tables import read_feature_collection
from geo.gazetteer.lookup import Gazetteer
from geo.gazetteer.sources import ADDED_AT, ADDED_BY, BY_HAND, ENTRY_FILE, GazetteerRead, addition_feature

EMPTY = {schema.GEOJSON_TYPE: "FeatureCollection", "features": []}


def read_additions(data_dir: Path) -> dict:
    """The additions file of a data directory (an empty collection when there is none)."""
    path = data_dir / config.GAZETTEER_ADDITIONS_FILE
    return read_feature_collection(path) if path.is_file() else dict(EMPTY)


def _already_known(feature: dict, taken_ids: set[str], taken_sources: set[str], gazetteer: Gazetteer) -> str:
    """Why a feature is not added ('' when it is new): its id or its GeoNames id / P-code is known."""
    props = feature["properties"]
    if props[schema.ID] in taken_ids or props[schema.ID] in gazetteer.places:
        return f"already in the gazetteer as {props[schema.ID]}"
    source_id = props.get(schema.GAZETTEER_ID)
    if source_id and str(source_id) in taken_sources:
        return f"already in the gazetteer (source id {source_id})"
    return ""


def extended_additions(current: dict, read: GazetteerRead, gazetteer: Gazetteer, file_name: str, why: str,
                       who: str | None) -> tuple[bytes, dict, list[tuple[str, str]]]:
    """The additions file with the read's new places (its bytes), the audit entry, and the places skipped.

    Raises AtlasError when nothing is new; whatever holds the file writes the bytes and the entry together.
    """
    taken_ids = {f["properties"][schema.ID] for f in current["features"]}
    taken_sources = {str(p.gazetteer_id) for p in gazetteer.places.values() if p.gazetteer_id}
    stamp = {ADDED_BY: (who or "").strip() or UNNAMED, ENTRY_FILE: file_name,
             ADDED_AT: datetime.now(UTC).isoformat(timespec="seconds")}
    added, skipped = [], []
    for feature in read.features:
        reason = _already_known(feature, taken_ids, taken_sources, gazetteer)
        if reason:
            skipped.append((feature["properties"][schema.NAME], reason))
            continue
        added.append({**feature, "properties": {**feature["properties"], **stamp}})
        taken_ids.add(feature["properties"][schema.ID])
        taken_sources.add(str(feature["properties"].get(schema.GAZETTEER_ID) or ""))
    if not added:
        raise AtlasError(f"nothing added from {file_name}: {len(skipped)} already known, {len(read.refused)} refused")
    collection = {**current, "features": current["features"] + added}
    entry = new_entry("gazetteer", "", why, who, file=file_name, origin=read.source,
                      added_places=[f["properties"][schema.ID] for f in added], skipped=len(skipped),
                      refused=len(read.refused))
    return (json.dumps(collection, ensure_ascii=False, indent=1) + "\n").encode("utf-8"), entry, skipped


def add_places(data_dir: Path, read: GazetteerRead, gazetteer: Gazetteer, file_name: str, why: str = "",
               who: str | None = None) -> tuple[dict, list[tuple[str, str]]]:
    """Add the new places of a read to the additions file; return the audit entry and the places skipped."""
    with folder_lock(data_dir):
        recover(data_dir)
        content, entry, skipped = extended_additions(read_additions(data_dir), read, gazetteer, file_name, why, who)
        commit(data_dir, {config.GAZETTEER_ADDITIONS_FILE: content, AUDIT_FILE: audit_bytes(data_dir, entry)})
    return entry, skipped


def addition(name: str, where: tuple[float, float], origin: str, **details) -> GazetteerRead:
    """One place given by hand as a read of one feature; InputFileError with the reason when it is not acceptable."""
    try:
        feature = addition_feature(name, where[0], where[1], origin, **details)
    except ValueError as error:
        raise InputFileError(f"{name}: {error}") from None
    return GazetteerRead(origin, [feature])


def add_one_place(data_dir: Path, gazetteer: Gazetteer, name: str, where: tuple[float, float], origin: str = BY_HAND,
                  why: str = "", who: str | None = None, **details) -> str:
    """Add one place (latitude, longitude) with its kind, governorate, Arabic name; return its id.

    Raises InputFileError with the reason, and changes nothing, when the name or the point is not acceptable.
    """
    entry, _ = add_places(data_dir, addition(name, where, origin, **details), gazetteer, origin, why, who)
    return entry["added_places"][0]
