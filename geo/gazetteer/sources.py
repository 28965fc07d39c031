"""Gazetteer files people bring: a GeoNames country dump (SY.txt) and an OCHA populated-places table.

Each file becomes place features for the data directory's own additions file, with origin and licence per
entry; every row is accepted or reported with its reason.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field

from geo import schema
from geo.errors import InputFileError
from geo.gazetteer.names import fold_latin, is_arabic, slugify

GEONAMES = "GeoNames country dump"
OCHA = "OCHA populated places"
OSM = "OpenStreetMap communities"
BY_HAND = "added by hand"
LICENCES = {GEONAMES: "CC BY 4.0 (GeoNames)", OCHA: "CC BY-IGO (OCHA, via HDX)",
            OSM: "ODbL 1.0 (© OpenStreetMap contributors)"}
OSM_COLUMNS = ("osm_id", "osm_type", "osm_way_id", "osm_node_id")
GEONAMES_COLUMNS = 19
SYRIA_BOUNDS = (35.5, 32.2, 42.5, 37.4)
MAX_GAZETTEER_ROWS = 200_000
POPULATED = "P"
OCHA_HEADERS = {
    schema.NAME: ("admin4name_en", "adm4_en", "name_en", "ppl_en", "featurename", "name"),
    schema.NAME_AR: ("admin4name_ar", "adm4_ar", "name_ar", "ppl_ar"),
    schema.GAZETTEER_ID: ("admin4pcode", "adm4_pcode", "pcode", "ppl_pcode"),
    schema.LAT: ("latitude", "lat", "y", "lat_y"),
    schema.LON: ("longitude", "lon", "long", "x", "lon_x"),
    schema.ADMIN1: ("admin1name_en", "adm1_en", "governorate"),
}
ORIGIN, LICENCE, ADDED_BY, ADDED_AT, ENTRY_FILE = "origin", "licence", "added_by", "added_at", "from_file"


@dataclass
class GazetteerRead:
    """What a gazetteer file gave: place features to add, and the rows refused with their reasons."""

    source: str
    features: list[dict] = field(default_factory=list)
    refused: list[tuple[int, str]] = field(default_factory=list)


def _kind(population: int) -> str:
    """Settlement kind from a population figure."""
    if population >= 50_000:
        return "city"
    return "town" if population >= 5_000 else "village"


def addition_feature(name: str, lat: float, lon: float, origin: str, **properties) -> dict:
    """A place feature for the additions file; raises ValueError when the point is not in Syria's bounds."""
    west, south, east, north = SYRIA_BOUNDS
    if not (south <= lat <= north and west <= lon <= east):
        raise ValueError(f"{lat:g}, {lon:g} lies outside Syria")
    clean = name.strip()
    if not clean:
        raise ValueError("the place has no name")
    key = properties.pop("key", "") or f"{lat:.4f}-{lon:.4f}"
    place_id = f"sy-{slugify(clean) or 'place'}-{slugify(str(key))}"
    props = {schema.ID: place_id, schema.NAME: clean, schema.NAME_AR: "", schema.ALT_NAMES: [],
             schema.KIND: "village", schema.ADMIN1: "", schema.COUNTRY_CODE: "SY", schema.GAZETTEER_ID: None,
             schema.GEO_PRECISION: "settlement", ORIGIN: origin, LICENCE: LICENCES.get(origin, "")}
    props.update({k: v for k, v in properties.items() if v not in (None, "")})
    if props[schema.KIND] not in schema.POINT_KINDS:
        raise ValueError(f"kind {props[schema.KIND]!r} is not one of {', '.join(schema.POINT_KINDS)}")
    return {schema.GEOJSON_TYPE: "Feature", "properties": props,
            "geometry": {schema.GEOJSON_TYPE: "Point", "coordinates": [round(lon, 6), round(lat, 6)]}}


def _geonames_row(cells: list[str], admin1_names: dict[str, str]) -> dict:
    """One GeoNames row as an addition feature (ValueError with the reason when it cannot be)."""
    if len(cells) != GEONAMES_COLUMNS:
        raise ValueError(f"{len(cells)} columns, a GeoNames dump has {GEONAMES_COLUMNS}")
    if cells[8] != "SY":
        raise ValueError(f"country code {cells[8]!r}, not SY")
    if cells[6] != POPULATED:
        raise ValueError(f"feature class {cells[6]!r} is not a populated place (P)")
    names = [n.strip() for n in cells[3].split(",") if n.strip()]
    return addition_feature(
        fold_latin(cells[2] or cells[1]).title() if cells[2].isascii() else cells[1], float(cells[4]),
        float(cells[5]), GEONAMES, key=cells[0], name_ar=next((n for n in names if is_arabic(n)), ""),
        alt_names=sorted(set(names + [cells[1], cells[2]]) - {""})[:40], gazetteer_id=cells[0],
        kind=_kind(int(cells[14] or 0)), admin1=admin1_names.get(cells[10], ""))


