"""The forms that change the facility register from its page: add a facility; correct one, record its condition,
link an incident to it, publish, retract or merge it; undo a numbered change. Each goes through the backend's
FacilityBook (so a team's roles decide what it does), is refused in one line with nothing written, and is refused as
stale when the facility changed after the form was drawn."""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd
import streamlit as st

from geo import schema
from geo.backends.base import Backend
from geo.errors import AtlasError
from geo.escape import markdown_text
from geo.facilities.changes import EDITABLE
from geo.facilities.undo import in_force
from geo.labels import COLUMN_LABELS
from geo.reader.facilities import KIND_LABELS
from ui.changes import FLASH_KEY, reading, renewal, who_box

FORMS = "facility_forms"  # what the forms' reading of a facility is kept under
CONDITION_LABELS = {c: c.replace("_", " ") for c in schema.FACILITY_CONDITIONS}
FIELD_LABELS = {schema.NAME: "Name", schema.ALT_NAMES: "Other names (English or Arabic, ';' between them)",
                schema.KIND: "Kind", schema.PLACE_ID: "Town or village", schema.LAT: "Latitude (its own point)",
                schema.LON: "Longitude", schema.OPERATOR: "Run or supported by (as sources say)",
                schema.SOURCE_IDS: "Sources (ids, ';' between them)"}
REVIEW_ACTIONS = {"publish": "Publish it (on the map and in the figures)", "retract": "Retract it (say why)",
                  "merge": "Merge it into another facility (its names kept as aliases)"}


def _send(step: Callable[[], str], said: Callable[[str], str], settle: Callable[[], None] | None = None) -> None:
    """Make a change; on refusal show its one-line reason (nothing was written), else rerun saying what was done."""
    try:
        result = step()
    except AtlasError as error:
        st.error(markdown_text(error))
        return
    finally:
        if settle:
            settle()
    st.session_state[FLASH_KEY] = said(result)
    st.rerun()


def _reading(facility: pd.Series) -> tuple[str, int]:
    """The tag of the facility's form widgets and the version read when they were first drawn."""
    return reading(FORMS, facility[schema.ID], int(facility[schema.VERSION] or 0))


def _renew(facility_id: str) -> Callable[[], None]:
    """Once a form was sent, draw the forms afresh from the facility as it is then."""
    return renewal(FORMS, facility_id)


def _fields(backend: Backend, tag: str, current: dict) -> dict:
    """The editable fields of a facility as inputs, filled with `current`."""
    places = backend.places()[schema.NAME]
    place_ids = ["", *sorted(places.index, key=lambda p: str(places.get(p, p)))]
    kinds = list(KIND_LABELS)
    values = {}
    left, right = st.columns(2)
    for number, field in enumerate(EDITABLE):
        box, label, key = (left, right)[number % 2], FIELD_LABELS.get(field, COLUMN_LABELS.get(field, field)), \
            f"w_facility_{tag}_{field}"
        now = str(current.get(field, "") or "")
        if field == schema.KIND:
            values[field] = box.selectbox(label, kinds, index=kinds.index(now) if now in kinds else 0, key=key,
                                          format_func=lambda k: KIND_LABELS.get(k, k))
        elif field == schema.PLACE_ID:
            values[field] = box.selectbox(label, place_ids, index=place_ids.index(now) if now in place_ids else 0,
                                          key=key, format_func=lambda p: str(places.get(p, p)) if p else "none")
        else:
            values[field] = box.text_input(label, now, key=key)
    return values


def add_form(backend: Backend) -> None:
    """A new facility (published on a folder or by a reviewer; waiting in review when an editor adds it)."""
    with st.expander("Add a facility"), st.form("facility_add"):
        values = _fields(backend, "add", {})
        who = who_box(backend.account_name, "facility_add")
        why = st.text_input("Why (kept in the audit log)", key="w_facility_add_why")
        sent = st.form_submit_button("Add the facility")
    if sent:
        _send(lambda: backend.facility_book(who).add(values, why), lambda added: f"Facility {added} added.")


def change_forms(backend: Backend, facility: pd.Series, facilities: pd.DataFrame) -> None:
    """The forms that change one facility, each sent with the version it was drawn from."""
    tag, version = _reading(facility)
    facility_id, settle = facility[schema.ID], _renew(facility[schema.ID])
    with st.expander("Change this facility"):
        who = who_box(backend.account_name, f"facility_{tag}")
        correct, condition, link, review = st.tabs(["Correct", "Condition on a date", "Link an incident",
                                                    "Publish, retract or merge"])
        with correct, st.form(f"facility_correct_{tag}", border=False):
            values = _fields(backend, tag, facility.to_dict())
            why = st.text_input("Why (kept in the audit log)", key=f"w_facility_correct_{tag}_why")
            if st.form_submit_button("Save the correction"):
                changed = {f: v for f, v in values.items() if str(v).strip() != str(facility[f]).strip()}
                _send(lambda: backend.facility_book(who).correct(facility_id, changed, why, version),
                      lambda _: f"{facility_id} corrected.", settle)
        with condition:
            _condition_form(backend, facility_id, tag, version, who)
        with link:
            _link_form(backend, facility_id, tag, who)
        with review:
            _review_form(backend, facility_id, facilities, (tag, version), who)


