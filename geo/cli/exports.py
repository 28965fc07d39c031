"""`python -m geo export`: the app's exports from the command line, for reproducible figures."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from geo import schema
from geo.cli.arguments import iso_date
from geo.dataset.query import IncidentFilter
from geo.errors import AtlasError
from geo.exports.formats import FORMATS, export_view, load_atlas_data, team_atlas_data
from geo.exports.tables import Snapshot
from geo.files.atomic import atomic_write_text
from geo.gazetteer.outlines import governorate_collection
from geo.labels import counted

LAYER_NAMES = {"incidents": schema.LAYER_INCIDENTS, "health": schema.LAYER_HEALTH,
               "displacement": schema.LAYER_DISPLACEMENT,
               **{name.lower(): name for name in schema.LAYERS}}


def _bbox(text: str) -> tuple[float, float, float, float]:
    """W,S,E,N in degrees, west < east and south < north."""
    try:
        west, south, east, north = (float(part) for part in text.split(","))
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r}: write --bbox W,S,E,N, e.g. 35.5,32.3,42.4,37.4") from None
    if not (-180 <= west < east <= 180 and -90 <= south < north <= 90):
        raise argparse.ArgumentTypeError(f"{text!r}: need west < east and south < north, in degrees")
    return west, south, east, north


def _size(text: str) -> tuple[int, int]:
    """WxH in pixels, each between 200 and 4000."""
    try:
        width, height = (int(part) for part in text.lower().split("x"))
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r}: write --size WxH, e.g. 1600x1000") from None
    if not (200 <= width <= 4000 and 200 <= height <= 4000):
        raise argparse.ArgumentTypeError(f"{text!r}: width and height must be 200 to 4000 pixels")
    return width, height


def _layers(text: str) -> tuple[str, ...]:
    """Layer names: incidents, health, displacement (or the full names), comma-separated."""
    names = [part.strip().lower() for part in text.split(",") if part.strip()]
    unknown = [name for name in names if name not in LAYER_NAMES]
    if unknown:
        raise argparse.ArgumentTypeError(f"unknown layer {unknown[0]!r}; use incidents, health, displacement")
    return tuple(dict.fromkeys(LAYER_NAMES[name] for name in names))


def add_export_command(commands: argparse._SubParsersAction) -> None:
    """Register `export` on the CLI."""

    export = commands.add_parser("export", help="export the filtered view as png, html, csv, geojson or gpkg")
    export.add_argument("--from", dest="date_from", type=iso_date)
    export.add_argument("--to", dest="date_to", type=iso_date)
    export.add_argument("--type", dest="types", action="append", default=[], choices=schema.INCIDENT_TYPES,
                        metavar="TYPE")
    export.add_argument("--governorate", dest="governorates", action="append", default=[])
    export.add_argument("--bbox", type=_bbox)
    export.add_argument("--layers", type=_layers, default=schema.LAYERS)
    export.add_argument("--size", type=_size, default=(1200, 800))
    export.add_argument("--status", dest="statuses", action="append", default=[], choices=schema.REVIEW_STATUSES,
                        help="review status to include (repeat it; default: published only)")
    export.add_argument("--public", action="store_true", help="coarsen locations, drop witness-revealing text")
    export.add_argument("--format", required=True, choices=FORMATS)
    export.add_argument("-o", "--output", required=True, type=Path)
    export.set_defaults(run=command_export)


def command_export(args: argparse.Namespace) -> int:
    """Write one export file atomically and say what it holds."""
    if args.output.is_dir() or not args.output.parent.is_dir():
        raise AtlasError(f"{args.output}: give a file path inside an existing folder")
    known = {f["properties"][schema.ADMIN1] for f in governorate_collection()["features"]}
    wrong = [g for g in args.governorates if g not in known]
    if wrong:
        raise AtlasError(f"unknown governorate {wrong[0]!r}; known: {', '.join(sorted(known))}")
    chosen = IncidentFilter(args.date_from, args.date_to, tuple(args.types), (), tuple(args.governorates), (), (),
                            args.layers, args.bbox, tuple(args.statuses) or (schema.STATUS_PUBLISHED,))
    data = team_atlas_data(args.database, chosen) if args.database else load_atlas_data(args.data)
    center = ((args.bbox[1] + args.bbox[3]) / 2, (args.bbox[0] + args.bbox[2]) / 2) if args.bbox else None
    result = export_view(data, Snapshot(chosen, center=center, size=args.size, public=args.public), args.format)
    if args.format in ("csv", "geojson", "html"):
        atomic_write_text(args.output, result.content.decode("utf-8"))
    else:
        temporary = args.output.with_name(f".{args.output.name}.tmp")
        temporary.write_bytes(result.content)
        temporary.replace(args.output)
    print(f"wrote {args.output}: {counted(result.count, 'incident')}, {args.format} ({result.method})", file=sys.stderr)
    print(result.caption, file=sys.stderr)
    return 0
