"""Load, filter and summarise the incidents as GeoDataFrames (vectorised: no Python object per row)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from geo import config, schema
from geo.datafiles import load_sources, read_table
from geo.errors import InputFileError

WGS84 = "EPSG:4326"
PLACE_COLUMNS = ("id", "name", "name_ar", "kind", "admin1", "country_code", "geo_precision")


@dataclass(frozen=True)
class IncidentFilter:
    """What the user narrowed the map to; empty tuples mean 'no restriction'."""

    date_from: date | None = None
    date_to: date | None = None
    types: tuple[str, ...] = ()
    perpetrators: tuple[str, ...] = ()
    governorates: tuple[str, ...] = ()
    confidence: tuple[str, ...] = ()
    sources: tuple[str, ...] = ()
    layers: tuple[str, ...] = field(default=schema.LAYERS)
    bbox: tuple[float, float, float, float] | None = None


def load_places(data_dir: Path) -> gpd.GeoDataFrame:
    """places.geojson as a GeoDataFrame indexed by place id."""
    path = data_dir / config.PLACES_FILE
    if not path.is_file():
        raise InputFileError(f"{path}: no such file")
    places = gpd.read_file(path)
    places = places.set_crs(WGS84, allow_override=True)
    return places.set_index("id", drop=False)


def _draw_as(geo_precision: pd.Series) -> pd.Series:
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
    """x/y (lon/lat) of each incident (own coordinates, else the place's point) and its drawn bounds."""
    points = places.geometry.representative_point()
    bounds = places.geometry.bounds
    own_lon, own_lat = to_float(frame["lon"]), to_float(frame["lat"])
    own = own_lon.notna() & own_lat.notna()
    lon = own_lon.where(own).fillna(lookup(frame["place_id"], points.x, factorized))
    lat = own_lat.where(own).fillna(lookup(frame["place_id"], points.y, factorized))
    area = frame["draw_as"] == "area"
    box = {name: lookup(frame["place_id"], bounds[name], factorized).where(area & ~own) for name in bounds.columns}
    return pd.DataFrame({"x": lon, "y": lat,
                         "minx": box["minx"].fillna(lon), "miny": box["miny"].fillna(lat),
                         "maxx": box["maxx"].fillna(lon), "maxy": box["maxy"].fillna(lat)}, index=frame.index)


def _admin1_of_points(frame: pd.DataFrame) -> pd.Series:
    """Governorate of incidents that have coordinates but no place (point in polygon, vectorised)."""
    from geo.geometry import governorate_collection

    missing = (frame["place_admin1"] == "") & frame["x"].notna() & (frame["geo_precision"] != "country")
    if not missing.any():
        return frame["place_admin1"]
    outlines = gpd.GeoDataFrame.from_features(governorate_collection()["features"], crs=WGS84)
    points = gpd.GeoDataFrame(geometry=gpd.points_from_xy(frame.loc[missing, "x"], frame.loc[missing, "y"]),
                              index=frame.index[missing], crs=WGS84)
    joined = gpd.sjoin(points, outlines[["admin1", "geometry"]], how="left", predicate="within")
    found = joined["admin1"].groupby(level=0).first()
    return frame["place_admin1"].where(~missing, found.reindex(frame.index).fillna(""))


def shape_incidents(raw: pd.DataFrame, places: gpd.GeoDataFrame, sources: pd.DataFrame) -> gpd.GeoDataFrame:
    """Turn text columns into typed ones and join place and source facts (pure: tests call it)."""
    frame = raw.copy()
    frame["start"] = to_datetime(frame["date_start"])
    frame["end"] = to_datetime(frame["date_end"])
    frame[list(schema.COUNT_COLUMNS)] = _counts(frame)
    by_type = pd.factorize(frame["type"], use_na_sentinel=True)
    frame["layer"] = lookup(frame["type"], schema.layer_of_type, by_type).fillna(schema.LAYER_INCIDENTS)
    frame["layer_code"] = lookup(frame["type"], lambda t: schema.LAYERS.index(schema.layer_of_type(t)),
                                 by_type).astype("int8")
    frame["type_code"] = lookup(frame["type"], {t: i for i, t in enumerate(schema.INCIDENT_TYPES)}, by_type).fillna(
        -1).astype("int8")
    frame["draw_as"] = _draw_as(frame["geo_precision"])
    by_place = pd.factorize(frame["place_id"], use_na_sentinel=True)
    for column in ("name", "admin1", "kind"):
        frame[f"place_{column}"] = lookup(frame["place_id"], places[column], by_place).fillna("")
    for end in ("origin", "destination"):
        ids = frame[f"{end}_place_id"]
        frame[f"{end}_name"] = lookup(ids, places["name"]).fillna("") if (ids != "").any() else ""
    frame = frame.join(_positions(frame, places, by_place))
    frame["place_admin1"] = _admin1_of_points(frame)
    titles = dict(zip(sources["id"], sources["title"], strict=True))
    frame["source_titles"] = lookup(frame["source_ids"],
                                    lambda ids: " | ".join(titles.get(i, i) for i in schema.split_list(ids)))
    geometry = gpd.points_from_xy(frame["x"], frame["y"], crs=WGS84)
    return gpd.GeoDataFrame(frame, geometry=geometry, crs=WGS84)


def load_incidents(data_dir: Path) -> gpd.GeoDataFrame:
    """The incidents of a data directory (CSV, or GeoParquet when present), typed and joined."""
    parquet = data_dir / config.INCIDENTS_PARQUET_FILE
    if parquet.is_file():
        from geo.columnar import load_incidents_parquet

        raw = load_incidents_parquet(parquet)
    else:
        raw = read_table(data_dir / config.INCIDENTS_FILE, schema.INCIDENT_COLUMNS)
    return shape_incidents(raw, load_places(data_dir), load_sources(data_dir))


def date_bounds(frame: pd.DataFrame) -> tuple[date, date]:
    """The dataset's first start and last end date."""
    if frame.empty or frame["start"].isna().all():
        today = date.today()
        return today, today
    return frame["start"].min().date(), frame["end"].max().date()


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
        keep &= frame["end"] >= pd.Timestamp(chosen.date_from)
    if chosen.date_to:
        keep &= frame["start"] <= pd.Timestamp(chosen.date_to)
    for column, wanted in (("type", chosen.types), ("perpetrator", chosen.perpetrators),
                           ("place_admin1", chosen.governorates), ("confidence", chosen.confidence)):
        if wanted:
            keep &= frame[column].isin(wanted)
    if chosen.sources:
        keep &= _any_listed(frame["source_ids"], chosen.sources)
    keep &= frame["layer"].isin(chosen.layers)
    if chosen.bbox:
        west, south, east, north = chosen.bbox
        keep &= (frame["minx"] <= east) & (frame["maxx"] >= west) & (frame["miny"] <= north) & (frame["maxy"] >= south)
    return keep


def filter_incidents(frame: gpd.GeoDataFrame, chosen: IncidentFilter) -> gpd.GeoDataFrame:
    """The kept incidents, with `in_window` = 'inside' (wholly in the date window) or 'partly'."""
    kept = frame[filter_mask(frame, chosen)].copy()
    inside = pd.Series(True, index=kept.index)
    if chosen.date_from:
        inside &= kept["start"] >= pd.Timestamp(chosen.date_from)
    if chosen.date_to:
        inside &= kept["end"] <= pd.Timestamp(chosen.date_to)
    kept["in_window"] = np.where(inside, "inside", "partly")
    return kept


def monthly_summary(frame: pd.DataFrame) -> pd.DataFrame:
    """Incidents, killed and displaced per month (of date_start) and type."""
    if frame.empty:
        return pd.DataFrame(columns=["month", "type", "incidents", "killed", "displaced"])
    month = frame["start"].dt.to_period("M").dt.to_timestamp()
    grouped = frame.assign(month=month).groupby(["month", "type"], as_index=False)
    return grouped.agg(incidents=("id", "size"), killed=("killed", "sum"), displaced=("displaced", "sum"))


def governorate_counts(frame: pd.DataFrame) -> pd.Series:
    """Number of incidents per governorate name."""
    return frame.loc[frame["place_admin1"] != "", "place_admin1"].value_counts()


def month_steps(frame: pd.DataFrame) -> list[str]:
    """Last day (ISO) of every month in which a filtered incident starts, for time playback."""
    if frame.empty:
        return []
    months = frame["start"].dropna().dt.to_period("M").drop_duplicates().sort_values()
    return [period.end_time.date().isoformat() for period in months]


def search_incidents(frame: pd.DataFrame, query: str) -> pd.DataFrame:
    """Incidents whose description, place, type, perpetrator or id contain every word of the query."""
    words = [w for w in (query or "").lower().split() if w]
    if not words:
        return frame
    haystack = (frame["description"] + " " + frame["place_text"] + " " + frame["place_name"] + " "
                + frame["type"] + " " + frame["perpetrator"] + " " + frame["id"] + " " + frame["weapon"]).str.lower()
    keep = pd.Series(True, index=frame.index)
    for word in words:
        keep &= haystack.str.contains(word, regex=False)
    return frame[keep]
