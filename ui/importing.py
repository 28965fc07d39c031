"""Widgets of the Import page: the mapping editor, saving a planned import, the history with undo and redo; each
works on a data folder or on the team database (an Importing says which)."""

from __future__ import annotations

from dataclasses import replace

import pandas as pd
import streamlit as st

from geo import schema
from geo.backends.importing import Importing
from geo.dataset.audit import IMPORTED, UNDONE, batch_states
from geo.errors import AtlasError
from geo.escape import markdown_text
from geo.imports.mapping import (
    TARGETS,
    Mapping,
    guess_mapping,
    mapping_summary,
    preset_mapping,
    preset_names,
)
from geo.imports.plan import ImportPlan
from geo.imports.readers import read_records_bytes
from geo.labels import COLUMN_LABELS, TYPE_LABELS, counted
from ui.changes import who_box
from ui.work import inputs_key, worked

PLAN_ROUND_KEY = "import_plan_round"  # counts saves: a plan made before a save is never reused after it
HISTORY_COLUMNS = {"at": "When (UTC)", "by": "Who", "action": "Change", "batch": "Batch", "why": "Why"}


def mapping_editor(importing: Importing, upload) -> Mapping | None:
    """Show the guessed (or a saved) mapping, editable; return the mapping to use."""
    try:
        columns = list(read_records_bytes(upload.getvalue(), upload.name).frame.columns)
    except AtlasError:
        return None
    saved = importing.mappings()
    guessed = guess_mapping(columns)
    presets = {f"preset: {name}": name for name in preset_names()}
    origin = f"the {guessed.name} preset, matched by the columns" if guessed.name != "guessed" else \
        "guessed from the columns"
    with st.expander(f"Column mapping ({origin}; edit it, save it for reuse)"):
        choice = st.selectbox("Start from", ["guessed", *presets, *saved], key="w_mapping_start",
                              format_func=lambda c: f"guessed ({guessed.name})" if c == "guessed" else c)
        base = guessed if choice == "guessed" else preset_mapping(presets[choice]) if choice in presets else \
            saved[choice]
        st.caption(markdown_text(f"{base.name}: {mapping_summary(base)}"))
        table = pd.DataFrame({"field": [COLUMN_LABELS.get(t, t.replace("_", " ").capitalize()) for t in TARGETS],
                              "column": [base.columns.get(t, "") for t in TARGETS]})
        edited = st.data_editor(table, hide_index=True, key=f"w_mapping_{choice}", disabled=["field"],
                                column_config={"field": st.column_config.TextColumn("Field of ours"),
                                               "column": st.column_config.SelectboxColumn(
                                                   "column in the file", options=["", *columns])})
        fixed_type = st.selectbox("Every row's type (when no column gives it)", ["", *schema.INCIDENT_TYPES],
                                  format_func=lambda code: TYPE_LABELS.get(code, code) if code else "none",
                                  index=(["", *schema.INCIDENT_TYPES].index(base.constants.get(schema.TYPE, ""))),
                                  key=f"w_mapping_type_{choice}")
        order = st.radio("Numeric dates are", ["", "dmy", "mdy"], horizontal=True, key=f"w_order_{choice}",
                         format_func=lambda o: {"": "not ambiguous (refuse if they are)", "dmy": "day/month/year",
                                                "mdy": "month/day/year"}[o], index=["", "dmy", "mdy"].index(
                                                    base.date_order))
        mapping = replace(base, columns={target: column for target, column in zip(TARGETS, edited["column"],
                                                                                  strict=True) if column},
                          constants={**base.constants, **({schema.TYPE: fixed_type} if fixed_type else {})},
                          date_order=order)
        keep_mapping_form(importing, mapping)
    return mapping


def keep_mapping_form(importing: Importing, mapping: Mapping) -> None:
    """Name and save the mapping; one form, so the name and the click arrive together."""
    with st.form("keep_mapping", border=False):
        name = st.text_input("Save this mapping as", key="w_mapping_name")
        if not st.form_submit_button("Save mapping"):
            return
    if not name.strip():
        st.error("Give the mapping a name before saving it.")
        return
    try:
        st.success(f"Saved as {markdown_text(importing.keep_mapping(mapping, name))}.")
    except AtlasError as refused:
        st.error(markdown_text(str(refused)))


