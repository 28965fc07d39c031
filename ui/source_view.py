"""The Sources page's body: every source, one in full with the incidents that cite it and its text, place mentions
marked; on a data folder or on the team database (the caller says how to find what it shows)."""

from __future__ import annotations

from collections.abc import Callable

import streamlit as st

from geo import schema
from geo.backends.base import Backend
from geo.dataset.describe import source_line
from geo.dataset.query import IncidentFilter
from geo.escape import markdown_text, safe_url
from geo.gazetteer.lookup import load_gazetteer
from geo.labels import readable
from geo.reader.mentions import find_place_mentions
from geo.reader.source_texts import highlight_mentions
from ui.tables import incident_columns, incident_table

CITED_LIMIT = 1_000  # records a source's page lists


def _document(text: str | None, where: str) -> None:
    """The document's text with its place mentions highlighted, or where it was looked for."""
    st.subheader("Document with place mentions highlighted")
    if text is None:
        st.info(markdown_text(f"The document's text was not found: documents are {where}."))
        return
    mentions = find_place_mentions(text, load_gazetteer())
    st.caption(f"{len(mentions)} mentions: yellow = a location in Syria; grey = foreign or part of a name.")
    st.html("<style>mark.ia-foreign{background:#ddd}mark.ia-location{background:#ffe066}</style>"
            f"<div style='max-height:520px;overflow:auto;font:14px/1.5 sans-serif'>"
            f"{highlight_mentions(text, mentions)}</div>")


def sources_page(backend: Backend, statuses: tuple[str, ...], correct: Callable[[str], None] | None = None) -> None:
    """Every source; the one chosen in full with the records citing it (of the review statuses asked for) and its
    text, `correct` offering its correction form where there is one."""
    sources = backend.sources()
    st.title("Sources")
    st.dataframe(readable(sources, [schema.ID, schema.TITLE, schema.PUBLISHER, schema.AUTHOR, schema.PUBLISHED,
                                   schema.KIND]), hide_index=True, width="stretch")
    source_id = st.selectbox("Document", list(sources[schema.ID]),
                             format_func=lambda sid: sources.loc[sources[schema.ID] == sid, schema.TITLE].iloc[0])
    if not source_id:
        return
    source = sources[sources[schema.ID] == source_id].iloc[0]
    st.text(f"{source_line(source)} · {source[schema.KIND]}\n{source[schema.NOTES]}")
    if safe_url(source[schema.URL]):
        st.link_button("Open the original", source[schema.URL])
    if correct:
        correct(source_id)
    cited, more = backend.search(IncidentFilter(sources=(source_id,), statuses=statuses), "", CITED_LIMIT)
    st.subheader(f"Incidents citing it: {'the first ' if more else ''}{len(cited):,}")
    st.dataframe(incident_table(cited), hide_index=True, width="stretch", column_config=incident_columns())
    _document(backend.document(source[schema.DOCUMENT]), backend.documents_where())
