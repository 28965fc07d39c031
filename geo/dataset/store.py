"""Changing the data directory safely: validated before writing, atomic writes, an audit log, undo."""

from __future__ import annotations

import json
import shutil
import tempfile
from datetime import UTC, datetime
from pathlib import Path

import pandas as pd

from geo import config, schema
from geo.dataset.load import incidents_path, load_sources, read_incidents_table
from geo.dataset.places import place_feature
from geo.dataset.validate import validate_data_dir
from geo.errors import AtlasError, DataValidationError
from geo.files.atomic import atomic_write_bytes, atomic_write_text
from geo.files.columnar import incidents_parquet_bytes
from geo.files.safe_names import safe_name
from geo.files.tables import read_feature_collection
from geo.gazetteer.lookup import Gazetteer

AUDIT_FILE = "audit.jsonl"
ORIGINALS_DIR = "originals"
DOCUMENTS_DIR = "documents"
UNNAMED = "not given"


def read_audit(data_dir: Path) -> list[dict]:
    """Every audit entry, oldest first."""
    path = data_dir / AUDIT_FILE
    if not path.is_file():
        return []
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def _audit_text(data_dir: Path, entry: dict) -> str:
    """The audit log with one more entry (the log is rewritten atomically, never truncated)."""
    path = data_dir / AUDIT_FILE
    before = path.read_text(encoding="utf-8") if path.is_file() else ""
    return before + json.dumps(entry, ensure_ascii=False) + "\n"


def _new_places(data_dir: Path, incidents: pd.DataFrame, gazetteer: Gazetteer, source_id: str) -> dict:
    """places.geojson plus the gazetteer places the new incidents use, citing the import."""
    collection = read_feature_collection(data_dir / config.PLACES_FILE)
    known = {f["properties"][schema.ID] for f in collection["features"]}
    used = set(incidents[schema.PLACE_ID]) - {""} - known
    added = [place_feature(gazetteer.places[pid], [source_id]) for pid in sorted(used) if pid in gazetteer.places]
    return {**collection, "features": collection["features"] + added}


def _checked(data_dir: Path, files: dict[str, str]) -> None:
    """Validate the data as it would be after writing files (in a scratch copy); raise if it breaks."""
    with tempfile.TemporaryDirectory() as folder:
        scratch = Path(folder)
        for name in (config.SOURCES_FILE, config.PLACES_FILE, config.INCIDENTS_FILE, config.INCIDENTS_PARQUET_FILE,
                     config.TOTALS_FILE):
            if (data_dir / name).is_file():
                shutil.copy2(data_dir / name, scratch / name)
        for name, content in files.items():
            (scratch / name).write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
        problems = validate_data_dir(scratch)
    if problems:
        raise DataValidationError(problems)


ADD_ORDER = (DOCUMENTS_DIR, config.SOURCES_FILE, config.PLACES_FILE, ORIGINALS_DIR, "incidents.", AUDIT_FILE)
REMOVE_ORDER = ("incidents.", config.PLACES_FILE, config.SOURCES_FILE, AUDIT_FILE)


def _write_all(data_dir: Path, files: dict[str, str | bytes], order: tuple[str, ...] = ADD_ORDER) -> None:
    """Write files atomically in an order where every intermediate state still validates."""
    for prefix in order:
        for name in [n for n in files if n.startswith(prefix)]:
            content = files[name]
            if isinstance(content, bytes):
                atomic_write_bytes(data_dir / name, content)
            else:
                atomic_write_text(data_dir / name, content)


def _incidents_file(data_dir: Path, frame: pd.DataFrame) -> tuple[str, str | bytes]:
    """(file name, content) of the incidents in the data directory's own format (GeoParquet or CSV)."""
    path = incidents_path(data_dir)
    if path.suffix == ".parquet":

        return path.name, incidents_parquet_bytes(frame)
    return path.name, _csv(frame)


