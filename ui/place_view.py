"""The Places page's body: every place of the data with its spellings; one in full (Arabic right-to-left); on a
data folder or on the team database."""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd
import streamlit as st

from geo import schema
from geo.dataset.describe import place_line
from geo.escape import html_text
from geo.labels import readable

IN_SYRIA = "in_syria"


def places_page(places: pd.DataFrame, correct: Callable[[str], None] | None = None) -> None:
    """Every place; the one chosen in full, `correct` offering its correction form where there is one."""
    st.title("Places")
    st.caption(f"{len(places)} places in the data. Regions and governorates are areas, never pins.")
    table = places.assign(**{schema.ALT_NAMES: places[schema.ALT_NAMES].map(lambda names: "; ".join(names)),
                             schema.MENTIONS: places[schema.MENTIONS].map(lambda ids: "; ".join(ids)),
                             IN_SYRIA: places[schema.COUNTRY_CODE] == "SY"})
    st.dataframe(readable(table, [schema.ID, schema.NAME, schema.NAME_AR, schema.KIND, schema.ADMIN1,
                                  schema.GEO_PRECISION, IN_SYRIA, schema.MENTIONS, schema.ALT_NAMES,
                                  schema.GAZETTEER_ID]), hide_index=True, width="stretch")
    choice = st.selectbox("Spellings of", list(places[schema.ID]),
                          format_func=lambda pid: places.loc[pid, schema.NAME])
    if not choice:
        return
    place = places.loc[choice]
    st.text(place_line(place))
    arabic = html_text(place[schema.NAME_AR] or "—")
    st.html(f'<p>Arabic: <span dir="rtl" lang="ar" style="font-size:1.3em">{arabic}</span></p>')
    st.text("Also written: " + ("; ".join(place[schema.ALT_NAMES]) or "—"))
    if correct:
        correct(choice)
