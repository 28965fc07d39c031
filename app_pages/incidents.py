"""Incidents: search and read each record in full; correct, corroborate, review, merge, retract; add one; duplicates."""

import streamlit as st

from geo import schema
from geo.escape import markdown_text, neutralised_csv
from geo.labels import counted
from ui.adding import Surroundings, add_incident_form
from ui.backend import curating, current_backend, finder
from ui.changes import show_flash
from ui.duplicates_view import duplicates_view
from ui.record_forms import record_page
from ui.sidebar import current_view, wanted_record
from ui.tables import incident_columns, incident_table

LIMIT = 1_000

backend, view = current_backend(), current_view()
curating = curating(backend)
st.title("Incidents")
show_flash()
records, adding, duplicates = st.tabs(["Records", "Add an incident", "Duplicates"])
with records:
    words = st.text_input("Search ids, descriptions, places (any spelling, Arabic too), types, perpetrators, "
                          "weapons, facilities", key="w_search")
    if backend.search_note:
        st.caption(backend.search_note)
    shown, more = backend.search(view.to_filter(), words, LIMIT)
    st.caption(f"{'The first ' if more else ''}{counted(len(shown), 'incident')} the sidebar's filters keep"
               f"{' that the search finds' if words.strip() else ''}. Select a row to read it in full.")
    picked = st.dataframe(incident_table(shown), hide_index=True, width="stretch", column_config=incident_columns(),
                          on_select="rerun", selection_mode="single-row", key="incident_table")
    rows = picked.selection.rows if picked else []
    wanted = shown.iloc[rows[0]][schema.ID] if rows else wanted_record()
    record, aliases = backend.record(wanted) if wanted else (None, [])
    if wanted and record is None:
        st.warning(f"No record {markdown_text(wanted)} in this atlas.")
    elif record is not None:
        if record[schema.ID] != wanted:
            st.info(f"{markdown_text(wanted)} was merged into {markdown_text(record[schema.ID])}; this is that record.")
        record_page(curating, record, aliases)
    gone = neutralised_csv(backend.retracted()).encode("utf-8")
    st.download_button("Retracted and merged ids (CSV)", gone, "retracted_ids.csv", "text/csv",
                       key="w_retracted_download")
with adding:
    if curating.can_change:
        add_incident_form(curating, Surroundings(backend.gazetteer(), frozenset(backend.places().index),
                                                 backend.governorates()))
    else:
        st.caption("You read the records; an editor or reviewer adds incidents.")
with duplicates:
    duplicates_view(curating, finder(backend, view.to_filter()))
