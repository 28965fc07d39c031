"""Geometry helpers: the Syria outline, governorate shapes and point-in-country checks."""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

import numpy as np
import shapely
from shapely.geometry import shape
from shapely.geometry.base import BaseGeometry

from geo import config
from geo.files.tables import read_feature_collection

BORDER_TOLERANCE_DEGREES = 0.05


@lru_cache(maxsize=4)
def syria_shape(data_dir: Path = config.DEFAULT_DATA_DIR) -> BaseGeometry:
    """Return Syria's outline, slightly buffered so border towns are not rejected."""
    collection = read_feature_collection(Path(data_dir) / config.COUNTRY_FILE)
    outline = shape(collection["features"][0]["geometry"]).buffer(BORDER_TOLERANCE_DEGREES)
    shapely.prepare(outline)
    return outline


def locate_points(lon: np.ndarray, lat: np.ndarray) -> np.ndarray:
    """Classify each point as 'inside' Syria, 'swapped' (lat/lon reversed) or 'outside'."""
    outline = syria_shape()
    lon, lat = np.asarray(lon, dtype=float), np.asarray(lat, dtype=float)
    inside = shapely.contains_xy(outline, lon, lat)
    swapped = ~inside & shapely.contains_xy(outline, lat, lon)
    return np.where(inside, "inside", np.where(swapped, "swapped", "outside"))


@lru_cache(maxsize=4)
def _governorate_text(data_dir: Path) -> str:
    """The governorate outlines as checked JSON text (text, so that the cache cannot be changed by a caller)."""
    return json.dumps(read_feature_collection(Path(data_dir) / config.GOVERNORATES_FILE))


def governorate_collection(data_dir: Path = config.DEFAULT_DATA_DIR) -> dict:
    """Return the governorate FeatureCollection (Natural Earth admin-1 outlines): a fresh copy for each caller."""
    return json.loads(_governorate_text(data_dir))
