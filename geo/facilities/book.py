"""The facility register as a page or a command changes it, on a data folder or a team database: each change is
checked against the account's role (a team's editor proposes, a reviewer publishes; a folder has no roles), then
applied to the register as it is and saved with its audit entry, all or nothing, only if nobody changed the register
meanwhile (the store checks under its lock)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pandas as pd

from geo import schema
from geo.dataset.audit import read_audit
from geo.dataset.load import load_places
from geo.dataset.records import current_records
from geo.dataset.roles import EDIT, PERMISSIONS, REVIEW, Account, require
from geo.facilities import changes, links, proposals
from geo.facilities.changes import Change
from geo.facilities.register import Register, facility_entries, read_register, save_register
from geo.facilities.undo import expecting, row_changes, undoing

Saver = Callable[[Register, Change, str, str | None], None]


class FacilityBook:
    """Reads and changes one atlas's register; `account` is None on a data folder (one researcher, no roles)."""

    def __init__(self, load: Callable[[], Register], save: Saver, dates: Callable[[], pd.Series],
                 place_ids: Callable[[], set[str]], entries: Callable[[], list[dict]],
                 account: Account | None) -> None:
        self.load, self._save, self._dates, self._place_ids = load, save, dates, place_ids
        self.entries, self.account = entries, account

    @property
    def reviews(self) -> bool:
        """Whether this account's changes take effect at once (a reviewer, or a data folder)."""
        return self.account is None or REVIEW in PERMISSIONS.get(self.account.role, frozenset())

    def _allow(self, permission: str) -> None:
        """Refuse in one line unless the account may."""
        if self.account is not None:
            require(self.account, permission)

    def _apply(self, step: Callable[[Register], Change], why: str, permission: str = EDIT,
               expected: tuple[str, int | None] = ("", None)) -> str:
        """Run one step on the register as it is now (refused when `expected` names a facility at another version)
        and save it with its audit entry, which keeps the rows it removed and added for an undo."""
        self._allow(permission)
        before = self.load()
        expecting(before, *expected)
        change = step(before)
        kept = change._replace(details={**change.details, "rows": row_changes(before, change.register)})
        self._save(before, kept, why, self.account.name if self.account else None)
        return change.result

    def _needs_review(self, facility_id: str) -> str:
        """The permission a change to a facility needs: review once it is published or retracted."""
        row = self.load().facilities.set_index(schema.ID)
        status = row[schema.STATUS].get(facility_id, "")
        return REVIEW if status in (schema.STATUS_PUBLISHED, schema.STATUS_RETRACTED) else EDIT

    def add(self, fields: dict, why: str) -> str:
        """Add a facility (published on a folder or by a reviewer; in review when an editor adds it)."""
        status = schema.STATUS_PUBLISHED if self.reviews else schema.STATUS_IN_REVIEW
        return self._apply(lambda r: changes.adding(r, fields, self._place_ids(), status), why)

    def correct(self, facility_id: str, fields: dict, why: str, expected: int | None = None) -> str:
        """Correct a facility's fields (refused when it is no longer at the `expected` version)."""
        return self._apply(lambda r: changes.correcting(r, facility_id, fields, self._place_ids()), why,
                           self._needs_review(facility_id), (facility_id, expected))

    def condition(self, facility_id: str, fields: dict, why: str, expected: int | None = None) -> str:
        """Record a facility's condition on a date (a reviewer's change once the facility is public)."""
        return self._apply(lambda r: links.recording_condition(r, facility_id, fields, self._dates()), why,
                           self._needs_review(facility_id), (facility_id, expected))

    def link(self, incident_id: str, facility_id: str, confirmed: bool, why: str) -> str:
        """Link an incident to a facility: confirmed by a reviewer (or on a folder); an editor's link is proposed."""
        link = schema.LINK_CONFIRMED if confirmed and self.reviews else schema.LINK_PROPOSED
        who = self.account.name if self.account else None
        return self._apply(lambda r: links.linking(r, incident_id, facility_id, link, self._dates(), who), why)

    def apply_proposals(self, found: pd.DataFrame, why: str) -> None:
        """Apply `propose`'s matches: sure ones linked (proposed when an editor applies them), the rest queued."""
        if len(found):
            who = self.account.name if self.account else None
            self._apply(lambda r: proposals.applying(r, found, self.reviews, who), why)

    def health_care(self, rows: pd.DataFrame, why: str) -> str:
        """Record the health-care figures a dataset carries for incidents in the atlas (a reviewer's change: they
        are public figures); how many incidents got them."""
        return self._apply(lambda r: changes.recording_health_care(r, rows, set(self._dates().index)), why, REVIEW)

    def imported_health_care(self, rows: pd.DataFrame, incident_ids: list[str], why: str) -> str:
        """Record the health-care figures of the incidents an import has just saved (an editor may: those records
        wait in review with their figures, as the import's other fields do); how many got them."""
        chosen = rows[rows[schema.INCIDENT_ID].isin(set(incident_ids))]
        return self._apply(lambda r: changes.recording_health_care(r, chosen, set(self._dates().index)), why)

    def merge(self, facility_id: str, into_id: str, why: str, expected: int | None = None) -> str:
        """Merge one facility into another (a reviewer's change)."""
        return self._apply(lambda r: changes.merging(r, facility_id, into_id), why, REVIEW, (facility_id, expected))

    def review(self, facility_id: str, status: str, why: str, expected: int | None = None) -> str:
        """Publish or retract a facility (a reviewer's change)."""
        return self._apply(lambda r: changes.reviewing(r, facility_id, status, why), why, REVIEW,
                           (facility_id, expected))

    def undo(self, number: int, why: str) -> str:
        """Take facility change `number` back (a reviewer's change: it may touch public facilities)."""
        return self._apply(lambda r: undoing(r, self.entries(), number), why or f"undo facility change {number}",
                           REVIEW)


def _incident_dates(data_dir: Path) -> pd.Series:
    """Each incident's first day by id, as the folder's records are now (its revision log applied)."""
    table = current_records(data_dir).incidents
    return table.set_index(schema.ID)[schema.DATE_START].fillna("").astype(str)


def folder_book(data_dir: Path, who: str | None = None) -> FacilityBook:
    """The register of a data folder; `who` is the name the audit gives (a folder has no accounts)."""
    def save(before: Register, change: Change, why: str, _account: str | None) -> None:
        save_register(data_dir, before, change.register, change.action, why, who, **change.details)

    return FacilityBook(lambda: read_register(data_dir), save, lambda: _incident_dates(data_dir),
                        lambda: set(load_places(data_dir)[schema.ID]),
                        lambda: facility_entries(read_audit(data_dir)), None)
