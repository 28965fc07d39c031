"""`python -m geo --database URL db init | push | pull` and `users add | list | role | disable`: the team server."""

from __future__ import annotations

import argparse
import getpass
import sys
from pathlib import Path

from geo import schema
from geo.database import accounts, sign_in, transfer
from geo.database.connection import shown, upgrade
from geo.database.records import PostgisStore
from geo.dataset.storage import RecordStore, record_store
from geo.errors import AtlasError


def store_of(args: argparse.Namespace) -> RecordStore:
    """Where a command's record changes go: the team database as the --by account, else the data directory."""
    if args.database:
        return PostgisStore(args.database, getattr(args, "by", None))
    return record_store(args.data)


def target_of(args: argparse.Namespace) -> Path | PostgisStore:
    """Where a place, source or gazetteer change goes: the team database as the --by account, else the data folder."""
    return PostgisStore(args.database, args.by) if args.database else args.data


def _database(args: argparse.Namespace) -> str:
    """The database URL a team command needs, refused in one line when none is set."""
    if not args.database:
        raise AtlasError("this command needs the team database: give --database URL or set ATLAS_DATABASE_URL")
    return args.database


def add_database_commands(commands: argparse._SubParsersAction) -> None:
    """Register db and users."""
    database = commands.add_parser("db", help="the team database: create or upgrade it, push or pull a data folder")
    steps = database.add_subparsers(dest="step", required=True)
    steps.add_parser("init", help="create or upgrade the schema").set_defaults(run=command_init)
    push = steps.add_parser("push", help="load a data folder into an empty team database")
    push.add_argument("--from", dest="source", type=Path, required=True)
    push.set_defaults(run=command_push)
    pull = steps.add_parser("pull", help="write the team database out as a data folder")
    pull.add_argument("--to", dest="target", type=Path, required=True)
    pull.set_defaults(run=command_pull)
    users = commands.add_parser("users", help="team accounts (admins manage them)")
    actions = users.add_subparsers(dest="action", required=True)
    add = actions.add_parser("add", help="add an account (the first one must be an admin)")
    add.add_argument("account", metavar="NAME")
    add.add_argument("--role", required=True, choices=schema.ROLES)
    add.add_argument("--password", help="the password (asked for when not given; visible to other local users)")
    add.add_argument("--password-stdin", action="store_true", help="read the password from standard input")
    actions.add_parser("list", help="every account, its role and state").set_defaults(run=command_users_list)
    role = actions.add_parser("role", help="give an account another role")
    role.add_argument("account", metavar="NAME")
    role.add_argument("role", choices=schema.ROLES)
    disable = actions.add_parser("disable", help="disable an account (it can no longer sign in or change anything)")
    disable.add_argument("account", metavar="NAME")
    unlock = actions.add_parser("unlock", help="lift an account's lock after failed sign-ins")
    unlock.add_argument("account", metavar="NAME")
    token = actions.add_parser("token", help="issue a personal token (ATLAS_TOKEN) for the command line")
    token.add_argument("account", metavar="NAME")
    revoke = actions.add_parser("revoke", help="revoke every sign-in token of an account (browsers and personal)")
    revoke.add_argument("account", metavar="NAME")
    for parser, run in ((add, command_users_add), (role, command_users_role), (disable, command_users_disable),
                        (unlock, command_users_unlock), (token, command_users_token),
                        (revoke, command_users_revoke)):
        parser.add_argument("--by", default=getpass.getuser(), help="the admin making the change (default: login)")
        parser.set_defaults(run=run)


def command_init(args: argparse.Namespace) -> int:
    """Create or upgrade the schema."""
    before, now = upgrade(_database(args))
    said = f"created at schema {now}" if before is None else \
        f"already at schema {now}" if before == now else f"upgraded from schema {before} to {now}"
    print(f"{shown(args.database)}: {said}", file=sys.stderr)
    return 0


def command_push(args: argparse.Namespace) -> int:
    """Load a data folder into the team database."""
    counts = transfer.push(_database(args), args.source)
    print(f"pushed {args.source} to {shown(args.database)}: "
          + ", ".join(f"{n} {what}" for what, n in counts.items()), file=sys.stderr)
    return 0


def command_pull(args: argparse.Namespace) -> int:
    """Write the team database out as a data folder."""
    counts = transfer.pull(_database(args), args.target)
    print(f"pulled {shown(args.database)} into {args.target}: {counts['files']} files", file=sys.stderr)
    return 0


def command_users_add(args: argparse.Namespace) -> int:
    """Add an account, asking for its password when not given."""
    password = args.password if args.password is not None else \
        sys.stdin.readline().rstrip("\r\n") if args.password_stdin else _ask_password()
    account = accounts.add_account(_database(args), args.account, args.role, password, args.by)
    print(f"account {account.name} added as {account.role}", file=sys.stderr)
    return 0


def _ask_password() -> str:
    """A new password typed twice at the terminal (refused when there is no terminal to type it at)."""
    if not sys.stdin.isatty():
        raise AtlasError("no terminal to type the password at: give it with --password-stdin (piped) or --password")
    first = getpass.getpass("Password: ")
    if getpass.getpass("Again: ") != first:
        raise AtlasError("the two passwords differ; nothing was changed")
    return first


def command_users_list(args: argparse.Namespace) -> int:
    """Every account as name, role, state (disabled, locked after failed sign-ins, or enabled)."""
    locked = sign_in.locked_names(_database(args))
    for account in accounts.list_accounts(_database(args)):
        state = "disabled" if account.disabled else "locked" if account.name in locked else "enabled"
        print(f"{account.name}\t{account.role}\t{state}")
    return 0


def command_users_role(args: argparse.Namespace) -> int:
    """Give an account another role."""
    account = accounts.set_role(_database(args), args.account, args.role, args.by)
    print(f"account {account.name} is now {account.role}", file=sys.stderr)
    return 0


def command_users_disable(args: argparse.Namespace) -> int:
    """Disable an account."""
    account = accounts.disable_account(_database(args), args.account, args.by)
    print(f"account {account.name} disabled", file=sys.stderr)
    return 0


def command_users_unlock(args: argparse.Namespace) -> int:
    """Lift an account's sign-in lock."""
    sign_in.unlock_account(_database(args), args.account, args.by)
    print(f"account {args.account} unlocked", file=sys.stderr)
    return 0


def command_users_token(args: argparse.Namespace) -> int:
    """Issue a personal token for an account and print it once (an admin's)."""
    url = _database(args)
    account = sign_in.admin_issues_token(url, args.account, args.by)
    print(sign_in.issue_token(url, account, "personal"))
    print(f"a personal token for {account.name}, valid {sign_in.PERSONAL_DAYS} days: give it to them privately; "
          f"they set ATLAS_TOKEN to it. `users revoke {account.name}` takes it back", file=sys.stderr)
    return 0


def command_users_revoke(args: argparse.Namespace) -> int:
    """Revoke every token of an account."""
    sign_in.revoke_all(_database(args), args.account, args.by)
    print(f"every sign-in token of {args.account} revoked", file=sys.stderr)
    return 0
