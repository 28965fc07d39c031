"""Timeline: incidents, killed and displaced per month by type; a dragged span sets the map's date window."""

import streamlit as st

from geo import schema
from geo.dataset.query import date_bounds, filter_incidents, monthly_summary
from ui.data import get_atlas
from ui.sidebar import current_view
from ui.timeline_chart import MEASURES, chart, chosen_span, show_on_map

if st.session_state.pop("timeline_to_map", False):
    st.switch_page("app_pages/map.py")
atlas, view = get_atlas(), current_view()
shown = filter_incidents(atlas.incidents, view.to_filter())
summary = monthly_summary(shown)

st.title("Timeline")
st.caption(f"{len(shown):,} incidents in the filters. An incident whose dates span several months is spread evenly "
           "over them and drawn paler; counts are as reported, and unknown counts add nothing. Drag across the "
           "months to show them on the map.")
if summary.empty:
    st.info("No incident matches the filters.")
else:
    by_layer = shown[schema.LAYER].value_counts()
    for column, layer in zip(st.columns(len(schema.LAYERS)), schema.LAYERS, strict=True):
        column.metric(layer, f"{int(by_layer.get(layer, 0)):,}")
    span = None
    for measure, label in MEASURES:
        event = st.altair_chart(chart(summary, measure, label), width="stretch", on_select="rerun",
                                key=f"w_timeline_{measure}")
        span = span or chosen_span(event)
    if span:
        st.button(f"Show {span[0]:%b %Y} – {span[1]:%b %Y} on the map", key="w_timeline_to_map",
                  on_click=show_on_map, args=(span, date_bounds(atlas.incidents)))
