"""Sources: each document, its place mentions highlighted, and the incidents that cite it."""

import streamlit as st

from geo import config
from geo.documents import highlight_mentions, source_document
from geo.escape import safe_url
from geo.gazetteer import load_gazetteer
from geo.mentions import find_place_mentions
from geo.schema import split_list
from ui.data import get_atlas
from ui.tables import incident_table

atlas = get_atlas()
sources = atlas.sources

st.title("Sources")
st.dataframe(sources[["id", "title", "publisher", "author", "published", "kind"]], hide_index=True,
             width="stretch")
source_id = st.selectbox("Document", list(sources["id"]),
                         format_func=lambda sid: sources.loc[sources["id"] == sid, "title"].iloc[0])
if source_id:
    source = sources[sources["id"] == source_id].iloc[0]
    st.text(f"{source['title']}\n{source['publisher'] or 'publisher not given'} · {source['published']} · "
            f"{source['kind']}\n{source['notes']}")
    if safe_url(source["url"]):
        st.link_button("Open the original", source["url"])
    cited = atlas.incidents[atlas.incidents["source_ids"].map(lambda ids: source_id in split_list(ids))]
    st.subheader(f"Incidents citing it: {len(cited)}")
    st.dataframe(incident_table(cited), hide_index=True, width="stretch")
    text = source_document(config.resolve_docs_dir(), source["document"], atlas.data_dir)
    st.subheader("Document with place mentions highlighted")
    if text is None:
        st.info(f"The document's text is not on this machine (looked in {config.resolve_docs_dir()}; "
                "set ATLAS_DOCS_DIR).")
    else:
        mentions = find_place_mentions(text, load_gazetteer())
        st.caption(f"{len(mentions)} mentions: yellow = a location in Syria; grey = foreign or part of a name.")
        st.html("<style>mark.ia-foreign{background:#ddd}mark.ia-location{background:#ffe066}</style>"
                f"<div style='max-height:520px;overflow:auto;font:14px/1.5 sans-serif'>"
                f"{highlight_mentions(text, mentions)}</div>")
