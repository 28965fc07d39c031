"""Who may do what: the four roles and the permission each change needs, decided here for every backend.

A viewer reads; an editor adds and corrects records (and may move them between draft and in review); a reviewer
also publishes, retracts, merges and undoes imports; an admin also manages accounts. The data directory has no
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
WHAT = {EDIT: "add or change records", REVIEW: "publish, retract, merge or take back imports",
        ADMINISTER: "manage accounts"}


@dataclass(frozen=True)
class Account:
    """A team member's account as the library sees it (never its password)."""

    name: str
    role: str
    disabled: bool = False


def permission_for(action: str, changes: dict[str, dict] | None = None) -> str:
    """The permission a change needs: review for publishing, retracting, merging, undoing imports; else edit."""
    if action in REVIEW_ACTIONS:
        return REVIEW
    for change in (changes or {}).values():
        touched = {**(change.get("before") or {}), **(change.get("after") or {})}
        if touched.get(schema.STATUS) in REVIEWED_STATUSES:
            return REVIEW
    return EDIT


def require(account: Account, permission: str) -> None:
    """Refuse (NotAllowedError, one line) unless the account is enabled and its role grants the permission."""
    if account.disabled:
        raise NotAllowedError(f"the account {account.name!r} is disabled; nothing was changed")
    if permission not in PERMISSIONS.get(account.role, frozenset()):
        article = "an" if account.role[:1] in "aeiou" else "a"
        raise NotAllowedError(f"{account.name} is {article} {account.role} and may not {WHAT[permission]}; ask an "
                              "admin for another role (`python -m geo users role NAME ROLE`); nothing was changed")
