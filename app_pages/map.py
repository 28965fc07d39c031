"""The map: incidents, attacks on health care and displacement, and the incidents in view below it."""

import numpy as np
import streamlit as st
from streamlit_folium import st_folium

from geo import schema
from geo.dataset.query import filter_mask
from geo.labels import counted
from geo.mapview.builder import build_map, configured_basemap
from ui.data import get_atlas
from ui.exports import render_exports
from ui.map_view import current_map, follow_move, payload_caption, say_when_empty
from ui.sidebar import current_view
from ui.tables import incident_columns, incident_table

TABLE_LIMIT = 1_000

atlas, view = get_atlas(), current_view()
map_view = current_map(atlas, view)
payload = map_view.payload

st.title("Incident Atlas")
say_when_empty(atlas.incidents.empty)
st.caption(payload_caption(payload))
basemap, basemap_problem = configured_basemap()
if basemap_problem:
    st.warning(f"{basemap_problem}. The map uses the built-in basemap.")
result = st_folium(build_map(map_view, atlas.governorates, basemap), key="atlas_map",
                   height=620, use_container_width=True, returned_objects=["bounds", "zoom", "center"])
view, bbox = follow_move(view, result)

render_exports(atlas, view, bbox)
frame = atlas.incidents
shown = filter_mask(frame, view.to_filter(bbox)) & (frame[schema.DRAW_AS] != schema.DRAW_NONE)
in_view = np.flatnonzero(shown.to_numpy())
st.subheader(f"In view: {counted(len(in_view), 'incident')}")
if len(in_view) > TABLE_LIMIT:
    st.caption(f"Showing the first {TABLE_LIMIT:,}; zoom in, narrow the filters, or export the view for all of them.")
st.dataframe(incident_table(frame.iloc[in_view[:TABLE_LIMIT]]), hide_index=True, width="stretch",
             column_config=incident_columns())
