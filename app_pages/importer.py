"""Import: other organisations' datasets and new documents, previewed and reviewed before anything is saved."""

import streamlit as st

from ui.data import get_atlas
from ui.document_review import document_tab
from ui.import_dataset import dataset_tab
from ui.importing import folder_importing, history_panel

atlas = get_atlas()
importing = folder_importing(atlas.data_dir)
st.title("Import")
datasets, documents, history = st.tabs(["Dataset", "Document", "History and undo"])

with datasets:
    dataset_tab(importing, atlas.governorates)

with documents:
    document_tab(importing)

with history:
    history_panel(importing)
