"""The offline basemap: sea, Syria's neighbours and governorates, and names that appear with zoom.

Everything comes from files in the repository (Natural Earth outlines, the gazetteer); nothing is fetched. The
names are drawn by one script as text nodes, its data rendered once as escaped JSON.
"""

from __future__ import annotations

from dataclasses import asdict

from shapely.geometry import shape

from geo import schema
from geo.config import LocalBasemap
from geo.gazetteer.lookup import Gazetteer
from geo.gazetteer.neighbours import neighbour_collection
from geo.mapview.elements import ScriptLayer, script_template

COUNTRY, GOVERNORATE, CITY, TOWN, VILLAGE = "country", "governorate", "city", "town", "village"
MIN_ZOOM = {COUNTRY: 0, GOVERNORATE: 7, CITY: 7, TOWN: 9, VILLAGE: 11}
MAX_ZOOM = {COUNTRY: 10, GOVERNORATE: 10}
MAX_LABELS = 400
MAX_PLACES = 4000
SETTLEMENT_RANK = {CITY: 0, TOWN: 1, VILLAGE: 2}
LABEL_CSS = (".ia-label-box{background:none;border:0}.ia-label{white-space:nowrap;font:12px/1 sans-serif;"
             "color:#222;text-shadow:0 0 2px #fff,0 0 2px #fff,0 0 3px #fff,0 0 4px #fff;transform:translate(4px,-6px);"
             "display:inline-block}.ia-label-country{font:600 14px/1 sans-serif;color:#6b6b6b;letter-spacing:.08em;"
             "text-transform:uppercase}.ia-label-governorate{font:italic 12px/1 sans-serif;color:#7a5c3a}"
             ".ia-label-city{font-weight:600;font-size:13px}.ia-label-village{font-size:11px;color:#555}")


def _settlements(gazetteer: Gazetteer) -> list[list]:
    """[kind, name, lat, lon] of Syria's settlements, cities first, then by population."""
    places = [p for p in gazetteer.places.values() if p.in_syria and p.resolved and p.kind in SETTLEMENT_RANK
              and (p.lat, p.lon) != (0.0, 0.0)]
    places.sort(key=lambda p: (SETTLEMENT_RANK[p.kind], -p.population, p.name))
    return [[p.kind, p.name, round(p.lat, 4), round(p.lon, 4)] for p in places[:MAX_PLACES]]


def basemap_payload(gazetteer: Gazetteer, governorates: dict, neighbours: dict | None = None,
                    vector: LocalBasemap | None = None) -> dict:
    """What the offline basemap draws: outlines and the labels in the order they are placed (countries, cities,
    governorates, towns, villages; a label that would overlap one placed before it is left out). Over a local
    vector basemap only the governorates and their names: the archive has land, sea and places."""
    areas = [[GOVERNORATE, f["properties"][schema.ADMIN1], *_label_point(f)] for f in governorates["features"]]
    common = {"governorates": governorates, "min_zoom": MIN_ZOOM, "max_zoom": MAX_ZOOM, "max_labels": MAX_LABELS,
              "vector": asdict(vector) if vector else None}
    if vector:
        return {**common, "neighbours": {schema.GEOJSON_TYPE: "FeatureCollection", "features": []}, "labels": areas}
    neighbours = neighbours or neighbour_collection()
    countries = [[COUNTRY, f["properties"][schema.NAME], f["properties"]["label_at"][1], f["properties"]["label_at"][0]]
                 for f in neighbours["features"]]
    settlements = _settlements(gazetteer)
    return {**common, "neighbours": neighbours, "labels": countries + _by_kind(settlements, CITY) + areas
            + [label for label in settlements if label[0] != CITY]}


def _by_kind(labels: list[list], kind: str) -> list[list]:
    """The labels of one kind, in their order."""
    return [label for label in labels if label[0] == kind]


def _label_point(feature: dict) -> list[float]:
    """Where a governorate's name is written: a point inside it."""
    point = shape(feature["geometry"]).representative_point()
    return [round(point.y, 4), round(point.x, 4)]


class OfflineBasemap(ScriptLayer):
    """Neighbours, governorates and zoom-dependent names, drawn by one script rendered once."""

    _template = script_template("basemap.js")
    _name = "OfflineBasemap"
    css = LABEL_CSS
