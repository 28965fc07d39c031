"""Who the command line acts as on the team database: a command that changes the team's data must prove the
account, by a personal token an admin issued ($ATLAS_TOKEN) or by its password typed at the terminal. `--by` alone
names nobody: anyone with the database URL could type any name (the URL itself is an administrator's secret)."""

from __future__ import annotations

import argparse
import getpass
import os
import sys

import sqlalchemy as sa

from geo.database import sign_in
from geo.database.connection import require_current, translated
from geo.errors import NotAllowedError

TOKEN_ENV = "ATLAS_TOKEN"
CHANGING = ("users add", "users role", "users disable", "users unlock", "users token", "users revoke", "import",
            "undo", "redo", "incident add", "incident edit", "incident corroborate", "incident status",
            "incident retract", "incident merge", "incident restore", "incident undo", "place edit", "source edit",
            "correction undo", "gazetteer import", "gazetteer add", "build", "facilities add", "facilities edit",
            "facilities condition", "facilities link", "facilities merge", "facilities publish", "facilities retract",
            "facilities health-care", "facilities undo")


def _changes_data(name: str, args: argparse.Namespace) -> bool:
    """True when the command would change the team's data (a dry run or a read does not)."""
    if name == "duplicates":
        return bool(getattr(args, "distinct", None))
    if name == "facilities propose":
        return bool(args.apply)
    return name in CHANGING and not getattr(args, "dry_run", False)


def _no_accounts_yet(url: str) -> bool:
    """True on a team database without any account (its first admin is being made)."""
    with translated(url), require_current(url).connect() as connection:
        return connection.execute(sa.text("SELECT count(*) FROM accounts")).scalar_one() == 0


def prove_account(name: str, args: argparse.Namespace) -> None:
    """Set args.by to the proven account, or refuse in one line; nothing to prove off the database or for reads."""
    if not args.database or not _changes_data(name, args) or (name == "users add" and _no_accounts_yet(
            args.database)):
        return
    token = os.environ.get(TOKEN_ENV, "").strip()
    if token:
        account = sign_in.token_account(args.database, token, "personal")
        if account is None:
            raise NotAllowedError(f"{TOKEN_ENV} is not a live personal token (expired, revoked, or its account "
                                  "disabled); ask an admin for a new one; nothing was changed")
        args.by = account.name
        return
    if not sys.stdin.isatty():
        raise NotAllowedError(f"changing the team's data needs proof of the account: set {TOKEN_ENV} to the personal "
                              "token an admin issued (`users token NAME`), or run in a terminal to type the password "
                              f"of {args.by}; nothing was changed")
    args.by = sign_in.authenticate(args.database, args.by, getpass.getpass(f"Password of {args.by}: ")).name
