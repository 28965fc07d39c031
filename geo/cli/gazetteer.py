"""`python -m geo gazetteer import FILE | add NAME --lat --lon`: the data directory's or the team's gazetteer grows."""

from __future__ import annotations

import argparse
import getpass
import sys
from pathlib import Path

from geo import schema
from geo.cli.database import target_of
from geo.database.connection import shown
from geo.database.gazetteer_additions import add_one_place_to, add_places_to
from geo.errors import InputFileError
from geo.files.text import read_limited_bytes
from geo.gazetteer.lookup import admin1_codes
from geo.gazetteer.sources import GazetteerRead, read_gazetteer_file
from geo.gazetteer.vendor import vendor

MAX_GAZETTEER_BYTES = 200_000_000
SHOWN_REFUSALS = 10


def _report(entry: dict, skipped: list, read: GazetteerRead, where: str) -> None:
    """What was added, skipped and refused, on stderr (refused rows each with their reason)."""
    print(f"added {len(entry['added_places'])} places from {read.source} to {where}; "
          f"{len(skipped)} already known, {len(read.refused)} refused", file=sys.stderr)
    for line, reason in read.refused[:SHOWN_REFUSALS]:
        print(f"  refused line {line}: {reason}", file=sys.stderr)
    if len(read.refused) > SHOWN_REFUSALS:
        print(f"  ... and {len(read.refused) - SHOWN_REFUSALS} more refused", file=sys.stderr)


def _where(args: argparse.Namespace) -> str:
    """The gazetteer a command grows, as a person reads it."""
    return f"the team database {shown(args.database)}" if args.database else str(args.data)


def command_import(args: argparse.Namespace) -> int:
    """Add the populated places of a GeoNames dump or an OCHA table to the data directory's gazetteer."""
    raw = read_limited_bytes(args.file, MAX_GAZETTEER_BYTES, "gazetteer file ")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise InputFileError(f"{args.file}: not UTF-8 text (GeoNames and OCHA files are UTF-8)") from None
    read = read_gazetteer_file(text, admin1_codes(), args.licence)
    entry, skipped = add_places_to(target_of(args), read, args.file.name, args.why, args.by)
    _report(entry, skipped, read, _where(args))
    return 0


def command_add(args: argparse.Namespace) -> int:
    """Add one place by hand."""
    alternates = [args.name_ar] if args.name_ar else []
    place_id = add_one_place_to(target_of(args), args.given_name, (args.lat, args.lon), why=args.why, who=args.by,
                                kind=args.kind, admin1=args.admin1, name_ar=args.name_ar, alt_names=alternates)
    print(f"added {place_id} ({args.given_name}) to {_where(args)}", file=sys.stderr)
    return 0


def command_vendor(args: argparse.Namespace) -> int:
    """Rewrite the project's vendored gazetteer files from the open material in a folder."""
    reads = vendor(args.folder, sorted(set(admin1_codes().values())))
    for read in reads:
        print(f"{read.name}: {len(read.rows)} kept, {len(read.refused)} refused", file=sys.stderr)
        for line, reason in read.refused[:SHOWN_REFUSALS]:
            print(f"  refused {read.name} row {line}: {reason}", file=sys.stderr)
    return 0


def add_gazetteer_command(commands: argparse._SubParsersAction) -> None:
    """Register gazetteer import / add."""
    gazetteer = commands.add_parser("gazetteer", help="add places to the data directory's or the team's gazetteer")
    actions = gazetteer.add_subparsers(dest="action", required=True)
    importing = actions.add_parser("import", help="a GeoNames country dump (SY.txt) or an OCHA places CSV")
    importing.add_argument("file", type=Path)
    importing.add_argument("--licence", default="", help="the licence you have the file under (checked against "
                                                         "its origin: OpenStreetMap data is ODbL)")
    importing.set_defaults(run=command_import)
    adding = actions.add_parser("add", help="one place by hand")
    adding.add_argument("given_name", metavar="NAME", help="the place's name in Latin letters")
    adding.add_argument("--lat", type=float, required=True)
    adding.add_argument("--lon", type=float, required=True)
    adding.add_argument("--admin1", default="", help="governorate")
    adding.add_argument("--kind", default="village", choices=schema.POINT_KINDS)
    adding.add_argument("--name-ar", default="", help="the name in Arabic script")
    adding.set_defaults(run=command_add)
    vendoring = actions.add_parser("vendor", help="rewrite data/gazetteer/ from the open material "
                                                 "(Wikidata, OpenStreetMap/OCHA, OpenSyria) in a folder")
    vendoring.add_argument("folder", type=Path, help="e.g. ../shared/gazetteer")
    vendoring.set_defaults(run=command_vendor)
    for action in (importing, adding):
        action.add_argument("--why", default="", help="why the change is made (kept in the audit log)")
        action.add_argument("--by", default=getpass.getuser(), help="who makes the change (default: your login)")
