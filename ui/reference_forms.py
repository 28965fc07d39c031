"""Correcting a place or a source from its page: the fields as they are, who and why; the last correction undone."""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from geo.dataset.audit import read_audit
from geo.dataset.reference_edits import (
    PLACE_FIELDS,
    SOURCE_FIELDS,
    edit_place,
    edit_source,
    undo_reference_edit,
    values_of,
)
from geo.escape import markdown_text
from geo.labels import COLUMN_LABELS
from ui.changes import WHO_LABEL, run_change
from ui.data import Atlas


@st.cache_data(show_spinner=False, max_entries=64)
def _corrections(data_dir: str, version: str, kind: str, record_id: str) -> tuple[dict, list[dict]]:
    """A place's or source's fields now and its corrections so far, read once per data version."""
    done = [e for e in read_audit(Path(data_dir)) if e.get("record") == record_id and "edit" in e]
    return values_of(Path(data_dir), kind, record_id), done


def correction_form(atlas: Atlas, kind: str, record_id: str) -> None:
    """A form of the place's or source's fields; only the fields changed are written."""
    fields = PLACE_FIELDS if kind == "place" else SOURCE_FIELDS
    current, done = _corrections(str(atlas.data_dir), atlas.version, kind, record_id)
    tag = f"{kind}_{record_id}_{len(done)}"  # drawn afresh after each correction
    with st.expander(f"Correct this {kind}"):
        with st.form(f"correct_{tag}"):
            columns = st.columns(2)
            values = {f: columns[n % 2].text_input(COLUMN_LABELS.get(f, f), current.get(f, ""), key=f"w_{tag}_{f}")
                      for n, f in enumerate(fields)}
            who = st.text_input(WHO_LABEL, key=f"w_correct_{kind}_who") or None
            why = st.text_input("Why (kept in the audit log)", key=f"w_correct_{kind}_why")
            sent = st.form_submit_button(f"Save the {kind} correction")
        if sent:
            edit = edit_place if kind == "place" else edit_source
            changed = {f: v for f, v in values.items() if v.strip() != current.get(f, "")}
            run_change(lambda: edit(atlas.data_dir, record_id, changed, why, who), f"{record_id} corrected")
        if done and st.button(f"Undo correction {done[-1]['edit']} ({markdown_text(', '.join(done[-1]['after']))})",
                              key=f"w_undo_{tag}"):
            run_change(lambda: undo_reference_edit(atlas.data_dir, done[-1]["edit"], "", who),
                       f"Correction {done[-1]['edit']} undone")
