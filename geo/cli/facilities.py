"""`python -m geo facilities list | show | add | edit | condition | link | merge | retract | propose | summary`."""

from __future__ import annotations

import argparse
import json
import sys

import pandas as pd

from geo import schema
from geo.dataset.load import load_incidents
from geo.dataset.query import IncidentFilter, filter_incidents
from geo.errors import UsageError
from geo.facilities import proposals
from geo.facilities.book import folder_book
from geo.facilities.changes import FacilityError
from geo.facilities.history import facility_history
from geo.facilities.register import read_register
from geo.facilities.summary import facility_summary


def _print_frame(frame: pd.DataFrame, fmt: str) -> None:
    """A table on stdout as CSV or as a JSON list of objects."""
    if fmt == "json":
        print(json.dumps(_records(frame), ensure_ascii=False, indent=1))
    else:
        frame.to_csv(sys.stdout, index=False)


def _records(frame: pd.DataFrame) -> list[dict]:
    """A frame's rows as JSON-ready objects (a missing number is null)."""
    return json.loads(frame.to_json(orient="records", force_ascii=False))


def command_list(args: argparse.Namespace) -> int:
    """Print the register."""
    _print_frame(read_register(args.data).facilities, args.format)
    return 0


def command_show(args: argparse.Namespace) -> int:
    """Print one facility with its strikes, the days between them, its conditions and health workers killed."""
    found = facility_history(read_register(args.data), load_incidents(args.data), args.id)
    if found is None:
        raise FacilityError(f"no facility {args.id!r} in the register")
    print(json.dumps({schema.FACILITY: found.facility.to_dict(), "strikes": _records(found.strikes),
                      "days_between_strikes": found.intervals(),
                      "conditions": _records(found.conditions),
                      schema.HEALTH_WORKERS_KILLED: found.health_workers_killed},
                     ensure_ascii=False, indent=1, default=str))
    return 0


def _fields(args: argparse.Namespace) -> dict:
    """The facility fields given as options."""
    return {schema.NAME: args.name, schema.KIND: args.kind, schema.PLACE_ID: args.place, schema.LAT: args.lat,
            schema.LON: args.lon, schema.OPERATOR: args.operator, schema.SOURCE_IDS: args.source,
            schema.ALT_NAMES: f"{schema.LIST_SEPARATOR} ".join(args.alias)}


def command_add(args: argparse.Namespace) -> int:
    """Add a facility; print its id."""
    print(folder_book(args.data, args.by).add(_fields(args), args.why))
    return 0


def command_edit(args: argparse.Namespace) -> int:
    """Correct a facility's fields: FIELD=VALUE ..."""
    pairs = [a.split("=", 1) for a in args.assignments]
    if any(len(pair) != 2 for pair in pairs):
        raise UsageError("write each change as FIELD=VALUE, e.g. name='Al-Quds hospital'")
    folder_book(args.data, args.by).correct(args.id, dict(pairs), args.why)
    return 0


def command_condition(args: argparse.Namespace) -> int:
    """Record a facility's condition on a date; print the condition's id."""
    print(folder_book(args.data, args.by).condition(args.id, {
        schema.DATE_START: args.date, schema.CONDITION: args.condition, schema.SOURCE_IDS: args.source,
        schema.DESCRIPTION: args.description}, args.why))
    return 0


def command_link(args: argparse.Namespace) -> int:
    """Link an incident to the facility it struck."""
    folder_book(args.data, args.by).link(args.incident, args.id, not args.proposed, args.why)
    return 0


def command_merge(args: argparse.Namespace) -> int:
    """Merge a facility into another."""
    folder_book(args.data, args.by).merge(args.id, args.into, args.why)
    return 0


def command_publish(args: argparse.Namespace) -> int:
    """Publish a facility proposed for review."""
    folder_book(args.data, args.by).review(args.id, schema.STATUS_PUBLISHED, args.why)
    return 0


def command_retract(args: argparse.Namespace) -> int:
    """Retract a facility."""
    folder_book(args.data, args.by).review(args.id, schema.STATUS_RETRACTED, args.why)
    return 0


def command_propose(args: argparse.Namespace) -> int:
    """Print the facility each unlinked incident names and how sure the match is; with --apply, link the sure ones
    and queue the others for review."""
    book = folder_book(args.data, args.by)
    found = proposals.propose(book.load(), load_incidents(args.data))
    if args.apply:
        book.apply_proposals(found, args.why or "facilities named by incidents")
    _print_frame(found, args.format)
    return 0


def command_summary(args: argparse.Namespace) -> int:
    """Print the summary figures for the incidents in the filters given."""
    chosen = IncidentFilter(date_from=args.date_from, date_to=args.date_to, governorates=tuple(args.governorates))
    shown = filter_incidents(load_incidents(args.data), chosen)
    _print_frame(facility_summary(shown, read_register(args.data), args.by_group), args.format)
    return 0
