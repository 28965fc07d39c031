"""Incidents on a team database: find records, read one in full with its history, and (editors and up) change it,
add one or settle duplicates, as the signed-in account."""

import streamlit as st

from geo import schema
from geo.database.connection import database_url
from geo.database.gazetteer_additions import database_gazetteer
from geo.escape import markdown_text, neutralised_csv
from geo.gazetteer.outlines import governorate_collection
from geo.labels import counted
from ui.adding import Surroundings, add_incident_form
from ui.changes import show_flash
from ui.duplicates_view import duplicates_view
from ui.record_forms import record_page
from ui.sidebar import current_view, wanted_record
from ui.tables import incident_columns, incident_table
from ui.team import (
    SIGNED_IN_KEY,
    team_curating,
    team_finder,
    team_places,
    team_record,
    team_retracted,
    team_search,
)

LIMIT = 200

url, view, account = database_url(), current_view(), st.session_state[SIGNED_IN_KEY]
version = st.session_state["team_version"]
curating = team_curating(url, version, account)
st.title("Incidents")
show_flash()
records, adding, duplicates = st.tabs(["Records", "Add an incident", "Duplicates"])
with records:
    words = st.text_input("Search ids, descriptions, places as written, perpetrators, weapons, facilities",
                          key="w_search")
    shown, more = team_search(url, version, view.to_filter(), words, LIMIT)
    st.caption(f"{'The first ' if more else ''}{counted(len(shown), 'incident')} the sidebar's filters keep"
               f"{' that the search finds' if words.strip() else ''}. Select a row to read it in full.")
    picked = st.dataframe(incident_table(shown), hide_index=True, width="stretch", column_config=incident_columns(),
                          on_select="rerun", selection_mode="single-row", key="incident_table")
    rows = picked.selection.rows if picked else []
    wanted = shown.iloc[rows[0]][schema.ID] if rows else wanted_record()
    record, aliases = team_record(url, version, wanted) if wanted else (None, [])
    if wanted and record is None:
        st.warning(f"No record {markdown_text(wanted)} in the team's data.")
    elif record is not None:
        if record[schema.ID] != wanted:
            st.info(f"{markdown_text(wanted)} was merged into {markdown_text(record[schema.ID])}; this is that record.")
        record_page(curating, record, aliases)
    gone = neutralised_csv(team_retracted(url, version)).encode("utf-8")
    st.download_button("Retracted and merged ids (CSV)", gone, "retracted_ids.csv", "text/csv",
                       key="w_retracted_download")
with adding:
    if curating.can_change:
        add_incident_form(curating, Surroundings(database_gazetteer(url), frozenset(team_places(url, version).index),
                                                 governorate_collection()))
    else:
        st.caption("You read the records; an editor or reviewer adds incidents.")
with duplicates:
    duplicates_view(curating, team_finder(url, version, view.to_filter()))