def save_import(data_dir: Path, accepted: pd.DataFrame, originals: list[dict], source: dict, gazetteer: Gazetteer,
                why: str = "", who: str | None = None, document_text: str | None = None) -> dict:
    """Add imported incidents, their source, places, originals (and document text); log it."""
    if accepted.empty:
        raise AtlasError("nothing to import: every row was rejected")
    incidents = read_incidents_table(data_dir)
    sources = load_sources(data_dir)
    if source[schema.ID] in set(sources[schema.ID]):
        raise AtlasError(f"source id {source[schema.ID]} already exists; this file may have been imported before")
    combined = pd.concat([incidents, accepted[list(schema.INCIDENT_COLUMNS)]], ignore_index=True)
    places = _new_places(data_dir, accepted, gazetteer, source[schema.ID])
    entry = {"at": datetime.now(UTC).isoformat(timespec="seconds"), "by": who or UNNAMED,
             "action": "import", "batch": source[schema.ID], "why": why, "file": source.get(schema.NOTES, ""),
             "incident_ids": list(accepted[schema.ID]),
             "added_places": [f["properties"][schema.ID] for f in places["features"][len(_place_ids(data_dir)):]]}
    files = {config.SOURCES_FILE: _csv(pd.concat([sources, pd.DataFrame([source])], ignore_index=True).fillna("")),
             config.PLACES_FILE: json.dumps(places, ensure_ascii=False, indent=1) + "\n",
             **dict([_incidents_file(data_dir, combined)]),
             _inside(ORIGINALS_DIR, source[schema.ID], ".jsonl"): "".join(json.dumps(o, ensure_ascii=False) + "\n"
                                                             for o in originals)}
    if document_text is not None:
        files[_inside(DOCUMENTS_DIR, Path(source[schema.DOCUMENT]).stem, ".txt")] = document_text
    _checked(data_dir, {k: v for k, v in files.items() if not k.startswith((ORIGINALS_DIR, DOCUMENTS_DIR))})
    files[AUDIT_FILE] = _audit_text(data_dir, entry)
    _write_all(data_dir, files)
    return entry


def undo_batch(data_dir: Path, batch: str, why: str = "", who: str | None = None) -> dict:
    """Take an import back out: its incidents, its source, the places it added, its originals."""
    entries = [e for e in read_audit(data_dir) if e.get("batch") == batch]
    if not entries or entries[-1]["action"] != "import":
        raise AtlasError(f"no import {batch!r} to undo (see `python -m geo history`)")
    done = entries[-1]
    incidents = read_incidents_table(data_dir)
    sources = load_sources(data_dir)
    collection = read_feature_collection(data_dir / config.PLACES_FILE)
    features = [f for f in collection["features"] if f["properties"][schema.ID] not in set(done["added_places"])]
    entry = {"at": datetime.now(UTC).isoformat(timespec="seconds"), "by": who or UNNAMED,
             "action": "undo", "batch": batch, "why": why, "incident_ids": done["incident_ids"]}
    files = {config.SOURCES_FILE: _csv(sources[sources[schema.ID] != batch]),
             config.PLACES_FILE: json.dumps({**collection, "features": features}, ensure_ascii=False, indent=1) + "\n",
             **dict([_incidents_file(data_dir, incidents[~incidents[schema.ID].isin(done["incident_ids"])])])}
    _checked(data_dir, files)
    files[AUDIT_FILE] = _audit_text(data_dir, entry)
    _write_all(data_dir, files, REMOVE_ORDER)
    (data_dir / _inside(ORIGINALS_DIR, batch, ".jsonl")).unlink(missing_ok=True)
    for document in sources.loc[sources[schema.ID] == batch, schema.DOCUMENT]:
        if document:
            (data_dir / _inside(DOCUMENTS_DIR, Path(document).stem, ".txt")).unlink(missing_ok=True)
    return entry


def _inside(folder: str, name: str, suffix: str) -> str:
    """The relative path of a file the store writes under a sub-folder, its name made safe."""
    return f"{folder}/{safe_name(name)}{suffix}"


def _place_ids(data_dir: Path) -> list[str]:
    """Ids of the places already stored."""
    return [f["properties"][schema.ID] for f in read_feature_collection(data_dir / config.PLACES_FILE)["features"]]


def _csv(frame: pd.DataFrame) -> str:
    """CSV text the way the data files are written."""
    return frame.to_csv(index=False, lineterminator="\n")

