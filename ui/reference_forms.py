"""Correcting a place or a source from its page: the fields as they are, who and why; the last correction undone."""

from __future__ import annotations

import streamlit as st

from geo.database.reference_edits import Target, edit_reference, reference_state, undo_reference
from geo.dataset.reference_edits import PLACE_FIELDS, SOURCE_FIELDS
from geo.escape import markdown_text
from geo.labels import COLUMN_LABELS
from ui.changes import Curating, run_change


@st.cache_data(show_spinner=False, max_entries=64)
def _corrections(where: str, version: str, kind: str, record_id: str, _target: Target) -> tuple[dict, list[dict]]:
    """A place's or source's fields now and its corrections so far, read once per data version."""
    return reference_state(_target, kind, record_id)


def correction_form(curating: Curating, kind: str, record_id: str) -> None:
    """A form of the place's or source's fields; only the fields changed are written."""
    fields = PLACE_FIELDS if kind == "place" else SOURCE_FIELDS
    current, done = _corrections(curating.where, curating.version, kind, record_id, curating.target)
    tag = f"{kind}_{record_id}_{len(done)}"  # drawn afresh after each correction
    with st.expander(f"Correct this {kind}"):
        with st.form(f"correct_{tag}"):
            columns = st.columns(2)
            values = {f: columns[n % 2].text_input(COLUMN_LABELS.get(f, f), current.get(f, ""), key=f"w_{tag}_{f}")
                      for n, f in enumerate(fields)}
            who = curating.who(f"correct_{kind}")
            why = st.text_input("Why (kept in the audit log)", key=f"w_correct_{kind}_why")
            sent = st.form_submit_button(f"Save the {kind} correction")
        if sent:
            changed = {f: v for f, v in values.items() if v.strip() != current.get(f, "")}
            run_change(lambda: edit_reference(curating.target, kind, record_id, changed, why, who),
                       f"{record_id} corrected")
        if done and st.button(f"Undo correction {done[-1]['edit']} ({markdown_text(', '.join(done[-1]['after']))})",
                              key=f"w_undo_{tag}"):
            run_change(lambda: undo_reference(curating.target, done[-1]["edit"], "", who),
                       f"Correction {done[-1]['edit']} undone")
