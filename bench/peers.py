"""The maps the scale benchmark compares, each named with what it shows (peers are compared on like outputs).

- naive: one folium Marker per incident, nothing else (what a first folium map does);
- naive+popups: the same with a Popup per incident (what most folium apps do);
- fastmarkercluster: folium's FastMarkerCluster, coordinates only, clustered in the page;
- heatmap: folium's HeatMap, coordinates only, a density surface;
- ours-export: our standalone HTML export, every incident with its popup, clustered in the page;
- ours-view: what the app sends for one view, the whole country at zoom 7 (counts per cell, areas once).
"""

from __future__ import annotations

import folium
import pandas as pd
from branca.element import Element
from folium.plugins import FastMarkerCluster, HeatMap

from geo import schema
from geo.dataset.query import IncidentFilter, filter_incidents, filter_mask
from geo.exports.snapshot import STATIC_DIR, standalone_html
from geo.gazetteer.outlines import governorate_collection
from geo.mapview.builder import SYRIA_CENTER, SYRIA_ZOOM, MapView, build_map
from geo.mapview.viewport import view_payload, viewport_around

LOCAL = STATIC_DIR.as_uri()


JQUERY_SHIM = ("<script>window.$ = function (html) { var t = document.createElement('template');"
               " t.innerHTML = html.trim(); return [t.content.firstChild]; };</script>")


def _local_map() -> folium.Map:
    """A plain folium map whose Leaflet comes from the local copy (so the browser can draw it offline).

    folium's popups call jQuery's $(html)[0]; with no CDN a four-line stand-in does that one job.
    """
    fmap = folium.Map(location=list(SYRIA_CENTER), zoom_start=SYRIA_ZOOM, tiles=None)
    fmap.options["maxZoom"] = 18
    fmap.default_js = [("leaflet", f"{LOCAL}/leaflet/leaflet.js")]
    fmap.default_css = [("leaflet_css", f"{LOCAL}/leaflet/leaflet.css")]
    fmap.get_root().header.add_child(Element(JQUERY_SHIM))
    return fmap


OUTPUTS = {"naive": "a marker per point", "naive+popups": "a marker and popup per point",
           "fastmarkercluster": "points, clustered", "heatmap": "density of points",
           "ours-export": "points and popups, clustered", "ours-view": "one view: counts per cell"}


def _kept(frame: pd.DataFrame, chosen: IncidentFilter) -> pd.DataFrame:
    """The incidents the filter keeps that have a location."""
    return frame[filter_mask(frame, chosen) & (frame[schema.DRAW_AS] != schema.DRAW_NONE)]


def naive_html(frame: pd.DataFrame, chosen: IncidentFilter, popups: bool = False) -> str:
    """One folium Marker per incident (with a Popup when popups is true)."""
    kept = _kept(frame, chosen)
    fmap = _local_map()
    for lat, lon, text in zip(kept[schema.Y], kept[schema.X], kept[schema.DESCRIPTION], strict=True):
        folium.Marker([lat, lon], popup=folium.Popup(text) if popups else None).add_to(fmap)
    return fmap.get_root().render()


def fast_cluster_html(frame: pd.DataFrame, chosen: IncidentFilter) -> str:
    """folium's FastMarkerCluster: every point sent, clustered in the browser."""
    kept = _kept(frame, chosen)
    fmap = _local_map()
    plain_marker = "function (row) { return L.marker(new L.LatLng(row[0], row[1])); }"
    layer = FastMarkerCluster(data=list(zip(kept[schema.Y], kept[schema.X], strict=True)), callback=plain_marker)
    layer.default_js = [("markerclusterjs", f"{LOCAL}/markercluster/leaflet.markercluster.js")]
    layer.default_css = [("markerclustercss", f"{LOCAL}/markercluster/MarkerCluster.css"),
                         ("markerclusterdefaultcss", f"{LOCAL}/markercluster/MarkerCluster.Default.css")]
    layer.add_to(fmap)
    return fmap.get_root().render()


def heatmap_html(frame: pd.DataFrame, chosen: IncidentFilter) -> str:
    """folium's HeatMap: every point sent, drawn as a density surface on a canvas."""
    kept = _kept(frame, chosen)
    fmap = _local_map()
    layer = HeatMap(list(zip(kept[schema.Y], kept[schema.X], strict=True)), radius=12)
    layer.default_js = [("leaflet-heat.js", f"{LOCAL}/heat/leaflet-heat.js")]
    layer.add_to(fmap)
    return fmap.get_root().render()


def ours_view_html(frame: pd.DataFrame, places: pd.DataFrame, sources: pd.DataFrame, chosen: IncidentFilter) -> str:
    """Ours, as the app serves it: the payload of the whole-country view, then the map."""
    payload = view_payload(frame, chosen, viewport_around(SYRIA_CENTER, SYRIA_ZOOM), places, sources)
    return build_map(MapView(payload), governorate_collection(), asset_base=LOCAL).get_root().render()


def ours_export_html(frame: pd.DataFrame, places: pd.DataFrame, sources: pd.DataFrame,
                     chosen: IncidentFilter) -> str:
    """Ours, as the HTML export: every incident with its popup, clustered in the page, areas once."""
    return standalone_html(filter_incidents(frame, chosen), places, sources, governorate_collection(),
                           chosen.layers, "benchmark")
