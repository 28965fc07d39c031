"""The map on a team database: incidents, attacks on health care and displacement, the incidents in view below it."""

import streamlit as st
from streamlit_folium import st_folium

from geo.database.connection import database_url
from geo.gazetteer.outlines import governorate_collection
from geo.labels import counted
from geo.mapview.builder import build_map, configured_basemap
from ui.map_view import follow_move, payload_caption, say_when_empty
from ui.sidebar import current_view
from ui.tables import incident_columns, incident_table
from ui.team import team_choices, team_map, team_view_records

TABLE_LIMIT = 1_000

url, view = database_url(), current_view()
version = st.session_state["team_version"]
map_view = team_map(url, version, view)

st.title("Incident Atlas")
say_when_empty(not team_choices(url, version).dated)
st.caption(payload_caption(map_view.payload) + f" Team dataset version {version}.")
basemap, basemap_problem = configured_basemap()
if basemap_problem:
    st.warning(f"{basemap_problem}. The map uses the built-in basemap.")
result = st_folium(build_map(map_view, governorate_collection(), basemap), key="atlas_map",
                   height=620, use_container_width=True, returned_objects=["bounds", "zoom", "center"])
view, bbox = follow_move(view, result)

total, first = team_view_records(url, version, view.to_filter(bbox), TABLE_LIMIT)
st.subheader(f"In view: {counted(total, 'incident')}")
if total > TABLE_LIMIT:
    st.caption(f"Showing the first {TABLE_LIMIT:,}; zoom in or narrow the filters.")
st.dataframe(incident_table(first), hide_index=True, width="stretch", column_config=incident_columns())
st.caption("Every page reads the team database; changes are made as your account. Placing the names documents "
           "use that the gazetteer lacks, and the duplicate finder, work on a data folder for now: "
           "`python -m geo --database URL db pull --to DIR`, then `ATLAS_DATA_DIR=DIR streamlit run app.py`.")
