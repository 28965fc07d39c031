"""The About page's body: what the types, precisions and confidence levels mean, the reported totals, and where the
data comes from."""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd
import streamlit as st

from geo import schema
from geo.labels import TYPE_LABELS, readable

PRECISION = """
- **Date precision**: `day`, `week`, `month`, `season`, `year` or `range`. Each incident has a start and an end date;
  an incident wholly inside the date window is drawn solid, one that only overlaps it is drawn hollow or dashed.
- **Place precision**: `exact` (a site's own coordinates), `neighbourhood`, `settlement` (a town's point),
  `region` and `governorate` (drawn as the area, never as a pin) and `country` (listed, not drawn).
- **Confidence** (after Airwars): `confirmed`, `fair`, `weak`, `contested`, `discounted`.
- **Counts** are empty when unknown, never 0.
"""


def about_page(totals: pd.DataFrame, readme: Path) -> None:
    """The whole page, given the reported totals and the README that gives the data's origins and licences."""
    st.title("About Incident Atlas")
    st.markdown(
        "Incident Atlas maps attacks on civilians in Syria from documents and datasets. Every point cites its "
        "sources; descriptions are written in our own words. It runs offline and sends nothing to third parties.")
    st.subheader("Incident types")
    st.markdown("\n".join(f"- **{TYPE_LABELS[t]}** (`{t}`)" for t in schema.INCIDENT_TYPES))
    st.markdown("Map layers: *Attacks on health care* = `attack_on_health_care`; *Displacement* = `displacement`; "
                "*Incidents* = every other type.")
    st.subheader("Precision and uncertainty")
    st.markdown(PRECISION)
    st.subheader("Reported totals (context, not map points)")
    st.dataframe(readable(totals), hide_index=True, width="stretch")
    st.subheader("Data origins and licences")
    if readme.is_file():
        st.caption(f"From {readme}:")
        st.markdown(re.sub(r"(?m)^#", "####", readme.read_text(encoding="utf-8")))
    else:
        st.info(f"{readme} is missing: it says where the data files come from.")
