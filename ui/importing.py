"""Widgets of the Import page: the mapping editor, saving a planned import, reviewing a document."""

from __future__ import annotations

import hashlib
from dataclasses import replace
from pathlib import Path

import pandas as pd
import streamlit as st

from geo import schema
from geo.dataset.audit import IMPORTED, UNDONE, batch_states, read_audit
from geo.dataset.store import redo_batch, save_import, undo_batch
from geo.errors import AtlasError
from geo.escape import markdown_text
from geo.files.safe_names import path_inside
from geo.gazetteer.lookup import load_gazetteer
from geo.imports.documents import (
    ACCEPT,
    EVIDENCE,
    GUESS,
    REVIEW_COLUMNS,
    accepted_rows,
    document_source,
    review_table,
)
from geo.imports.mapping import TARGETS, Mapping, guess_mapping, load_mapping, save_mapping
from geo.imports.plan import ImportPlan, plan_import
from geo.imports.readers import read_records_bytes
from geo.labels import COLUMN_LABELS
from geo.reader.document import Reading, evidence_spans
from geo.reader.source_texts import highlight_mentions
from ui.changes import WHO_LABEL

MAPPINGS_DIR = "mappings"
HISTORY_COLUMNS = {"at": "When (UTC)", "by": "Who", "action": "Change", "batch": "Batch", "why": "Why"}


def _saved_mappings(data_dir: Path) -> dict[str, Path]:
    """Mappings saved for reuse in the data directory."""
    folder = data_dir / MAPPINGS_DIR
    return {path.stem: path for path in sorted(folder.glob("*.json"))} if folder.is_dir() else {}


def mapping_editor(data_dir: Path, upload) -> Mapping | None:
    """Show the guessed (or a saved) mapping, editable; return the mapping to use."""
    try:
        columns = list(read_records_bytes(upload.getvalue(), upload.name).frame.columns)
    except AtlasError:
        return None
    saved = _saved_mappings(data_dir)
    with st.expander("Column mapping (guessed from the columns; edit it, save it for reuse)"):
        choice = st.selectbox("Start from", ["guessed", *saved], key="w_mapping_start")
        base = guess_mapping(columns) if choice == "guessed" else load_mapping(saved[choice])
        table = pd.DataFrame({"field": list(TARGETS), "column": [base.columns.get(t, "") for t in TARGETS]})
        edited = st.data_editor(table, hide_index=True, key=f"w_mapping_{choice}", disabled=["field"],
                                column_config={"column": st.column_config.SelectboxColumn(
                                    "column in the file", options=["", *columns])})
        fixed_type = st.selectbox("Every row's type (when no column gives it)", ["", *schema.INCIDENT_TYPES],
                                  index=(["", *schema.INCIDENT_TYPES].index(base.constants.get(schema.TYPE, ""))),
                                  key=f"w_mapping_type_{choice}")
        order = st.radio("Numeric dates are", ["", "dmy", "mdy"], horizontal=True, key=f"w_order_{choice}",
                         format_func=lambda o: {"": "not ambiguous (refuse if they are)", "dmy": "day/month/year",
                                                "mdy": "month/day/year"}[o], index=["", "dmy", "mdy"].index(
                                                    base.date_order))
        mapping = replace(base, columns={r.field: r.column for r in edited.itertuples() if r.column},
                          constants={**base.constants, **({schema.TYPE: fixed_type} if fixed_type else {})},
                          date_order=order)
        name = st.text_input("Save this mapping as", key="w_mapping_name")
        if st.button("Save mapping", key="save_mapping") and name.strip():
            target = path_inside(data_dir / MAPPINGS_DIR, name, ".json")
            save_mapping(replace(mapping, name=target.stem), target)
            st.success(f"Saved as {markdown_text(target.stem)}.")
    return mapping


def plan_for_upload(data_dir: Path, raw: bytes, name: str, mapping: Mapping | None) -> ImportPlan:
    """The import plan for an upload, kept while neither the file nor the mapping changes."""
    keep = st.session_state.get("w_keep_duplicates", False)
    key = hashlib.sha256(raw + (mapping.to_json() if mapping else "").encode() + bytes([keep])).hexdigest()
    plans = st.session_state.setdefault("import_plans", {})
    if key not in plans:
        plans.clear()
        plans[key] = plan_import(data_dir, raw, name, mapping, keep)
    return plans[key]


def save_plan(data_dir: Path, plan: ImportPlan) -> None:
    """The save form: keep duplicates or not, why, who; writes only on the button."""
    st.checkbox("Import possible duplicates too", key="w_keep_duplicates")
    why = st.text_input("Why (kept in the audit log)", key="w_import_why")
    who = st.text_input(WHO_LABEL, key="w_import_who")
    if st.button(f"Save {len(plan.result.accepted)} incidents", key="save_import",
                 disabled=not len(plan.result.accepted)):
        try:
            entry = save_import(data_dir, plan.result.accepted, plan.result.originals, plan.source,
                                load_gazetteer(data_dir=str(data_dir)), why, who or None)
        except AtlasError as error:
            st.error(markdown_text(error))
            return
        st.session_state.pop("import_plans", None)
        st.success(f"Saved {len(entry['incident_ids'])} incidents as {markdown_text(entry['batch'])}; undo it from "
                   "History.")


