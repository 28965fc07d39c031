"""The Import page's document review: the text with its mentions marked, each candidate to accept and describe."""

from __future__ import annotations

from datetime import date

import streamlit as st

from geo import schema
from geo.errors import AtlasError
from geo.escape import markdown_text
from geo.files.text import document_from_bytes, prepared_text
from geo.imports.documents import (
    ACCEPT,
    ALL_TYPES,
    EVIDENCE,
    GUESS,
    REVIEW_COLUMNS,
    accepted_rows,
    document_row,
    document_source_id,
    review_table,
)
from geo.labels import COLUMN_LABELS, CONFIDENCE_LABELS, TYPE_LABELS, counted
from geo.reader.document import HEAD_CHARACTERS, Reading, evidence_spans, find_document_date, read_document
from geo.reader.source_texts import highlight_mentions
from ui.changes import who_box
from ui.importing import Importing
from ui.work import inputs_key, worked


def _review_columns(syrian: dict[str, str]) -> dict:
    """The review table's columns under human labels, with choices in words where the contract has a vocabulary
    (`syrian`: each Syrian place's id and the words it is shown in)."""
    labels = {column: st.column_config.Column(COLUMN_LABELS.get(column, column.capitalize()))
              for column in REVIEW_COLUMNS}
    return {**labels, ACCEPT: st.column_config.CheckboxColumn("Accept"),
            schema.TYPE: st.column_config.SelectboxColumn("Type", options=list(schema.INCIDENT_TYPES),
                                                          format_func=lambda code: TYPE_LABELS.get(code, code)),
            schema.PLACE_ID: st.column_config.SelectboxColumn("Place", options=list(syrian),
                                                              format_func=lambda place: syrian.get(place, place)),
            schema.CONFIDENCE: st.column_config.SelectboxColumn(
                "Confidence", options=list(schema.CONFIDENCE_LEVELS),
                format_func=lambda level: CONFIDENCE_LABELS.get(level, level)),
            EVIDENCE: st.column_config.TextColumn("Evidence (the text)", width="large"),
            ALL_TYPES: st.column_config.TextColumn("Every type the text gives"),
            schema.DESCRIPTION: st.column_config.TextColumn("Description (your own words)", width="large")}


def save_document(importing: Importing, text: str, reading: Reading, title: str, publisher: str, published: str,
                  kind: str) -> None:
    """Review the candidates (accept, edit, reject) with their evidence, then save the accepted ones."""
    gazetteer = importing.gazetteer()
    spans = evidence_spans(reading)
    with st.expander("The document: place mentions marked, each candidate's evidence underlined"):
        st.html("<style>.ia-evidence{text-decoration:underline 2px #c2185b}mark.ia-location{background:#ffe066}"
                f"mark.ia-foreign{{background:#ddd}}</style><div style='max-height:360px;overflow:auto'>"
                f"{highlight_mentions(text, reading.mentions, spans)}</div>")
    st.caption("Tick each candidate you checked against the text and write its description in your own words; "
               f"nothing unticked or undescribed is saved. {importing.saved_as}")
    syrian = {pid: f"{place.name} ({place.admin1 or 'Syria'})" for pid, place in
              sorted(gazetteer.places.items(), key=lambda item: item[1].name) if place.in_syria}
    reviewed = st.data_editor(review_table(reading, gazetteer), hide_index=True, key="w_review",
                              disabled=[EVIDENCE, GUESS, ALL_TYPES], column_config=_review_columns(syrian))
    who = who_box(importing.account, "reviewed_document")
    if st.button("Save the accepted incidents and register the document", key="save_document"):
        if not title.strip():
            st.error("Give the document a title first.")
            return
        source = document_row(importing.fresh_id(document_source_id(title.strip(), text)), title.strip(),
                              publisher.strip(), published, kind)
        try:
            rows, originals = accepted_rows(reviewed, source[schema.ID])
            entry = importing.save(rows, originals, source, "document reviewed on the Import page", who, text)
        except AtlasError as error:
            st.error(markdown_text(error))
            return
        st.success(f"Saved {counted(len(entry['incident_ids']), 'incident')} from {markdown_text(source[schema.ID])}.")


def _details(head: str) -> tuple[str, str, date, date | None, str]:
    """The document's title, publisher, date (for 'yesterday', 'on Tuesday'; its own dateline's, read from the
    prepared head of the text, until the person changes it), that date when the person gave it (else None), and
    kind."""
    left, right = st.columns(2)
    title = left.text_input("Title", key="w_doc_title")
    publisher = right.text_input("Publisher", key="w_doc_publisher")
    own = find_document_date(head)
    published = left.date_input("Document date (for 'yesterday', 'on Tuesday')", value=own or date.today(),
                                key=f"w_doc_date_{inputs_key(head[:HEAD_CHARACTERS])[:12]}",
                                help="The document's own dateline when it has one; change it to read with another")
    kind = right.selectbox("Kind", schema.SOURCE_KINDS, key="w_doc_kind")
    return title, publisher, published, published if published != own else None, kind


def document_tab(importing: Importing) -> None:
    """Paste or upload a report, read it, review its candidates and save the accepted ones with the document."""
    text = st.text_area("Paste the text of a report", height=180, key="w_document_text")
    document_file = st.file_uploader("…or upload .txt, .md or .html", type=["txt", "md", "html", "htm"],
                                     key="w_document_file")
    try:
        if document_file is not None:
            text = document_from_bytes(document_file.getvalue(), document_file.name).text
        if not text.strip():
            return
        title, publisher, published, given, kind = _details(prepared_text(text[:4 * HEAD_CHARACTERS]))
        gazetteer = importing.gazetteer()
    except AtlasError as error:
        st.error(markdown_text(error))
        return
    reading = worked("reading the document", inputs_key(text, published.isoformat(), str(len(gazetteer.places))),
                     read_document, text, gazetteer, published, given)
    if reading is None:
        return
    st.caption(f"Document date {reading.document_date:%d %B %Y}, from {reading.date_source}. "
               f"{counted(len(reading.mentions), 'place mention')}, "
               f"{counted(len(reading.incidents), 'candidate incident')}, "
               f"{counted(len(reading.totals), 'reported total')} (kept out of the map).")
    save_document(importing, reading.text, reading, title, publisher, published.isoformat(), kind)