def read_geonames_dump(text: str, admin1_names: dict[str, str]) -> GazetteerRead:
    """Read GeoNames' tab-separated country dump: populated places in Syria, names in every script."""
    read = GazetteerRead(GEONAMES)
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip() or line.startswith("#"):
            continue
        try:
            read.features.append(_geonames_row(line.split("\t"), admin1_names))
        except ValueError as error:
            read.refused.append((number, str(error)))
    return read


def _header_map(header: list[str]) -> dict[str, int]:
    """Which column of an OCHA table holds each field (its header written in any of the usual ways)."""
    folded = [re.sub(r"[^a-z0-9_]", "", cell.strip().lower()) for cell in header]
    found = {}
    for target, names in OCHA_HEADERS.items():
        for name in names:
            if name in folded:
                found[target] = folded.index(name)
                break
    missing = [target for target in (schema.NAME, schema.LAT, schema.LON) if target not in found]
    if missing:
        raise InputFileError(f"not an OCHA populated-places table: no column for {', '.join(missing)} "
                             f"(expected e.g. admin4Name_en, latitude, longitude)")
    return found


def _ocha_row(cells: list[str], columns: dict[str, int], origin: str = OCHA) -> dict:
    """One OCHA row as an addition feature."""
    value = {target: cells[index].strip() if index < len(cells) else "" for target, index in columns.items()}
    try:
        lat, lon = float(value[schema.LAT]), float(value[schema.LON])
    except ValueError:
        raise ValueError(f"coordinates {value[schema.LAT]!r}, {value[schema.LON]!r} are not numbers") from None
    pcode = value.get(schema.GAZETTEER_ID, "")
    return addition_feature(value[schema.NAME], lat, lon, origin, key=pcode, name_ar=value.get(schema.NAME_AR, ""),
                            alt_names=[value.get(schema.NAME_AR, "")] if value.get(schema.NAME_AR) else [],
                            gazetteer_id=pcode or None, admin1=value.get(schema.ADMIN1, ""))


def _licence_family(text: str) -> str:
    """'CC BY 4.0 (GeoNames)' -> 'ccby', 'CC BY-IGO' -> 'ccbyigo', 'ODbL 1.0' -> 'odbl'."""
    return re.sub(r"[^a-z]", "", text.split("(")[0].lower())


def _check_licence(origin: str, licence: str) -> None:
    """A licence a person names for a file must be the one its origin carries: OpenStreetMap data stays ODbL."""
    if licence and _licence_family(licence) != _licence_family(LICENCES[origin]):
        raise InputFileError(f"the file is {origin} data under {LICENCES[origin]}; it cannot be added as {licence}")


def read_ocha_table(text: str, licence: str = "") -> GazetteerRead:
    """Read an OCHA populated-places table (CSV with English and Arabic names, P-codes and coordinates)."""
    head = text.split("\n", 1)[0]
    rows = list(csv.reader(io.StringIO(text), delimiter=";" if head.count(";") > head.count(",") else ","))
    if not rows:
        raise InputFileError("the table is empty")
    columns = _header_map(rows[0])
    origin = OSM if any(cell.strip().lower() in OSM_COLUMNS for cell in rows[0]) else OCHA
    _check_licence(origin, licence)
    read = GazetteerRead(origin)
    for number, cells in enumerate(rows[1:], start=2):
        if not any(cell.strip() for cell in cells):
            continue
        try:
            read.features.append(_ocha_row(cells, columns, origin))
        except ValueError as error:
            read.refused.append((number, str(error)))
    return read


def read_gazetteer_file(text: str, admin1_names: dict[str, str], licence: str = "") -> GazetteerRead:
    """Read either format, told apart by its first line: tab-separated GeoNames rows, or a CSV header."""
    lines = text.splitlines()
    if len(lines) > MAX_GAZETTEER_ROWS + 1:
        raise InputFileError(f"the file has {len(lines):,} lines, over the limit of {MAX_GAZETTEER_ROWS:,}")
    first = next((line for line in lines if line.strip() and not line.startswith("#")), "")
    if first.count("\t") >= GEONAMES_COLUMNS - 1 and first.split("\t", 1)[0].strip().isdigit():
        _check_licence(GEONAMES, licence)
        return read_geonames_dump(text, admin1_names)
    if "," in first or ";" in first:
        return read_ocha_table(text, licence)
    raise InputFileError("not a gazetteer file this reader knows: expected a GeoNames dump (SY.txt, "
                         "tab-separated) or an OCHA populated-places CSV")
