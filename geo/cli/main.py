"""Command line: `python -m geo [--data DIR] COMMAND ...` (places, extract, validate, build, ...)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from geo import config
from geo.cli.database import add_database_commands
from geo.cli.documents import add_document_commands
from geo.cli.exports import add_export_command
from geo.cli.facility_parser import add_facility_commands
from geo.cli.gazetteer import add_gazetteer_command
from geo.cli.imports import add_import_commands, add_storage_command
from geo.cli.incident_parser import add_correction_commands, add_incident_commands
from geo.cli.proof import prove_account
from geo.database.connection import DATABASE_URL_ENV, database_url
from geo.errors import AtlasError
from geo.files.journal import recover_if_idle

# Commands that read or write the team database when one is set (the others work on a data directory).
ON_DATABASE = ("db", "users", "import", "undo", "redo", "history", "export", "incident show", "incident add",
               "incident edit", "incident corroborate", "incident status", "incident retract", "incident merge",
               "incident history", "incident restore", "incident undo", "place edit", "source edit",
               "correction undo", "places", "extract", "gazetteer", "duplicates", "incident retracted",
               "validate", "build", "facilities")


def build_parser() -> argparse.ArgumentParser:
    """The argument parser for every command."""
    parser = argparse.ArgumentParser(prog="python -m geo", description="Incident Atlas command line")
    parser.add_argument("--data", type=Path, default=None, help="data directory (default: data/)")
    parser.add_argument("--database", default=None, metavar="URL",
                        help="the team database, postgresql+psycopg://USER:PASSWORD@HOST:PORT/NAME "
                             f"(default: ${DATABASE_URL_ENV}; unset: the data directory)")
    commands = parser.add_subparsers(dest="command", required=True)
    add_document_commands(commands)
    add_export_command(commands)
    add_import_commands(commands)
    add_storage_command(commands)
    add_gazetteer_command(commands)
    add_incident_commands(commands)
    add_correction_commands(commands)
    add_database_commands(commands)
    add_facility_commands(commands)
    return parser


def _command_name(args: argparse.Namespace) -> str:
    """The command as typed: 'import', 'incident edit', 'users add'."""
    return " ".join(w for w in (args.command, getattr(args, "step", None) or getattr(args, "action", None)) if w)


def _refuse_on_database(args: argparse.Namespace) -> None:
    """Commands that work on the data directory only say so in one line when a team database is set."""
    name = _command_name(args)
    if args.database and name == "convert":
        raise AtlasError("`convert` chooses the file format of a data directory's incidents; the team database keeps "
                         "them in its tables (leave --database unset to convert a folder)")
    if args.database and not any(name == c or name.startswith(c + " ") for c in ON_DATABASE):
        raise AtlasError(f"`{name}` does not work on the team database: `db pull --to DIR`, then run it with "
                         "--data DIR (or leave the database unset)")


def main(argv: list[str] | None = None) -> int:
    """Run the command line; errors are one line on stderr, never a traceback."""
    args = build_parser().parse_args(argv)
    args.data = config.resolve_data_dir(args.data)
    args.database = database_url(args.database)
    try:
        _refuse_on_database(args)
        prove_account(_command_name(args), args)
        if not args.database:
            recover_if_idle(args.data)
        return args.run(args)
    except AtlasError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    except BrokenPipeError:
        return 0