def _condition_form(backend: Backend, facility_id: str, tag: str, version: int, who: str | None) -> None:
    """The facility's condition on a date, with the source that reports it."""
    with st.form(f"facility_condition_{tag}", border=False):
        left, right = st.columns(2)
        when = left.text_input("Date (YYYY-MM-DD)", key=f"w_facility_condition_{tag}_date")
        condition = right.selectbox("Condition", list(CONDITION_LABELS), format_func=CONDITION_LABELS.get,
                                    key=f"w_facility_condition_{tag}_condition")
        source = left.selectbox("Source that reports it", ["", *backend.sources()[schema.ID]],
                                key=f"w_facility_condition_{tag}_source")
        note = right.text_input("Note (your own words)", key=f"w_facility_condition_{tag}_note")
        why = st.text_input("Why (kept in the audit log)", key=f"w_facility_condition_{tag}_why")
        sent = st.form_submit_button("Record the condition")
    if sent:
        fields = {schema.DATE_START: when, schema.CONDITION: condition, schema.SOURCE_IDS: source,
                  schema.DESCRIPTION: note}
        _send(lambda: backend.facility_book(who).condition(facility_id, fields, why, version),
              lambda recorded: f"Condition {recorded} recorded.", _renew(facility_id))


def _link_form(backend: Backend, facility_id: str, tag: str, who: str | None) -> None:
    """An incident linked to the facility it struck (an editor's link waits for a reviewer)."""
    with st.form(f"facility_link_{tag}", border=False):
        incident = st.text_input("Incident id (from the Incidents page)", key=f"w_facility_link_{tag}_incident")
        sure = st.checkbox("Confirmed by the sources (otherwise proposed, waiting for review; an editor's link is "
                           "always proposed)", key=f"w_facility_link_{tag}_sure")
        why = st.text_input("Why (kept in the audit log)", key=f"w_facility_link_{tag}_why")
        sent = st.form_submit_button("Link the incident")
    if sent:
        _send(lambda: backend.facility_book(who).link(incident.strip(), facility_id, sure, why),
              lambda _: f"{incident.strip()} linked to {facility_id}.")


def _review_form(backend: Backend, facility_id: str, facilities: pd.DataFrame, read: tuple[str, int],
                 who: str | None) -> None:
    """Publish, retract (with a reason) or merge into another live facility (a reviewer's changes)."""
    tag, version = read
    others = facilities[(facilities[schema.ID] != facility_id) & (facilities[schema.MERGED_INTO] == "")
                        & (facilities[schema.STATUS] != schema.STATUS_RETRACTED)]
    names = dict(zip(others[schema.ID], others[schema.NAME], strict=True))
    with st.form(f"facility_review_{tag}", border=False):
        action = st.radio("What to do", list(REVIEW_ACTIONS), format_func=REVIEW_ACTIONS.get,
                          key=f"w_facility_review_{tag}_action")
        into = st.selectbox("Merge into", ["", *names], format_func=lambda i: f"{names[i]} ({i})" if i else "none",
                            key=f"w_facility_review_{tag}_into")
        why = st.text_input("Why (kept in the audit log)", key=f"w_facility_review_{tag}_why")
        sent = st.form_submit_button("Apply")
    if not sent:
        return
    book = backend.facility_book(who)
    steps = {"publish": lambda: book.review(facility_id, schema.STATUS_PUBLISHED, why, version),
             "retract": lambda: book.review(facility_id, schema.STATUS_RETRACTED, why, version),
             "merge": lambda: book.merge(facility_id, into, why, version)}
    _send(steps[action], lambda _: f"{facility_id}: {action} done.", _renew(facility_id))


def undo_form(backend: Backend, entries: list[dict], all_entries: list[dict]) -> None:
    """Take one of the facility's numbered changes back (itself a change, so it can be undone too)."""
    force = in_force(all_entries)
    numbers = [e["change"] for e in entries if "change" in e and force.get(e["change"], True) and e.get("rows")]
    if not numbers:
        return
    with st.form("facility_undo", border=False):
        number = st.selectbox("Change to undo", list(reversed(numbers)), key="w_facility_undo_number")
        who = who_box(backend.account_name, "facility_undo")
        why = st.text_input("Why (kept in the audit log)", key="w_facility_undo_why")
        sent = st.form_submit_button("Undo this change")
    if sent:
        _send(lambda: backend.facility_book(who).undo(number, why), lambda _: f"Facility change {number} undone.")
