"""Exports of the filtered incidents (CSV, GeoJSON, GeoPackage) and the caption every export states."""

from __future__ import annotations

import hashlib
import json
import tempfile
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd

from geo import config, schema
from geo.dataset.query import IncidentFilter
from geo.escape import neutralised_csv
from geo.exports.public import PUBLIC_NOTE
from geo.facilities.register import FILES as REGISTER_FILES
from geo.files.atomic import atomic_write_text
from geo.labels import STATUS_LABELS, TYPE_LABELS, counted

JOINED_COLUMNS = (schema.PLACE_NAME, schema.PLACE_ADMIN1, schema.SOURCE_TITLES)
DATA_FILES = (config.INCIDENTS_FILE, config.PLACES_FILE, config.SOURCES_FILE, config.TOTALS_FILE,
              config.INCIDENTS_PARQUET_FILE, config.REVISIONS_FILE, config.CURATION_FILE, config.FOLDED_FILE,
              config.DECISIONS_FILE, *REGISTER_FILES)
AREA_SIMPLIFY_DEGREES = 0.005


@dataclass(frozen=True)
class Snapshot:
    """What an export shows and says about itself."""

    chosen: IncidentFilter = field(default_factory=IncidentFilter)
    center: tuple[float, float] | None = None
    zoom: int | None = None
    density: bool = False
    size: tuple[int, int] = (1200, 800)
    public: bool = False
    permalink: str = ""


