"""The map: incidents, attacks on health care and displacement, and the incidents in view below it."""

from dataclasses import replace

import streamlit as st
from streamlit_folium import st_folium

from geo import config
from geo.incidents import filter_incidents, governorate_counts, month_steps
from geo.layers import SYRIA_CENTER, SYRIA_ZOOM, Basemap, MapView, build_map
from geo.mapdata import governorate_payload, incident_payload
from ui.data import get_atlas
from ui.exports import render_exports
from ui.sidebar import current_view, remember_position
from ui.tables import incident_table

atlas, view = get_atlas(), current_view()
shown = filter_incidents(atlas.incidents, view.to_filter())
payload = incident_payload(shown, atlas.places, atlas.sources)
if st.session_state.get("map_filters") != replace(view, lat=None, lon=None, zoom=None):
    st.session_state["map_filters"] = replace(view, lat=None, lon=None, zoom=None)
    st.session_state["map_start"] = (view.lat or SYRIA_CENTER[0], view.lon or SYRIA_CENTER[1], view.zoom or SYRIA_ZOOM)
start = st.session_state["map_start"]
tiles_url, attribution = config.tiles_setting()
map_view = MapView(payload, month_steps(shown), (start[0], start[1]), start[2], view.layers, view.density,
                   governorate_payload(atlas.governorates, governorate_counts(shown)) if view.density else None)
fmap = build_map(map_view, atlas.governorates, Basemap(tiles_url, attribution))

st.title("Incident Atlas")
inside = int((shown["in_window"] == "inside").sum())
st.caption(f"{len(shown)} incidents match the filters: {inside} wholly inside the date window, "
           f"{len(shown) - inside} only partly. {payload['not_drawn']} known only at country level are listed "
           "but not drawn as locations.")
result = st_folium(fmap, key="atlas_map", height=620, use_container_width=True,
                   returned_objects=["bounds", "zoom", "center"])

bounds = (result or {}).get("bounds") or {}
south_west, north_east = bounds.get("_southWest") or {}, bounds.get("_northEast") or {}
bbox = None
if south_west.get("lat") is not None and north_east.get("lat") is not None:
    bbox = (south_west["lng"], south_west["lat"], north_east["lng"], north_east["lat"])
    center = (result or {}).get("center") or {}
    if center.get("lat") is not None and result.get("zoom") is not None:
        view = remember_position(view, center["lat"], center["lng"], result["zoom"])

render_exports(atlas, view, bbox)
in_view = filter_incidents(atlas.incidents, view.to_filter(bbox))
in_view = in_view[in_view["draw_as"] != "none"]
st.subheader(f"In view: {len(in_view)} incidents")
st.dataframe(incident_table(in_view), hide_index=True, width="stretch")
