"""Load, filter and summarise the incidents as GeoDataFrames (vectorised: no Python object per row)."""

from __future__ import annotations

import functools
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from geo import config, schema
from geo.dataset.records import current_records, with_curation
from geo.errors import InputFileError
from geo.files.tables import read_table
from geo.gazetteer.outlines import governorate_collection
from geo.schema import SOURCE_COLUMNS, SOURCE_OPTIONAL_COLUMNS, TOTAL_COLUMNS

WGS84 = "EPSG:4326"
PLACE_COLUMNS = (schema.ID, schema.NAME, schema.NAME_AR, schema.KIND, schema.ADMIN1, schema.COUNTRY_CODE,
                 schema.GEO_PRECISION)


def load_places(data_dir: Path) -> gpd.GeoDataFrame:
    """places.geojson as a GeoDataFrame indexed by place id."""
    path = data_dir / config.PLACES_FILE
    if not path.is_file():
        raise InputFileError(f"{path}: no such file")
    places = gpd.read_file(path)
    places = places.set_crs(WGS84, allow_override=True)
    return places.set_index(schema.ID, drop=False)


def draw_as_of(geo_precision: pd.Series) -> pd.Series:
    """'point' for settlements and finer, 'area' for regions and governorates, 'none' for country."""
    return lookup(geo_precision, lambda p: "point" if p in schema.POINT_PRECISIONS
                  else "area" if p in schema.AREA_PRECISIONS else "none").fillna("none")


def lookup(keys: pd.Series, mapping, factorized: tuple | None = None) -> pd.Series:
    """keys mapped through a dict, Series or function, computed once per distinct key (fast on 1M rows)."""
    codes, uniques = factorized or pd.factorize(keys, use_na_sentinel=True)
    values = pd.Series(uniques).map(mapping)
    numeric = pd.api.types.is_numeric_dtype(values)
    values = values.to_numpy(dtype=float if numeric else object)
    result = np.full(len(codes), np.nan if numeric else None, dtype=float if numeric else object)
    found = codes >= 0
    result[found] = values[codes[found]]
    return pd.Series(result, index=keys.index)


def _arrow(values: pd.Series) -> pa.ChunkedArray:
    """The column as an Arrow string array, empty cells as nulls."""
    array = pa.array(values.astype("string").fillna("").array)
    return pc.if_else(pc.equal(array, ""), pa.scalar(None, array.type), array)


def to_float(values: pd.Series) -> pd.Series:
    """Text to float (NaN where empty or not a number), in Arrow rather than per cell."""
    array = _arrow(values)
    try:
        numbers = pc.cast(array, pa.float64())
    except pa.ArrowInvalid:
        valid = pc.match_substring_regex(array, r"^\s*[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?\s*$")
        numbers = pc.cast(pc.if_else(valid, array, pa.scalar(None, array.type)), pa.float64())
    return pd.Series(numbers.to_numpy(zero_copy_only=False), index=values.index)


def to_datetime(values: pd.Series) -> pd.Series:
    """ISO dates to datetime64 (NaT where empty or malformed)."""
    parsed = pc.strptime(_arrow(values), format="%Y-%m-%d", unit="s", error_is_null=True)
    return pd.Series(parsed.to_numpy(zero_copy_only=False), index=values.index).astype("datetime64[s]")


def _counts(frame: pd.DataFrame) -> pd.DataFrame:
    """Count columns as nullable integers (empty = unknown, never 0)."""
    return pd.DataFrame({c: to_float(frame[c]).round().astype("Int64") for c in schema.COUNT_COLUMNS},
                        index=frame.index)


def _positions(frame: pd.DataFrame, places: gpd.GeoDataFrame, factorized: tuple) -> pd.DataFrame:
    """x/y (lon/lat) of each incident (own coordinates, else the place's point) and the box that puts it in view.

    The box is the place's bounds for a record drawn as its area, else the point itself: a flow is in view when its
    origin is, a radius zone when its own point is (the map counts what is in view by the same rule). Positions are
    rounded as the map receives them (about a metre), so both sides decide a record on the view's edge alike.
    """
    points = places.geometry.representative_point()
    bounds = places.geometry.bounds
    own_lon, own_lat = to_float(frame[schema.LON]), to_float(frame[schema.LAT])
    own = own_lon.notna() & own_lat.notna()
    lon = own_lon.where(own).fillna(lookup(frame[schema.PLACE_ID], points.x, factorized))
    lat = own_lat.where(own).fillna(lookup(frame[schema.PLACE_ID], points.y, factorized))
    flow = (frame[schema.LAYER] == schema.LAYER_DISPLACEMENT) & (frame[schema.DESTINATION_PLACE_ID] != "")
    area = (frame[schema.DRAW_AS] == schema.DRAW_AREA) & ~flow
    box = {name: lookup(frame[schema.PLACE_ID], bounds[name], factorized).where(area & ~own) for name in bounds.columns}
    positions = pd.DataFrame({schema.X: lon, schema.Y: lat,
                              schema.MIN_X: box[schema.MIN_X].fillna(lon), schema.MIN_Y: box[schema.MIN_Y].fillna(lat),
                              schema.MAX_X: box[schema.MAX_X].fillna(lon), schema.MAX_Y: box[schema.MAX_Y].fillna(lat)},
                             index=frame.index)
    return positions.round(schema.COORDINATE_DECIMALS)


