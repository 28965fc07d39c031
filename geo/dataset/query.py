"""Questions asked of the loaded incidents: filter, date window, search, summaries (vectorised)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

import geopandas as gpd
import numpy as np
import pandas as pd

from geo import schema
from geo.gazetteer.names import fold_latin, normalise_arabic
from geo.labels import SEARCH_VARIANTS, TYPE_LABELS


@dataclass(frozen=True)
class IncidentFilter:
    """What the user narrowed the map to; empty tuples mean 'no restriction' (but for `statuses`: published
    records unless others are asked for; a record merged into another is never shown apart from it)."""

    date_from: date | None = None
    date_to: date | None = None
    types: tuple[str, ...] = ()
    perpetrators: tuple[str, ...] = ()
    governorates: tuple[str, ...] = ()
    confidence: tuple[str, ...] = ()
    sources: tuple[str, ...] = ()
    layers: tuple[str, ...] = field(default=schema.LAYERS)
    bbox: tuple[float, float, float, float] | None = None
    statuses: tuple[str, ...] = (schema.STATUS_PUBLISHED,)


@dataclass(frozen=True)
class FilterChoices:
    """What the filters offer: the dataset's first and last day, the perpetrators named, the sources; `dated` is
    False when no incident has a date (an empty atlas), whose first and last day are today."""

    first: date
    last: date
    perpetrators: tuple[str, ...]
    sources: pd.DataFrame
    dated: bool = True


def filter_choices(frame: pd.DataFrame, sources: pd.DataFrame) -> FilterChoices:
    """The values the filters offer for loaded incidents (computed on distinct values, not per row)."""
    first, last = date_bounds(frame)
    return FilterChoices(first, last, tuple(sorted(str(p) for p in frame[schema.PERPETRATOR].unique() if p)), sources,
                         dated=bool(frame[schema.START].notna().any()))


def date_bounds(frame: pd.DataFrame) -> tuple[date, date]:
    """The dataset's first start and last end date."""
    if frame.empty or frame[schema.START].isna().all():
        today = date.today()
        return today, today
    return frame[schema.START].min().date(), frame[schema.END].max().date()


def _any_listed(cells: pd.Series, wanted: tuple[str, ...]) -> pd.Series:
    """True where a `;`-separated cell lists any wanted value."""
    padded = ";" + cells.str.replace(r"\s*;\s*", ";", regex=True) + ";"
    hit = pd.Series(False, index=cells.index)
    for value in wanted:
        hit |= padded.str.contains(f";{value};", regex=False)
    return hit


def filter_mask(frame: pd.DataFrame, chosen: IncidentFilter) -> pd.Series:
    """Boolean mask of the incidents the filter keeps (the date window keeps any overlap)."""
    keep = pd.Series(True, index=frame.index)
    if chosen.date_from:
        keep &= frame[schema.END] >= pd.Timestamp(chosen.date_from)
    if chosen.date_to:
        keep &= frame[schema.START] <= pd.Timestamp(chosen.date_to)
    for column, wanted in ((schema.TYPE, chosen.types), (schema.PERPETRATOR, chosen.perpetrators),
                           (schema.PLACE_ADMIN1, chosen.governorates), (schema.CONFIDENCE, chosen.confidence)):
        if wanted:
            keep &= frame[column].isin(wanted)
    if chosen.sources:
        keep &= _any_listed(frame[schema.SOURCE_IDS], chosen.sources)
    keep &= frame[schema.LAYER].isin(chosen.layers)
    if schema.STATUS in frame.columns:
        keep &= frame[schema.STATUS].isin(chosen.statuses or schema.REVIEW_STATUSES) & (frame[schema.MERGED_INTO] == "")
    if chosen.bbox:
        west, south, east, north = chosen.bbox
        keep &= (frame[schema.MIN_X] <= east) & (frame[schema.MAX_X] >= west)
        keep &= (frame[schema.MIN_Y] <= north) & (frame[schema.MAX_Y] >= south)
    return keep


def filter_incidents(frame: gpd.GeoDataFrame, chosen: IncidentFilter) -> gpd.GeoDataFrame:
    """The kept incidents, with `in_window` = 'inside' (wholly in the date window) or 'partly'."""
    kept = frame[filter_mask(frame, chosen)].copy()
    inside = pd.Series(True, index=kept.index)
    if chosen.date_from:
        inside &= kept[schema.START] >= pd.Timestamp(chosen.date_from)
    if chosen.date_to:
        inside &= kept[schema.END] <= pd.Timestamp(chosen.date_to)
    kept[schema.IN_WINDOW] = np.where(inside, "inside", "partly")
    return kept


MAX_SPREAD_MONTHS = 240
ONE_MONTH, SPREAD = "dated to the month", "spread over its range"


