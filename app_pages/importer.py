"""Import: other organisations' datasets and new documents, previewed and reviewed before anything is saved (on a
team database, as the signed-in account); the history with undo and redo."""

import streamlit as st

from ui.backend import current_backend
from ui.document_review import document_tab
from ui.import_dataset import dataset_tab
from ui.importing import history_panel

backend = current_backend()
importing = backend.importing()
st.title("Import")
datasets, documents, history = st.tabs(["Dataset", "Document", "History and undo"])
with datasets:
    dataset_tab(importing, backend.governorates())
with documents:
    document_tab(importing)
with history:
    history_panel(importing)
