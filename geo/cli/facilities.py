"""`python -m geo facilities list | show | add | edit | condition | link | merge | retract | propose | summary |
health-care | changes | undo`."""

from __future__ import annotations

import argparse
import json
import sys

import pandas as pd

from geo import schema
from geo.database.facilities import (
    book_as,
    facility_entries_in,
    incidents_of,
    proposable_incidents,
    summary_in_database,
)
from geo.database.facilities import read_register as read_database_register
from geo.database.gazetteer_additions import database_gazetteer
from geo.database.lookup import all_places
from geo.database.overview import dataset_version as database_version
from geo.dataset.audit import read_audit
from geo.dataset.load import load_incidents, load_places
from geo.dataset.query import IncidentFilter, filter_incidents
from geo.errors import UsageError
from geo.escape import terminal_text
from geo.exports.facility_chart import summary_caption, summary_chart_png
from geo.exports.tables import dataset_version
from geo.facilities import proposals
from geo.facilities.book import FacilityBook, folder_book
from geo.facilities.changes import FacilityError
from geo.facilities.history import facility_history
from geo.facilities.public import public_facilities
from geo.facilities.register import Register, entries_about, facility_entries, read_register
from geo.facilities.summary import facility_summary
from geo.facilities.undo import in_force
from geo.files.atomic import atomic_write_bytes
from geo.files.text import read_limited_bytes
from geo.gazetteer.lookup import load_gazetteer
from geo.imports.health_care import health_care_rows
from geo.imports.mapping import load_mapping
from geo.imports.readers import MAX_IMPORT_BYTES


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
    """Print the register (--public: as a public copy may show it)."""
    register = _register(args)
    if not args.public:
        _print_frame(register.facilities, args.format)
        return 0
    if args.database:
        incidents = incidents_of(args.database, list(register.strikes[schema.INCIDENT_ID]))
        places = all_places(args.database)
    else:
        incidents, places = load_incidents(args.data), load_places(args.data).set_index(schema.ID, drop=False)
    published = incidents[incidents[schema.STATUS] == schema.STATUS_PUBLISHED]
    _print_frame(public_facilities(register, published, places), args.format)
    return 0


def command_show(args: argparse.Namespace) -> int:
    """Print one facility with its strikes, the days between them, its conditions and health workers killed."""
    register = _register(args)
    incidents = incidents_of(args.database, list(register.strikes[schema.INCIDENT_ID])) if args.database \
        else load_incidents(args.data)
    found = facility_history(register, incidents, args.id)
    if found is None:
        raise FacilityError(f"no facility {args.id!r} in the register")
    print(json.dumps({schema.FACILITY: found.facility.to_dict(), "strikes": _records(found.strikes),
                      "days_between_strikes": found.intervals(),
                      "conditions": _records(found.conditions),
                      schema.HEALTH_WORKERS_KILLED: found.health_workers_killed},
                     ensure_ascii=False, indent=1, default=str))
    return 0


def _register(args: argparse.Namespace) -> Register:
    """The register as it is now (read without an account: reading is every role's)."""
    return read_database_register(args.database) if args.database else read_register(args.data)


def _book(args: argparse.Namespace) -> FacilityBook:
    """The register the command changes: the team database's as the proven account, else the data folder's."""
    return book_as(args.database, args.by) if args.database else folder_book(args.data, args.by)


def _fields(args: argparse.Namespace) -> dict:
    """The facility fields given as options."""
    return {schema.NAME: args.name, schema.KIND: args.kind, schema.PLACE_ID: args.place, schema.LAT: args.lat,
            schema.LON: args.lon, schema.OPERATOR: args.operator, schema.SOURCE_IDS: args.source,
            schema.ALT_NAMES: f"{schema.LIST_SEPARATOR} ".join(args.alias)}


def command_add(args: argparse.Namespace) -> int:
    """Add a facility; print its id."""
    print(_book(args).add(_fields(args), args.why))
    return 0


def command_edit(args: argparse.Namespace) -> int:
    """Correct a facility's fields: FIELD=VALUE ..."""
    pairs = [a.split("=", 1) for a in args.assignments]
    if any(len(pair) != 2 for pair in pairs):
        raise UsageError("write each change as FIELD=VALUE, e.g. name='Al-Quds hospital'")
    _book(args).correct(args.id, dict(pairs), args.why, args.expect_version)
    return 0