def monthly_summary(frame: pd.DataFrame) -> pd.DataFrame:
    """Incidents, killed and displaced per month and type: an incident whose dates span several months is spread
    evenly over them (its share marked 'spread over its range'), not counted in its first month."""
    columns = ["month", schema.TYPE, schema.LAYER, "dating", "incidents", schema.KILLED, schema.DISPLACED]
    dated = frame[frame[schema.START].notna()]
    if dated.empty:
        return pd.DataFrame(columns=columns)
    first = dated[schema.START].dt.year * 12 + dated[schema.START].dt.month - 1
    ends = dated[schema.END].fillna(dated[schema.START])
    span = ((ends.dt.year * 12 + ends.dt.month - 1) - first + 1).clip(1, MAX_SPREAD_MONTHS).astype(int)
    rows = dated.loc[dated.index.repeat(span)]
    offset = rows.groupby(level=0).cumcount().to_numpy()
    number = np.repeat(first.to_numpy(), span.to_numpy()) + offset
    share = 1 / np.repeat(span.to_numpy(), span.to_numpy())
    spread = pd.DataFrame({
        "month": pd.to_datetime({"year": number // 12, "month": number % 12 + 1, "day": 1}),
        schema.TYPE: rows[schema.TYPE].to_numpy(), schema.LAYER: rows[schema.LAYER].to_numpy(),
        "dating": np.where(np.repeat(span.to_numpy(), span.to_numpy()) > 1, SPREAD, ONE_MONTH),
        "incidents": share, schema.KILLED: rows[schema.KILLED].to_numpy(dtype=float) * share,
        schema.DISPLACED: rows[schema.DISPLACED].to_numpy(dtype=float) * share})
    grouped = spread.groupby(["month", schema.TYPE, schema.LAYER, "dating"], as_index=False)
    return grouped[["incidents", schema.KILLED, schema.DISPLACED]].sum(min_count=0)


def governorate_counts(frame: pd.DataFrame) -> pd.Series:
    """Number of incidents per governorate name."""
    return frame.loc[frame[schema.PLACE_ADMIN1] != "", schema.PLACE_ADMIN1].value_counts()


def month_steps(frame: pd.DataFrame) -> list[str]:
    """Last day (ISO) of every month in which a filtered incident starts, for time playback."""
    if frame.empty:
        return []
    months = frame[schema.START].dropna().dt.to_period("M").drop_duplicates().sort_values()
    return [period.end_time.date().isoformat() for period in months]


def _folded(values: pd.Series) -> pd.Series:
    """Text folded for search, each distinct value folded once (places, types and perpetrators repeat)."""
    codes, uniques = pd.factorize(values.astype(str))
    return pd.Series(np.array([search_key(value) for value in uniques], dtype=object)[codes], index=values.index)


def search_key(text: str) -> str:
    """One string folded the way search compares ('Ma'arrat al-Nu'man' -> 'maarrat al numan', 'إدلب' -> 'ادلب')."""
    folded = fold_latin(normalise_arabic(text.replace("_", " ")))
    for pattern, replacement in SEARCH_VARIANTS:
        folded = re.sub(pattern, replacement, folded)
    return folded


def _place_spellings(frame: pd.DataFrame, places: pd.DataFrame | None) -> pd.Series:
    """Every spelling of each incident's place (alternate and Arabic names), as one string per incident."""
    if places is None or places.empty:
        return pd.Series("", index=frame.index)
    spelt = places[schema.ALT_NAMES].map(lambda names: " ".join(names)) + " " + places[schema.NAME_AR].fillna("")
    return frame[schema.PLACE_ID].map(spelt).fillna("")


SEARCHED = (schema.DESCRIPTION, schema.PLACE_TEXT, schema.PLACE_NAME, schema.TYPE, schema.PERPETRATOR, schema.ID,
            schema.WEAPON)


def search_text(frame: pd.DataFrame, places: pd.DataFrame | None = None) -> pd.Series:
    """What the search looks in, folded, one string per incident: build it once per dataset and pass it on."""
    parts = [_folded(frame[column]) for column in SEARCHED]
    parts += [_folded(frame[schema.TYPE].map(TYPE_LABELS).fillna("")), _folded(_place_spellings(frame, places))]
    text = parts[0]
    for part in parts[1:]:
        text = text + " " + part
    return text


def search_incidents(frame: pd.DataFrame, query: str, places: pd.DataFrame | None = None,
                     text: pd.Series | None = None) -> pd.DataFrame:
    """Incidents whose description, place (any spelling, Arabic included), type, perpetrator or id contain every
    word of the query; 'air strike' and 'airstrike' (and the other SEARCH_VARIANTS) find the same. `text` is
    search_text() of the whole dataset, when the caller keeps it."""
    words = [w for w in search_key(query or "").split() if w]
    if not words:
        return frame
    haystack = text.reindex(frame.index) if text is not None else search_text(frame, places)
    keep = pd.Series(True, index=frame.index)
    for word in words:
        keep &= haystack.str.contains(word, regex=False)
    return frame[keep]
