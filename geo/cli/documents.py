"""`python -m geo places | extract | validate | build`: documents read, and a data folder or the team data checked."""

from __future__ import annotations

import argparse
import getpass
import json
import sys
from collections import defaultdict
from pathlib import Path

from geo import config, schema
from geo.cli.arguments import iso_date
from geo.cli.database import target_of
from geo.database.connection import shown
from geo.database.facilities import register_and_ids
from geo.database.gazetteer_additions import database_gazetteer
from geo.database.lookup import sources_now
from geo.database.maintenance import rebuild_places_to, validate_database
from geo.dataset.load import load_sources
from geo.dataset.places import build_places, curated_notes, mentions_kept, place_feature
from geo.dataset.revision_checks import SET_ASIDE_FILE
from geo.dataset.revisions import set_aside
from geo.dataset.stored import read_incidents_table
from geo.dataset.validate import validate_data_dir
from geo.errors import InputFileError
from geo.facilities.checks import register_problems
from geo.facilities.register import read_register
from geo.files.text import TextFile, read_text_file
from geo.gazetteer.lookup import Gazetteer, Place, load_gazetteer
from geo.reader.document import read_document
from geo.reader.mentions import find_place_mentions


def _read_files(paths: list[Path]) -> list[TextFile]:
    """Read every file that can be read; report the others on stderr; fail if none could be."""
    readable = []
    for path in paths:
        try:
            readable.append(read_text_file(path))
        except InputFileError as error:
            print(f"skipped: {error}", file=sys.stderr)
    if not readable:
        raise InputFileError("no readable text file among the arguments")
    return readable


def _gazetteer(args: argparse.Namespace) -> Gazetteer:
    """The gazetteer of the data the command reads: the team's (with its additions) or the data folder's."""
    return database_gazetteer(args.database) if args.database else load_gazetteer(data_dir=str(args.data))


def command_places(args: argparse.Namespace) -> int:
    """Print a FeatureCollection of the places the texts mention."""
    gazetteer = _gazetteer(args)
    written: dict[str, list[str]] = defaultdict(list)
    places: dict[str, Place] = {}
    rivals: dict[str, tuple[str, ...]] = {}
    for document in _read_files(args.files):
        for mention in find_place_mentions(document.text, gazetteer):
            if mention.place.kind == "country" and mention.place.in_syria:
                continue
            written[mention.place.id].append(mention.text)
            places.setdefault(mention.place.id, mention.place)
            rivals[mention.place.id] = rivals.get(mention.place.id) or mention.alternatives
    features = [_place_output(places[place_id], spellings, [gazetteer.places[r] for r in rivals[place_id]])
                for place_id, spellings in sorted(written.items())]
    json.dump({schema.GEOJSON_TYPE: "FeatureCollection", "features": features}, sys.stdout, ensure_ascii=False,
              indent=1)
    print()
    return 0


def _place_output(place: Place, spellings: list[str], alternatives: list[Place]) -> dict:
    """One feature of the `places` output; an unresolved name carries its containing area's outline, or none;
    a spelling several places share lists the others, ranked, as `candidates`."""
    located = place.geometry or (place.lon, place.lat) != (0.0, 0.0)
    if place.resolved and located:
        feature = place_feature(place)
    else:
        feature = {schema.GEOJSON_TYPE: "Feature", "geometry": place.geometry, "properties": {}}
    feature["properties"] = {
        schema.ID: place.id, schema.NAME: place.name, "as_written": sorted(set(spellings)),
        schema.ADMIN1: place.admin1, schema.ADMIN2: place.admin2, schema.ADMIN3: place.admin3,
        schema.PLACE_ORIGINS: list(place.origins), schema.COUNTRY_CODE: place.country_code, schema.KIND: place.kind,
        schema.GEO_PRECISION: place.geo_precision, "in_syria": place.in_syria, "resolved": place.resolved,
        "needs_review": [] if place.resolved and not alternatives else ["place"], "count": len(spellings)}
    if alternatives:
        feature["properties"]["candidates"] = [{schema.ID: p.id, schema.NAME: p.name, schema.ADMIN1: p.admin1,
                                                schema.KIND: p.kind} for p in alternatives]
    return feature


