"""The map on which a researcher places a name the gazetteer lacks: the area the text gives, the places around."""

from __future__ import annotations

from geo.gazetteer.lookup import Gazetteer, Place
from geo.mapview.builder import SYRIA_CENTER, SYRIA_ZOOM, Basemap, OfflineMap, add_basemap
from geo.mapview.elements import RawHtml, ScriptLayer, script_template

LABELLED_KINDS = ("city", "town")
MAX_LABELS = 60
LABEL_CSS = ("<style>.leaflet-tooltip.ia-place-label{background:rgba(255,255,255,.7);border:0;box-shadow:none;"
             "padding:0 3px;font:12px/1.3 sans-serif;color:#222}.leaflet-tooltip.ia-place-label:before{display:none}"
             "</style>")


class PlacingLayer(ScriptLayer):
    """The containing area, the towns around (named on hover; the basemap names them by zoom), and the point chosen
    so far (rendered once)."""

    _template = script_template("placing_layer.js")
    _name = "PlacingLayer"


def reference_places(gazetteer: Gazetteer, admin1: str = "") -> list[list]:
    """[name, lat, lon] of the towns and cities to orient by: the governorate's, or all of Syria's biggest."""
    places = [p for p in gazetteer.places.values() if p.in_syria and p.resolved and p.kind in LABELLED_KINDS
              and (not admin1 or p.admin1 == admin1) and (p.lat, p.lon) != (0.0, 0.0)]
    biggest = sorted(places, key=lambda p: (p.kind != "city", -p.population, p.name))[:MAX_LABELS]
    return [[p.name, round(p.lat, 5), round(p.lon, 5)] for p in biggest]


def placing_map(gazetteer: Gazetteer, outlines: dict, area: Place | None = None,
                chosen: tuple[float, float] | None = None, chosen_label: str = "",
                basemap: Basemap | None = None) -> OfflineMap:
    """A map to click on: the area outlined (or all Syria), towns labelled, the chosen point marked."""
    fmap = OfflineMap(location=list(SYRIA_CENTER), zoom_start=SYRIA_ZOOM, tiles=None, control_scale=True,
                      vector=bool(basemap and basemap.vector))
    fmap.get_root().header.add_child(RawHtml(LABEL_CSS))
    add_basemap(fmap, basemap or Basemap(), outlines)
    payload = {"area": area.geometry if area and area.geometry else None,
               "places": reference_places(gazetteer, area.admin1 if area else ""),
               "chosen": list(chosen) if chosen else None, "chosen_label": chosen_label}
    PlacingLayer(payload).add_to(fmap)
    return fmap
