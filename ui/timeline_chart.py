"""The Timeline's charts: one palette and label per type, ranges spread and marked, a dragged span sets the map's
dates."""

from __future__ import annotations

from datetime import UTC, date, datetime

import altair as alt
import pandas as pd
import streamlit as st

from geo import schema
from geo.dataset.query import ONE_MONTH, SPREAD
from geo.labels import TYPE_COLOURS, TYPE_LABELS, counted
from ui.sidebar import preset_of

BRUSH = "span"
LAYER_MEANINGS = {schema.LAYER_INCIDENTS: "of every other type (airstrikes, shelling, sieges ...)",
                  schema.LAYER_HEALTH: "attacks on health care", schema.LAYER_DISPLACEMENT: "displacements"}
MEASURES = (("incidents", "Incidents per month"), (schema.KILLED, "Killed per month"),
            (schema.DISPLACED, "Displaced per month"))


def chart(summary: pd.DataFrame, measure: str, title: str) -> alt.Chart:
    """Stacked bars by type in the map's colours; the share spread over a range drawn paler."""
    present = [t for t in schema.INCIDENT_TYPES if t in set(summary[schema.TYPE])]
    table = summary.assign(type_label=summary[schema.TYPE].map(TYPE_LABELS))
    colour = alt.Color("type_label:N", title="Type", legend=alt.Legend(orient="bottom", columns=5),
                       scale=alt.Scale(domain=[TYPE_LABELS[t] for t in present],
                                       range=[TYPE_COLOURS[t] for t in present]))
    dating = alt.Opacity("dating:N", title="Dates", legend=alt.Legend(orient="bottom"),
                         scale=alt.Scale(domain=[ONE_MONTH, SPREAD], range=[1.0, 0.45]))
    brush = alt.selection_interval(name=BRUSH, encodings=["x"])
    return alt.Chart(table, title=title).mark_bar().encode(
        x=alt.X("yearmonth(month):T", title="Month"), y=alt.Y(f"sum({measure}):Q", title=None), color=colour,
        opacity=dating,
        tooltip=[alt.Tooltip("yearmonth(month):T", title="Month"), alt.Tooltip("type_label:N", title="Type"),
                 alt.Tooltip("dating:N", title="Dates"), alt.Tooltip(f"sum({measure}):Q", format=",.1f",
                                                                         title=title.split(" per")[0])],
    ).add_params(brush).properties(height=340)


def chosen_span(event: object) -> tuple[date, date] | None:
    """The months a dragged span covers, from the chart's selection event (None when nothing is selected)."""
    selection = (getattr(event, "selection", None) or {}).get(BRUSH) or {}
    values = next(iter(selection.values()), None) if isinstance(selection, dict) else None
    if not values or len(values) != 2:
        return None
    first, last = (datetime.fromtimestamp(v / 1000, UTC).date() if isinstance(v, (int, float))
                   else pd.Timestamp(v).date() for v in values)
    end = (pd.Timestamp(last) + pd.offsets.MonthEnd(0)).date()
    return first.replace(day=1), end


def show_on_map(span: tuple[date, date], bounds: tuple[date, date]) -> None:
    """Button callback: set the sidebar's date window to the span and open the map."""
    first, last = bounds
    st.session_state["w_dates"] = (max(first, span[0]), min(last, span[1]))
    st.session_state["w_preset"] = preset_of(*st.session_state["w_dates"], first, last)
    st.session_state["timeline_to_map"] = True


def render_timeline(summary: pd.DataFrame, count: int, by_layer: pd.Series, bounds: tuple[date, date]) -> None:
    """The Timeline page's body: the count, each layer's total, the three charts, and the button a dragged span
    offers."""
    st.title("Timeline")
    st.caption(f"{counted(count, 'incident')} in the filters. An incident whose dates span several months is spread "
               "evenly over them and drawn paler; counts are as reported, and unknown counts add nothing. Drag "
               "across the months to show them on the map.")
    if summary.empty:
        st.info("No incident matches the filters.")
        return
    for column, layer in zip(st.columns(len(schema.LAYERS)), schema.LAYERS, strict=True):
        column.metric(f"On the {layer} layer", f"{int(by_layer.get(layer, 0)):,}", help=LAYER_MEANINGS[layer])
    st.caption(f"Of the {counted(count, 'incident')}: " + ", ".join(
        f"{int(by_layer.get(layer, 0)):,} {LAYER_MEANINGS[layer]}" for layer in schema.LAYERS) + ".")
    span = None
    for measure, label in MEASURES:
        event = st.altair_chart(chart(summary, measure, label), width="stretch", on_select="rerun",
                                key=f"w_timeline_{measure}")
        span = span or chosen_span(event)
    if span:
        st.button(f"Show {span[0]:%b %Y} – {span[1]:%b %Y} on the map", key="w_timeline_to_map",
                  on_click=show_on_map, args=(span, bounds))
