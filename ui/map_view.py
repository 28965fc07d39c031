"""The map page's session state: the payload kept while the view stays inside it, and where the user moved."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace

import pandas as pd
import streamlit as st

from geo.dataset.query import IncidentFilter
from geo.exports.permalink import View
from geo.gazetteer.outlines import governorate_collection
from geo.labels import counted
from geo.mapview.builder import SYRIA_CENTER, SYRIA_ZOOM, MapView
from geo.mapview.payload import governorate_payload
from geo.mapview.viewport import Viewport, viewport_around
from ui.sidebar import remember_position

EXACT_MARGIN = 0.01


@dataclass(frozen=True)
class MapMove:
    """Where Leaflet says the map now is: the bounding box (west, south, east, north), centre and zoom."""

    bbox: tuple[float, float, float, float]
    center: tuple[float, float]
    zoom: int


def parse_move(result: dict | None) -> MapMove | None:
    """The move st_folium reports (its 'bounds', 'center' and 'zoom'), or None before the map has drawn."""
    bounds = (result or {}).get("bounds") or {}
    south_west, north_east = bounds.get("_southWest") or {}, bounds.get("_northEast") or {}
    center = (result or {}).get("center") or {}
    corners = (south_west.get("lng"), south_west.get("lat"), north_east.get("lng"), north_east.get("lat"))
    if None in corners or center.get("lat") is None or result.get("zoom") is None:
        return None
    return MapMove(corners, (center["lat"], center["lng"]), int(result["zoom"]))


# What a map needs from the data for a filter and a viewport: the payload, the months to play, and (for the density
# view, else None) the incidents per governorate.
MapParts = Callable[[IncidentFilter, Viewport, bool], tuple[dict, list[str], pd.Series | None]]


def cached_map(view: View, version: str, parts: MapParts) -> MapView:
    """The map of this view, rebuilt only when the filters, the data's version or the viewport change."""
    position = st.session_state.get("map_position_now") or (view.lat or SYRIA_CENTER[0],
                                                             view.lon or SYRIA_CENTER[1], view.zoom or SYRIA_ZOOM)
    viewport = st.session_state.setdefault("map_viewport", viewport_around(position[:2], position[2]))
    key = (replace(view, lat=None, lon=None, zoom=None), viewport, version)
    if st.session_state.get("map_key") != key:
        payload, steps, counts = parts(view.to_filter(), viewport, view.density)
        density = governorate_payload(governorate_collection(), counts) if counts is not None else None
        st.session_state.update(map_key=key, map_view=MapView(payload, steps, position[:2], position[2], view.layers,
                                                              view.density, density))
    return st.session_state["map_view"]


def payload_caption(payload: dict) -> str:
    """What the map's caption says of its payload: matching, wholly or partly in the window, not drawn."""
    matching = counted(payload["matching"], "incident")
    partly, not_drawn = payload["matching"] - payload["inside"], payload["not_drawn"]
    return (f"{matching} {'matches' if payload['matching'] == 1 else 'match'} the filters: {payload['inside']:,} "
            f"wholly inside the date window, {partly:,} only partly. {not_drawn:,} known only at country level "
            f"{'is' if not_drawn == 1 else 'are'} listed but not drawn as locations."
            + (" Zoom in to see incidents one by one; circles count them." if payload["mode"] == "cells" else ""))


def _needs_new_payload(shown: Viewport, moved: Viewport, payload: dict) -> bool:
    """Detail covers a margin around the view; cells are of the view exactly, so any move asks for new ones."""
    if payload.get("mode") == "detail":
        return not shown.covers(moved)
    return not (shown.covers(moved, EXACT_MARGIN) and moved.covers(shown, EXACT_MARGIN))


def follow_move(view: View, result: dict | None) -> tuple[View, tuple[float, float, float, float] | None]:
    """Remember where the user moved the map; rerun for a new payload when the view left the old one."""
    move = parse_move(result)
    if move is None:
        return view, None
    view = remember_position(view, *move.center, move.zoom)
    st.session_state["map_position_now"] = (*move.center, move.zoom)
    moved = Viewport(*move.bbox, move.zoom)
    if _needs_new_payload(st.session_state["map_viewport"], moved, st.session_state["map_view"].payload):
        st.session_state["map_viewport"] = moved
        st.rerun()
    return view, move.bbox


TALL_MAP = ("<style>iframe[title='streamlit_folium.st_folium']{height:max(420px,74vh)!important}"
            "@media (max-width:640px){iframe[title='streamlit_folium.st_folium']{height:70vh!important}}</style>")


def as_tall_as_the_window() -> None:
    """The map's frame takes about three quarters of the window's height (at least 420 px; on a phone, 70%)."""
    st.html(TALL_MAP)


def say_when_empty(empty: bool) -> None:
    """An atlas with no incident says how to add some, above its (empty) map."""
    if empty:
        st.info("No incidents yet. Add some on the Import page (a dataset, or a document read into candidates), "
                "or with `python -m geo import FILE`; the map fills as they are saved.")
