"""Incidents: search and read each record in full; correct, corroborate, review, merge, retract; add one; duplicates."""

import streamlit as st

from geo import schema
from geo.dataset.history import retracted_list
from geo.dataset.merging import aliases_of, resolve_id
from geo.dataset.query import filter_incidents, search_incidents
from geo.escape import markdown_text, neutralised_csv
from geo.gazetteer.lookup import load_gazetteer
from geo.labels import counted
from ui.adding import Surroundings, add_incident_form
from ui.changes import show_flash
from ui.data import get_atlas, search_index
from ui.duplicates_view import duplicates_view, folder_finder
from ui.record_forms import record_page
from ui.sidebar import current_view, wanted_record
from ui.tables import incident_columns, incident_table

atlas, view = get_atlas(), current_view()
st.title("Incidents")
show_flash()
records, adding, duplicates = st.tabs(["Records", "Add an incident", "Duplicates"])
with records:
    shown = search_incidents(filter_incidents(atlas.incidents, view.to_filter()),
                             st.text_input("Search descriptions, places (any spelling, Arabic too), types, "
                                           "perpetrators", key="w_search"), text=search_index(atlas))
    st.caption(f"{counted(len(shown), 'incident')} (review status as the sidebar filter says). Select a row to read "
               "it in full.")
    picked = st.dataframe(incident_table(shown), hide_index=True, width="stretch", column_config=incident_columns(),
                          on_select="rerun", selection_mode="single-row", key="incident_table")
    rows = picked.selection.rows if picked else []
    wanted = wanted_record()
    record_id = shown.iloc[rows[0]][schema.ID] if rows else (resolve_id(atlas.incidents, wanted) if wanted else None)
    if wanted and record_id != wanted and not rows:
        st.info(f"{markdown_text(wanted)} was merged into {markdown_text(record_id)}; this is that record.")
    found = atlas.incidents[atlas.incidents[schema.ID] == record_id]
    if not found.empty:
        record_page(atlas.curating(), found.iloc[0], aliases_of(atlas.incidents, found.iloc[0][schema.ID]))
    gone = neutralised_csv(retracted_list(atlas.incidents)).encode("utf-8")
    st.download_button("Retracted and merged ids (CSV)", gone, "retracted_ids.csv", "text/csv",
                       key="w_retracted_download")
with adding:
    add_incident_form(atlas.curating(), Surroundings(load_gazetteer(data_dir=str(atlas.data_dir)),
                                                     frozenset(atlas.places.index), atlas.governorates))
with duplicates:
    duplicates_view(atlas.curating(), folder_finder(atlas, view.to_filter()))
