"""The writer of a data directory's files: each change locked, validated first, all or nothing, and logged.

(Record-level changes go to the revision log instead: geo/dataset/curate.py.)

Every change (import, document save, undo, redo, build, convert) takes the folder's lock, re-reads what it
changes under it, checks the result against the contract in a scratch copy, then commits every file at once
through the journal (geo/files/journal.py). Undo is soft: what it takes out is kept under undone/ and `redo`
puts it back; originals and document texts are never deleted.
"""

from __future__ import annotations

import json
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path

import pandas as pd

from geo import config, schema
from geo.dataset.audit import (
    AUDIT_FILE,
    IMPORTED,
    UNDONE,
    audit_bytes,
    batch_states,
    last_import,
    new_entry,
    read_audit,
)
from geo.dataset.load import load_sources
from geo.dataset.places import place_feature
from geo.dataset.records import RecordBook
from geo.dataset.stored import csv_bytes, incidents_path, read_incidents_table
from geo.dataset.validate import validate_data_dir
from geo.errors import AtlasError, DataValidationError
from geo.files.columnar import incidents_parquet_bytes
from geo.files.journal import commit, folder_lock, recover
from geo.files.safe_names import safe_name
from geo.files.tables import read_feature_collection, read_table
from geo.gazetteer.lookup import Gazetteer

ORIGINALS_DIR = "originals"
DOCUMENTS_DIR = "documents"
UNDONE_DIR = "undone"
CONTRACT_FILES = (config.SOURCES_FILE, config.PLACES_FILE, config.INCIDENTS_FILE, config.INCIDENTS_PARQUET_FILE,
                  config.TOTALS_FILE)


def inside(folder: str, name: str, suffix: str = "") -> str:
    """The relative path of a file the store writes under a sub-folder, its name made safe."""
    return f"{folder}/{safe_name(name)}{suffix}"


def json_bytes(collection: dict) -> bytes:
    """A FeatureCollection as indented, diffable JSON bytes."""
    return (json.dumps(collection, ensure_ascii=False, indent=1) + "\n").encode("utf-8")


def _incidents_file(data_dir: Path, frame: pd.DataFrame) -> tuple[str, bytes]:
    """(file name, content) of the incidents in the data directory's own format (GeoParquet or CSV)."""
    path = incidents_path(data_dir)
    return path.name, incidents_parquet_bytes(frame) if path.suffix == ".parquet" else csv_bytes(frame)


def _checked(data_dir: Path, files: dict[str, bytes], remove: tuple[str, ...] = ()) -> None:
    """Validate the data as it would be after the change (in a scratch copy); raise if it breaks."""
    with tempfile.TemporaryDirectory() as folder:
        scratch = Path(folder)
        for name in CONTRACT_FILES:
            if (data_dir / name).is_file() and name not in remove:
                shutil.copy2(data_dir / name, scratch / name)
        for name, content in files.items():
            if name in CONTRACT_FILES:
                (scratch / name).write_bytes(content)
        problems = validate_data_dir(scratch)
    if problems:
        raise DataValidationError(problems)


def finish_change(data_dir: Path, files: dict[str, bytes], entry: dict, remove: tuple[str, ...] = ()) -> dict:
    """Check the change, add its audit entry, and commit it all at once."""
    _checked(data_dir, files, remove)
    commit(data_dir, {**files, AUDIT_FILE: audit_bytes(data_dir, entry)}, remove)
    return entry


def _new_places(collection: dict, incidents: pd.DataFrame, gazetteer: Gazetteer, source_id: str) -> list[dict]:
    """The gazetteer places the new incidents use that places.geojson lacks, citing the import."""
    known = {f["properties"][schema.ID] for f in collection["features"]}
    used = set(incidents[schema.PLACE_ID]) - {""} - known
    return [place_feature(gazetteer.places[pid], [source_id]) for pid in sorted(used) if pid in gazetteer.places]


def save_import(data_dir: Path, accepted: pd.DataFrame, originals: list[dict], source: dict, gazetteer: Gazetteer,
                why: str = "", who: str | None = None, document_text: str | None = None) -> dict:
    """Add imported incidents, their source, places, originals (and document text); log it."""
    if accepted.empty:
        raise AtlasError("nothing to import: every row was rejected")
    batch = source[schema.ID]
    with folder_lock(data_dir):
        recover(data_dir)
        if batch in batch_states(read_audit(data_dir)) or batch in set(load_sources(data_dir)[schema.ID]):
            raise AtlasError(f"batch {batch} was imported before (see `python -m geo history`); nothing was "
                             "changed. Read the file again for a new batch, or `redo` an undone one")
        collection = read_feature_collection(data_dir / config.PLACES_FILE)
        added = _new_places(collection, accepted, gazetteer, batch)
        combined = pd.concat([read_incidents_table(data_dir), accepted[list(schema.INCIDENT_COLUMNS)]],
                             ignore_index=True)
        files = {config.SOURCES_FILE: csv_bytes(pd.concat([load_sources(data_dir), pd.DataFrame([source])],
                                                     ignore_index=True).fillna("")),
                 config.PLACES_FILE: json_bytes({**collection, "features": collection["features"] + added}),
                 **dict([_incidents_file(data_dir, combined)]),
                 inside(ORIGINALS_DIR, batch, ".jsonl"): "".join(json.dumps(o, ensure_ascii=False) + "\n"
                                                                  for o in originals).encode("utf-8")}
        if document_text is not None:
            files[inside(DOCUMENTS_DIR, Path(source[schema.DOCUMENT]).stem, ".txt")] = document_text.encode("utf-8")
        entry = new_entry("import", batch, why, who, file=source.get(schema.NOTES, ""),
                          incident_ids=list(accepted[schema.ID]),
                          added_places=[f["properties"][schema.ID] for f in added])
        return finish_change(data_dir, files, entry)


