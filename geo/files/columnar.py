"""Columnar storage for big sets: incidents as GeoParquet (CSV stays the editable default for small sets)."""

from __future__ import annotations

import io
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd

from geo import schema
from geo.files.atomic import atomic_write_bytes


def incidents_parquet_bytes(frame: pd.DataFrame) -> bytes:
    """The contract's text columns as GeoParquet bytes (points where a row has its own coordinates)."""
    table = frame[list(schema.INCIDENT_COLUMNS)].astype("string").fillna("")
    lat = pd.to_numeric(table[schema.LAT].replace("", None), errors="coerce")
    lon = pd.to_numeric(table[schema.LON].replace("", None), errors="coerce")
    points = gpd.points_from_xy(lon, lat)
    points = np.where(lat.notna() & lon.notna(), points, None)
    collection = gpd.GeoDataFrame(table, geometry=list(points), crs="EPSG:4326")
    buffer = io.BytesIO()
    collection.to_parquet(buffer, index=False)
    return buffer.getvalue()


def save_incidents_parquet(frame: pd.DataFrame, path: Path) -> None:
    """Write incidents as GeoParquet, atomically."""
    atomic_write_bytes(path, incidents_parquet_bytes(frame))


def load_incidents_parquet(path: Path) -> pd.DataFrame:
    """The contract's text columns from GeoParquet (the geometry column is derived, so it is dropped)."""
    frame = pd.read_parquet(path, columns=list(schema.INCIDENT_COLUMNS))
    return frame.astype("string").fillna("")
