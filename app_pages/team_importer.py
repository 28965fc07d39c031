"""Import on a team database: other organisations' datasets planned against it, previewed, and new documents read
and reviewed, each saved in one transaction as the signed-in account; the history with undo and redo (a reviewer's
decision)."""

import streamlit as st

from geo.database.connection import database_url
from geo.gazetteer.outlines import governorate_collection
from ui.document_review import document_tab
from ui.import_dataset import dataset_tab
from ui.importing import history_panel, team_importing
from ui.team import SIGNED_IN_KEY

account = st.session_state[SIGNED_IN_KEY]
importing = team_importing(database_url(), account)
st.title("Import")
datasets, documents, history = st.tabs(["Dataset", "Document", "History and undo"])
with datasets:
    dataset_tab(importing, governorate_collection())
with documents:
    document_tab(importing)
with history:
    history_panel(importing)
