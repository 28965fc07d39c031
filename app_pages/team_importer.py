"""Import on a team database: other organisations' datasets planned against it, previewed, saved in one
transaction as the signed-in account; the history with undo and redo (a reviewer's decision)."""

import streamlit as st

from geo.database.connection import database_url
from geo.gazetteer.outlines import governorate_collection
from ui.import_dataset import dataset_tab
from ui.importing import history_panel, team_importing
from ui.team import SIGNED_IN_KEY

account = st.session_state[SIGNED_IN_KEY]
importing = team_importing(database_url(), account.name)
st.title("Import")
st.caption("Reading a new document into reviewed incidents works on a data folder for now; its saved incidents "
           "reach the team with `db push` into a new database, or as a dataset import here.")
datasets, history = st.tabs(["Dataset", "History and undo"])
with datasets:
    dataset_tab(importing, governorate_collection())
with history:
    history_panel(importing)
