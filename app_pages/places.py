"""Places: the gazetteer of the data — spellings (Arabic right-to-left), mentions, precision, and
the names the documents use that could not be resolved."""

import streamlit as st

from geo import config, schema
from geo.dataset.describe import place_line
from geo.escape import html_text
from geo.labels import readable
from ui.changes import show_flash
from ui.data import get_atlas
from ui.placing import place_a_name, unresolved_in_documents
from ui.reference_forms import correction_form

atlas = get_atlas()
show_flash()
places = atlas.places

st.title("Places")
st.caption(f"{len(places)} places in places.geojson. Regions and governorates are areas, never pins.")
table = places.assign(alt_names=places[schema.ALT_NAMES].map(lambda names: "; ".join(names)),
                      mentions=places[schema.MENTIONS].map(lambda ids: "; ".join(ids)),
                      in_syria=places[schema.COUNTRY_CODE] == "SY")
st.dataframe(readable(table, [schema.ID, schema.NAME, schema.NAME_AR, schema.KIND, schema.ADMIN1, schema.GEO_PRECISION,
                              "in_syria", schema.MENTIONS, schema.ALT_NAMES, schema.GAZETTEER_ID]),
             hide_index=True, width="stretch")

choice = st.selectbox("Spellings of", list(places[schema.ID]), format_func=lambda pid: places.loc[pid, schema.NAME])
if choice:
    place = places.loc[choice]
    st.text(place_line(place))
    arabic = html_text(place[schema.NAME_AR] or "—")
    st.html(f'<p>Arabic: <span dir="rtl" lang="ar" style="font-size:1.3em">{arabic}</span></p>')
    st.text("Also written: " + ("; ".join(place[schema.ALT_NAMES]) or "—"))
    correction_form(atlas, "place", choice)

st.subheader("Names in the documents that could not be resolved")
missing = unresolved_in_documents(atlas.data_dir, atlas.version)
if missing.empty:
    st.info(f"None found (documents read from {config.resolve_docs_dir()}).")
else:
    st.caption("Found by their context ('the village of …', 'Governorate : …'); the governorate is the area the "
               "text gives, if any. Until placed they are drawn only at that area, never as a pin.")
    st.dataframe(readable(missing), hide_index=True, width="stretch")
    place_a_name(missing, atlas.data_dir, atlas.governorates)