def plan_for_upload(importing: Importing, raw: bytes, name: str, mapping: Mapping | None) -> ImportPlan | None:
    """The import plan for an upload, made in a worker process and kept while neither the file nor the mapping
    changes (nor is anything saved); None while it is not ready."""
    keep = st.session_state.get("w_keep_duplicates", False)
    key = inputs_key(raw, name, mapping.to_json() if mapping else "", str(keep), str(st.session_state.get(
        PLAN_ROUND_KEY, 0)))
    return worked("planning the import", key, importing.plan, raw, name, mapping, keep)


def save_plan(importing: Importing, plan: ImportPlan) -> None:
    """The save form: keep duplicates or not, why, who; writes only on the button."""
    st.checkbox("Import possible duplicates too", key="w_keep_duplicates")
    st.caption(importing.saved_as)
    with st.form("save_import", border=False):
        why = st.text_input("Why (kept in the audit log)", key="w_import_why")
        who = who_box(importing.account, "import")
        sent = st.form_submit_button(f"Save {counted(len(plan.result.accepted), 'incident')}",
                                     disabled=not len(plan.result.accepted))
    if sent:
        try:
            entry = importing.save(plan.result.accepted, plan.result.originals, plan.source, why, who, None)
        except AtlasError as error:
            st.error(markdown_text(error))
            st.toast("Nothing was imported: the reason is under the Save button.")
            return
        st.session_state[PLAN_ROUND_KEY] = st.session_state.get(PLAN_ROUND_KEY, 0) + 1
        saved = counted(len(entry["incident_ids"]), "incident")
        st.success(f"Saved {saved} as {markdown_text(entry['batch'])}; undo it from History.")
        _record_health_care(importing, plan, entry, who)
        st.toast(f"{saved} imported.")


def _record_health_care(importing: Importing, plan: ImportPlan, entry: dict, who: str | None) -> None:
    """Record the health-care figures of the incidents just saved, and say how many got them or why none did."""
    if not len(plan.health_care):
        return
    try:
        recorded = importing.health_care(plan.health_care, entry["incident_ids"],
                                         f"health-care figures of {entry['batch']}", who)
    except AtlasError as error:
        st.warning(f"The incidents are saved, but not their health-care figures: {markdown_text(error)}")
        return
    st.success(f"Health-care figures recorded for {counted(int(recorded), 'incident')}.")


def _change_batch(importing: Importing, action: str, batch: str, who: str | None) -> None:
    """Undo or redo a batch; say what happened after the page reruns with the new data."""
    try:
        entry = importing.change(action, batch, f"{action} from the Import page", who)
    except AtlasError as error:
        st.session_state["history_message"] = ("error", str(error))
    else:
        done = "Removed" if action == "undo" else "Restored"
        changed = counted(len(entry["incident_ids"]), "incident")
        st.session_state["history_message"] = ("success", f"{done} {changed} of {batch}.")
    st.rerun()


def history_panel(importing: Importing) -> None:
    """The audit log, and undo or redo for every batch, as the command line offers them."""
    kind, message = st.session_state.pop("history_message", (None, ""))
    if kind:
        getattr(st, kind)(message)
    entries = importing.entries()
    if not entries:
        st.info("No change has been made to the data through the importer yet.")
        return
    states = batch_states(entries)
    st.dataframe([{label: entry.get(key, "") for key, label in HISTORY_COLUMNS.items()}
                  | {"Incidents": len(entry.get("incident_ids", [])), "State now": states.get(entry["batch"], "")}
                  for entry in entries], hide_index=True, width="stretch",
                 column_config={"Batch": st.column_config.TextColumn("Batch", width="large",
                                                                     help="the import's whole id")})
    who = who_box(importing.account, "history")
    for action, state, label in (("undo", IMPORTED, "Undo this import"), ("redo", UNDONE, "Redo this import")):
        batches = [batch for batch, now in states.items() if now == state]
        if batches:
            batch = st.selectbox(f"Import to {action}", batches, key=f"w_{action}_batch")
            if st.button(label, key=action):
                _change_batch(importing, action, batch, who)
