"""Import: other organisations' datasets and new documents, previewed and reviewed before anything is saved."""

from datetime import date

import streamlit as st

from geo import schema
from geo.errors import AtlasError
from geo.escape import markdown_text
from geo.files.text import document_from_bytes
from geo.gazetteer.lookup import load_gazetteer
from geo.reader.document import read_document
from ui.data import get_atlas
from ui.document_review import save_document
from ui.import_dataset import dataset_tab
from ui.importing import folder_importing, history_panel

atlas = get_atlas()
importing = folder_importing(atlas.data_dir)
st.title("Import")
datasets, documents, history = st.tabs(["Dataset", "Document", "History and undo"])

with datasets:
    dataset_tab(importing, atlas.governorates)

with documents:
    pasted = st.text_area("Paste the text of a report", height=180, key="w_document_text")
    document_file = st.file_uploader("…or upload .txt, .md or .html", type=["txt", "md", "html", "htm"],
                                     key="w_document_file")
    text = pasted
    if document_file is not None:
        try:
            text = document_from_bytes(document_file.getvalue(), document_file.name).text
        except AtlasError as error:
            st.error(markdown_text(error))
            st.stop()
    if text.strip():
        left, right = st.columns(2)
        title = left.text_input("Title", key="w_doc_title")
        publisher = right.text_input("Publisher", key="w_doc_publisher")
        published = left.date_input("Document date (for 'yesterday', 'on Tuesday')", value=date.today(),
                                    key="w_doc_date")
        kind = right.selectbox("Kind", schema.SOURCE_KINDS, key="w_doc_kind")
        try:
            reading = read_document(text, load_gazetteer(), published)
        except AtlasError as error:
            st.error(markdown_text(error))
            st.stop()
        st.caption(f"Document date {reading.document_date:%d %B %Y}, from {reading.date_source}. "
                   f"{len(reading.mentions)} place mentions, {len(reading.incidents)} candidate incidents, "
                   f"{len(reading.totals)} reported totals (kept out of the map).")
        save_document(atlas.data_dir, text, reading, title, publisher, published.isoformat(), kind)

with history:
    history_panel(importing)
