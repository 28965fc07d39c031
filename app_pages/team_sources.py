"""Sources on a team database: each document, the incidents that cite it (read from the database) and its text.
Correcting a source works on a data folder for now."""

import streamlit as st

from geo import schema
from geo.database.connection import database_url
from geo.dataset.query import IncidentFilter
from ui.sidebar import current_view
from ui.source_view import sources_page
from ui.team import CITED_LIMIT, team_document, team_search, team_sources

url, statuses, version = database_url(), current_view().statuses, st.session_state["team_version"]


def cited_by(source_id: str):
    """The records citing a source (the first CITED_LIMIT), as the sidebar's review statuses keep them."""
    return team_search(url, version, IncidentFilter(sources=(source_id,), statuses=statuses), "", CITED_LIMIT)[0]


sources_page(team_sources(url, version), cited_by, lambda source: team_document(url, source[schema.DOCUMENT]))
