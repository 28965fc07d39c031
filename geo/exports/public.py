"""The public copy of a view: each incident at its town or governorate, no free text, sources by publisher.

What a public map keeps, field by field (README "What a public export shows"): dates and date precision, type,
weapon, perpetrator as attributed, counts, confidence, layer; the place only as a town, village or city, else as
its region or governorate (found from the coordinates when the record has no place); sources by publisher, kind
and date. What it drops: coordinates of its own, neighbourhoods and facilities as places, the description, the
place and date as written, facility names, source titles, authors, notes and links; ids become opaque.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

import geopandas as gpd
import numpy as np
import pandas as pd

from geo import schema
from geo.dataset.load import draw_as_of, lookup
from geo.dataset.places import place_feature
from geo.gazetteer.lookup import Gazetteer

SETTLEMENT_KINDS = ("city", "town", "village")
AREA_KINDS = ("region", "governorate", *schema.ADMIN_AREA_KINDS)  # a district is no finer than a town
REMOVED_FIELDS = (schema.DESCRIPTION, schema.PLACE_TEXT, schema.DATE_TEXT, schema.FACILITY, schema.LAT, schema.LON)
PUBLIC_NOTE = ("public version: each incident at its town or governorate, no coordinate finer than a town; "
               "descriptions, places and dates as written, and facility names removed; sources by publisher")


@dataclass(frozen=True)
class PublicCopy:
    """The incidents, places and sources a public export may show."""

    incidents: pd.DataFrame
    places: gpd.GeoDataFrame
    sources: pd.DataFrame


def opaque(values: pd.Series, prefix: str) -> pd.Series:
    """Stable ids that do not reveal the originals (which can carry a title's words)."""
    return values.map(lambda value: f"{prefix}-{hashlib.sha256(str(value).encode()).hexdigest()[:12]}")


def _public_place(frame: pd.DataFrame, places: gpd.GeoDataFrame, gazetteer: Gazetteer) -> tuple[pd.Series, pd.Series]:
    """(place id, geo precision) of each incident in the public copy."""
    kind = frame[schema.PLACE_ID].map(places[schema.KIND]).fillna("")
    settled = kind.isin(SETTLEMENT_KINDS) & (frame[schema.GEO_PRECISION] != "country")
    area = kind.isin(AREA_KINDS) & frame[schema.GEO_PRECISION].isin(schema.AREA_PRECISIONS)
    governorates = {name: (gazetteer.governorate(name).id if gazetteer.governorate(name) else "")
                    for name in frame[schema.PLACE_ADMIN1].unique() if name}
    containing = frame[schema.PLACE_ADMIN1].map(governorates).fillna("")
    country = (frame[schema.GEO_PRECISION] == "country") | (~settled & ~area & (containing == ""))
    place_id = frame[schema.PLACE_ID].where(settled | area, containing).where(~country, "")
    finer = frame[schema.GEO_PRECISION].isin(schema.POINT_PRECISIONS)
    precision = np.select([country, settled & finer, settled | area], ["country", "settlement",
                                                                       frame[schema.GEO_PRECISION]], "governorate")
    return place_id, pd.Series(precision, index=frame.index)


def _with_governorates(places: gpd.GeoDataFrame, wanted: set[str], gazetteer: Gazetteer) -> gpd.GeoDataFrame:
    """The places plus the governorate outlines the public copy needs and the data lacks."""
    missing = sorted(wanted - set(places.index) - {""})
    if not missing:
        return places
    extra = gpd.GeoDataFrame.from_features([place_feature(gazetteer.places[pid]) for pid in missing], crs=places.crs)
    return pd.concat([places, extra.set_index(schema.ID, drop=False)])


def _public_sources(sources: pd.DataFrame) -> pd.DataFrame:
    """Sources cited by publisher, kind and date, under opaque ids."""
    return pd.DataFrame({schema.ID: opaque(sources[schema.ID], "src"),
                         schema.TITLE: sources[schema.PUBLISHER].where(sources[schema.PUBLISHER] != "",
                                                                       "publisher withheld"),
                         schema.PUBLISHER: sources[schema.PUBLISHER], schema.AUTHOR: "",
                         schema.PUBLISHED: sources[schema.PUBLISHED], schema.URL: "", schema.KIND: sources[schema.KIND],
                         schema.NOTES: "", schema.DOCUMENT: ""})


def _relocated(public: pd.DataFrame, places: gpd.GeoDataFrame) -> pd.DataFrame:
    """Position, bounds and joined place facts recomputed from each incident's public place."""
    points, bounds = places.geometry.representative_point(), places.geometry.bounds
    public[schema.X], public[schema.Y] = public[schema.PLACE_ID].map(points.x), public[schema.PLACE_ID].map(points.y)
    for corner in (schema.MIN_X, schema.MIN_Y, schema.MAX_X, schema.MAX_Y):
        public[corner] = public[schema.PLACE_ID].map(bounds[corner])
    for joined, column in ((schema.PLACE_NAME, schema.NAME), (schema.PLACE_ADMIN1, schema.ADMIN1),
                           (schema.PLACE_KIND, schema.KIND)):
        public[joined] = public[schema.PLACE_ID].map(places[column]).fillna("")
    return public


def public_copy(frame: pd.DataFrame, places: gpd.GeoDataFrame, sources: pd.DataFrame,
                gazetteer: Gazetteer) -> PublicCopy:
    """What a public export may show of the filtered incidents (the frame is not changed)."""
    public = frame.copy()
    public[schema.PLACE_ID], public[schema.GEO_PRECISION] = _public_place(frame, places, gazetteer)
    shown_places = _with_governorates(places, set(public[schema.PLACE_ID]), gazetteer)
    public[schema.DRAW_AS] = draw_as_of(public[schema.GEO_PRECISION])
    public = _relocated(public, shown_places)
    for end in (schema.ORIGIN_PLACE_ID, schema.DESTINATION_PLACE_ID):
        coarse = public[end].map(shown_places[schema.KIND]).fillna("").isin(SETTLEMENT_KINDS + AREA_KINDS)
        public[end] = public[end].where(coarse, "")
    for column in REMOVED_FIELDS:
        public[column] = ""
    public_sources = _public_sources(sources)
    renamed = dict(zip(sources[schema.ID], public_sources[schema.ID], strict=True))
    titles = dict(zip(public_sources[schema.ID], public_sources[schema.TITLE], strict=True))
    public[schema.SOURCE_IDS] = lookup(public[schema.SOURCE_IDS], lambda ids: schema.LIST_SEPARATOR.join(
        renamed.get(i, "src-withheld") for i in schema.split_list(ids)))
    public[schema.SOURCE_TITLES] = lookup(public[schema.SOURCE_IDS], lambda ids: " | ".join(
        titles.get(i, i) for i in schema.split_list(ids)))
    public[schema.ID] = opaque(frame[schema.ID], "pub")
    return PublicCopy(public, shown_places, public_sources)
