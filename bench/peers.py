"""The three maps the scale benchmark compares: naive folium, FastMarkerCluster, and ours."""

from __future__ import annotations

import folium
import pandas as pd
from branca.element import Element
from folium.plugins import FastMarkerCluster

from geo.dataset.query import IncidentFilter, filter_mask
from geo.exports.snapshot import STATIC_DIR
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


def naive_html(frame: pd.DataFrame, chosen: IncidentFilter) -> str:
    """One folium Marker with a Popup per incident (what most folium apps do)."""
    kept = frame[filter_mask(frame, chosen) & (frame["draw_as"] != "none")]
    fmap = _local_map()
    for lat, lon, text in zip(kept["y"], kept["x"], kept["description"], strict=True):
        folium.Marker([lat, lon], popup=folium.Popup(text)).add_to(fmap)
    return fmap.get_root().render()


def fast_cluster_html(frame: pd.DataFrame, chosen: IncidentFilter) -> str:
    """folium's FastMarkerCluster: every point sent, clustered in the browser."""
    kept = frame[filter_mask(frame, chosen) & (frame["draw_as"] != "none")]
    fmap = _local_map()
    plain_marker = "function (row) { return L.marker(new L.LatLng(row[0], row[1])); }"
    layer = FastMarkerCluster(data=list(zip(kept["y"], kept["x"], strict=True)), callback=plain_marker)
    layer.default_js = [("markerclusterjs", f"{LOCAL}/markercluster/leaflet.markercluster.js")]
    layer.default_css = [("markerclustercss", f"{LOCAL}/markercluster/MarkerCluster.css"),
                         ("markerclusterdefaultcss", f"{LOCAL}/markercluster/MarkerCluster.Default.css")]
    layer.add_to(fmap)
    return fmap.get_root().render()


def ours_html(frame: pd.DataFrame, places: pd.DataFrame, sources: pd.DataFrame, chosen: IncidentFilter) -> str:
    """Ours: the payload of the whole-country view (cells of counts, areas once each), then the map."""
    payload = view_payload(frame, chosen, viewport_around(SYRIA_CENTER, SYRIA_ZOOM), places, sources)
    return build_map(MapView(payload), governorate_collection(), asset_base=LOCAL).get_root().render()
