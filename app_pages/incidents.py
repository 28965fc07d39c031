"""Incidents: a searchable table, and the full record of the one selected with its sources."""

import streamlit as st

from geo.escape import safe_url
from geo.incidents import filter_incidents, search_incidents
from geo.schema import COUNT_COLUMNS, split_list
from ui.data import get_atlas
from ui.sidebar import current_view
from ui.tables import incident_table

atlas, view = get_atlas(), current_view()
st.title("Incidents")
shown = search_incidents(filter_incidents(atlas.incidents, view.to_filter()),
                         st.text_input("Search descriptions, places, types, perpetrators", key="w_search"))
st.caption(f"{len(shown)} incidents. Select a row to read it in full.")
picked = st.dataframe(incident_table(shown), hide_index=True, width="stretch",
                      on_select="rerun", selection_mode="single-row", key="incident_table")
rows = picked.selection.rows if picked else []
if rows:
    record = shown.iloc[rows[0]]
    st.subheader(f"{record['id']}: {record['type'].replace('_', ' ')}")
    for label, column in (("When", "date_text"), ("From", "date_start"), ("To", "date_end"),
                          ("Date precision", "date_precision"), ("Place as written", "place_text"),
                          ("Place", "place_name"), ("Place precision", "geo_precision"), ("Facility", "facility"),
                          ("Weapon", "weapon"), ("Attributed to", "perpetrator"), ("Killed", "killed"),
                          ("Injured", "injured"), ("Displaced", "displaced"), ("Confidence", "confidence")):
        value = str(record[column])
        missing = "unknown" if column in COUNT_COLUMNS else "not given"
        st.text(f"{label}: {value if value not in ('', '<NA>') else missing}")
    st.text(record["description"])
    st.markdown("**Sources**")
    for source_id in split_list(record["source_ids"]):
        source = atlas.sources[atlas.sources["id"] == source_id]
        if source.empty:
            st.text(f"{source_id} (not in sources.csv)")
            continue
        row = source.iloc[0]
        st.text(f"{row['title']} — {row['publisher'] or 'publisher not given'}, {row['published']} [{source_id}]")
        if safe_url(row["url"]):
            st.link_button("Open the source", row["url"])