def command_extract(args: argparse.Namespace) -> int:
    """Print the candidate incidents (and reported totals) the texts contain, as JSON."""
    gazetteer = _gazetteer(args)
    incidents, totals, documents = [], [], []
    for document in _read_files(args.files):
        reading = read_document(document.text, gazetteer, args.date)
        documents.append({"file": str(document.path), "encoding": document.encoding,
                          "document_date": reading.document_date.isoformat(),
                          "date_from": reading.date_source, "notes": reading.notes})
        for note in reading.notes:
            print(f"note: {document.path}: {note}", file=sys.stderr)
        incidents += [{**found, "source_file": str(document.path)} for found in reading.incidents]
        totals += [{**found, "source_file": str(document.path)} for found in reading.totals]
    json.dump({"incidents": incidents, "totals": totals, "documents": documents}, sys.stdout,
              ensure_ascii=False, indent=1)
    print()
    return 0


def _where(args: argparse.Namespace) -> str:
    """The data a command reads, as a person reads it."""
    return f"the team database {shown(args.database)}" if args.database else str(args.data)


def command_validate(args: argparse.Namespace) -> int:
    """Exit 0 when the data keeps the contract, else 1 with one line per problem."""
    problems = validate_database(args.database) if args.database else validate_data_dir(args.data)
    if not problems:
        problems = register_problems(*(register_and_ids(args.database) if args.database else (
            read_register(args.data), set(read_incidents_table(args.data)[schema.ID]))))
    for problem in problems:
        print(problem)
    if not problems:
        print(f"{_where(args)}: valid")
    return 1 if problems else 0


def command_set_aside(args: argparse.Namespace) -> int:
    """Move one broken line of a log to revisions_set_aside.jsonl, so the atlas opens again."""
    name = config.REVISIONS_FILE if args.log == "revisions" else config.DECISIONS_FILE
    moved = set_aside(args.data, args.line, name)
    print(f"set aside {name} line {args.line} ({len(moved)} characters) in {SET_ASIDE_FILE}; the records are "
          "as the other revisions leave them", file=sys.stderr)
    return 0


def command_build(args: argparse.Namespace) -> int:
    """Regenerate places.geojson from a folder of documents plus incidents.csv."""
    if not args.docs.is_dir():
        raise InputFileError(f"{args.docs}: not a folder of documents")
    gazetteer = _gazetteer(args)
    sources = sources_now(args.database) if args.database else load_sources(args.data)
    source_of_file = {row.document: row.id for row in sources.itertuples() if row.document}
    mentions_by_source = {}
    for path in sorted(p for p in args.docs.iterdir() if p.is_file()):
        if path.name not in source_of_file:
            print(f"skipped: {path}: not registered in sources.csv (column 'document')", file=sys.stderr)
            continue
        mentions_by_source[source_of_file[path.name]] = [
            mention for mention in find_place_mentions(read_text_file(path).text, gazetteer) if mention.place.resolved]
    notes = curated_notes(config.DEFAULT_DATA_DIR / config.CURATED_PLACES_FILE)
    entry = rebuild_places_to(target_of(args), lambda current, incidents: build_places(
        mentions_by_source, incidents, gazetteer, notes, mentions_kept(current, set(mentions_by_source))),
        f"places rebuilt from {args.docs}", args.by)
    print(f"wrote {entry['places']} places from {len(mentions_by_source)} documents to "
          f"{_where(args) if args.database else args.data / config.PLACES_FILE}", file=sys.stderr)
    return 0


def add_document_commands(commands: argparse._SubParsersAction) -> None:
    """Register places, extract, validate and build."""
    places = commands.add_parser("places", help="places the texts mention, as GeoJSON")
    places.add_argument("files", nargs="+", type=Path)
    places.set_defaults(run=command_places)
    extract = commands.add_parser("extract", help="candidate incidents in the texts, as JSON")
    extract.add_argument("files", nargs="+", type=Path)
    extract.add_argument("--date", type=iso_date, default=None, help="document date if it has none")
    extract.set_defaults(run=command_extract)
    validate = commands.add_parser("validate", help="check the data (a folder's or the team's) against the contract")
    validate.set_defaults(run=command_validate)
    revisions = commands.add_parser("revisions", help="the revision log: set a broken line aside (kept, never deleted)")
    revisions.add_argument("action", choices=["set-aside"])
    revisions.add_argument("line", type=int, help="the line number `validate` or the error named")
    revisions.add_argument("--log", choices=["revisions", "decisions"], default="revisions",
                           help="which log (default: the revision log)")
    revisions.set_defaults(run=command_set_aside)
    build = commands.add_parser("build", help="regenerate places.geojson from documents + incidents")
    build.add_argument("--docs", type=Path, required=True)
    build.add_argument("--by", default=getpass.getuser(), help="who makes the change (default: your login)")
    build.set_defaults(run=command_build)
