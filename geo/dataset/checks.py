"""The contract check of the records a revision would leave, before it is written."""

from __future__ import annotations

import functools
import json
from collections.abc import Set
from pathlib import Path

import pandas as pd

from geo import config, schema
from geo.dataset.load import load_sources
from geo.dataset.records import CURATION_DEFAULTS, Book
from geo.dataset.validate import check_incidents
from geo.errors import RecordRefusedError
from geo.files.tables import read_feature_collection

REFERENCING = frozenset((*schema.PLACE_REFERENCE_COLUMNS, schema.LAT, schema.SOURCE_IDS, schema.CLAIMS))


@functools.lru_cache(maxsize=4)
def _ids_of(path: str, stamp: tuple[int, int], kind: str) -> frozenset[str]:
    """The ids of places.geojson or sources.csv, read once per version of the file."""
    if kind == "places":
        return frozenset(f["properties"][schema.ID] for f in read_feature_collection(Path(path))["features"])
    return frozenset(load_sources(Path(path).parent)[schema.ID])


def _known(data_dir: Path, name: str, kind: str) -> frozenset[str]:
    """The ids a data file holds now."""
    path = data_dir / name
    status = path.stat()
    return _ids_of(str(path), (status.st_size, status.st_mtime_ns), kind)


def _claim_problem(claims_text: str, source_ids: frozenset[str]) -> str:
    """What is wrong with a record's claims, or ''."""
    try:
        claims = json.loads(claims_text) if claims_text else []
    except json.JSONDecodeError:
        return "claims must be a JSON list"
    for claim in claims if isinstance(claims, list) else [None]:
        if not isinstance(claim, dict) or claim.get(schema.SOURCE_ID) not in source_ids:
            return f"a claim must name a source in {config.SOURCES_FILE}: {claim!r}"
        bad = [f for f in schema.COUNT_COLUMNS if str(claim.get(f, "")) and not str(claim[f]).isdigit()]
        if bad:
            return f"{bad[0]} of {claim[schema.SOURCE_ID]}: a whole number, or empty for unknown"
    return ""


def _curation_problem(record: dict, book: Book, source_ids: frozenset[str], changed: set[str] | None) -> str:
    """What is wrong with a record's status, merge or claims (those of them that changed), or ''."""
    if record[schema.STATUS] not in schema.REVIEW_STATUSES:
        return f"status {record[schema.STATUS]!r} is not one of {', '.join(schema.REVIEW_STATUSES)}"
    survivor = record[schema.MERGED_INTO]
    if survivor and (survivor == record[schema.ID] or book.get(survivor) is None):
        return f"merged_into {survivor!r} is not another record in the data"
    return _claim_problem(record[schema.CLAIMS], source_ids) if changed is None or schema.CLAIMS in changed else ""


def known_ids(data_dir: Path) -> tuple[frozenset[str], frozenset[str]]:
    """The place ids and source ids a data directory holds now."""
    return _known(data_dir, config.PLACES_FILE, "places"), _known(data_dir, config.SOURCES_FILE, "sources")


def referenced_ids(book: Book, changes: dict[str, dict]) -> tuple[set[str], set[str]]:
    """The place ids and source ids a check of the changed records will look up (none when no reference changed)."""
    places, sources = set(), set()
    for record_id, change in changes.items():
        if change["after"] is None or (change["before"] is not None and not set(change["after"]) & REFERENCING):
            continue
        after = {**(book.get(record_id) or {}), **change["after"]}
        places |= {after.get(column, "") for column in schema.PLACE_REFERENCE_COLUMNS} - {""}
        sources |= set(schema.split_list(after.get(schema.SOURCE_IDS, "")))
        try:
            claims = json.loads(after.get(schema.CLAIMS) or "[]")
        except json.JSONDecodeError:
            continue
        sources |= {str(c.get(schema.SOURCE_ID, "")) for c in claims if isinstance(c, dict)} if isinstance(
            claims, list) else set()
    return places, sources


def check_records(book: Book, changes: dict[str, dict], place_ids: Set[str], source_ids: Set[str]) -> None:
    """Refuse (RecordRefusedError, one line) when a record the changes leave breaks the contract, given the place
    and source ids that exist (those of the data, and any that join it with the change)."""
    source_ids = frozenset(source_ids)
    for record_id, change in changes.items():
        if change["after"] is None:
            continue
        if change["before"] is None and book.get(record_id) is not None:
            raise RecordRefusedError(f"{record_id}: that id is taken; ids are never reused")
        record = {**CURATION_DEFAULTS, **(book.get(record_id) or {}), **change["after"]}
        row = pd.DataFrame({column: [str(record.get(column, ""))] for column in schema.INCIDENT_COLUMNS}, dtype=object)
        changed = None if change["before"] is None else set(change["after"])
        problems = check_incidents(row, set(place_ids), set(source_ids), changed)
        if problems:
            first = problems[0]
            raise RecordRefusedError(f"{record_id}: {first.field}={first.value!r}: {first.fix}; nothing was changed")
        problem = _curation_problem({**record, schema.ID: record_id}, book, source_ids, changed)
        if problem:
            raise RecordRefusedError(f"{record_id}: {problem}; nothing was changed")
