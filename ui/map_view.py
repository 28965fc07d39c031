"""The map page's session state: the payload kept while the view stays inside it, and where the user moved."""

from __future__ import annotations

from dataclasses import dataclass, replace

import streamlit as st

from geo import schema
from geo.dataset.query import filter_mask, month_steps
from geo.exports.permalink import View
from geo.mapview.builder import SYRIA_CENTER, SYRIA_ZOOM, MapView
from geo.mapview.payload import governorate_payload
from geo.mapview.viewport import Viewport, view_payload, viewport_around
from ui.data import Atlas
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


def current_map(atlas: Atlas, view: View) -> MapView:
    """The map of this view, rebuilt only when the filters, the data or the viewport change."""
    position = st.session_state.get("map_position_now") or (view.lat or SYRIA_CENTER[0],
                                                             view.lon or SYRIA_CENTER[1], view.zoom or SYRIA_ZOOM)
    viewport = st.session_state.setdefault("map_viewport", viewport_around(position[:2], position[2]))
    key = (replace(view, lat=None, lon=None, zoom=None), viewport, atlas.version)
    if st.session_state.get("map_key") != key:
        frame, chosen = atlas.incidents, view.to_filter()
        kept = filter_mask(frame, chosen)
        density = (governorate_payload(atlas.governorates, frame.loc[kept, schema.PLACE_ADMIN1].value_counts())
                   if view.density else None)
        payload = view_payload(frame, chosen, viewport, atlas.places, atlas.sources)
        st.session_state.update(map_key=key, map_view=MapView(
            payload, month_steps(frame.loc[kept, [schema.START]]), position[:2], position[2], view.layers,
            view.density, density))
    return st.session_state["map_view"]


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
