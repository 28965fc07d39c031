"""Duplicate candidates side by side: merge them, or remember that they are not the same event."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import streamlit as st

from geo import schema
from geo.dataset.duplicates import Window, decided_pairs, duplicate_candidates, mark_distinct
from geo.dataset.merging import merge
from geo.escape import markdown_text
from geo.labels import in_words, readable
from ui.changes import WHO_LABEL, run_change
from ui.data import Atlas

SHOWN_PAIRS = 200
SIDE_BY_SIDE = (schema.ID, schema.DATE_START, schema.DATE_END, schema.TYPE, schema.PLACE_NAME, schema.PLACE_TEXT,
                schema.GEO_PRECISION, schema.FACILITY, schema.PERPETRATOR, schema.KILLED, schema.INJURED,
                schema.CONFIDENCE, schema.SOURCE_IDS, schema.DESCRIPTION)


@st.cache_data(show_spinner="Looking for duplicates…", max_entries=8)
def _candidates(data_dir: str, version: str, days: int, km: float, _atlas: Atlas) -> pd.DataFrame:
    """The ranked pairs of this data version and window (cached)."""
    return duplicate_candidates(_atlas.incidents, Window(days, km), decided_pairs(Path(data_dir)))


def _pair_table(atlas: Atlas, pairs: pd.DataFrame) -> pd.DataFrame:
    """The pairs as a reader scans them: each record's id, start, type and place, then how close they are."""
    facts = in_words(atlas.incidents.set_index(schema.ID)[[schema.DATE_START, schema.TYPE, schema.PLACE_NAME]])
    sides = {}
    for side, label in (("first", "Record"), ("second", "Possibly the same as")):
        known = facts.reindex(pairs[side])
        sides[label] = (pairs[side] + " · " + known[schema.DATE_START].to_numpy() + " · "
                        + known[schema.TYPE].to_numpy() + " · " + known[schema.PLACE_NAME].to_numpy())
    return pd.DataFrame({**sides, "Days apart": pairs["days_apart"], "Km apart": pairs["km_apart"],
                         "How alike (0-1)": pairs["score"]})


def duplicates_view(atlas: Atlas) -> None:
    """The ranked pairs, and the chosen one side by side with the two decisions."""
    left, right = st.columns(2)
    days = left.number_input("Days apart at most", 0, 60, 2, key="w_dup_days")
    km = right.number_input("Kilometres apart at most (or the records' own precision)", 0.0, 100.0, 5.0,
                            key="w_dup_km")
    pairs = _candidates(str(atlas.data_dir), atlas.version, int(days), float(km), atlas)
    st.caption(f"{len(pairs):,} candidate pairs of one type family; the most alike first.")
    picked = st.dataframe(_pair_table(atlas, pairs.head(SHOWN_PAIRS)), hide_index=True, width="stretch",
                          on_select="rerun", selection_mode="single-row", key="duplicate_table")
    rows = picked.selection.rows if picked else []
    if not rows:
        return
    first, second = pairs.iloc[rows[0]][["first", "second"]]
    both = atlas.incidents.set_index(schema.ID, drop=False).loc[[first, second], list(SIDE_BY_SIDE)]
    st.dataframe(readable(both).T, width="stretch")
    who = st.text_input(WHO_LABEL, key="w_dup_who") or None
    why = st.text_input("Why (kept with the decision)", key="w_dup_why")
    keep_first, keep_second, distinct = st.columns(3)
    if keep_first.button(f"Same event: keep {markdown_text(first)}", key="w_dup_keep_first"):
        run_change(lambda: merge(atlas.data_dir, first, [second], why, who), f"{second} merged into {first}")
    if keep_second.button(f"Same event: keep {markdown_text(second)}", key="w_dup_keep_second"):
        run_change(lambda: merge(atlas.data_dir, second, [first], why, who), f"{first} merged into {second}")
    if distinct.button("Not the same event", key="w_dup_distinct"):
        run_change(lambda: mark_distinct(atlas.data_dir, first, second, why, who),
                   f"{first} and {second} remembered as two events")
