"""About: what the types, precisions and confidence levels mean; where the data comes from; totals."""

import re

import streamlit as st

from geo import schema
from geo.labels import TYPE_LABELS, readable
from ui.data import get_atlas

atlas = get_atlas()

st.title("About Incident Atlas")
st.markdown(
    "Incident Atlas maps attacks on civilians in Syria from documents and datasets. Every point cites its "
    "sources; descriptions are written in our own words. It runs offline and sends nothing to third parties.")

st.subheader("Incident types")
st.markdown("\n".join(f"- **{TYPE_LABELS[t]}** (`{t}`)" for t in schema.INCIDENT_TYPES))
st.markdown("Map layers: *Attacks on health care* = `attack_on_health_care`; *Displacement* = `displacement`; "
            "*Incidents* = every other type.")

st.subheader("Precision and uncertainty")
st.markdown("""
- **Date precision**: `day`, `week`, `month`, `season`, `year` or `range`. Each incident has a start and an end date;
  an incident wholly inside the date window is drawn solid, one that only overlaps it is drawn hollow or dashed.
- **Place precision**: `exact` (a site's own coordinates), `neighbourhood`, `settlement` (a town's point),
  `region` and `governorate` (drawn as the area, never as a pin) and `country` (listed, not drawn).
- **Confidence** (after Airwars): `confirmed`, `fair`, `weak`, `contested`, `discounted`.
- **Counts** are empty when unknown, never 0.
""")

st.subheader("Reported totals (context, not map points)")
st.dataframe(readable(atlas.totals), hide_index=True, width="stretch")

st.subheader("Data origins and licences")
readme = atlas.data_dir / "README.md"
if readme.is_file():
    st.caption(f"From {readme}:")
    st.markdown(re.sub(r"(?m)^#", "####", readme.read_text(encoding="utf-8")))
else:
    st.info(f"The data folder {atlas.data_dir} has no README.md saying where its files come from.")