@functools.lru_cache(maxsize=1)
def _governorate_outlines() -> gpd.GeoDataFrame:
    """The shipped governorate outlines with their names, built once (callers never change it)."""
    return gpd.GeoDataFrame.from_features(governorate_collection()["features"], crs=WGS84)[[schema.ADMIN1, "geometry"]]


def _admin1_of_points(frame: pd.DataFrame) -> pd.Series:
    """Governorate of incidents that have coordinates but no place (point in polygon, vectorised)."""

    missing = (frame[schema.PLACE_ADMIN1] == "") & frame[schema.X].notna() & (frame[schema.GEO_PRECISION] != "country")
    if not missing.any():
        return frame[schema.PLACE_ADMIN1]
    outlines = _governorate_outlines()
    points = gpd.GeoDataFrame(geometry=gpd.points_from_xy(frame.loc[missing, schema.X], frame.loc[missing, schema.Y]),
                              index=frame.index[missing], crs=WGS84)
    joined = gpd.sjoin(points, outlines, how="left", predicate="within")
    found = joined[schema.ADMIN1].groupby(level=0).first()
    return frame[schema.PLACE_ADMIN1].where(~missing, found.reindex(frame.index).fillna(""))


def shape_incidents(raw: pd.DataFrame, places: gpd.GeoDataFrame, sources: pd.DataFrame,
                    admin1: pd.Series | None = None) -> gpd.GeoDataFrame:
    """Turn text columns into typed ones and join place and source facts (pure: tests call it). `admin1`: each
    record's governorate where the caller knows it already (the team database derives it), saving the join of
    points to the outlines."""
    frame = raw.copy()
    frame[schema.START] = to_datetime(frame[schema.DATE_START])
    frame[schema.END] = to_datetime(frame[schema.DATE_END])
    frame[list(schema.COUNT_COLUMNS)] = _counts(frame)
    by_type = pd.factorize(frame[schema.TYPE], use_na_sentinel=True)
    frame[schema.LAYER] = lookup(frame[schema.TYPE], schema.layer_of_type, by_type).fillna(schema.LAYER_INCIDENTS)
    frame[schema.LAYER_CODE] = lookup(frame[schema.TYPE], lambda t: schema.LAYERS.index(schema.layer_of_type(t)),
                                 by_type).astype("int8")
    frame[schema.TYPE_CODE] = lookup(frame[schema.TYPE], {t: i for i, t in enumerate(schema.INCIDENT_TYPES)},
                                     by_type).fillna(
        -1).astype("int8")
    frame[schema.DRAW_AS] = draw_as_of(frame[schema.GEO_PRECISION])
    by_place = pd.factorize(frame[schema.PLACE_ID], use_na_sentinel=True)
    for column in (schema.NAME, schema.ADMIN1, schema.KIND):
        frame[f"place_{column}"] = lookup(frame[schema.PLACE_ID], places[column], by_place).fillna("")
    for end in ("origin", "destination"):
        ids = frame[f"{end}_place_id"]
        frame[f"{end}_name"] = lookup(ids, places[schema.NAME]).fillna("") if (ids != "").any() else ""
    frame = frame.join(_positions(frame, places, by_place))
    frame[schema.PLACE_ADMIN1] = _admin1_of_points(frame) if admin1 is None else admin1.to_numpy()
    titles = dict(zip(sources[schema.ID], sources[schema.TITLE], strict=True))
    frame[schema.SOURCE_TITLES] = lookup(frame[schema.SOURCE_IDS],
                                    lambda ids: " | ".join(titles.get(i, i) for i in schema.split_list(ids)))
    geometry = gpd.points_from_xy(frame[schema.X], frame[schema.Y], crs=WGS84)
    return gpd.GeoDataFrame(frame, geometry=geometry, crs=WGS84)


def load_incidents(data_dir: Path) -> gpd.GeoDataFrame:
    """The incidents of a data directory as they are now (the stored file and the revisions since), typed, joined
    and with their curation state (status, version, merge, claims)."""
    records = current_records(data_dir)
    shaped = shape_incidents(records.incidents, load_places(data_dir), load_sources(data_dir))
    return with_curation(shaped, records.curation)


def load_sources(data_dir: Path) -> pd.DataFrame:
    """Load sources.csv as text columns."""

    return read_table(data_dir / config.SOURCES_FILE, SOURCE_COLUMNS + SOURCE_OPTIONAL_COLUMNS)


def load_totals(data_dir: Path) -> pd.DataFrame:
    """Load totals.csv (reported totals, never drawn as points); empty frame if absent."""

    path = data_dir / config.TOTALS_FILE
    if not path.is_file():
        return pd.DataFrame(columns=list(TOTAL_COLUMNS))
    return read_table(path, TOTAL_COLUMNS)


