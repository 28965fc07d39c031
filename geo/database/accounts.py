"""Team accounts in the database: add, list, change role, disable; passwords hashed with Argon2id.

Managing accounts needs an admin, except the very first account, which must be one (so a fresh team database can
be set up from the command line). A sign-in answers the same for an unknown name as for a wrong password.
"""

from __future__ import annotations

import hmac
import os
import re

import sqlalchemy as sa
from argon2 import PasswordHasher
from sqlalchemy.engine import Connection

from geo import schema
from geo.database.connection import require_current, translated
from geo.dataset.roles import ADMINISTER, Account, require
from geo.errors import AtlasError, NotAllowedError

NAME_PATTERN = re.compile(r"^[\w.@-]{1,64}$")
MIN_PASSWORD = 10
HASHER = PasswordHasher()
SIGN_IN_REFUSED = "wrong name or password"
TRUSTED_HEADER_ENV = "ATLAS_TRUSTED_HEADER"
PROXY_SECRET_ENV = "ATLAS_PROXY_SECRET"
PROXY_SECRET_HEADER = "X-Atlas-Proxy-Secret"
MIN_PROXY_SECRET = 16



def account_from_row(row) -> Account:
    """An Account from a row of the accounts table."""
    return Account(row.name, row.role, bool(row.disabled))


def _find(connection: Connection, name: str) -> Account | None:
    """The account of that name, or None."""
    row = connection.execute(sa.text("SELECT name, role, disabled FROM accounts WHERE name = :account"),
                             {"account": name}).first()
    return account_from_row(row) if row else None


def acting_account(connection: Connection, name: str | None) -> Account:
    """The account a change is made as, refused in one line when there is none of that name."""
    found = _find(connection, (name or "").strip()) if name else None
    if found is None:
        raise NotAllowedError(f"no account {name!r} in the team database: act as yours with --by NAME (an admin "
                              "adds accounts with `python -m geo users add`); nothing was changed")
    return found


def administrator(connection: Connection, by: str | None) -> None:
    """Refuse unless `by` is an enabled admin (or there are no accounts yet: the first one is being made)."""
    if connection.execute(sa.text("SELECT count(*) FROM accounts")).scalar_one() == 0:
        return
    require(acting_account(connection, by), ADMINISTER)


def _checked_name(name: str) -> str:
    """An account name: letters, digits, '.', '_', '-', '@', at most 64."""
    if not NAME_PATTERN.match(name or ""):
        raise AtlasError(f"{name!r} is not an account name: use letters, digits, '.', '_', '-' or '@' (at most 64)")
    return name


def _checked_role(role: str) -> str:
    """One of the four roles."""
    if role not in schema.ROLES:
        raise AtlasError(f"role {role!r} is not one of {', '.join(schema.ROLES)}")
    return role


def add_account(url: str, name: str, role: str, password: str, by: str | None) -> Account:
    """Add an account with a hashed password (the first account must be an admin)."""
    _checked_name(name)
    _checked_role(role)
    if len(password) < MIN_PASSWORD:
        raise AtlasError(f"a password needs at least {MIN_PASSWORD} characters")
    with translated(url), require_current(url).begin() as connection:
        if connection.execute(sa.text("SELECT count(*) FROM accounts")).scalar_one() == 0 \
                and role != schema.ROLE_ADMIN:
            raise AtlasError("the first account must be an admin (--role admin): it is the one that adds the others")
        administrator(connection, by)
        added = connection.execute(sa.text("INSERT INTO accounts (name, role, password_hash) VALUES (:account, :role, "
                                           ":hash) ON CONFLICT (name) DO NOTHING"),
                                   {"account": name, "role": role, "hash": HASHER.hash(password)})
        if added.rowcount != 1:
            raise AtlasError(f"an account {name!r} exists already (change its role with `users role`)")
    return Account(name, role)


def list_accounts(url: str) -> list[Account]:
    """Every account, by name."""
    with translated(url), require_current(url).connect() as connection:
        rows = connection.execute(sa.text("SELECT name, role, disabled FROM accounts ORDER BY name"))
        return [account_from_row(row) for row in rows]


