"""Timeline: incidents, killed and displaced per month by type; a dragged span sets the map's date window."""

import streamlit as st

from ui.backend import current_backend
from ui.sidebar import current_view
from ui.timeline_chart import render_timeline

if st.session_state.pop("timeline_to_map", False):
    st.switch_page("app_pages/map.py")
render_timeline(*current_backend().timeline(current_view().to_filter()))
