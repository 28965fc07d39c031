"""Duplicate candidates side by side: merge them, or remember that they are not the same event (in a data folder,
or in the team database as the signed-in account)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pandas as pd
import streamlit as st

from geo import schema
from geo.database.duplicates import mark_distinct_to
from geo.dataset.merging import merge
from geo.escape import markdown_text
from geo.labels import counted, in_words, readable
from ui.changes import Curating, run_change
from ui.work import inputs_key, worked

SHOWN_PAIRS = 200
SIDE_BY_SIDE = (schema.ID, schema.DATE_START, schema.DATE_END, schema.TYPE, schema.PLACE_NAME, schema.PLACE_TEXT,
                schema.GEO_PRECISION, schema.FACILITY, schema.PERPETRATOR, schema.KILLED, schema.INJURED,
                schema.CONFIDENCE, schema.SOURCE_IDS, schema.DESCRIPTION)


@dataclass(frozen=True)
class Finder:
    """How to find the pairs: a picklable function of (days, km) -> (ranked pairs, their records), and what its
    answer depends on besides them (the data's version, the filter), so that an answer is reused while they hold."""

    find: Callable[[int, float], tuple[pd.DataFrame, pd.DataFrame]]
    version: str
    scope: str


def _pair_table(records: pd.DataFrame, pairs: pd.DataFrame) -> pd.DataFrame:
    """The pairs as a reader scans them: each record's id, start, type and place, then how close they are."""
    facts = in_words(records.set_index(schema.ID)[[schema.DATE_START, schema.TYPE, schema.PLACE_NAME]])
    sides = {}
    for side, label in (("first", "Record"), ("second", "Possibly the same as")):
        known = facts.reindex(pairs[side])
        sides[label] = (pairs[side] + " · " + known[schema.DATE_START].to_numpy() + " · "
                        + known[schema.TYPE].to_numpy() + " · " + known[schema.PLACE_NAME].to_numpy())
    return pd.DataFrame({**sides, "Days apart": pairs["days_apart"], "Km apart": pairs["km_apart"],
                         "How alike (0-1)": pairs["score"]})


def _decide(curating: Curating, first: str, second: str) -> None:
    """The two decisions on a pair: one event (keep either record) or two."""
    who = curating.who("dup")
    why = st.text_input("Why (kept with the decision)", key="w_dup_why")
    keep_first, keep_second, distinct = st.columns(3)
    if keep_first.button(f"Same event: keep {markdown_text(first)}", key="w_dup_keep_first"):
        run_change(lambda: merge(curating.target, first, [second], why, who), f"{second} merged into {first}")
    if keep_second.button(f"Same event: keep {markdown_text(second)}", key="w_dup_keep_second"):
        run_change(lambda: merge(curating.target, second, [first], why, who), f"{first} merged into {second}")
    if distinct.button("Not the same event", key="w_dup_distinct"):
        run_change(lambda: mark_distinct_to(curating.target, first, second, why, who),
                   f"{first} and {second} remembered as two events")


def duplicates_view(curating: Curating, find: Finder) -> None:
    """The ranked pairs, and the chosen one side by side with the two decisions (for whoever may change records;
    merging and "two events" are a reviewer's on a team, and the library refuses others in one line)."""
    if not st.toggle("Look for duplicates", key="w_dup_on", help="Compares the records the sidebar keeps; off, "
                     "the page does not search them again after every change"):
        return
    left, right = st.columns(2)
    days = left.number_input("Days apart at most", 0, 60, 2, key="w_dup_days")
    km = right.number_input("Kilometres apart at most (or the records' own precision)", 0.0, 100.0, 5.0,
                            key="w_dup_km")
    found = worked("looking for duplicates", inputs_key(find.version, find.scope, str(days), str(km)), find.find,
                   int(days), float(km))
    if found is None:
        return
    pairs, records = found
    st.caption(f"{counted(len(pairs), 'candidate pair')} of one type family within the sidebar's dates, types and "
               "places, in any review status; the most alike first.")
    picked = st.dataframe(_pair_table(records, pairs.head(SHOWN_PAIRS)), hide_index=True, width="stretch",
                          on_select="rerun", selection_mode="single-row", key="duplicate_table")
    rows = picked.selection.rows if picked else []
    if not rows:
        return
    first, second = pairs.iloc[rows[0]][["first", "second"]]
    both = records.set_index(schema.ID, drop=False).loc[[first, second], list(SIDE_BY_SIDE)]
    st.dataframe(readable(both).T, width="stretch")
    if curating.can_change:
        _decide(curating, first, second)
