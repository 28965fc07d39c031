"""Who may do what: the four roles and the permission each change needs, decided here for every backend.

A viewer reads; an editor adds and corrects records that are drafts or in review (and moves them between the two),
and what an editor imports waits in review; a reviewer also publishes, unpublishes, retracts, changes published
records, merges and undoes imports; an admin also manages accounts. The data directory has no
accounts (one researcher); the team database checks every change against the account that makes it.
"""

from __future__ import annotations

from dataclasses import dataclass

from geo import schema
from geo.errors import NotAllowedError

EDIT, REVIEW, ADMINISTER = "edit", "review", "administer"
PERMISSIONS = {schema.ROLE_VIEWER: frozenset(), schema.ROLE_EDITOR: frozenset({EDIT}),
               schema.ROLE_REVIEWER: frozenset({EDIT, REVIEW}),
               schema.ROLE_ADMIN: frozenset({EDIT, REVIEW, ADMINISTER})}
REVIEW_ACTIONS = frozenset({"merge", "distinct", "undo-import", "redo-import"})
REVIEWED_STATUSES = frozenset({schema.STATUS_PUBLISHED, schema.STATUS_RETRACTED})
WHAT = {EDIT: "add or change records",
        REVIEW: "publish, unpublish, retract or change published records, merge or take back imports",
        ADMINISTER: "manage accounts"}


@dataclass(frozen=True)
class Account:
    """A team member's account as the library sees it (never its password)."""

    name: str
    role: str
    disabled: bool = False


def permission_for(action: str, changes: dict[str, dict] | None = None,
                   statuses_now: dict[str, str] | None = None) -> str:
    """The permission a change needs: review for merging and undoing imports, for any change to a record that is
    published or retracted now (`statuses_now`, by id), and for any move into or out of those statuses; else edit.
    So an editor works on drafts and records in review, and only a reviewer puts a record on the public map, takes
    it off, or changes it while it is there."""
    if action in REVIEW_ACTIONS:
        return REVIEW
    for record_id, change in (changes or {}).items():
        sides = (change.get("before") or {}, change.get("after") or {})
        if (statuses_now or {}).get(record_id) in REVIEWED_STATUSES or any(
                side.get(schema.STATUS) in REVIEWED_STATUSES for side in sides):
            return REVIEW
    return EDIT


def imported_status(account: Account) -> str:
    """The review status records get when this account imports them (or accepts a document's candidates): an
    editor's wait in review; a reviewer's are published."""
    return schema.STATUS_PUBLISHED if REVIEW in PERMISSIONS.get(account.role, frozenset()) else schema.STATUS_IN_REVIEW


def require(account: Account, permission: str) -> None:
    """Refuse (NotAllowedError, one line) unless the account is enabled and its role grants the permission."""
    if account.disabled:
        raise NotAllowedError(f"the account {account.name!r} is disabled; nothing was changed")
    granted = PERMISSIONS.get(account.role, frozenset())
    if permission not in granted:
        article = "an" if account.role[:1] in "aeiou" else "a"
        what = WHAT[permission if EDIT in granted or permission == ADMINISTER else EDIT]
        raise NotAllowedError(f"{account.name} is {article} {account.role} and may not {what}; ask an "
                              "admin for another role (`python -m geo users role NAME ROLE`); nothing was changed")
