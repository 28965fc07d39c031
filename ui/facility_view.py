"""The Facilities page: the summary figures for the filters in force (table, CSV, PNG chart), the register with the
strikes on each facility in the window, and one facility's history at ?facility=ID."""

from __future__ import annotations

from functools import partial

import pandas as pd
import streamlit as st

from geo import schema
from geo.backends.base import Backend
from geo.dataset.query import IncidentFilter
from geo.escape import markdown_text
from geo.exports.facility_chart import summary_caption, summary_chart_png
from geo.facilities.history import DAYS_SINCE_LAST, FacilityHistory
from geo.facilities.layer import CONDITION_AT_END, STRIKES_IN_VIEW
from geo.facilities.register import entries_about
from geo.facilities.summary import ALL, FIGURE_LABELS, GOVERNORATE, MEDIAN_DAYS_BETWEEN, PERPETRATOR_GROUP, YEAR
from geo.facilities.undo import in_force
from geo.labels import STATUS_LABELS, TYPE_LABELS
from geo.reader.facilities import KIND_LABELS
from ui.changes import show_flash
from ui.facility_forms import CONDITION_LABELS, add_form, change_forms, undo_form
from ui.sidebar import FACILITY_PARAM, wanted_record

GROUPING_LABELS = {ALL: "Overall", YEAR: "By year", GOVERNORATE: "By governorate",
                   PERPETRATOR_GROUP: "By perpetrator (as attributed)"}
LINK_LABELS = {schema.LINK_CONFIRMED: "confirmed", schema.LINK_PROPOSED: "proposed, waiting for review"}
PAGE = "facilities"


def chosen_facilities(points: pd.DataFrame) -> pd.DataFrame:
    """The facilities the map's sidebar filters keep: of the kinds chosen, struck at least N times in the window."""
    kinds = st.sidebar.multiselect("Facility kind", sorted(set(points[schema.KIND])), placeholder="Every kind",
                                   format_func=lambda k: KIND_LABELS.get(k, k), key="w_map_facility_kinds")
    least = st.sidebar.number_input("Struck at least (times, in the window)", 0, 1000, 0, key="w_map_facility_least")
    return points[(points[STRIKES_IN_VIEW] >= least) & (points[schema.KIND].isin(kinds) if kinds else True)]


def facility_link(facility_id: str) -> str:
    """The permalink of one facility's page (relative to the app)."""
    return f"{PAGE}?{FACILITY_PARAM}={facility_id}"


def summary_section(backend: Backend, chosen: IncidentFilter) -> None:
    """The summary figures for the filters in force, with a CSV and a PNG chart carrying a caption."""
    st.subheader("Attacks on health care in figures")
    by = st.radio("Group", list(GROUPING_LABELS), format_func=GROUPING_LABELS.get, horizontal=True,
                  key="w_facility_grouping")
    table = backend.facility_summary(chosen, by)
    caption = summary_caption(chosen, by, backend.version)
    shown = table.rename(columns={**FIGURE_LABELS, by: GROUPING_LABELS[by].removeprefix("By ").capitalize()})
    if by == ALL:  # one row: its group says nothing the caption does not, and the figures then fit the page
        shown = shown.drop(columns=[GROUPING_LABELS[ALL]])
    median = FIGURE_LABELS[MEDIAN_DAYS_BETWEEN]  # no repeat strike: a dash, not 'None'
    shown[median] = shown[median].map(lambda days: "—" if pd.isna(days) else f"{days:,.0f}")
    st.dataframe(shown, hide_index=True, width="stretch")
    st.caption(markdown_text(caption))
    left, right = st.columns(2)
    left.download_button("Download the figures (CSV)", table.to_csv(index=False).encode("utf-8"),
                         f"health-care-summary-{by}.csv", "text/csv", key="w_summary_csv")
    right.download_button("Download the chart (PNG)", partial(summary_chart_png, table, by, caption),
                          f"health-care-summary-{by}.png", "image/png", key="w_summary_png")  # drawn when asked


def register_section(backend: Backend, chosen: IncidentFilter) -> None:
    """The facilities with a point, filtered by kind and by strikes in the window, each linked to its page."""
    st.subheader("Facilities")
    points = backend.facility_points(chosen)
    if backend.can_change:
        add_form(backend)
    if points.empty:
        st.info("No published facility yet. Add one here or with `python -m geo facilities add`, or have them "
                "proposed from the incidents that name them with `python -m geo facilities propose --apply`.")
        return
    left, right = st.columns(2)
    kinds = left.multiselect("Kind", sorted(set(points[schema.KIND])), format_func=lambda k: KIND_LABELS.get(k, k),
                             placeholder="Every kind", key="w_facility_kinds")
    least = right.number_input("Struck at least this many times in the window", 0, 1000, 0,
                               key="w_facility_least")
    kept = points[(points[STRIKES_IN_VIEW] >= least) & (points[schema.KIND].isin(kinds) if kinds else True)]
    table = pd.DataFrame({
        "Facility": kept[schema.ID].map(facility_link), "Name": kept[schema.NAME],
        "Kind": kept[schema.KIND].map(lambda k: KIND_LABELS.get(k, k)), "Strikes in the window": kept[STRIKES_IN_VIEW],
        "Condition at the window's end": kept[CONDITION_AT_END].map(lambda c: CONDITION_LABELS.get(c, "not reported"))})
    st.dataframe(table.sort_values("Strikes in the window", ascending=False), hide_index=True, width="stretch",
                 column_config={"Facility": st.column_config.LinkColumn("Facility", display_text="Its page")})
    st.caption(f"{len(kept)} of {len(points)} facilities. Strikes count incidents a reviewer linked to the facility "
               "among the records the sidebar's filters keep.")


