"""Timeline: incidents, killed and displaced per month, by type."""

import streamlit as st

from geo import schema
from geo.dataset.query import filter_incidents, monthly_summary
from ui.data import get_atlas
from ui.sidebar import current_view

atlas, view = get_atlas(), current_view()
shown = filter_incidents(atlas.incidents, view.to_filter())
summary = monthly_summary(shown)

st.title("Timeline")
st.caption(f"{len(shown)} incidents in the filters, counted in the month their date range starts. "
           "Counts are as reported; empty counts are unknown and add nothing.")
if summary.empty:
    st.info("No incident matches the filters.")
else:
    for measure, label in (("incidents", "Incidents per month"), (schema.KILLED, "Killed per month"),
                           (schema.DISPLACED, "Displaced per month")):
        st.subheader(label)
        table = summary.pivot_table(index="month", columns=schema.TYPE, values=measure, aggfunc="sum", fill_value=0)
        st.bar_chart(table, stack=True)
