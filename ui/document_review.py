"""The Import page's document review: the text with its mentions marked, each candidate to accept and describe."""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from geo import schema
from geo.dataset.store import save_import
from geo.errors import AtlasError
from geo.escape import markdown_text
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
from geo.labels import COLUMN_LABELS
from geo.reader.document import Reading, evidence_spans
from geo.reader.source_texts import highlight_mentions
from ui.changes import WHO_LABEL


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
