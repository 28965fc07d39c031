"""One entry for every export format, used by the command line and the app alike."""

from __future__ import annotations

import tempfile
from dataclasses import dataclass, replace
from pathlib import Path

import geopandas as gpd
import pandas as pd

from geo import schema
from geo.database.mapview import kept_records
from geo.dataset.load import load_incidents, load_places, load_sources
from geo.dataset.query import IncidentFilter, filter_incidents
from geo.errors import UsageError
from geo.exports.permalink import permalink, view_of
from geo.exports.public import public_copy
from geo.exports.snapshot import render_png, standalone_html, static_png
from geo.exports.tables import (
    Snapshot,
    caption_text,
    dataset_version,
    to_csv_text,
    to_geojson_text,
    write_geopackage,
)
from geo.gazetteer.lookup import load_gazetteer
from geo.gazetteer.outlines import governorate_collection

FORMATS = ("png", "html", "csv", "geojson", "gpkg")
MAP_FORMATS = ("png", "html")
MAX_MAP_EXPORT = 1_000_000  # drawn in a browser in 4.5 s (bench.map_scale); building it peaks at 3.6 GB
MEDIA_TYPES = {"png": "image/png", "html": "text/html", "csv": "text/csv", "geojson": "application/geo+json",
               "gpkg": "application/geopackage+sqlite3"}


@dataclass(frozen=True)
class ExportResult:
    """The exported bytes, how they were made, and the caption they carry."""

    content: bytes
    method: str
    caption: str
    count: int


@dataclass(frozen=True)
class AtlasData:
    """The frames an export reads."""

    incidents: gpd.GeoDataFrame
    places: gpd.GeoDataFrame
    sources: pd.DataFrame
    version: str


def load_atlas_data(data_dir: Path) -> AtlasData:
    """Load what exports need from a data directory."""
    return AtlasData(load_incidents(data_dir), load_places(data_dir), load_sources(data_dir),
                     dataset_version(data_dir))


def team_atlas_data(url: str, chosen: IncidentFilter) -> AtlasData:
    """What an export of the filtered view needs from the team database: the records the filter keeps, no more."""
    return AtlasData(*kept_records(url, chosen))


def export_folder_view(data_dir: str, snapshot: Snapshot, fmt: str) -> bytes:
    """The bytes of one export of a data folder's view, its data read afresh (module-level, for a worker process)."""
    return export_view(load_atlas_data(Path(data_dir)), snapshot, fmt).content


def export_team_view(url: str, snapshot: Snapshot, fmt: str) -> bytes:
    """The bytes of one export of a team database's view, read from one snapshot of it (for a worker process)."""
    return export_view(team_atlas_data(url, snapshot.chosen), snapshot, fmt).content


def export_view(data: AtlasData, snapshot: Snapshot, fmt: str) -> ExportResult:
    """Export the filtered view in one format (png, html, csv, geojson, gpkg)."""
    if fmt not in FORMATS:
        raise UsageError(f"unknown format {fmt!r}; use one of {', '.join(FORMATS)}")
    if snapshot.public:  # a public copy never carries a record that is not published
        snapshot = replace(snapshot, chosen=replace(snapshot.chosen, statuses=(schema.STATUS_PUBLISHED,)))
    if not snapshot.permalink:
        view = view_of(snapshot.chosen, snapshot.center, snapshot.zoom, snapshot.density)
        snapshot = replace(snapshot, permalink=permalink(view))
    frame = filter_incidents(data.incidents, snapshot.chosen)
    if fmt in MAP_FORMATS and len(frame) > MAX_MAP_EXPORT:
        raise UsageError(f"{len(frame):,} incidents are more than a map export can draw in a browser "
                         f"({MAX_MAP_EXPORT:,}); narrow the filters, or export CSV, GeoJSON or GeoPackage")
    if snapshot.public:
        shown = public_copy(frame, data.places, data.sources, load_gazetteer())
        data, frame = replace(data, places=shown.places, sources=shown.sources), shown.incidents
    not_drawn = int((frame[schema.DRAW_AS] == schema.DRAW_NONE).sum())
    caption = caption_text(snapshot, len(frame) - not_drawn, not_drawn, data.version)
    if fmt == "csv":
        return ExportResult(to_csv_text(frame).encode("utf-8"), "csv", caption, len(frame))
    if fmt == "geojson":
        return ExportResult(to_geojson_text(frame, data.places).encode("utf-8"), "geojson", caption, len(frame))
    if fmt == "gpkg":
        return ExportResult(_geopackage_bytes(frame, data.places), "gpkg", caption, len(frame))
    return _map_export(data, snapshot, frame, caption, fmt)


def _map_export(data: AtlasData, snapshot: Snapshot, frame: pd.DataFrame, caption: str, fmt: str) -> ExportResult:
    """HTML or PNG of the map view."""
    governorates = governorate_collection()
    html = standalone_html(frame, data.places, data.sources, governorates, snapshot.chosen.layers, caption,
                           snapshot.center, snapshot.zoom, snapshot.chosen.bbox, snapshot.density,
                           still=fmt == "png")
    if fmt == "html":
        return ExportResult(html.encode("utf-8"), "standalone html", caption, len(frame))
    try:
        rendered = render_png(html, snapshot.size)
    except (FileNotFoundError, ImportError) as missing:
        rendered = static_png(frame, data.places, governorates, caption, snapshot.size, snapshot.chosen.bbox)
        return ExportResult(rendered.png, f"{rendered.method}: {missing}", rendered.caption, len(frame))
    return ExportResult(rendered.png, rendered.method, rendered.caption, len(frame))


def _geopackage_bytes(frame: pd.DataFrame, places: gpd.GeoDataFrame) -> bytes:
    """A GeoPackage written to a temporary folder and read back as bytes."""

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "incidents.gpkg"
        write_geopackage(frame, places, path)
        return path.read_bytes()
