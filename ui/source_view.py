"""The Sources page's body: every source, one in full with the incidents that cite it and its text, place mentions
marked; on a data folder or on the team database (the caller says how to find what it shows)."""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd
import streamlit as st

from geo import config, schema
from geo.dataset.describe import source_line
from geo.escape import safe_url
from geo.gazetteer.lookup import load_gazetteer
from geo.labels import readable
from geo.reader.mentions import find_place_mentions
from geo.reader.source_texts import highlight_mentions
from ui.tables import incident_columns, incident_table


def _document(text: str | None) -> None:
    """The document's text with its place mentions highlighted, or where it was looked for."""
    st.subheader("Document with place mentions highlighted")
    if text is None:
        st.info(f"The document's text is not on this machine (looked in {config.resolve_docs_dir()}; "
                "set ATLAS_DOCS_DIR).")
        return
    mentions = find_place_mentions(text, load_gazetteer())
    st.caption(f"{len(mentions)} mentions: yellow = a location in Syria; grey = foreign or part of a name.")
    st.html("<style>mark.ia-foreign{background:#ddd}mark.ia-location{background:#ffe066}</style>"
            f"<div style='max-height:520px;overflow:auto;font:14px/1.5 sans-serif'>"
            f"{highlight_mentions(text, mentions)}</div>")


def sources_page(sources: pd.DataFrame, cited_by: Callable[[str], pd.DataFrame],
                 text_of: Callable[[pd.Series], str | None],
                 correct: Callable[[str], None] | None = None) -> None:
    """Every source; the one chosen in full, `correct` offering its correction form where there is one."""
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
    cited = cited_by(source_id)
    st.subheader(f"Incidents citing it: {len(cited)}")
    st.dataframe(incident_table(cited), hide_index=True, width="stretch", column_config=incident_columns())
    _document(text_of(source))
