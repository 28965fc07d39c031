"""Sources: each document, its place mentions highlighted, and the incidents that cite it."""

import streamlit as st

from geo import config, schema
from geo.dataset.describe import source_line
from geo.dataset.query import IncidentFilter, filter_mask
from geo.escape import safe_url
from geo.gazetteer.lookup import load_gazetteer
from geo.labels import readable
from geo.reader.mentions import find_place_mentions
from geo.reader.source_texts import highlight_mentions, source_document
from ui.changes import show_flash
from ui.data import get_atlas
from ui.reference_forms import correction_form
from ui.sidebar import current_view
from ui.tables import incident_table

atlas = get_atlas()
show_flash()
sources = atlas.sources

st.title("Sources")
st.dataframe(readable(sources, [schema.ID, schema.TITLE, schema.PUBLISHER, schema.AUTHOR, schema.PUBLISHED,
                               schema.KIND]),
             hide_index=True,
             width="stretch")
source_id = st.selectbox("Document", list(sources[schema.ID]),
                         format_func=lambda sid: sources.loc[sources[schema.ID] == sid, schema.TITLE].iloc[0])
if source_id:
    source = sources[sources[schema.ID] == source_id].iloc[0]
    st.text(f"{source_line(source)} · {source[schema.KIND]}\n{source[schema.NOTES]}")
    if safe_url(source[schema.URL]):
        st.link_button("Open the original", source[schema.URL])
    correction_form(atlas, "source", source_id)
    statuses = current_view().statuses
    cited = atlas.incidents[filter_mask(atlas.incidents, IncidentFilter(sources=(source_id,), statuses=statuses))]
    st.subheader(f"Incidents citing it: {len(cited)}")
    st.dataframe(incident_table(cited), hide_index=True, width="stretch")
    text = source_document(config.resolve_docs_dir(), source[schema.DOCUMENT], atlas.data_dir)
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
