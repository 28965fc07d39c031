"""Record-level changes: add, edit, corroborate, review status, retract; each checked, logged and undoable.

Every change takes the folder's lock, reads the records it touches as they are now (`RecordBook`), refuses a stale
read (the version the caller saw is not the record's version now), checks the records as they would be against
the data contract, and appends one revision to the log. Nothing is written when anything is refused.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

from geo import config, schema
from geo.dataset.checks import check_records
from geo.dataset.records import RecordBook, fold
from geo.dataset.revisions import FROM_VERSION, append_revision, cut_torn_tail, new_revision, read_revisions
from geo.dataset.store import add_place_feature, write_new_source
from geo.errors import RecordRefusedError, StaleRecordError
from geo.files.journal import folder_lock, recover

Changes = dict[str, dict]


def revise(data_dir: Path, action: str, build: Callable[[RecordBook], Changes], why: str, who: str | None,
           place: dict | None = None, source: dict | None = None, **details) -> dict:
    """Build a revision from the records as they are now, check it, append it (lock held throughout). A gazetteer
    place (`place`, a feature) or a new source (`source`, its fields) the records use joins the data first, once
    the records are known to pass with them (so a refused record leaves no new source or place behind)."""
    with folder_lock(data_dir):
        recover(data_dir)
        cut_torn_tail(data_dir)
        book = RecordBook(data_dir)
        changes = build(book)
        check_records(data_dir, book, changes, extra_places={place["properties"][schema.ID]} if place else set(),
                      extra_sources={source[schema.ID]} if source else set())
        revision = new_revision(book.revision + 1, action, changes, why, who, **details)
        if source:
            write_new_source(data_dir, source, why, who)
        if place:
            add_place_feature(data_dir, place, revision, who)
        append_revision(data_dir, revision)
        if len(book.tail) + 1 >= config.fold_every():
            fold(data_dir)
        return revision


def last_change(data_dir: Path, book: RecordBook, record_id: str) -> dict | None:
    """The latest revision that touched a record (the recent ones first, the whole log only if needed)."""
    for revisions in (book.tail, None):
        found = [r for r in (revisions if revisions is not None else read_revisions(data_dir))
                 if record_id in r["changes"]]
        if found:
            return found[-1]
    return None


def current(data_dir: Path, book: RecordBook, record_id: str, expected_version: int | None = None,
            moving: bool = False) -> dict:
    """The record now, refused when missing, stale, merged away, or (unless `moving` its status) retracted."""
    record = book.get(record_id)
    if record is None:
        raise RecordRefusedError(f"no incident {record_id!r} in the data (see `python -m geo incident show`)")
    version = int(record[schema.VERSION])
    if expected_version is not None and expected_version != version:
        change = last_change(data_dir, book, record_id) or {}
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


def next_incident_id(book: RecordBook) -> str:
    """A new id, one past the highest 'ia-N' ever given (never one used before, even by a record taken out)."""
    return f"ia-{book.highest_issued() + 1:04d}"


def add_incident(data_dir: Path, fields: dict, why: str, who: str | None = None,
                 status: str = schema.STATUS_DRAFT, place: dict | None = None, source: dict | None = None) -> dict:
    """Add one incident by hand (its id given out here); it starts in `status` (draft unless said). `place`: the
    gazetteer place it is at, as a feature, when places.geojson does not have it yet; `source`: a new source's
    fields, when it cites one sources.csv does not have yet."""
    values = _text_fields(fields, schema.EDITABLE_COLUMNS)

    def build(book: RecordBook) -> Changes:
        record_id = next_incident_id(book)
        row = {column: values.get(column, "") for column in schema.EDITABLE_COLUMNS}
        stamp = _status_fields(status, who, why)
        return {record_id: {FROM_VERSION: 0, "before": None, "after": {schema.ID: record_id, **row, **stamp}}}

    return revise(data_dir, "add", build, why, who, place=place, source=source)


def edit_incident(data_dir: Path, record_id: str, fields: dict, why: str, who: str | None = None,
                  expected_version: int | None = None) -> dict:
    """Change fields of one incident (any contract field but its id)."""
    values = _text_fields(fields, schema.EDITABLE_COLUMNS)
    return revise(data_dir, "edit", lambda book: {record_id: change_of(
        current(data_dir, book, record_id, expected_version), values)}, why, who)


def _status_fields(status: str, who: str | None, why: str) -> dict[str, str]:
    """The status fields of a review decision made now."""
    if status not in schema.REVIEW_STATUSES:
        raise RecordRefusedError(f"status {status!r} is not one of {', '.join(schema.REVIEW_STATUSES)}")
    return {schema.STATUS: status, schema.STATUS_BY: (who or "").strip() or "not given",
            schema.STATUS_AT: datetime.now(UTC).isoformat(timespec="seconds"), schema.STATUS_WHY: why}


def set_status(data_dir: Path, record_id: str, status: str, why: str, who: str | None = None,
               expected_version: int | None = None) -> dict:
    """Move a record to a review status (draft, in_review, published, retracted), saying who and why."""
    stamp = _status_fields(status, who, why)
    if status == schema.STATUS_RETRACTED and not why.strip():
        raise RecordRefusedError("a retraction needs its reason (--why)")

    def build(book: RecordBook) -> Changes:
        record = current(data_dir, book, record_id, expected_version, moving=True)
        if record[schema.STATUS] == status:
            raise RecordRefusedError(f"{record_id} is already {status}")
        return {record_id: change_of(record, stamp)}

    return revise(data_dir, "status", build, why, who)


def retract(data_dir: Path, record_id: str, why: str, who: str | None = None,
            expected_version: int | None = None) -> dict:
    """Retract a record (a soft delete): it stays on disk, marked, out of the map; its id is never reused."""
    return set_status(data_dir, record_id, schema.STATUS_RETRACTED, why, who, expected_version)


def parse_claims(text: str) -> list[dict]:
    """A record's claims: every source's own figures, [{source_id, killed, injured, displaced}]."""
    return json.loads(text) if text else []


def corroborate(data_dir: Path, record_id: str, source_id: str, figures: dict[str, str], why: str,
                who: str | None = None, expected_version: int | None = None) -> dict:
    """Attach another source to an incident, with that source's own figures where it gives them."""
    claim = {schema.SOURCE_ID: source_id.strip(), **_text_fields(figures, schema.COUNT_COLUMNS)}

    def build(book: RecordBook) -> Changes:
        record = current(data_dir, book, record_id, expected_version)
        cited = schema.split_list(record[schema.SOURCE_IDS])
        claims = [c for c in parse_claims(record[schema.CLAIMS]) if c[schema.SOURCE_ID] != claim[schema.SOURCE_ID]]
        if claim[schema.SOURCE_ID] in cited and not any(claim.get(f) for f in schema.COUNT_COLUMNS):
            raise RecordRefusedError(f"{record_id} already cites {claim[schema.SOURCE_ID]}")
        sources = schema.LIST_SEPARATOR.join(cited + [claim[schema.SOURCE_ID]] * (claim[schema.SOURCE_ID] not in cited))
        return {record_id: change_of(record, {schema.SOURCE_IDS: sources,
                                              schema.CLAIMS: json.dumps(claims + [claim], ensure_ascii=False)})}

    return revise(data_dir, "corroborate", build, why, who, source_id=claim[schema.SOURCE_ID])
