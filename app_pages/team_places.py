"""Places on a team database: every place of the team's data with its spellings. Correcting a place and placing
the names documents use that the gazetteer lacks work on a data folder for now."""

import streamlit as st

from geo.database.connection import database_url
from ui.place_view import places_page
from ui.team import team_places

places_page(team_places(database_url(), st.session_state["team_version"]))
