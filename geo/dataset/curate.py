"""Record-level changes: add, edit, corroborate, review status, retract; each checked, logged and undoable.

Every change is built from the records as they are now (a `Book`), refuses a stale read (the version the caller saw
is not the record's version now), and is handed to the store (`geo.dataset.storage`: the data directory, or the
team database), which checks the records as they would be against the data contract and writes the change with its
revision, all or nothing. Nothing is written when anything is refused. `target` is a data directory or a store.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

from geo import schema
from geo.dataset.revisions import FROM_VERSION
from geo.dataset.storage import Book, Changes, RecordStore, record_store
from geo.errors import RecordRefusedError, StaleRecordError


def current(book: Book, record_id: str, expected_version: int | None = None, moving: bool = False) -> dict:
    """The record now, refused when missing, stale, merged away, or (unless `moving` its status) retracted."""
    record = book.get(record_id)
    if record is None:
        raise RecordRefusedError(f"no incident {record_id!r} in the data (see `python -m geo incident show`)")
    version = int(record[schema.VERSION])
    if expected_version is not None and expected_version != version:
        change = book.latest_change(record_id) or {}
        raise StaleRecordError(
            f"{record_id} was changed since you read it (version {expected_version}; now {version}, "
            f"{change.get('action', 'changed')} by {change.get('by', '?')} at {change.get('at', '?')}: "
            f"{change.get('why') or 'no reason given'}); nothing was changed, reload it and edit again")
    if record[schema.MERGED_INTO]:
        raise RecordRefusedError(f"{record_id} was merged into {record[schema.MERGED_INTO]}; edit that record")
    if record[schema.STATUS] == schema.STATUS_RETRACTED and not moving:
        raise RecordRefusedError(f"{record_id} is retracted; set its status back (`incident status`) to edit it")
    return record


def change_of(record: dict, fields: dict[str, str]) -> dict:
    """The before/after of the fields that really change (refused when none does)."""
    after = {field: value for field, value in fields.items() if record.get(field, "") != value}
    if not after:
        raise RecordRefusedError(f"{record[schema.ID]}: nothing to change (the values given are the record's own)")
    return {FROM_VERSION: int(record[schema.VERSION]), "before": {f: record.get(f, "") for f in after}, "after": after}


def _text_fields(fields: dict, allowed: tuple[str, ...]) -> dict[str, str]:
    """The fields as stripped text, refused when one is not a field that can be set this way."""
    unknown = sorted(set(fields) - set(allowed))
    if unknown:
        raise RecordRefusedError(f"{', '.join(unknown)}: not a field that can be edited "
                                 f"(fields: {', '.join(allowed)})")
    return {field: ("" if value is None else str(value)).strip() for field, value in fields.items()}


def add_incident(target: Path | RecordStore, fields: dict, why: str, who: str | None = None,
                 status: str = schema.STATUS_DRAFT, place: dict | None = None, source: dict | None = None) -> dict:
    """Add one incident by hand (its id given out here); it starts in `status` (draft unless said). `place`: the
    gazetteer place it is at, as a feature, when places.geojson does not have it yet; `source`: a new source's
    fields, when it cites one sources.csv does not have yet."""
    values = _text_fields(fields, schema.EDITABLE_COLUMNS)

    def build(book: Book) -> Changes:
        record_id = book.new_id()
        row = {column: values.get(column, "") for column in schema.EDITABLE_COLUMNS}
        stamp = _status_fields(status, who, why)
        return {record_id: {FROM_VERSION: 0, "before": None, "after": {schema.ID: record_id, **row, **stamp}}}

    return record_store(target).revise("add", build, why, who, place=place, source=source)


def edit_incident(target: Path | RecordStore, record_id: str, fields: dict, why: str, who: str | None = None,
                  expected_version: int | None = None) -> dict:
    """Change fields of one incident (any contract field but its id)."""
    values = _text_fields(fields, schema.EDITABLE_COLUMNS)
    return record_store(target).revise("edit", lambda book: {record_id: change_of(
        current(book, record_id, expected_version), values)}, why, who)


def _status_fields(status: str, who: str | None, why: str) -> dict[str, str]:
    """The status fields of a review decision made now."""
    if status not in schema.REVIEW_STATUSES:
        raise RecordRefusedError(f"status {status!r} is not one of {', '.join(schema.REVIEW_STATUSES)}")
    return {schema.STATUS: status, schema.STATUS_BY: (who or "").strip() or "not given",
            schema.STATUS_AT: datetime.now(UTC).isoformat(timespec="seconds"), schema.STATUS_WHY: why}


def set_status(target: Path | RecordStore, record_id: str, status: str, why: str, who: str | None = None,
               expected_version: int | None = None) -> dict:
    """Move a record to a review status (draft, in_review, published, retracted), saying who and why."""
    stamp = _status_fields(status, who, why)
    if status == schema.STATUS_RETRACTED and not why.strip():
        raise RecordRefusedError("a retraction needs its reason (--why)")

    def build(book: Book) -> Changes:
        record = current(book, record_id, expected_version, moving=True)
        if record[schema.STATUS] == status:
            raise RecordRefusedError(f"{record_id} is already {status}")
        return {record_id: change_of(record, stamp)}

    return record_store(target).revise("status", build, why, who)


def retract(target: Path | RecordStore, record_id: str, why: str, who: str | None = None,
            expected_version: int | None = None) -> dict:
    """Retract a record (a soft delete): it stays on disk, marked, out of the map; its id is never reused."""
    return set_status(target, record_id, schema.STATUS_RETRACTED, why, who, expected_version)


def parse_claims(text: str) -> list[dict]:
    """A record's claims: every source's own figures, [{source_id, killed, injured, displaced}]."""
    return json.loads(text) if text else []


def corroborate(target: Path | RecordStore, record_id: str, source_id: str, figures: dict[str, str], why: str,
                who: str | None = None, expected_version: int | None = None) -> dict:
    """Attach another source to an incident, with that source's own figures where it gives them."""
    claim = {schema.SOURCE_ID: source_id.strip(), **_text_fields(figures, schema.COUNT_COLUMNS)}

    def build(book: Book) -> Changes:
        record = current(book, record_id, expected_version)
        cited = schema.split_list(record[schema.SOURCE_IDS])
        claims = [c for c in parse_claims(record[schema.CLAIMS]) if c[schema.SOURCE_ID] != claim[schema.SOURCE_ID]]
        if claim[schema.SOURCE_ID] in cited and not any(claim.get(f) for f in schema.COUNT_COLUMNS):
            raise RecordRefusedError(f"{record_id} already cites {claim[schema.SOURCE_ID]}")
        sources = schema.LIST_SEPARATOR.join(cited + [claim[schema.SOURCE_ID]] * (claim[schema.SOURCE_ID] not in cited))
        return {record_id: change_of(record, {schema.SOURCE_IDS: sources,
                                              schema.CLAIMS: json.dumps(claims + [claim], ensure_ascii=False)})}

    return record_store(target).revise("corroborate", build, why, who, source_id=claim[schema.SOURCE_ID])
