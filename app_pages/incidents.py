"""Incidents: a searchable table, and the full record of the one selected with its sources."""

import streamlit as st

from geo import schema
from geo.dataset.describe import source_line
from geo.dataset.query import filter_incidents, search_incidents
from geo.escape import safe_url
from geo.labels import TYPE_LABELS
from geo.schema import COUNT_COLUMNS, split_list
from ui.data import get_atlas, search_index
from ui.sidebar import current_view
from ui.tables import incident_table

atlas, view = get_atlas(), current_view()
st.title("Incidents")
shown = search_incidents(filter_incidents(atlas.incidents, view.to_filter()),
                         st.text_input("Search descriptions, places (any spelling, Arabic too), types, perpetrators",
                                       key="w_search"), text=search_index(atlas))
st.caption(f"{len(shown)} incidents. Select a row to read it in full.")
picked = st.dataframe(incident_table(shown), hide_index=True, width="stretch",
                      on_select="rerun", selection_mode="single-row", key="incident_table")
rows = picked.selection.rows if picked else []
if rows:
    record = shown.iloc[rows[0]]
    st.subheader(f"{record[schema.ID]}: {TYPE_LABELS.get(record[schema.TYPE], record[schema.TYPE])}")
    for label, column in (("When", schema.DATE_TEXT), ("From", schema.DATE_START), ("To", schema.DATE_END),
                          ("Date precision", schema.DATE_PRECISION), ("Place as written", schema.PLACE_TEXT),
                          ("Place", schema.PLACE_NAME), ("Place precision", schema.GEO_PRECISION), ("Facility",
                                                                                                    schema.FACILITY),
                          ("Weapon", schema.WEAPON), ("Attributed to", schema.PERPETRATOR), ("Killed", schema.KILLED),
                          ("Injured", schema.INJURED), ("Displaced", schema.DISPLACED), ("Confidence",
                                                                                         schema.CONFIDENCE)):
        value = str(record[column])
        missing = "unknown" if column in COUNT_COLUMNS else "not given"
        st.text(f"{label}: {value if value not in ('', '<NA>') else missing}")
    st.text(record[schema.DESCRIPTION])
    st.markdown("**Sources**")
    for source_id in split_list(record[schema.SOURCE_IDS]):
        source = atlas.sources[atlas.sources[schema.ID] == source_id]
        if source.empty:
            st.text(f"{source_id} (not in sources.csv)")
            continue
        row = source.iloc[0]
        st.text(source_line(row))
        if safe_url(row[schema.URL]):
            st.link_button("Open the source", row[schema.URL])
