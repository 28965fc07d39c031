"""Signing in to the team database: passwords checked with a bounded number of Argon2 checks at once, failed
attempts slowed down and then locked out (an admin lifts the lock), every failure and lockout in the audit (the name
tried and the time, never the password), and sign-in tokens: a browser's (kept in a cookie so a reload stays signed
in) and a personal one an admin issues for the command line. A token is 256 random bits; the database keeps only its
SHA-256, its account, its kind and when it expires. Signing out, a role change and disabling the account revoke it.
"""

from __future__ import annotations

import functools
import hashlib
import os
import secrets
import threading
from datetime import timedelta

import sqlalchemy as sa
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy.engine import Connection

from geo.database.accounts import HASHER, SIGN_IN_REFUSED, account_from_row, administrator, revoke_tokens
from geo.database.connection import require_current, translated
from geo.database.records import write_audit
from geo.dataset.audit import new_entry
from geo.dataset.roles import Account
from geo.errors import AtlasError, NotAllowedError

SLOW_DOWN_AFTER, LOCK_AFTER = 5, 10  # failed sign-ins in a row: then a doubling wait; then a lock
ARGON2_AT_ONCE, ARGON2_WAIT_SECONDS = 4, 10.0  # each check holds 64 MiB: 32 at once reached 2.16 GB
BROWSER_DAYS, PERSONAL_DAYS = 14, 365
SIGN_IN_ACTIONS = ("sign-in failed", "account locked", "account unlocked")
_CHECKS = threading.BoundedSemaphore(ARGON2_AT_ONCE)


def slow_down_seconds(failures: int) -> int:
    """How long to wait before the next try after this many failures in a row: none for the first few, then 1, 2,
    4, 8 ... seconds."""
    return 0 if failures < SLOW_DOWN_AFTER else 2 ** (failures - SLOW_DOWN_AFTER)


@functools.cache
def _unknown_name_hash() -> str:
    """A hash no password matches, checked against for an unknown name."""
    return HASHER.hash(os.urandom(16).hex())


def _password_matches(stored: str | None, password: str) -> bool:
    """One Argon2 check, among at most ARGON2_AT_ONCE at a time (the others wait, then are refused)."""
    if not _CHECKS.acquire(timeout=ARGON2_WAIT_SECONDS):
        raise NotAllowedError("the server is busy checking other sign-ins; try again in a moment")
    try:
        return bool(HASHER.verify(stored or _unknown_name_hash(), password)) and bool(stored)
    except (VerificationError, InvalidHashError):
        return False
    finally:
        _CHECKS.release()


def _failed(connection: Connection, name: str, known: bool) -> None:
    """Count a failure against the account (locking it at LOCK_AFTER) and audit it."""
    write_audit(connection, new_entry(SIGN_IN_ACTIONS[0], "", "", name))
    if not known:
        return
    row = connection.execute(sa.text(
        "UPDATE accounts SET failed_sign_ins = failed_sign_ins + 1, last_failed_at = now(), "
        "locked = locked OR failed_sign_ins + 1 >= :lock WHERE name = :account RETURNING failed_sign_ins, locked"),
        {"lock": LOCK_AFTER, "account": name}).one()
    if row.locked and row.failed_sign_ins == LOCK_AFTER:
        write_audit(connection, new_entry(SIGN_IN_ACTIONS[1], "", f"{LOCK_AFTER} failed sign-ins in a row", name))


def _refuse_before_checking(row) -> None:
    """A locked account, or one still within its wait, is refused without a password check."""
    if row is None:
        return
    if row.locked:
        raise NotAllowedError(f"the account {row.name!r} is locked after {LOCK_AFTER} failed sign-ins; an admin "
                              f"lifts the lock with `python -m geo users unlock {row.name}`")
    waited = row.waited.total_seconds() if row.waited is not None else None
    wait = slow_down_seconds(row.failed_sign_ins) - (waited or 0)
    if waited is not None and wait > 0:
        raise NotAllowedError(f"too many failed sign-ins: try again in {int(wait) + 1} s")