MENTIONS_TAKEN = "mentions_taken_from"  # in an undone batch's places file: places that stayed, its mention taken out


def undone_files(batch: str) -> dict[str, str]:
    """Where an undone batch's rows, source and places are kept."""
    folder = inside(UNDONE_DIR, batch)
    return {"incidents": f"{folder}/incidents.csv", "sources": f"{folder}/sources.csv",
            "places": f"{folder}/places.geojson"}


def undo_batch(data_dir: Path, batch: str, why: str = "", who: str | None = None) -> dict:
    """Take an import out of the data, keeping what it took under undone/ (redo puts it back)."""
    with folder_lock(data_dir):
        recover(data_dir)
        entries = read_audit(data_dir)
        done = last_import(entries, batch)
        if done is None or batch_states(entries).get(batch) != IMPORTED:
            raise AtlasError(f"no import {batch!r} in the data to undo (see `python -m geo history`)")
        curated = sorted(RecordBook(data_dir).revised_ids() & set(done["incident_ids"]))
        if curated:
            raise AtlasError(f"{len(curated)} records of {batch} were curated since (first: {curated[0]}); retract "
                             "them one by one instead, or undo their revisions first; nothing was undone")
        incidents, sources = read_incidents_table(data_dir), load_sources(data_dir)
        taken = incidents[schema.ID].isin(done["incident_ids"])
        if not taken.any():
            raise AtlasError(f"none of the {len(done['incident_ids'])} incidents of {batch} are in the data; "
                             "nothing was undone (run `python -m geo validate`)")
        collection = read_feature_collection(data_dir / config.PLACES_FILE)
        still_used = set(incidents.loc[~taken, list(schema.PLACE_REFERENCE_COLUMNS)].to_numpy().ravel())
        leaving = [f for f in collection["features"] if f["properties"][schema.ID] in set(done["added_places"])
                   and f["properties"][schema.ID] not in still_used]
        leaving_ids = {f["properties"][schema.ID] for f in leaving}
        keep, unmentioned = _without_mention([f for f in collection["features"]
                                              if f["properties"][schema.ID] not in leaving_ids], batch)
        kept = undone_files(batch)
        files = {config.SOURCES_FILE: csv_bytes(sources[sources[schema.ID] != batch]),
                 config.PLACES_FILE: json_bytes({**collection, "features": keep}),
                 **dict([_incidents_file(data_dir, incidents[~taken])]),
                 kept["incidents"]: csv_bytes(incidents[taken]),
                 kept["sources"]: csv_bytes(sources[sources[schema.ID] == batch]),
                 kept["places"]: json_bytes({**collection, "features": leaving, MENTIONS_TAKEN: unmentioned})}
        missing = len(done["incident_ids"]) - int(taken.sum())
        entry = new_entry("undo", batch, why, who, incident_ids=list(incidents.loc[taken, schema.ID]),
                          missing=missing)
        return finish_change(data_dir, files, entry)


def _without_mention(features: list[dict], source_id: str) -> tuple[list[dict], list[str]]:
    """The features with source_id taken out of their mentions (a place the batch added that another import's rows
    now use stays, but must not cite a source that leaves), and the ids of those it was taken from."""
    changed, out = [], []
    for feature in features:
        mentions = list(feature["properties"].get(schema.MENTIONS) or [])
        if source_id in mentions:
            feature = {**feature, "properties": {**feature["properties"],
                                                 schema.MENTIONS: [m for m in mentions if m != source_id]}}
            changed.append(feature["properties"][schema.ID])
        out.append(feature)
    return out, changed


def _with_mention(features: list[dict], source_id: str, place_ids: set[str]) -> list[dict]:
    """The features whose ids are in place_ids with source_id put back in their mentions (redo of the above)."""
    return [{**f, "properties": {**f["properties"], schema.MENTIONS: [
        *(f["properties"].get(schema.MENTIONS) or []), source_id]}} if f["properties"][schema.ID] in place_ids else f
            for f in features]