def _review_columns(syrian: list[str]) -> dict:
    """The review table's columns under human labels, with choices where the contract has a vocabulary."""
    labels = {column: st.column_config.Column(COLUMN_LABELS.get(column, column.capitalize()))
              for column in REVIEW_COLUMNS}
    return {**labels, ACCEPT: st.column_config.CheckboxColumn("Accept"),
            schema.TYPE: st.column_config.SelectboxColumn("Type", options=list(schema.INCIDENT_TYPES)),
            schema.PLACE_ID: st.column_config.SelectboxColumn("Place id", options=syrian),
            schema.CONFIDENCE: st.column_config.SelectboxColumn("Confidence", options=list(schema.CONFIDENCE_LEVELS)),
            EVIDENCE: st.column_config.TextColumn("Evidence (the text)", width="large"),
            schema.DESCRIPTION: st.column_config.TextColumn("Description (your own words)", width="large")}


def save_document(data_dir: Path, text: str, reading: Reading, title: str, publisher: str, published: str,
                  kind: str) -> None:
    """Review the candidates (accept, edit, reject) with their evidence, then save the accepted ones."""
    gazetteer = load_gazetteer(data_dir=str(data_dir))
    spans = evidence_spans(reading)
    with st.expander("The document: place mentions marked, each candidate's evidence underlined"):
        st.html("<style>.ia-evidence{text-decoration:underline 2px #c2185b}mark.ia-location{background:#ffe066}"
                f"mark.ia-foreign{{background:#ddd}}</style><div style='max-height:360px;overflow:auto'>"
                f"{highlight_mentions(text, reading.mentions, spans)}</div>")
    st.caption("Tick each candidate you checked against the text and write its description in your own words; "
               "nothing unticked or undescribed is saved.")
    syrian = sorted(pid for pid, place in gazetteer.places.items() if place.in_syria)
    reviewed = st.data_editor(review_table(reading, gazetteer), hide_index=True, key="w_review",
                              disabled=[EVIDENCE, GUESS], column_config=_review_columns(syrian))
    who = st.text_input(WHO_LABEL, key="w_document_who")
    if st.button("Save the accepted incidents and register the document", key="save_document"):
        if not title.strip():
            st.error("Give the document a title first.")
            return
        source = document_source(data_dir, title.strip(), publisher.strip(), published, kind, text)
        try:
            rows, originals = accepted_rows(reviewed, source[schema.ID])
            entry = save_import(data_dir, rows, originals, source, gazetteer, "document reviewed on the Import page",
                                who or None, document_text=text)
        except AtlasError as error:
            st.error(markdown_text(error))
            return
        st.success(f"Saved {len(entry['incident_ids'])} incidents from {markdown_text(source[schema.ID])}.")


def _change_batch(data_dir: Path, action: str, batch: str, who: str) -> None:
    """Undo or redo a batch; say what happened after the page reruns with the new data."""
    change = undo_batch if action == "undo" else redo_batch
    try:
        entry = change(data_dir, batch, f"{action} from the Import page", who or None)
    except AtlasError as error:
        st.session_state["history_message"] = ("error", str(error))
    else:
        done = "Removed" if action == "undo" else "Restored"
        st.session_state["history_message"] = ("success", f"{done} {len(entry['incident_ids'])} incidents of {batch}.")
    st.rerun()


def history_panel(data_dir: Path) -> None:
    """The audit log, and undo or redo for every batch, as the command line offers them."""
    kind, message = st.session_state.pop("history_message", (None, ""))
    if kind:
        getattr(st, kind)(message)
    entries = read_audit(data_dir)
    if not entries:
        st.info("No change has been made to the data through the importer yet.")
        return
    states = batch_states(entries)
    st.dataframe([{label: entry.get(key, "") for key, label in HISTORY_COLUMNS.items()}
                  | {"Incidents": len(entry.get("incident_ids", [])), "State now": states.get(entry["batch"], "")}
                  for entry in entries], hide_index=True, width="stretch")
    who = st.text_input(WHO_LABEL, key="w_history_who")
    for action, state, label in (("undo", IMPORTED, "Undo this import"), ("redo", UNDONE, "Redo this import")):
        batches = [batch for batch, now in states.items() if now == state]
        if batches:
            batch = st.selectbox(f"Import to {action}", batches, key=f"w_{action}_batch")
            if st.button(label, key=action):
                _change_batch(data_dir, action, batch, who)
