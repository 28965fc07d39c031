"""One storage interface for record-level changes, and its data-directory implementation.

Curation (`geo.dataset.curate`, `merging`, `history`) builds a change from the records as they are now and hands
it to a `RecordStore`, which checks it against the contract and writes it with its revision, all or nothing. The
data directory (`DirectoryStore`, below) appends one line to its revision log under the folder's lock; the team
database (`geo.database.records.PostgisStore`) does the same in one transaction. Both refuse a stale version.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Protocol

from geo import config, schema
from geo.dataset.checks import check_records, known_ids
from geo.dataset.records import Book, RecordBook, fold
from geo.dataset.revisions import append_revision, cut_torn_tail, new_revision, read_revisions
from geo.dataset.store import add_place_feature, write_new_source
from geo.files.journal import folder_lock, recover

Changes = dict[str, dict]


class RecordStore(Protocol):
    """Where records live: the data directory or the team database."""

    def revise(self, action: str, build: Callable[[Book], Changes], why: str, who: str | None,
               place: dict | None = None, source: dict | None = None, **details) -> dict:
        """Build a change from the records now, check it, write it with its revision; return the revision."""

    def revisions(self, record_id: str | None = None, from_rev: int = 0) -> list[dict]:
        """The revisions (of one record, or all) numbered from_rev or later, oldest first."""

    def book(self) -> Book:
        """The records as they are now, to read."""


class DirectoryStore:
    """Record-level changes to a data directory: one fsynced line in its revision log per change."""

    def __init__(self, data_dir: Path) -> None:
        self.data_dir = data_dir

    def revise(self, action: str, build: Callable[[Book], Changes], why: str, who: str | None,
               place: dict | None = None, source: dict | None = None, **details) -> dict:
        """Build, check and append a revision with the folder's lock held throughout. A gazetteer place (a feature)
        or a new source the records use joins the data first, once the records are known to pass with them."""
        with folder_lock(self.data_dir):
            recover(self.data_dir)
            cut_torn_tail(self.data_dir)
            book = RecordBook(self.data_dir)
            changes = build(book)
            place_ids, source_ids = known_ids(self.data_dir)
            check_records(book, changes, place_ids | ({place["properties"][schema.ID]} if place else set()),
                          source_ids | ({source[schema.ID]} if source else set()))
            revision = new_revision(book.revision + 1, action, changes, why, who, **details)
            if source:
                write_new_source(self.data_dir, source, why, who)
            if place:
                add_place_feature(self.data_dir, place, revision, who)
            append_revision(self.data_dir, revision)
            if len(book.tail) + 1 >= config.fold_every():
                fold(self.data_dir)
            return revision

    def revisions(self, record_id: str | None = None, from_rev: int = 0) -> list[dict]:
        """The revisions from the log (of one record, or all), numbered from_rev or later."""
        return [r for r in read_revisions(self.data_dir)
                if r["rev"] >= from_rev and (record_id is None or record_id in r["changes"])]

    def book(self) -> RecordBook:
        """The records now."""
        return RecordBook(self.data_dir)


def record_store(target: Path | RecordStore) -> RecordStore:
    """The store a curation call writes to: a data directory's, or the store given."""
    return DirectoryStore(Path(target)) if isinstance(target, str | Path) else target
