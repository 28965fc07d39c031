"""Sources on a team database: each document, the incidents that cite it (read from the database) and its text;
editors correct a source as their account."""

import streamlit as st

from geo import schema
from geo.database.connection import database_url
from geo.dataset.query import IncidentFilter
from ui.changes import show_flash
from ui.reference_forms import correction_form
from ui.sidebar import current_view
from ui.source_view import sources_page
from ui.team import CITED_LIMIT, SIGNED_IN_KEY, team_curating, team_document, team_search

url, statuses, version = database_url(), current_view().statuses, st.session_state["team_version"]
curating = team_curating(url, version, st.session_state[SIGNED_IN_KEY])
show_flash()


def cited_by(source_id: str):
    """The records citing a source (the first CITED_LIMIT), as the sidebar's review statuses keep them."""
    return team_search(url, version, IncidentFilter(sources=(source_id,), statuses=statuses), "", CITED_LIMIT)[0]


sources_page(curating.sources, cited_by, lambda source: team_document(url, source[schema.DOCUMENT]),
             (lambda source_id: correction_form(curating, "source", source_id)) if curating.can_change else None)
