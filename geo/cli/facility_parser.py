"""The argument parser of `python -m geo facilities ...`."""

from __future__ import annotations

import argparse
import getpass
from pathlib import Path

from geo import schema
from geo.cli import facilities as run
from geo.cli.arguments import iso_date
from geo.facilities.summary import GROUPINGS
from geo.reader.facilities import KIND_LABELS

FORMATS = ("csv", "json")


def _actions(actions: argparse._SubParsersAction) -> dict[str, argparse.ArgumentParser]:
    """The sub-commands and their own arguments."""
    parsers = {name: actions.add_parser(name, help=text) for name, text in (
        ("list", "the register"), ("show", "one facility: strikes, days between them, conditions"),
        ("add", "add a facility"), ("edit", "correct fields: FIELD=VALUE ..."),
        (schema.CONDITION, "record its condition on a date"),
        (schema.LINK, "link an incident to the facility it struck"),
        ("merge", "merge a facility into another (its names kept as aliases)"),
        ("publish", "publish a facility proposed for review"), ("retract", "retract a facility"),
        ("propose", "the facility each unlinked incident names, and how sure the match is"),
        ("summary", "attacks, facilities attacked, repeat strikes, health workers killed"),
        ("health-care", "record the health-care figures of a dataset's imported events"),
        ("changes", "the numbered changes to the register (what `undo` takes back)"),
        ("undo", "take a change to the register back (itself a change, so it can be undone)"))}
    for name in ("show", "edit", schema.CONDITION, schema.LINK, "merge", "publish", "retract"):
        parsers[name].add_argument(schema.ID, help="the facility's id")
    _change_options(parsers)
    _add_options(parsers["add"])
    parsers["edit"].add_argument("assignments", nargs="+", metavar="FIELD=VALUE")
    condition = parsers[schema.CONDITION]
    condition.add_argument("--date", required=True, help="YYYY-MM-DD")
    condition.add_argument("--condition", required=True, choices=schema.FACILITY_CONDITIONS)
    condition.add_argument("--source", required=True, help="the source that reports it")
    condition.add_argument("--description", default="")
    parsers[schema.LINK].add_argument("--incident", required=True)
    parsers[schema.LINK].add_argument("--proposed", action="store_true", help="uncertain: queue it for review")
    parsers["merge"].add_argument("--into", required=True, help="the facility that is kept")
    parsers["propose"].add_argument("--apply", action="store_true",
                                    help="link sure matches, queue likely ones and new facilities for review")
    _summary_options(parsers["summary"])
    parsers["health-care"].add_argument("file", type=Path, help="the dataset file that was imported")
    parsers["health-care"].add_argument("--mapping", type=Path, help="the saved mapping it was imported with")
    for name in ("list", "propose", "summary"):
        parsers[name].add_argument("--format", choices=FORMATS, default="csv")
    parsers["list"].add_argument("--public", action="store_true",
                                 help="as a public copy may show it: no point, operator or small facility's name")
    return parsers


def _change_options(parsers: dict[str, argparse.ArgumentParser]) -> None:
    """The options that keep changes safe: the version a change was read at, the numbered changes, an undo."""
    for name in ("edit", schema.CONDITION, "merge", "publish", "retract"):
        parsers[name].add_argument("--expect-version", type=int, default=None, help="refuse unless the facility "
                                   "is still at this version (as you read it)")
    parsers["changes"].add_argument("--facility", default="", help="only the changes to this facility")
    parsers["undo"].add_argument("number", type=int, help="the change's number (see `facilities changes`)")


def _add_options(add: argparse.ArgumentParser) -> None:
    """The options of `facilities add`."""
    add.add_argument("--name", required=True)
    add.add_argument("--kind", required=True, choices=tuple(KIND_LABELS))
    add.add_argument("--place", default="", help="a place id from places.geojson")
    add.add_argument("--lat", default="")
    add.add_argument("--lon", default="")
    add.add_argument("--alias", action="append", default=[], help="another name (English or Arabic); repeat")
    add.add_argument("--operator", default="", help="who runs or supports it, as sources say")
    add.add_argument("--source", default="", help="source ids, ';'-separated")


def _summary_options(summary: argparse.ArgumentParser) -> None:
    """The options of `facilities summary`: how to group, and the filters in force."""
    summary.add_argument("--per", dest="by_group", choices=GROUPINGS, default=GROUPINGS[0])
    summary.add_argument("--from", dest="date_from", type=iso_date, help="incidents on or after (YYYY-MM-DD)")
    summary.add_argument("--to", dest="date_to", type=iso_date, help="incidents on or before (YYYY-MM-DD)")
    summary.add_argument("--governorate", dest="governorates", action="append", default=[])
    summary.add_argument("--chart", type=Path, help="also write a PNG bar chart with its caption to this file")


def add_facility_commands(commands: argparse._SubParsersAction) -> None:
    """Register `facilities ...`."""
    group = commands.add_parser("facilities", help="the facility register: hospitals, schools, markets ...")
    parsers = _actions(group.add_subparsers(dest="action", required=True))
    for name, parser in parsers.items():
        parser.set_defaults(run=getattr(run, f"command_{name.replace('-', '_')}"))
        parser.add_argument("--by", default=getpass.getuser(), help="who (default: your login)")
        parser.add_argument("--why", required=name in ("edit", "merge", "retract", "undo"), default="",
                            help="why (kept in the audit log)")
