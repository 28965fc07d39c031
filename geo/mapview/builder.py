"""Folium map builder: local assets only, an offline basemap, and the incident layers in one element."""

from __future__ import annotations

from dataclasses import dataclass, field

import folium

from geo import config, schema
from geo.escape import html_text
from geo.gazetteer.lookup import load_gazetteer
from geo.labels import TYPE_COLOURS, TYPE_LABELS
from geo.mapview.basemap import OfflineBasemap, basemap_payload
from geo.mapview.elements import TEMPLATES, RawHtml, ScriptLayer, script_template

STATIC_URL = "/app/static/vendor"
DEFAULT_LEGEND_TYPES = ("airstrike", "shelling", "chemical_attack", "ground_offensive", "siege")
ATLAS_CSS = (TEMPLATES / "atlas.css").read_text(encoding="utf-8")
SYRIA_CENTER = (34.85, 38.4)
SYRIA_ZOOM = 7


@dataclass(frozen=True)
class Basemap:
    """Tiles from a configured server, a local PMTiles archive the app serves, or neither (drawn from local files)."""

    tiles_url: str | None = None
    attribution: str = ""
    vector: config.LocalBasemap | None = None


def configured_basemap() -> tuple[Basemap, str]:
    """The basemap the settings ask for, and why a local vector basemap set there cannot be used ('' when fine)."""
    tiles_url, attribution = config.tiles_setting()
    vector, problem = config.vector_basemap_setting()
    return Basemap(tiles_url, attribution, None if tiles_url else vector), problem


@dataclass(frozen=True)
class MapView:
    """What the map shows: centre, zoom, layers, density view and the payload of incidents."""

    payload: dict
    months: list[str] = field(default_factory=list)
    center: tuple[float, float] = SYRIA_CENTER
    zoom: int = SYRIA_ZOOM
    layers: tuple[str, ...] = schema.LAYERS
    choropleth: bool = False
    governorates: dict | None = None
    fit_bounds: tuple[float, float, float, float] | None = None
    facilities: dict | None = None  # geo.mapview.facility_marks columns, when the facilities layer is shown


def asset_links(base: str = STATIC_URL, vector: bool = False) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    """(js, css) links to the locally served Leaflet and marker-cluster files (and the vector tile renderer)."""
    js = [("leaflet", f"{base}/leaflet/leaflet.js"),
          ("markercluster", f"{base}/markercluster/leaflet.markercluster.js")]
    if vector:
        js.append(("protomaps", f"{base}/protomaps/protomaps-leaflet.js"))
    css = [("leaflet_css", f"{base}/leaflet/leaflet.css"),
           ("markercluster_css", f"{base}/markercluster/MarkerCluster.css"),
           ("markercluster_default_css", f"{base}/markercluster/MarkerCluster.Default.css")]
    return js, css


class OfflineMap(folium.Map):
    """A folium Map whose JS and CSS come from this server, never a CDN."""

    def __init__(self, *args, asset_base: str = STATIC_URL, vector: bool = False, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.default_js, self.default_css = asset_links(asset_base, vector)


class AtlasLayer(ScriptLayer):
    """Incidents, health-care attacks, displacement, density, legend and playback, drawn by one script."""

    _template = script_template("atlas_layer.js")
    _name = "AtlasLayer"


BULK_FROM = 20_000  # an export of more records draws them where the view is, by cells or one by one (not a layer each)


def legend_html(layers: tuple[str, ...], density: bool = False, types: list[str] | None = None,
                unpublished: bool = False, facilities: bool = False) -> str:
    """The legend, in full sentences, folded under its title (the map opens it on a wide screen): layer symbols,
    the two uncertainties told apart, the colours of the types in view, and (when shown) the mark of records not
    published."""
    rows = []
    if schema.LAYER_INCIDENTS in layers:
        rows += ["<i class='solid'></i>An incident wholly inside the date window.",
                 "<i class='hollow'></i>An incident whose dates only partly fall in the window (hollow, dashed)."]
    if schema.LAYER_HEALTH in layers:
        rows.append("<i class='health'>+</i>An attack on health care; the number on a cluster's corner is how many "
                    "of its incidents are.")
    if schema.LAYER_DISPLACEMENT in layers:
        rows.append("<i class='flow'></i>Displacement; the wider the line, the more people displaced.")
    rows.append("<i class='area'></i>Incidents known only to a region or governorate: its outline, tinted faintly "
                "by how many.")
    rows.append("<i class='ia-legend-zone'></i>Incidents known only within a radius: the dotted ring gives their "
                "count; point at it to see the radius.")
    if facilities:
        rows.append("<i class='ia-legend-facility'></i>A facility (hospital, school, market ...), larger the more "
                    "strikes on it in the window; a double border when struck more than once, dark when destroyed, "
                    "grey when out of service, orange when damaged (its last reported condition).")
    if density:
        rows.append("<i style='background:rgba(179,0,0,0.45)'></i>The darker the governorate, the more incidents.")
    if unpublished:
        rows.append("<i class='solid' style='opacity:.4'></i>Faded: not published (a draft, in review or retracted), "
                    "shown because the Review status filter asks for it.")
    shown = types if types is not None else list(DEFAULT_LEGEND_TYPES)
    if shown:
        rows.append("Colours: " + ", ".join(
            f"<span style='color:{TYPE_COLOURS[t]}'>&#9632;</span>{html_text(TYPE_LABELS[t])}" for t in shown) + ".")
    return "<details class='ia-legend-fold'><summary><b>Legend</b></summary>" + "<br>".join(rows) + "</details>"


def add_basemap(fmap: folium.Map, basemap: Basemap, outlines: dict) -> None:
    """Configured tiles, or the offline basemap: sea, neighbours, governorates, names that appear with zoom (or, over
    a local PMTiles archive, only the governorates and their names: the archive draws the rest)."""
    if basemap.tiles_url:
        folium.TileLayer(tiles=basemap.tiles_url, attr=basemap.attribution or "tiles", name="tiles").add_to(fmap)
        return
    OfflineBasemap(basemap_payload(load_gazetteer(), outlines, vector=basemap.vector)).add_to(fmap)


def build_map(view: MapView, outlines: dict, basemap: Basemap = Basemap(), asset_base: str = STATIC_URL,
              height: str = "100%", legend_beside: bool = False) -> folium.Map:
    """The folium map of one view: basemap, incident layers, legend (on the map, or for an export in a column
    beside it), playback."""
    fmap = OfflineMap(location=list(view.center), zoom_start=view.zoom, tiles=None, prefer_canvas=False,
                      control_scale=True, height=height, asset_base=asset_base, vector=basemap.vector is not None)
    fmap.get_root().header.add_child(RawHtml(f"<style>{ATLAS_CSS}"
                                             f"div.leaflet-container.leaflet-container{{background:#dfe8ee}}</style>"))
    add_basemap(fmap, basemap, outlines)
    options = {"layers": list(view.layers), "choropleth": view.choropleth,
               "legend": legend_html(view.layers, view.choropleth, view.payload.get("types_present"),
                                     bool(view.payload.get("unpublished")), view.facilities is not None),
               "governorates": view.governorates or {}, "months": view.months, "step_ms": 700,
               "max_zoom": 18, "min_zoom": 4,
               "fit_bounds": list(view.fit_bounds) if view.fit_bounds else None, "legend_beside": legend_beside,
               "facilities": view.facilities, "bulk_from": BULK_FROM if legend_beside else 0}
    AtlasLayer(view.payload, options).add_to(fmap)
    return fmap
