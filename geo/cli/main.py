"""Command line: `python -m geo [--data DIR] COMMAND ...` (places, extract, validate, build, ...)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from geo import config
from geo.cli.documents import add_document_commands
from geo.cli.exports import add_export_command
from geo.cli.gazetteer import add_gazetteer_command
from geo.cli.imports import add_import_commands, add_storage_command
from geo.cli.incident_parser import add_correction_commands, add_incident_commands
from geo.errors import AtlasError
from geo.files.journal import recover_if_idle


def build_parser() -> argparse.ArgumentParser:
    """The argument parser for every command."""
    parser = argparse.ArgumentParser(prog="python -m geo", description="Incident Atlas command line")
    parser.add_argument("--data", type=Path, default=None, help="data directory (default: data/)")
    commands = parser.add_subparsers(dest="command", required=True)
    add_document_commands(commands)
    add_export_command(commands)
    add_import_commands(commands)
    add_storage_command(commands)
    add_gazetteer_command(commands)
    add_incident_commands(commands)
    add_correction_commands(commands)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run the command line; errors are one line on stderr, never a traceback."""
    args = build_parser().parse_args(argv)
    args.data = config.resolve_data_dir(args.data)
    try:
        recover_if_idle(args.data)
        return args.run(args)
    except AtlasError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    except BrokenPipeError:
        return 0