def _read_kept(data_dir: Path, batch: str) -> tuple[pd.DataFrame, pd.DataFrame, list[dict], set[str]]:
    """The rows, source and places an undo kept for a batch, and the places whose mention of it it took out."""
    kept = undone_files(batch)
    if not (data_dir / kept["incidents"]).is_file():
        raise AtlasError(f"what undo took out of {batch} is not under {data_dir / UNDONE_DIR}; it cannot be redone")
    places = read_feature_collection(data_dir / kept["places"])
    return (read_table(data_dir / kept["incidents"], schema.INCIDENT_COLUMNS),
            read_table(data_dir / kept["sources"], schema.SOURCE_COLUMNS + schema.SOURCE_OPTIONAL_COLUMNS),
            places["features"], set(places.get(MENTIONS_TAKEN, [])))


def redo_batch(data_dir: Path, batch: str, why: str = "", who: str | None = None) -> dict:
    """Put an undone import back exactly as it was."""
    with folder_lock(data_dir):
        recover(data_dir)
        if batch_states(read_audit(data_dir)).get(batch) != UNDONE:
            raise AtlasError(f"no undone import {batch!r} to redo (see `python -m geo history`)")
        rows, source, features, unmentioned = _read_kept(data_dir, batch)
        collection = read_feature_collection(data_dir / config.PLACES_FILE)
        collection = {**collection, "features": _with_mention(collection["features"], batch, unmentioned)}
        known = {f["properties"][schema.ID] for f in collection["features"]}
        combined = pd.concat([read_incidents_table(data_dir), rows[list(schema.INCIDENT_COLUMNS)]], ignore_index=True)
        sources = pd.concat([load_sources(data_dir), source], ignore_index=True).fillna("")
        files = {config.SOURCES_FILE: csv_bytes(sources),
                 config.PLACES_FILE: json_bytes({**collection, "features": collection["features"] + [
                     f for f in features if f["properties"][schema.ID] not in known]}),
                 **dict([_incidents_file(data_dir, combined)])}
        entry = new_entry("redo", batch, why, who, incident_ids=list(rows[schema.ID]))
        return finish_change(data_dir, files, entry, tuple(undone_files(batch).values()))


def rebuild_places(data_dir: Path, build: Callable[[dict, pd.DataFrame], dict], why: str,
                   who: str | None = None) -> dict:
    """Replace places.geojson by build(current places, incidents), read and written under the lock; logged."""
    with folder_lock(data_dir):
        recover(data_dir)
        path = data_dir / config.PLACES_FILE
        current = read_feature_collection(path) if path.is_file() else {"features": []}
        collection = build(current, read_incidents_table(data_dir))
        entry = new_entry("build", "", why, who, places=len(collection["features"]))
        return finish_change(data_dir, {config.PLACES_FILE: json_bytes(collection)}, entry)


def convert_incidents(data_dir: Path, to_parquet: bool, who: str | None = None) -> dict | None:
    """Store the incidents as GeoParquet or as CSV (the other file removed in the same change); None if already."""
    target = config.INCIDENTS_PARQUET_FILE if to_parquet else config.INCIDENTS_FILE
    with folder_lock(data_dir):
        recover(data_dir)
        source = incidents_path(data_dir)
        if source.name == target:
            return None
        frame = read_incidents_table(data_dir)
        content = incidents_parquet_bytes(frame) if to_parquet else csv_bytes(frame)
        entry = new_entry("convert", "", f"incidents stored as {target}", who, rows=len(frame))
        return finish_change(data_dir, {target: content}, entry, (source.name,))


def add_place_feature(data_dir: Path, feature: dict, revision: dict, who: str | None = None) -> None:
    """Add the gazetteer place a record made by hand uses to places.geojson (lock held); logged."""
    collection = read_feature_collection(data_dir / config.PLACES_FILE)
    place_id = feature["properties"][schema.ID]
    if any(f["properties"][schema.ID] == place_id for f in collection["features"]):
        return
    entry = new_entry("place", "", f"used by {', '.join(revision['changes'])} (revision {revision['rev']})", who,
                      added_places=[place_id])
    commit(data_dir, {config.PLACES_FILE: json_bytes({**collection, "features": collection["features"] + [feature]}),
                      AUDIT_FILE: audit_bytes(data_dir, entry)})


def add_source(data_dir: Path, source: dict, why: str = "", who: str | None = None) -> dict:
    """Add one source to sources.csv (its id must be new); checked against the contract, logged."""
    with folder_lock(data_dir):
        recover(data_dir)
        return write_new_source(data_dir, source, why, who)


def write_new_source(data_dir: Path, source: dict, why: str = "", who: str | None = None) -> dict:
    """Add one source to sources.csv with the lock already held (a record added with it is checked first)."""
    row = {column: str(source.get(column, "")).strip() for column in schema.SOURCE_COLUMNS}
    sources = load_sources(data_dir)
    if row[schema.ID] in set(sources[schema.ID]):
        raise AtlasError(f"a source {row[schema.ID]!r} is already in {config.SOURCES_FILE}; choose it instead")
    combined = pd.concat([sources, pd.DataFrame([row])], ignore_index=True).fillna("")
    entry = new_entry("source", "", why, who, source_id=row[schema.ID])
    return finish_change(data_dir, {config.SOURCES_FILE: csv_bytes(combined)}, entry)