def _update(url: str, name: str, by: str | None, assignment: str, values: dict) -> Account:
    """Change one account as an admin; refused when there is no such account."""
    with translated(url), require_current(url).begin() as connection:
        administrator(connection, by)
        row = connection.execute(sa.text(f"UPDATE accounts SET {assignment} WHERE name = :account "
                                         "RETURNING name, role, disabled"), {"account": name, **values}).first()
        if row is None:
            raise AtlasError(f"no account {name!r} (see `python -m geo users list`)")
        revoke_tokens(connection, name)
        admins = connection.execute(sa.text("SELECT count(*) FROM accounts WHERE role = :admin AND NOT disabled"),
                                    {"admin": schema.ROLE_ADMIN}).scalar_one()
        if admins == 0:
            raise AtlasError("that would leave no enabled admin; nothing was changed")
        return account_from_row(row)


def revoke_tokens(connection: Connection, name: str) -> None:
    """Revoke every sign-in token of an account (its role changed, it was disabled, or an admin asked)."""
    connection.execute(sa.text("DELETE FROM sign_in_tokens WHERE account = :account"), {"account": name})


def set_role(url: str, name: str, role: str, by: str | None) -> Account:
    """Give an account another role."""
    return _update(url, name, by, "role = :role", {"role": _checked_role(role)})


def disable_account(url: str, name: str, by: str | None) -> Account:
    """Disable an account: it can no longer sign in or change anything (its history stays)."""
    return _update(url, name, by, "disabled = true", {})


def find_account(url: str, name: str) -> Account | None:
    """The account of that name as it is now (its role, whether disabled), or None."""
    with translated(url), require_current(url).connect() as connection:
        return _find(connection, name)


def proxy_vouched_name(names: list[str], secrets: list[str]) -> str:
    """The account name a sign-in proxy vouches for: exactly one trusted header, and exactly one secret header equal
    to $ATLAS_PROXY_SECRET (compared in constant time); else NotAllowedError in one line. Without the secret the
    header is never trusted: a client that reaches the app directly could send it."""
    expected = os.environ.get(PROXY_SECRET_ENV, "")
    if len(expected) < MIN_PROXY_SECRET:
        raise NotAllowedError(f"{TRUSTED_HEADER_ENV} is set but {PROXY_SECRET_ENV} is not (or is shorter than "
                              f"{MIN_PROXY_SECRET} characters): the sign-in header is not trusted; ask an admin")
    given = secrets[0] if len(secrets) == 1 else ""
    if not hmac.compare_digest(given.encode("utf-8", "replace"), expected.encode("utf-8", "replace")):
        raise NotAllowedError("this request did not come through the team's sign-in proxy; ask an admin")
    if len(names) != 1 or "," in names[0]:
        raise NotAllowedError("the sign-in header came more than once or with several names; refused")
    return names[0].strip()


def trusted_account(url: str, names: list[str], secrets: list[str]) -> Account:
    """The account a sign-in proxy vouches for (the trusted header's values, the secret header's values): known,
    enabled and proven by the proxy's secret, or refused in one line."""
    name = proxy_vouched_name(names, secrets)
    account = find_account(url, name) if name else None
    if account is None:
        raise NotAllowedError(f"the sign-in proxy named no known account ({TRUSTED_HEADER_ENV}); ask an admin")
    if account.disabled:
        raise NotAllowedError(f"the account {account.name!r} is disabled; ask an admin")
    return account


def trusted_header() -> str | None:
    """The request header a sign-in proxy in front of the app names the account in ($ATLAS_TRUSTED_HEADER), or None.
    It is trusted only with the proxy's secret ($ATLAS_PROXY_SECRET) in PROXY_SECRET_HEADER; the proxy must
    remove both headers from clients' requests and set its own."""
    return os.environ.get(TRUSTED_HEADER_ENV, "").strip() or None
