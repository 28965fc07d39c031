"""The map: incidents, attacks on health care and displacement, the incidents in view below it, and exports."""

from dataclasses import replace

import streamlit as st
from streamlit_folium import st_folium

from geo.labels import counted
from geo.mapview.builder import build_map, configured_basemap
from geo.mapview.facility_marks import facility_marks
from ui.backend import current_backend, map_of
from ui.exports import render_exports
from ui.facility_view import chosen_facilities
from ui.map_view import as_tall_as_the_window, follow_move, payload_caption, say_when_empty
from ui.sidebar import current_view
from ui.tables import incident_columns, incident_table

TABLE_LIMIT = 1_000

backend, view = current_backend(), current_view()
map_view = map_of(backend, view)
if st.sidebar.toggle("Facilities", value=True, key="w_facility_layer",
                     help="Hospitals, schools, markets ... with the strikes on each in the date window"):
    points = chosen_facilities(backend.facility_points(view.to_filter()))
    map_view = replace(map_view, facilities=facility_marks(points)) if len(points) else map_view

st.title("Incident Atlas")
say_when_empty(backend.is_empty())
st.caption(payload_caption(map_view.payload) + f" Dataset version {backend.version}.")
basemap, basemap_problem = configured_basemap()
if basemap_problem:
    st.warning(f"{basemap_problem}. The map uses the built-in basemap.")
as_tall_as_the_window()
result = st_folium(build_map(map_view, backend.governorates(), basemap), key="atlas_map",
                   height=620, use_container_width=True, returned_objects=["bounds", "zoom", "center"])
view, bbox = follow_move(view, result)

total, first = backend.view_records(view.to_filter(bbox), TABLE_LIMIT)
render_exports(backend, view, bbox, total)
st.subheader(f"In view: {counted(total, 'incident')}")
if total > TABLE_LIMIT:
    st.caption(f"Showing the first {TABLE_LIMIT:,}; zoom in, narrow the filters, or export the view for all of them.")
st.dataframe(incident_table(first), hide_index=True, width="stretch", column_config=incident_columns())