def command_condition(args: argparse.Namespace) -> int:
    """Record a facility's condition on a date; print the condition's id."""
    print(_book(args).condition(args.id, {
        schema.DATE_START: args.date, schema.CONDITION: args.condition, schema.SOURCE_IDS: args.source,
        schema.DESCRIPTION: args.description}, args.why, args.expect_version))
    return 0


def command_link(args: argparse.Namespace) -> int:
    """Link an incident to the facility it struck."""
    _book(args).link(args.incident, args.id, not args.proposed, args.why)
    return 0


def command_merge(args: argparse.Namespace) -> int:
    """Merge a facility into another."""
    _book(args).merge(args.id, args.into, args.why, args.expect_version)
    return 0


def command_publish(args: argparse.Namespace) -> int:
    """Publish a facility proposed for review."""
    _book(args).review(args.id, schema.STATUS_PUBLISHED, args.why, args.expect_version)
    return 0


def command_retract(args: argparse.Namespace) -> int:
    """Retract a facility."""
    _book(args).review(args.id, schema.STATUS_RETRACTED, args.why, args.expect_version)
    return 0


def command_propose(args: argparse.Namespace) -> int:
    """Print the facility each unlinked incident names and how sure the match is; with --apply, link the sure ones
    and queue the others for review."""
    book = _book(args) if args.apply else None
    if args.database:
        incidents, gazetteer = proposable_incidents(args.database), database_gazetteer(args.database)
    else:
        incidents = filter_incidents(load_incidents(args.data), IncidentFilter())
        gazetteer = load_gazetteer(data_dir=str(args.data))
    found = proposals.propose(_register(args), incidents, proposals.settlement_finder(gazetteer))
    if args.apply:
        book.apply_proposals(found, args.why or "facilities named by incidents")
    _print_frame(found, args.format)
    return 0


def command_summary(args: argparse.Namespace) -> int:
    """Print the summary figures for the incidents in the filters given."""
    chosen = IncidentFilter(date_from=args.date_from, date_to=args.date_to, governorates=tuple(args.governorates))
    if args.database:
        figures = summary_in_database(args.database, chosen, args.by_group)
    else:
        figures = facility_summary(filter_incidents(load_incidents(args.data), chosen), read_register(args.data),
                                   args.by_group)
    if args.chart:
        version = database_version(args.database) if args.database else dataset_version(args.data)
        atomic_write_bytes(args.chart, summary_chart_png(figures, args.by_group, summary_caption(
            chosen, args.by_group, version)))
    _print_frame(figures, args.format)
    return 0


def command_health_care(args: argparse.Namespace) -> int:
    """Record the health-care figures of a dataset's events already imported; say how many."""
    mapping = load_mapping(args.mapping) if args.mapping else None
    rows = health_care_rows(read_limited_bytes(args.file, MAX_IMPORT_BYTES, "health-care "), args.file.name, mapping)
    recorded = _book(args).health_care(rows, args.why or f"health-care figures of {args.file.name}")
    print(f"health-care figures recorded for {recorded} incidents ({len(rows)} events in the file carry some)",
          file=sys.stderr)
    return 0


def command_changes(args: argparse.Namespace) -> int:
    """Print the numbered changes to the register, oldest first, each with whether it is in force."""
    entries = facility_entries_in(args.database) if args.database else facility_entries(read_audit(args.data))
    force = in_force(entries)
    for entry in entries_about(entries, args.facility) if args.facility else entries:
        if "change" not in entry:
            continue
        state = "" if force.get(entry["change"], True) else "  [undone]"
        print(terminal_text(f"{entry['change']:>5}  {entry['at']}  {entry['by']}  {entry['action']}  "
                            f"{entry.get(schema.FACILITY_ID, '')}  {entry.get('why', '')}{state}").rstrip())
    return 0


def command_undo(args: argparse.Namespace) -> int:
    """Take one change to the register back."""
    _book(args).undo(args.number, args.why)
    print(f"facility change {args.number} undone", file=sys.stderr)
    return 0