def dataset_version(data_dir: Path) -> str:
    """A short hash of the data files, so a figure says which data it was made from."""
    digest = hashlib.sha256()
    for name in DATA_FILES:
        path = data_dir / name
        if path.is_file():
            digest.update(name.encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


def shown_layers(chosen: IncidentFilter) -> list[str]:
    """The layers that can show anything: those chosen, less those a type filter empties."""
    if not chosen.types:
        return list(chosen.layers)
    holding = {schema.layer_of_type(t) for t in chosen.types}
    return [layer for layer in chosen.layers if layer in holding]


def filters_in_words(chosen: IncidentFilter, public: bool = False) -> tuple[str, list[str]]:
    """A filter's date window and its other filters in words, as every caption gives them (a public copy counts the
    sources chosen rather than naming them)."""
    window = f"{chosen.date_from or 'the first record'} to {chosen.date_to or 'the last'}"
    sources = [f"{len(chosen.sources)} chosen"] if public and chosen.sources else chosen.sources
    filters = [f"{name}: {', '.join(values)}" for name, values in (
        ("types", [TYPE_LABELS.get(t, t) for t in chosen.types]), ("attributed to", chosen.perpetrators),
        ("governorates", chosen.governorates), (schema.CONFIDENCE, chosen.confidence), ("sources", sources)) if values]
    return window, filters


def caption_text(snapshot: Snapshot, shown: int, not_drawn: int, version: str,
                 made: datetime | None = None) -> str:
    """The caption a snapshot carries: window, filters, count, data version, time made, permalink."""
    chosen = snapshot.chosen
    window, filters = filters_in_words(chosen, public=snapshot.public)
    if chosen.bbox:
        filters.append("area shown: " + ", ".join(f"{v:g}" for v in chosen.bbox) + " (W, S, E, N)")
    layers = ", ".join(shown_layers(chosen)) or "none"
    statuses = chosen.statuses or schema.REVIEW_STATUSES
    review = "published records only" if tuple(statuses) == (schema.STATUS_PUBLISHED,) else \
        "review status: " + ", ".join(STATUS_LABELS.get(s, s) for s in statuses) + " (not only published records)"
    stamp = (made or datetime.now(UTC)).strftime("%Y-%m-%d %H:%M UTC")
    public = f" · {PUBLIC_NOTE}" if snapshot.public else f" · {snapshot.permalink}"
    return (f"Incident Atlas · dates {window} · {'; '.join(filters) or 'no other filters'} · layers: {layers} · "
            f"{review} · "
            f"{counted(shown, 'incident')} shown ({not_drawn} known only at country level, not drawn) · "
            f"data version {version} · made {stamp}{public}")


def export_table(frame: pd.DataFrame) -> pd.DataFrame:
    """Contract columns (text, as stored) plus the joined place and source facts and the review status."""
    marked = [c for c in (schema.STATUS,) if c in frame.columns]
    table = frame[list(schema.INCIDENT_COLUMNS) + list(JOINED_COLUMNS) + marked].copy()
    for column in schema.COUNT_COLUMNS:
        table[column] = frame[column].astype("string").fillna("")
    return table.astype("string").fillna("")


def to_csv_text(frame: pd.DataFrame) -> str:
    """CSV with every cell a spreadsheet would run as a formula neutralised."""
    return neutralised_csv(export_table(frame))


def _geometry_json(frame: pd.DataFrame, places: gpd.GeoDataFrame) -> pd.Series:
    """GeoJSON geometry text per incident: its point, its place's (simplified) area, or null at country level."""
    x = frame[schema.X].round(5).astype("string").fillna("null")
    y = frame[schema.Y].round(5).astype("string").fillna("null")
    point = '{"type":"Point","coordinates":[' + x + "," + y + "]}"
    area_ids = frame.loc[frame[schema.DRAW_AS] == "area", schema.PLACE_ID].unique()
    areas = {pid: json.dumps(places.geometry[pid].simplify(AREA_SIMPLIFY_DEGREES).__geo_interface__)
             for pid in area_ids if pid in places.index}
    area = frame[schema.PLACE_ID].map(areas)
    geometry = point.where(~((frame[schema.DRAW_AS] == "area") & area.notna()), area)
    return geometry.where(frame[schema.DRAW_AS] != "none", "null")


def typed_properties(table: pd.DataFrame) -> pd.DataFrame:
    """Counts as whole numbers and coordinates as numbers, null where unknown (as GIS tools expect)."""
    typed = table.copy()
    for column in schema.COUNT_COLUMNS:
        typed[column] = pd.to_numeric(typed[column].replace("", None), errors="coerce").astype("Int64")
    for column in (schema.LAT, schema.LON):
        typed[column] = pd.to_numeric(typed[column].replace("", None), errors="coerce")
    return typed


def to_geojson_text(frame: pd.DataFrame, places: gpd.GeoDataFrame) -> str:
    """GeoJSON FeatureCollection: areas for region/governorate places, no geometry at country level."""
    if frame.empty:
        return '{"type":"FeatureCollection","features":[]}'
    properties = typed_properties(export_table(frame)).to_json(orient="records", lines=True,
                                                               force_ascii=False).splitlines()
    features = ('{"type":"Feature","properties":' + pd.Series(properties, index=frame.index)
                + ',"geometry":' + _geometry_json(frame, places) + "}")
    return '{"type":"FeatureCollection","features":[' + ",".join(features) + "]}"


def write_geopackage(frame: pd.DataFrame, places: gpd.GeoDataFrame, path: Path) -> None:
    """GeoPackage: layer 'incidents' (drawn points) and layer 'places' (their areas and points)."""
    points = np.where(frame[schema.DRAW_AS] != "none", gpd.points_from_xy(frame[schema.X], frame[schema.Y]), None)
    incidents = gpd.GeoDataFrame(export_table(frame), geometry=list(points), crs="EPSG:4326")
    used = places.loc[places.index.intersection(frame[schema.PLACE_ID].unique())]
    used = gpd.GeoDataFrame({schema.ID: used[schema.ID], schema.NAME: used[schema.NAME], schema.KIND: used[schema.KIND],
                             schema.GEO_PRECISION: used[schema.GEO_PRECISION]}, geometry=used.geometry,
                            crs="EPSG:4326").reset_index(drop=True)
    with tempfile.TemporaryDirectory(dir=path.parent) as folder:
        temporary = Path(folder) / path.name
        incidents.to_file(temporary, layer="incidents", driver="GPKG")
        used.to_file(temporary, layer="places", driver="GPKG", mode="a")
        temporary.replace(path)


def write_text_export(text: str, path: Path) -> None:
    """Write an export atomically."""
    atomic_write_text(path, text)


def geojson_to_table(text: str) -> pd.DataFrame:
    """Read an exported GeoJSON back to incident columns (for round trips)."""
    features = json.loads(text)["features"]
    frame = pd.DataFrame([feature["properties"] for feature in features])
    for column in schema.COUNT_COLUMNS:
        frame[column] = pd.to_numeric(frame[column], errors="coerce").astype("Int64")
    return frame[list(schema.INCIDENT_COLUMNS)].astype("string").fillna("").astype(str)
