"""Places on a team database: every place of the team's data with its spellings, corrected by editors as their
account (a place moved redraws its records at once), and the names the documents use that the team's gazetteer
lacks, which an editor places on the map."""

import streamlit as st

from geo.database.connection import database_url
from geo.database.gazetteer_additions import database_gazetteer
from geo.gazetteer.outlines import governorate_collection
from ui.changes import show_flash
from ui.place_view import places_page
from ui.placing import unresolved_section
from ui.reference_forms import correction_form
from ui.team import SIGNED_IN_KEY, team_curating, team_places, team_unresolved

url, version = database_url(), st.session_state["team_version"]
curating = team_curating(url, version, st.session_state[SIGNED_IN_KEY])
show_flash()
places_page(team_places(url, version),
            (lambda place_id: correction_form(curating, "place", place_id)) if curating.can_change else None)
unresolved_section(team_unresolved(url, version), curating, database_gazetteer(url), governorate_collection())
