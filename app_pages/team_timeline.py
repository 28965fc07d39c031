"""Timeline on a team database: the same charts, the months summed in the database (no record read into the app)."""

import streamlit as st

from geo import schema
from geo.database.connection import database_url
from ui.sidebar import current_view
from ui.team import team_choices, team_monthly
from ui.timeline_chart import render_timeline

if st.session_state.pop("timeline_to_map", False):
    st.switch_page("app_pages/team_map.py")
url, view, version = database_url(), current_view(), st.session_state["team_version"]
summary = team_monthly(url, version, view.to_filter())
by_layer = summary.groupby(schema.LAYER)["incidents"].sum().round() if len(summary) else summary["incidents"]
choices = team_choices(url, version)
render_timeline(summary, int(round(summary["incidents"].sum())) if len(summary) else 0, by_layer,
                (choices.first, choices.last))