def authenticate(url: str, name: str, password: str) -> Account:
    """The account, when the name and password are right and it is enabled; else NotAllowedError, one line."""
    with translated(url), require_current(url).connect() as connection:
        row = connection.execute(sa.text(
            "SELECT name, role, disabled, password_hash, failed_sign_ins, locked, now() - last_failed_at AS waited "
            "FROM accounts WHERE name = :account"), {"account": name}).first()
    _refuse_before_checking(row)
    matches = _password_matches(row.password_hash if row else None, password)
    with translated(url), require_current(url).begin() as connection:
        if not matches:
            _failed(connection, name, row is not None)
        elif row.failed_sign_ins:
            connection.execute(sa.text("UPDATE accounts SET failed_sign_ins = 0 WHERE name = :account"),
                               {"account": name})
    if not matches:
        raise NotAllowedError(SIGN_IN_REFUSED)
    if row.disabled:
        raise NotAllowedError(f"the account {name!r} is disabled; ask an admin")
    return account_from_row(row)


def unlock_account(url: str, name: str, by: str | None) -> None:
    """Lift an account's lock and clear its failures (an admin's), audited."""
    with translated(url), require_current(url).begin() as connection:
        administrator(connection, by)
        if connection.execute(sa.text("UPDATE accounts SET locked = false, failed_sign_ins = 0 WHERE name = :account"),
                              {"account": name}).rowcount != 1:
            raise AtlasError(f"no account {name!r} (see `python -m geo users list`)")
        write_audit(connection, new_entry(SIGN_IN_ACTIONS[2], "", f"{name} unlocked", by))


def _token_hash(token: str) -> str:
    """What the database keeps of a token."""
    return hashlib.sha256(token.encode("utf-8", "replace")).hexdigest()


def issue_token(url: str, account: Account, kind: str) -> str:
    """A new token for the account ('browser' for BROWSER_DAYS, 'personal' for PERSONAL_DAYS), shown only now."""
    token = secrets.token_urlsafe(32)
    days = BROWSER_DAYS if kind == "browser" else PERSONAL_DAYS
    with translated(url), require_current(url).begin() as connection:
        connection.execute(sa.text("INSERT INTO sign_in_tokens (token_hash, account, kind, expires_at) VALUES "
                                   "(:hash, :account, :token_kind, now() + :days)"),
                           {"hash": _token_hash(token), "account": account.name, "token_kind": kind,
                            "days": timedelta(days=days)})
    return token


def token_account(url: str, token: str | None, kind: str) -> Account | None:
    """The enabled account a live token of this kind signs in, or None (unknown, expired, revoked, disabled)."""
    if not isinstance(token, str) or not token or len(token) > 200:
        return None
    with translated(url), require_current(url).connect() as connection:
        row = connection.execute(sa.text(
            "SELECT a.name, a.role, a.disabled FROM sign_in_tokens t JOIN accounts a ON a.name = t.account "
            "WHERE t.token_hash = :hash AND t.kind = :token_kind AND t.expires_at > now()"),
            {"hash": _token_hash(token), "token_kind": kind}).first()
    account = account_from_row(row) if row else None
    return account if account and not account.disabled else None


def revoke_token(url: str, token: str) -> None:
    """Revoke one token (signing out)."""
    with translated(url), require_current(url).begin() as connection:
        connection.execute(sa.text("DELETE FROM sign_in_tokens WHERE token_hash = :hash"), {"hash": _token_hash(token)})


def admin_issues_token(url: str, name: str, by: str | None) -> Account:
    """The enabled account an admin (`by`) may issue a personal token for, or a one-line refusal."""
    with translated(url), require_current(url).connect() as connection:
        administrator(connection, by)
        row = connection.execute(sa.text("SELECT name, role, disabled FROM accounts WHERE name = :account"),
                                 {"account": name}).first()
    if row is None or row.disabled:
        raise AtlasError(f"no enabled account {name!r} (see `python -m geo users list`)")
    return account_from_row(row)


def revoke_all(url: str, name: str, by: str | None) -> None:
    """Revoke every token of an account (an admin's)."""
    with translated(url), require_current(url).begin() as connection:
        administrator(connection, by)
        revoke_tokens(connection, name)


def locked_names(url: str) -> set[str]:
    """The accounts locked after failed sign-ins (an admin lifts a lock with `users unlock NAME`)."""
    with translated(url), require_current(url).connect() as connection:
        return set(connection.execute(sa.text("SELECT name FROM accounts WHERE locked")).scalars())
