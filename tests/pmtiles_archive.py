"""A tiny PMTiles vector archive for tests: zooms 0-2 of water, land around Syria, and a named city."""

from __future__ import annotations

import gzip
import math
from pathlib import Path

import mapbox_vector_tile
from pmtiles.tile import Compression, TileType, zxy_to_tileid
from pmtiles.writer import Writer
from shapely.geometry import Point, box

HALF_WORLD = 20_037_508.342789244
MAX_ZOOM = 2  # protomaps-leaflet reads a deepest zoom of 0 as "unset"
LAND_BOX = (35.9, 32.0, 43.0, 38.0)  # lon/lat: land drawn from here; the sea west of Lebanon stays water


def mercator(lon: float, lat: float) -> tuple[float, float]:
    """Web Mercator metres of a longitude/latitude."""
    return lon * HALF_WORLD / 180, math.log(math.tan(math.pi / 4 + math.radians(lat) / 2)) * HALF_WORLD / math.pi


def _tile_bounds(zoom: int, x: int, y: int) -> tuple[float, float, float, float]:
    """Web Mercator bounds (west, south, east, north) of a tile."""
    size = 2 * HALF_WORLD / 2 ** zoom
    return -HALF_WORLD + x * size, HALF_WORLD - (y + 1) * size, -HALF_WORLD + (x + 1) * size, HALF_WORLD - y * size


def _tile(zoom: int, x: int, y: int) -> bytes:
    """One tile (Protomaps basemap layer names), gzip-compressed as archives usually are."""
    bounds = _tile_bounds(zoom, x, y)
    frame = box(*bounds)
    west, south = mercator(LAND_BOX[0], LAND_BOX[1])
    east, north = mercator(LAND_BOX[2], LAND_BOX[3])
    land, city = box(west, south, east, north).intersection(frame), Point(*mercator(37.16, 36.2))
    sea = frame.difference(land)
    layers = [{"name": "water", "features": [{"geometry": sea.wkt, "properties": {"kind": "ocean"}}]}]
    if not land.is_empty:
        layers.append({"name": "earth", "features": [{"geometry": land.wkt, "properties": {"kind": "earth"}}]})
    if frame.contains(city):
        layers.append({"name": "places", "features": [{"geometry": city.wkt, "properties": {
            "kind": "locality", "name": "Aleppo", "min_zoom": 0, "population_rank": 15}}]})
    encoded = mapbox_vector_tile.encode(layers, default_options={"quantize_bounds": bounds, "extents": 4096})
    return gzip.compress(encoded, mtime=0)


def write_archive(path: Path, tile_type: TileType = TileType.MVT) -> Path:
    """Write the archive to path and return it."""
    with path.open("wb") as handle:
        writer = Writer(handle)
        for zoom in range(MAX_ZOOM + 1):
            for x in range(2 ** zoom):
                for y in range(2 ** zoom):
                    writer.write_tile(zxy_to_tileid(zoom, x, y), _tile(zoom, x, y))
        writer.finalize({"tile_type": tile_type, "tile_compression": Compression.GZIP, "min_lon_e7": -1800000000,
                         "min_lat_e7": -850000000, "max_lon_e7": 1800000000, "max_lat_e7": 850000000,
                         "center_zoom": 0, "center_lon_e7": 0, "center_lat_e7": 0},
                        {"name": "test basemap", "vector_layers": [{"id": n, "fields": {}}
                                                                   for n in ("water", "earth", "places")]})
    return path
