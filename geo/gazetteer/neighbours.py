"""Syria's neighbours for the offline basemap: Natural Earth country outlines around Syria, clipped and simplified.

The committed file (data/boundaries/neighbours.geojson) is made once from the `world-atlas` npm package's TopoJSON
(Natural Earth 1:10m, public domain) by `write_neighbours(path_to_countries-10m.json)`.
"""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

from shapely.geometry import box, mapping, shape

from geo import config, schema
from geo.files.atomic import atomic_write_text

NEIGHBOURS_FILE = Path("boundaries") / "neighbours.geojson"
AROUND_SYRIA = (31.0, 28.5, 48.5, 40.5)
SIMPLIFY_DEGREES = 0.01
LEFT_OUT = ("Syria",)
MIN_AREA = 0.05


def _arc_points(topology: dict) -> list[list[tuple[float, float]]]:
    """Every arc of a quantized TopoJSON topology as absolute coordinates."""
    (scale_x, scale_y), (move_x, move_y) = topology["transform"]["scale"], topology["transform"]["translate"]
    arcs = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x, y = x + dx, y + dy
            points.append((x * scale_x + move_x, y * scale_y + move_y))
        arcs.append(points)
    return arcs


def _ring(arcs: list, indexes: list[int]) -> list[tuple[float, float]]:
    """One ring from arc indexes (a negative index is the arc reversed, ~index)."""
    ring: list[tuple[float, float]] = []
    for index in indexes:
        points = arcs[index] if index >= 0 else arcs[~index][::-1]
        ring.extend(points[1:] if ring else points)
    return ring


def _geometry(arcs: list, geometry: dict) -> dict | None:
    """A TopoJSON (Multi)Polygon as a GeoJSON MultiPolygon, rings too small to be areas left out."""
    kind = geometry[schema.GEOJSON_TYPE]
    if kind not in ("Polygon", "MultiPolygon"):
        return None
    polygons = [geometry["arcs"]] if kind == "Polygon" else geometry["arcs"]
    shaped = [[ring for ring in (_ring(arcs, indexes) for indexes in polygon) if len(ring) >= 4]
              for polygon in polygons]
    kept = [polygon for polygon in shaped if polygon]
    return {schema.GEOJSON_TYPE: "MultiPolygon", "coordinates": kept} if kept else None


def neighbours_from_topology(topology: dict, window: tuple = AROUND_SYRIA) -> dict:
    """The countries around Syria, clipped to a window, with a point to write each name at."""
    arcs, frame, features = _arc_points(topology), box(*window), []
    for country in topology["objects"]["countries"]["geometries"]:
        name = (country.get("properties") or {}).get(schema.NAME, "")
        geometry = _geometry(arcs, country)
        if not geometry or name in LEFT_OUT:
            continue
        clipped = shape(geometry).buffer(0).intersection(frame).simplify(SIMPLIFY_DEGREES, preserve_topology=True)
        if clipped.is_empty or clipped.area < MIN_AREA:
            continue
        label = clipped.representative_point()
        features.append({schema.GEOJSON_TYPE: "Feature",
                         "properties": {schema.NAME: name, "label_at": [round(label.x, 3), round(label.y, 3)]},
                         "geometry": _rounded(mapping(clipped))})
    return {schema.GEOJSON_TYPE: "FeatureCollection", "features": features}


def _rounded(geometry: dict, digits: int = 3) -> dict:
    """The same geometry with coordinates rounded (about 100 m: enough for a basemap, small on the page)."""
    def walk(value):
        if isinstance(value, (list, tuple)) and value and isinstance(value[0], (int, float)):
            return [round(value[0], digits), round(value[1], digits)]
        return [walk(item) for item in value]
    return {**geometry, "coordinates": walk(geometry["coordinates"])}


def write_neighbours(topojson: Path, target: Path = config.DEFAULT_DATA_DIR / NEIGHBOURS_FILE) -> int:
    """Write the neighbours file from world-atlas' countries-10m.json; return how many countries it holds."""
    collection = neighbours_from_topology(json.loads(Path(topojson).read_text(encoding="utf-8")))
    atomic_write_text(target, json.dumps(collection, ensure_ascii=False, separators=(",", ":")) + "\n")
    return len(collection["features"])


@lru_cache(maxsize=2)
def _neighbour_text(data_dir: Path) -> str:
    """The neighbours file's text, read once ('' when it is absent)."""
    path = Path(data_dir) / NEIGHBOURS_FILE
    return path.read_text(encoding="utf-8") if path.is_file() else ""


def neighbour_collection(data_dir: Path = config.DEFAULT_DATA_DIR) -> dict:
    """The neighbours FeatureCollection (empty when the file is absent): a fresh copy for each caller."""
    text = _neighbour_text(Path(data_dir))
    return json.loads(text) if text else {schema.GEOJSON_TYPE: "FeatureCollection", "features": []}
