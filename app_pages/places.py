"""Places: the gazetteer of the data — spellings (Arabic right-to-left), mentions, precision, and
the names the documents use that could not be resolved."""

import streamlit as st

from geo import config
from geo.labels import readable
from ui.changes import show_flash
from ui.data import get_atlas
from ui.place_view import places_page
from ui.placing import place_a_name, unresolved_in_documents
from ui.reference_forms import correction_form

atlas = get_atlas()
show_flash()
places_page(atlas.places, lambda place_id: correction_form(atlas.curating(), "place", place_id))

st.subheader("Names in the documents that could not be resolved")
missing = unresolved_in_documents(atlas.data_dir, atlas.version)
if missing.empty:
    st.info(f"None found (documents read from {config.resolve_docs_dir()}).")
else:
    st.caption("Found by their context ('the village of …', 'Governorate : …'); the governorate is the area the "
               "text gives, if any. Until placed they are drawn only at that area, never as a pin.")
    st.dataframe(readable(missing), hide_index=True, width="stretch")
    place_a_name(missing, atlas.data_dir, atlas.governorates)
