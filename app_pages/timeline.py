"""Timeline: incidents, killed and displaced per month by type; a dragged span sets the map's date window."""

import streamlit as st

from geo import schema
from geo.dataset.query import date_bounds, filter_incidents, monthly_summary
from ui.data import get_atlas
from ui.sidebar import current_view
from ui.timeline_chart import render_timeline

if st.session_state.pop("timeline_to_map", False):
    st.switch_page("app_pages/map.py")
atlas, view = get_atlas(), current_view()
shown = filter_incidents(atlas.incidents, view.to_filter())
render_timeline(monthly_summary(shown), len(shown), shown[schema.LAYER].value_counts(), date_bounds(atlas.incidents))
