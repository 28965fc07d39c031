"""The forms that change one record: correct, corroborate, review, retract, merge (each refused in one line)."""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd
import streamlit as st

from geo import schema
from geo.dataset import curate, merging
from geo.escape import markdown_text
from geo.labels import COLUMN_LABELS, STATUS_LABELS
from ui.changes import Curating, reading, renewal, run_change
from ui.record_view import show_history, show_record

FREE_TEXT = (schema.DATE_START, schema.DATE_END, schema.DATE_TEXT, schema.WEAPON, schema.PLACE_ID,
             schema.PLACE_TEXT, schema.LAT, schema.LON, schema.ORIGIN_PLACE_ID, schema.DESTINATION_PLACE_ID,
             schema.FACILITY, schema.PERPETRATOR, schema.KILLED, schema.INJURED, schema.DISPLACED, schema.SOURCE_IDS)
CHOICES = {schema.TYPE: schema.INCIDENT_TYPES, schema.DATE_PRECISION: schema.DATE_PRECISIONS,
           schema.GEO_PRECISION: schema.GEO_PRECISIONS, schema.CONFIDENCE: schema.CONFIDENCE_LEVELS}


def _text(value: object) -> str:
    """A cell as the text the contract stores ('' for unknown)."""
    return "" if pd.isna(value) else str(value)


def _reading(record: pd.Series) -> tuple[str, int]:
    """The tag of the record's form widgets and the version read when they were first drawn."""
    return reading("record", record[schema.ID], int(record[schema.VERSION]))


def _renew(record_id: str) -> Callable[[], None]:
    """Once a form was sent, draw the forms afresh from the record as it is then."""
    return renewal("record", record_id)


def _who_why(curating: Curating, key: str, why_label: str = "Why (kept with the revision)") -> tuple[str | None, str]:
    """The who and why inputs of a form (no who on a team: the signed-in account makes the change)."""
    who = curating.who(key)
    why = st.text_input(why_label, key=f"w_{key}_why")
    return who, why


def _edit_form(curating: Curating, record: pd.Series, tag: str, version: int) -> None:
    """Every contract field of the record, to correct; only the fields changed are written."""
    with st.form(f"edit_{tag}"):
        values = {}
        columns = st.columns(2)
        for number, field in enumerate((*CHOICES, *FREE_TEXT)):
            box = columns[number % 2]
            label, current = COLUMN_LABELS.get(field, field), _text(record[field])
            if field in CHOICES:
                options = list(CHOICES[field])
                values[field] = box.selectbox(label, options, index=options.index(current) if current in options
                                              else 0, key=f"w_edit_{tag}_{field}")
            else:
                values[field] = box.text_input(label, current, key=f"w_edit_{tag}_{field}")
        values[schema.DESCRIPTION] = st.text_area("Description (your own words)", _text(record[schema.DESCRIPTION]),
                                                  key=f"w_edit_{tag}_description")
        who, why = _who_why(curating, "edit")
        sent = st.form_submit_button("Save the correction")
    if sent:
        changed = {f: v.strip() for f, v in values.items() if v.strip() != _text(record[f])}
        run_change(lambda: curate.edit_incident(curating.target, record[schema.ID], changed, why, who, version),
                   f"{record[schema.ID]} corrected", _renew(record[schema.ID]))


def _corroborate_form(curating: Curating, record: pd.Series, tag: str, version: int) -> None:
    """Another source, with its own figures where it gives them."""
    sources = list(curating.sources[schema.ID])
    with st.form(f"corroborate_{tag}"):
        source = st.selectbox("Source (from sources.csv)", sources, key=f"w_corroborate_{tag}_source")
        columns = st.columns(3)
        figures = {f: columns[n].text_input(f"Its {f} (empty: not given)", key=f"w_corroborate_{tag}_{f}")
                   for n, f in enumerate(schema.COUNT_COLUMNS)}
        who, why = _who_why(curating, "corroborate")
        sent = st.form_submit_button("Attach the source")
    if sent:
        given = {f: v.strip() for f, v in figures.items() if v.strip()}
        run_change(lambda: curate.corroborate(curating.target, record[schema.ID], source, given, why, who, version),
                   f"{source} attached to {record[schema.ID]}", _renew(record[schema.ID]))


def _status_form(curating: Curating, record: pd.Series, tag: str, version: int) -> None:
    """Move the record to another review status, or retract it with a reason."""
    with st.form(f"status_{tag}"):
        options = [s for s in schema.REVIEW_STATUSES if s != record[schema.STATUS]]
        status = st.selectbox("New review status", options, format_func=STATUS_LABELS.get,
                              key=f"w_status_{tag}_new")
        who, why = _who_why(curating, "review", "Why (a retraction must say why)")
        sent = st.form_submit_button("Set the status")
    if sent:
        run_change(lambda: curate.set_status(curating.target, record[schema.ID], status, why, who, version),
                   f"{record[schema.ID]} is now {STATUS_LABELS[status]}", _renew(record[schema.ID]))


def _merge_form(curating: Curating, record: pd.Series) -> None:
    """Merge other records into this one (their ids become aliases of it)."""
    with st.form(f"merge_{record[schema.ID]}"):
        typed = st.text_input("Ids of the records that are this same event (separated by commas)",
                              key="w_merge_others", help="The Duplicates tab finds candidates and merges pairs")
        who, why = _who_why(curating, "merge")
        sent = st.form_submit_button(f"Merge them into {markdown_text(record[schema.ID])}")
    if sent:
        chosen = [part.strip() for part in typed.replace(";", ",").split(",") if part.strip()]
        run_change(lambda: merging.merge(curating.target, record[schema.ID], chosen, why, who),
                   f"{', '.join(chosen)} merged into {record[schema.ID]}")


def record_forms(curating: Curating, record: pd.Series) -> None:
    """The changes a researcher can make to the record shown."""
    tag, version = _reading(record)
    with st.expander("Correct this record"):
        _edit_form(curating, record, tag, version)
    with st.expander("Corroborate: attach another source"):
        _corroborate_form(curating, record, tag, version)
    with st.expander("Review status (publish, send for review, retract)"):
        _status_form(curating, record, tag, version)
    with st.expander("Merge duplicates into this record"):
        _merge_form(curating, record)


def record_page(curating: Curating, record: pd.Series, aliases: list[str]) -> None:
    """A record in full, the forms to change it (for whoever may), and its history."""
    show_record(record, curating.sources, aliases)
    if curating.can_change:
        record_forms(curating, record)
    else:
        st.caption("You read the records; an editor or reviewer changes them.")
    st.markdown("**History**")
    show_history(curating, record[schema.ID])
