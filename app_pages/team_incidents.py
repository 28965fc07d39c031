"""Incidents on a team database: find records, read one in full with its history, and (editors and up) change it,
as the signed-in account."""

import streamlit as st

from geo import schema
from geo.database.connection import database_url
from geo.escape import markdown_text
from ui.changes import show_flash
from ui.record_forms import record_forms
from ui.record_view import show_history, show_record
from ui.sidebar import RECORD_PARAM, current_view
from ui.tables import incident_table
from ui.team import SIGNED_IN_KEY, team_curating, team_record, team_search

LIMIT = 200

url, view, account = database_url(), current_view(), st.session_state[SIGNED_IN_KEY]
version = st.session_state["team_version"]
st.title("Incidents")
show_flash()
words = st.text_input("Search ids, descriptions, places as written, perpetrators, weapons, facilities",
                      key="w_search")
shown, more = team_search(url, version, view.to_filter(), words, LIMIT)
st.caption(f"{'The first ' if more else ''}{len(shown)} incidents the sidebar's filters keep"
           f"{' that the search finds' if words.strip() else ''}. Select a row to read it in full.")
picked = st.dataframe(incident_table(shown), hide_index=True, width="stretch", on_select="rerun",
                      selection_mode="single-row", key="incident_table")
rows = picked.selection.rows if picked else []
wanted = shown.iloc[rows[0]][schema.ID] if rows else st.query_params.get(RECORD_PARAM)
if wanted:
    record, aliases = team_record(url, version, wanted)
    if record is None:
        st.warning(f"No record {markdown_text(wanted)} in the team's data.")
    else:
        if record[schema.ID] != wanted:
            st.info(f"{markdown_text(wanted)} was merged into {markdown_text(record[schema.ID])}; this is that record.")
        curating = team_curating(url, version, account)
        show_record(record, curating.sources, aliases)
        if curating.can_change:
            record_forms(curating, record)
        else:
            st.caption(f"Signed in as a {account.role}: you read the records; an editor or reviewer changes them.")
        st.markdown("**History**")
        show_history(curating, record[schema.ID])
