"""Places: the gazetteer of the data — spellings (Arabic right-to-left), mentions, precision, and
the names the documents use that could not be resolved."""

import streamlit as st

from geo import config
from geo.documents import unresolved_names
from geo.escape import html_text
from geo.gazetteer import load_gazetteer
from ui.data import get_atlas

atlas = get_atlas()
places = atlas.places

st.title("Places")
st.caption(f"{len(places)} places in places.geojson. Regions and governorates are areas, never pins.")
table = places.assign(alt_names=places["alt_names"].map(lambda names: "; ".join(names)),
                      mentions=places["mentions"].map(lambda ids: "; ".join(ids)),
                      in_syria=places["country_code"] == "SY")
st.dataframe(table[["id", "name", "name_ar", "kind", "admin1", "geo_precision", "in_syria", "mentions",
                    "alt_names", "gazetteer_id"]], hide_index=True, width="stretch")

choice = st.selectbox("Spellings of", list(places["id"]), format_func=lambda pid: places.loc[pid, "name"])
if choice:
    place = places.loc[choice]
    st.text(f"{place['name']} — {place['kind']}, {place['admin1'] or 'no governorate'}, "
            f"precision: {place['geo_precision']}")
    arabic = html_text(place["name_ar"] or "—")
    st.html(f'<p>Arabic: <span dir="rtl" lang="ar" style="font-size:1.3em">{arabic}</span></p>')
    st.text("Also written: " + ("; ".join(place["alt_names"]) or "—"))

st.subheader("Names in the documents that could not be resolved")
missing = unresolved_names(config.resolve_docs_dir(), atlas.sources, load_gazetteer())
if missing.empty:
    st.info(f"None found (documents read from {config.resolve_docs_dir()}).")
else:
    st.dataframe(missing, hide_index=True, width="stretch")
