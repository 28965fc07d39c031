"""The argument parser of `python -m geo incident ...` and `python -m geo duplicates`."""

from __future__ import annotations

import argparse
import getpass
from pathlib import Path

from geo import schema
from geo.cli import incidents as run
from geo.cli.arguments import iso_date

CHANGES = ("add", "edit", "corroborate", "status", "retract", "merge", "restore", "undo")


def _record_commands(actions: argparse._SubParsersAction) -> dict[str, argparse.ArgumentParser]:
    """The sub-commands and their own arguments."""
    parsers = {name: actions.add_parser(name, help=text) for name, text in (
        ("show", "one record, its claims, status and aliases"), ("add", "add an incident from a JSON object"),
        ("edit", "change fields: FIELD=VALUE ..."), ("corroborate", "attach another source and its figures"),
        ("status", "set the review status"), ("retract", "retract (a soft delete)"),
        ("merge", "merge records into the first"), ("history", "every revision of a record"),
        ("restore", "make a record as it was after a revision"), ("undo", "undo one revision"),
        ("retracted", "the ids no longer on the map, as CSV"))}
    for name in ("show", "edit", "corroborate", "status", "retract", "history", "restore"):
        parsers[name].add_argument("id")
    parsers["add"].add_argument("--json", type=Path, required=True, help="a JSON object of contract fields")
    parsers["edit"].add_argument("assignments", nargs="+", metavar="FIELD=VALUE")
    parsers["corroborate"].add_argument("--source", required=True, help="a source id from sources.csv")
    for field in schema.COUNT_COLUMNS:
        parsers["corroborate"].add_argument(f"--{field}", type=int, default=None, help=f"that source's {field}")
    parsers["status"].add_argument("status", choices=schema.REVIEW_STATUSES)
    parsers["merge"].add_argument("keep", help="the id that survives")
    parsers["merge"].add_argument("others", nargs="+", help="the ids merged into it (kept as aliases)")
    parsers["restore"].add_argument("revision", type=int)
    parsers["undo"].add_argument("revision", type=int)
    return parsers


def add_incident_commands(commands: argparse._SubParsersAction) -> None:
    """Register `incident ...` and `duplicates`."""
    incident = commands.add_parser("incident", help="show, add, correct, review, merge, retract one record")
    parsers = _record_commands(incident.add_subparsers(dest="action", required=True))
    for name, parser in parsers.items():
        parser.set_defaults(run=getattr(run, f"command_{name}"))
    for name in CHANGES:
        _who_why(parsers[name], required=name in ("edit", "status", "retract", "merge"))
    for name in set(parsers) - set(CHANGES):  # read-only, but scripts pass --by to every command alike
        parsers[name].add_argument("--by", default=getpass.getuser(), help="who asks (nothing is written)")
    for name in ("edit", "corroborate", "status", "retract"):
        parsers[name].add_argument("--expect-version", type=int, default=None,
                                   help="refuse unless the record is still at this version (as you read it)")
    duplicates = commands.add_parser("duplicates", help="ranked pairs that may be one event")
    duplicates.add_argument("--days", type=int, default=2, help="days apart at most (default 2)")
    duplicates.add_argument("--km", type=float, default=5.0, help="kilometres apart at most (default 5)")
    duplicates.add_argument("--distinct", nargs=2, metavar=("ID", "ID"), help="remember: not the same event")
    duplicates.add_argument("--from", dest="date_from", type=iso_date, help="records on or after (YYYY-MM-DD)")
    duplicates.add_argument("--to", dest="date_to", type=iso_date, help="records on or before (YYYY-MM-DD)")
    duplicates.add_argument("--type", dest="types", action="append", default=[], choices=schema.INCIDENT_TYPES)
    duplicates.add_argument("--governorate", dest="governorates", action="append", default=[])
    duplicates.add_argument("--why", default="")
    duplicates.add_argument("--by", default=getpass.getuser())
    duplicates.set_defaults(run=run.command_duplicates)


def add_correction_commands(commands: argparse._SubParsersAction) -> None:
    """Register `place edit`, `source edit` and `correction undo`."""
    for kind in ("place", "source"):
        group = commands.add_parser(kind, help=f"correct a {kind}").add_subparsers(dest="action", required=True)
        editing = group.add_parser("edit", help=f"change fields of a {kind}: FIELD=VALUE ...")
        editing.add_argument("id")
        editing.add_argument("assignments", nargs="+", metavar="FIELD=VALUE")
        editing.set_defaults(run=run.command_correct)
        _who_why(editing, required=True)
    undoing = commands.add_parser("correction", help="undo a place or source correction").add_subparsers(
        dest="action", required=True).add_parser("undo", help="put back what correction N changed")
    undoing.add_argument("number", type=int)
    undoing.set_defaults(run=run.command_undo_correction)
    _who_why(undoing, required=False)


def _who_why(parser: argparse.ArgumentParser, required: bool) -> None:
    """The --why and --by options of a change."""
    parser.add_argument("--why", required=required, default="", help="why (kept in the audit log)")
    parser.add_argument("--by", default=getpass.getuser(), help="who (default: your login)")
