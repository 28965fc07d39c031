"""One incident in full: facts, figures with every source's own, review status, aliases, sources, history."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import streamlit as st

from geo import schema
from geo.dataset.describe import source_line
from geo.dataset.history import record_history, restore_revision, undo_revision
from geo.dataset.merging import figure_text
from geo.dataset.storage import RecordStore
from geo.escape import markdown_text, safe_url
from geo.labels import STATUS_LABELS, TYPE_LABELS, in_words
from ui.changes import Curating, run_change

FACTS = (("When", schema.DATE_TEXT), ("From", schema.DATE_START), ("To", schema.DATE_END),
         ("Date precision", schema.DATE_PRECISION), ("Place as written", schema.PLACE_TEXT),
         ("Place", schema.PLACE_NAME), ("Place precision", schema.GEO_PRECISION), ("Facility", schema.FACILITY),
         ("Weapon", schema.WEAPON), ("Attributed to", schema.PERPETRATOR), ("Confidence", schema.CONFIDENCE))


def show_record(record: pd.Series, sources: pd.DataFrame, aliases: list[str]) -> None:
    """The facts, figures, status, aliases and sources of one record (plain text: Streamlit escapes it)."""
    worded = in_words(record.to_frame().T).iloc[0]
    st.subheader(markdown_text(f"{record[schema.ID]}: {TYPE_LABELS.get(record[schema.TYPE], record[schema.TYPE])}"))
    status = STATUS_LABELS.get(record[schema.STATUS], record[schema.STATUS])
    decided = f", set by {record[schema.STATUS_BY]} at {record[schema.STATUS_AT]}" if record[schema.STATUS_BY] else ""
    st.markdown(f"**Review status: {markdown_text(status)}**{markdown_text(decided)} · version "
                f"{markdown_text(record[schema.VERSION])}")
    if record[schema.STATUS_WHY]:
        st.caption(f"Why: {markdown_text(record[schema.STATUS_WHY])}")
    if aliases:
        st.caption(f"Also known as (merged into this record): {markdown_text(', '.join(aliases))}")
    for label, column in FACTS:
        value = str(worded[column])
        st.text(f"{label}: {value if value not in ('', '<NA>') else 'not given'}")
    for column in schema.COUNT_COLUMNS:
        adopted = "" if pd.isna(record[column]) else str(record[column])
        st.text(f"{column.capitalize()}: {figure_text(adopted, record[schema.CLAIMS], column)}")
    st.text(record[schema.DESCRIPTION])
    st.markdown("**Sources**")
    for source_id in schema.split_list(record[schema.SOURCE_IDS]):
        source = sources[sources[schema.ID] == source_id]
        if source.empty:
            st.text(f"{source_id} (not in sources.csv)")
            continue
        row = source.iloc[0]
        st.text(source_line(row))
        if safe_url(row[schema.URL]):
            st.link_button("Open the source", row[schema.URL])


def _diff(fields: list[tuple[str, str, str]]) -> pd.DataFrame:
    """A revision's changed fields as a table: field, before, after."""
    return pd.DataFrame(fields, columns=["Field", "Before", "After"])


@st.cache_data(show_spinner=False, max_entries=64)
def _history(where: str, version: str, record_id: str, _target: Path | RecordStore) -> list[dict]:
    """A record's revisions, read once per data version (not on every rerun of the page)."""
    return record_history(_target, record_id)


def show_history(curating: Curating, record_id: str) -> None:
    """Every revision of the record with what it changed; undo one, or restore the record as it was after it."""
    revisions = _history(curating.where, curating.version, record_id, curating.target)
    if not revisions:
        st.caption("No revision yet: the record is as it was stored.")
        return
    who = curating.who("history") if curating.can_change else None
    for row in reversed(revisions):
        title = f"Revision {row['rev']} · version {row['to_version']} · {row['action']} · {row['by']} · {row['at']}"
        with st.expander(markdown_text(title)):
            st.caption(f"Why: {markdown_text(row['why'] or 'no reason given')}")
            if row["added"]:
                st.write("The record was added.")
            elif row["taken_out"]:
                st.write("The record was taken out (an add undone).")
            else:
                st.dataframe(_diff(row["fields"]), hide_index=True, width="stretch")
            if curating.can_change:
                _revision_buttons(curating, row, record_id, who)


def _revision_buttons(curating: Curating, row: dict, record_id: str, who: str | None) -> None:
    """Undo one revision, or restore the record as it was after it."""
    left, right = st.columns(2)
    if left.button("Undo this revision", key=f"undo_{row['rev']}"):
        run_change(lambda r=row["rev"]: undo_revision(curating.target, r, "", who), f"Revision {row['rev']} undone")
    if not row["taken_out"] and right.button("Restore the record as it was after it", key=f"restore_{row['rev']}"):
        run_change(lambda r=row["rev"]: restore_revision(curating.target, record_id, r, "", who),
                   f"{record_id} restored to revision {row['rev']}")
