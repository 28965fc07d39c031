"""About on a team database: the vocabularies, the team's reported totals, and the shipped data's origins."""

import streamlit as st

from geo import config
from geo.database.connection import database_url
from ui.about_view import about_page
from ui.team import team_totals

about_page(team_totals(database_url(), st.session_state["team_version"]), config.DEFAULT_DATA_DIR / "README.md")