def _strikes_table(strikes: pd.DataFrame) -> pd.DataFrame:
    """A facility's strikes in words, oldest first."""
    return pd.DataFrame({
        "Incident": strikes[schema.ID].map(lambda i: f"incidents?incident={i}"),
        "From": strikes[schema.DATE_START], "To": strikes[schema.DATE_END],
        "Type": strikes[schema.TYPE].map(lambda t: TYPE_LABELS.get(t, t)),
        "Attributed to": strikes[schema.PERPETRATOR], "Killed": strikes[schema.KILLED].astype("string").fillna(""),
        "Days since the strike before": strikes[DAYS_SINCE_LAST].map(lambda d: "—" if pd.isna(d) else f"{d:,.0f}"),
        "Sources": strikes[schema.SOURCE_IDS], "Link": strikes[schema.LINK].map(LINK_LABELS)})


def one_facility(backend: Backend, facility_id: str) -> None:
    """One facility: what it is, its strikes on a timeline with their sources, its conditions, the days between."""
    history = backend.facility_history(facility_id)
    if history is None:
        st.warning(f"No facility {markdown_text(facility_id)} in this atlas.")
        return
    facility = history.facility
    st.title(markdown_text(facility[schema.NAME]))
    if facility[schema.ID] != facility_id:
        st.info(f"{markdown_text(facility_id)} was merged into this facility.")
    aliases = schema.split_list(facility[schema.ALT_NAMES])
    place = backend.places()[schema.NAME].get(facility[schema.PLACE_ID], "") or "its point only"
    st.markdown(markdown_text(
        f"{KIND_LABELS.get(facility[schema.KIND], facility[schema.KIND])} in {place}"
        f" · {STATUS_LABELS.get(facility[schema.STATUS], facility[schema.STATUS])}"
        + (f" · also called {', '.join(aliases)}" if aliases else "")
        + (f" · run or supported by {facility[schema.OPERATOR]}" if facility[schema.OPERATOR] else "")))
    confirmed = history.strikes[history.strikes[schema.LINK] == schema.LINK_CONFIRMED]
    first, second, third = st.columns(3)
    first.metric("Strikes (confirmed)", len(confirmed))
    intervals = history.intervals()
    second.metric("Shortest interval between strikes", f"{min(intervals)} days" if intervals else "—")
    third.metric("Health workers killed there", history.health_workers_killed)
    _strikes(history)
    if backend.can_change:
        change_forms(backend, facility, backend.facility_register().facilities)
    _changes(backend, facility[schema.ID])


def _strikes(history: FacilityHistory) -> None:
    """A facility's strikes on a timeline and in a table, with their sources and the days between them."""
    confirmed = history.strikes[history.strikes[schema.LINK] == schema.LINK_CONFIRMED]
    st.subheader("Strikes")
    if history.strikes.empty:
        st.caption("No incident is linked to this facility yet.")
    else:
        days = pd.to_datetime(confirmed[schema.DATE_START], errors="coerce").dropna()
        if len(days):
            st.scatter_chart(pd.DataFrame({"date": days, "strike": 1}), x="date", y="strike", height=160)
        st.dataframe(_strikes_table(history.strikes), hide_index=True, width="stretch",
                     column_config={"Incident": st.column_config.LinkColumn("Incident",
                                                                            display_text=r"incident=(.*)")})
    _conditions(history.conditions)


def _changes(backend: Backend, facility_id: str) -> None:
    """Who changed the facility's record, when, how and why (the audit's entries, numbered), and an undo."""
    every = backend.facility_book(None).entries()  # the log read once: the facility's entries and what is undone
    entries = entries_about(every, facility_id)
    force = in_force(every)
    with st.expander(f"Changes to this record ({len(entries)})"):
        if entries:
            st.dataframe(pd.DataFrame({
                "Number": [str(e.get("change", "")) for e in entries], "When": [e.get("at", "") for e in entries],
                "Who": [e.get("by", "") for e in entries],
                "What": [str(e.get("action", "")).removeprefix("facility ") for e in entries],
                "Why": [e.get("why", "") for e in entries],
                "In force": ["undone" if not force.get(e.get("change"), True) else "yes" for e in entries]}),
                hide_index=True, width="stretch")
        else:
            st.caption("No change to this facility is recorded yet.")
        if backend.can_change:
            undo_form(backend, entries, every)


def _conditions(conditions: pd.DataFrame) -> None:
    """A facility's conditions over time, with their sources."""
    st.subheader("Condition over time")
    if conditions.empty:
        st.caption("No condition reported yet.")
    else:
        st.dataframe(pd.DataFrame({
            "Date": conditions[schema.DATE_START], "Condition": conditions[schema.CONDITION].map(CONDITION_LABELS),
            "Source": conditions[schema.SOURCE_IDS], "Note": conditions[schema.DESCRIPTION]}),
            hide_index=True, width="stretch")


def facilities_page(backend: Backend, chosen: IncidentFilter) -> None:
    """The page: one facility when the URL names one, else the summary and the register."""
    show_flash()
    wanted = wanted_record(FACILITY_PARAM)
    if wanted:
        if st.button("← All facilities", key="w_all_facilities"):
            del st.query_params[FACILITY_PARAM]
            st.rerun()
        one_facility(backend, wanted)
        return
    st.title("Facilities")
    st.caption("Hospitals, clinics, civil defence centres, schools, markets and other civilian buildings, each with "
               "the strikes linked to it. The figures count published records that the sidebar's filters keep.")
    summary_section(backend, chosen)
    register_section(backend, chosen)
