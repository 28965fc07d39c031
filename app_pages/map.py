"""The map: incidents, attacks on health care and displacement, and the incidents in view below it."""

from dataclasses import replace

import numpy as np
import streamlit as st
from streamlit_folium import st_folium

from geo import config
from geo.aggregate import Viewport, view_payload, viewport_around
from geo.incidents import filter_mask, month_steps
from geo.layers import SYRIA_CENTER, SYRIA_ZOOM, Basemap, MapView, build_map
from geo.mapdata import governorate_payload
from ui.data import get_atlas
from ui.exports import render_exports
from ui.sidebar import current_view, remember_position
from ui.tables import incident_table

TABLE_LIMIT = 1_000

atlas, view = get_atlas(), current_view()
frame, chosen = atlas.incidents, view.to_filter()
position = st.session_state.get("map_position_now") or (view.lat or SYRIA_CENTER[0], view.lon or SYRIA_CENTER[1],
                                                         view.zoom or SYRIA_ZOOM)
viewport = st.session_state.setdefault("map_viewport", viewport_around(position[:2], position[2]))
key = (replace(view, lat=None, lon=None, zoom=None), viewport)
if st.session_state.get("map_key") != key:
    kept = filter_mask(frame, chosen)
    density = (governorate_payload(atlas.governorates, frame.loc[kept, "place_admin1"].value_counts())
               if view.density else None)
    map_view = MapView(view_payload(frame, chosen, viewport, atlas.places, atlas.sources),
                       month_steps(frame.loc[kept, ["start"]]), position[:2], position[2], view.layers, view.density,
                       density)
    st.session_state.update(map_key=key, map_view=map_view)
map_view = st.session_state["map_view"]
payload = map_view.payload

st.title("Incident Atlas")
st.caption(f"{payload['matching']:,} incidents match the filters: {payload['inside']:,} wholly inside the date "
           f"window, {payload['matching'] - payload['inside']:,} only partly. {payload['not_drawn']:,} known only at "
           "country level are listed but not drawn as locations."
           + (" Zoom in to see incidents one by one; circles count them." if payload["mode"] == "cells" else ""))
tiles_url, attribution = config.tiles_setting()
result = st_folium(build_map(map_view, atlas.governorates, Basemap(tiles_url, attribution)), key="atlas_map",
                   height=620, use_container_width=True, returned_objects=["bounds", "zoom", "center"])

bounds = (result or {}).get("bounds") or {}
south_west, north_east = bounds.get("_southWest") or {}, bounds.get("_northEast") or {}
center = (result or {}).get("center") or {}
bbox = None
if south_west.get("lat") is not None and north_east.get("lat") is not None and center.get("lat") is not None:
    bbox = (south_west["lng"], south_west["lat"], north_east["lng"], north_east["lat"])
    view = remember_position(view, center["lat"], center["lng"], result["zoom"])
    moved = Viewport(*bbox, int(result["zoom"]))
    st.session_state["map_position_now"] = (center["lat"], center["lng"], int(result["zoom"]))
    if not viewport.covers(moved):
        st.session_state["map_viewport"] = moved
        st.rerun()

render_exports(atlas, view, bbox)
in_view = np.flatnonzero((filter_mask(frame, view.to_filter(bbox)) & (frame["draw_as"] != "none")).to_numpy())
st.subheader(f"In view: {len(in_view):,} incidents")
if len(in_view) > TABLE_LIMIT:
    st.caption(f"Showing the first {TABLE_LIMIT:,}; zoom in, narrow the filters, or export the view for all of them.")
st.dataframe(incident_table(frame.iloc[in_view[:TABLE_LIMIT]]), hide_index=True, width="stretch")
