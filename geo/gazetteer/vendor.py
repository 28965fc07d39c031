"""Open place material (Wikidata, OpenStreetMap/OCHA, OpenSyria) turned into the project's own compact files.

`python -m geo gazetteer vendor ../shared/gazetteer` reads the three sources, refuses each bad row with its
reason, and writes one file per licence under data/gazetteer/: every row keeps its origin and source id, and the
ODbL-derived communities stay in a file of their own. A file-level fault (wrong header, not JSON) writes nothing.
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass, field
from pathlib import Path

import shapely

from geo import config, schema
from geo.errors import InputFileError
from geo.files.atomic import atomic_write_text
from geo.gazetteer.names import name_skeleton
from geo.gazetteer.outlines import syria_shape
from geo.gazetteer.sources import SYRIA_BOUNDS

GAZETTEER_DIR = config.DEFAULT_DATA_DIR / "gazetteer"
WIKIDATA_FILE, OSM_FILE, ADMIN_FILE = "wikidata_places.json", "osm_communities.odbl.json", "opensyria_admin.json"
WIKIDATA_LICENCE = "CC0 1.0 (Wikidata)"
OSM_LICENCE = "ODbL 1.0 (© OpenStreetMap contributors); P-codes and admin names CC BY-IGO (OCHA)"
ADMIN_LICENCE = "CC BY 4.0 (OpenSyria Data Geography, attribution kept)"
OSM_HEADER = ("osm_id", "name", "name_en", "name_latin", "place", "adm1_pcode", "adm1_name", "adm2_pcode",
              "adm2_name", "adm3_pcode", "adm3_name", "adm4_pcode", "adm4_name", "lon", "lat")
OSM_KINDS = {"city": "city", "town": "town", "village": "village", "hamlet": "village"}
ADMIN_LEVELS = (("districts.json", "district", "governorateId"), ("subdistricts.json", "subdistrict", "districtId"))
ADMIN_WORDS = ("district", "subdistrict", "sub-district", "nahiyat", "nahiya", "mantiqat", "منطقة", "ناحية")


@dataclass
class VendorRead:
    """One source's accepted rows (compact lists) and refused rows (line or index, reason)."""

    name: str
    columns: tuple[str, ...]
    rows: list[list] = field(default_factory=list)
    refused: list[tuple[int, str]] = field(default_factory=list)


def _point(lat: object, lon: object) -> tuple[float, float]:
    """A point inside Syria's bounds, or ValueError saying why not."""
    try:
        lat_value, lon_value = float(lat), float(lon)
    except (TypeError, ValueError):
        raise ValueError(f"coordinates {lat!r}, {lon!r} are not numbers") from None
    west, south, east, north = SYRIA_BOUNDS
    if not (south <= lat_value <= north and west <= lon_value <= east):
        raise ValueError(f"{lat_value:g}, {lon_value:g} lies outside Syria")
    if not shapely.contains_xy(syria_shape(), lon_value, lat_value):
        raise ValueError(f"{lat_value:g}, {lon_value:g} lies outside the map's outline of Syria (which leaves out "
                         "the occupied Golan)")
    return round(lat_value, 5), round(lon_value, 5)


def _json_list(path: Path) -> list:
    """A JSON list from a file, or InputFileError in one line."""
    try:
        value = json.loads(path.read_bytes().decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise InputFileError(f"{path.name}: not UTF-8 JSON ({error.__class__.__name__})") from None
    if not isinstance(value, list):
        raise InputFileError(f"{path.name}: expected a JSON list of places")
    return value


def read_wikidata(path: Path) -> VendorRead:
    """Wikidata places: English and Arabic names, a point, sometimes a population."""
    read, seen = VendorRead("Wikidata", (schema.NAME, schema.NAME_AR, "population", schema.LAT, schema.LON)), set()
    for number, row in enumerate(_json_list(path), start=1):
        try:
            if not isinstance(row, dict) or not str(row.get("nameEn") or row.get("nameAr") or "").strip():
                raise ValueError("no name in English or Arabic")
            lat, lon = _point(row.get("lat"), row.get("lng"))
            key = (str(row.get("nameEn") or row["nameAr"]).strip(), lat, lon)
            if key in seen:
                raise ValueError(f"duplicate of an earlier row ({key[0]} at {lat}, {lon})")
            seen.add(key)
            read.rows.append([key[0], str(row.get("nameAr") or "").strip(), int(row.get("pop") or 0), lat, lon])
        except ValueError as error:
            read.refused.append((number, str(error)))
    return read


def _utf8_lines(path: Path) -> tuple[list[str], list[tuple[int, str]]]:
    """The file's lines decoded one by one: a line in another encoding is refused, not guessed."""
    lines, refused = [], []
    for number, raw in enumerate(path.read_bytes().splitlines(), start=1):
        try:
            lines.append(raw.decode("utf-8-sig" if number == 1 else "utf-8"))
        except UnicodeDecodeError:
            refused.append((number, "not UTF-8 (the file mixes encodings)"))
            lines.append("")
    return lines, refused


def read_osm(path: Path) -> VendorRead:
    """OpenStreetMap communities matched to OCHA P-codes (ODbL): the header must be the one expected."""
    lines, refused = _utf8_lines(path)
    rows = list(csv.reader(io.StringIO("\n".join(lines))))
    if not rows or tuple(cell.strip() for cell in rows[0]) != OSM_HEADER:
        found = ",".join(rows[0][:6]) if rows else "nothing"
        raise InputFileError(f"{path.name}: wrong header: expected {','.join(OSM_HEADER[:4])},... found {found}")
    read = VendorRead("OpenStreetMap", ("osm_id", "pcode", schema.NAME, schema.NAME_AR, schema.ALT_NAMES, schema.KIND,
                                        "admin3_pcode", schema.LAT, schema.LON), refused=refused)
    seen: set[str] = set()
    for number, cells in enumerate(rows[1:], start=2):
        if not any(cell.strip() for cell in cells):
            continue
        try:
            read.rows.append(_osm_row(dict(zip(OSM_HEADER, cells, strict=False)), len(cells), seen))
        except ValueError as error:
            read.refused.append((number, str(error)))
    return read


def _osm_row(value: dict[str, str], width: int, seen: set[str]) -> list:
    """One community row as a compact list, or ValueError with the reason."""
    if width != len(OSM_HEADER):
        raise ValueError(f"{width} cells, the header has {len(OSM_HEADER)}")
    for key in (value["osm_id"], value["adm4_pcode"]):
        if key in seen:
            raise ValueError(f"duplicate id {key}")
    lat, lon = _point(value["lat"], value["lon"])
    latin = [name.strip() for name in (value["name_en"], value["name_latin"], value["adm4_name"]) if name.strip()]
    if not latin and not value["name"].strip():
        raise ValueError("no name")
    seen.update((value["osm_id"], value["adm4_pcode"]))
    names = list(dict.fromkeys(latin))
    return [value["osm_id"], value["adm4_pcode"], names[0] if names else value["name"].strip(),
            value["name"].strip(), names[1:], OSM_KINDS.get(value["place"], "village"), value["adm3_pcode"], lat, lon]


def _aliases(entry: dict) -> list[str]:
    """An area's spellings: English and Arabic names and every alias."""
    names = [entry["name"].get("en", ""), entry["name"].get("ar", "")]
    names += [alias.get("value", "") for alias in entry.get("aliases", []) if isinstance(alias, dict)]
    return [name for name in dict.fromkeys(name.strip() for name in names) if name]


def read_admin(folder: Path, governorate_names: dict[str, str]) -> VendorRead:
    """OpenSyria districts and sub-districts: names, aliases, centroid, P-code and parent."""
    read = VendorRead("OpenSyria", ("pcode", "level", schema.NAME, schema.NAME_AR, schema.ALT_NAMES, "parent_pcode",
                                    schema.ADMIN1, schema.LAT, schema.LON, "geonames", "wikidata"))
    governorates = {entry["id"]: entry for entry in _json_list(folder / "governorates.json")}
    parents: dict[str, dict] = {}
    seen: set[str] = set()
    for file_name, level, parent_key in ADMIN_LEVELS:
        for number, entry in enumerate(_json_list(folder / file_name), start=1):
            try:
                read.rows.append(_admin_row(entry, level, parents.get(entry.get(parent_key)) or
                                            governorates.get(entry.get(parent_key)), governorate_names, seen))
                parents[entry["id"]] = entry
            except (ValueError, KeyError, TypeError, AttributeError) as error:
                read.refused.append((number, f"{file_name}: {error}"))
    return read


def _admin_row(entry: dict, level: str, parent: dict | None, governorate_names: dict[str, str],
               seen: set[str]) -> list:
    """One district or sub-district as a compact list."""
    ids = entry.get("externalIds") or {}
    pcode = ids.get("ochaPcode") or entry["id"]
    if pcode in seen:
        raise ValueError(f"duplicate id {pcode}")
    if parent is None:
        raise ValueError(f"{entry['id']}: its parent area is not in the material")
    lat, lon = _point(entry["centroid"]["latitude"], entry["centroid"]["longitude"])
    seen.add(pcode)
    gov_pcode = pcode[:4]
    names = _aliases(entry)
    parent_pcode = (parent.get("externalIds") or {}).get("ochaPcode", "")
    return [pcode, level, entry["name"]["en"], entry["name"].get("ar", ""), names, parent_pcode,
            governorate_names.get(gov_pcode, ""), lat, lon, ids.get("geonames", ""), ids.get("wikidata", "")]


def governorate_names(folder: Path, admin1_names: list[str]) -> dict[str, str]:
    """OCHA governorate P-codes -> the project's own governorate names (matched by spelling skeleton)."""
    ours = {name_skeleton(name): name for name in admin1_names}
    found = {}
    for entry in _json_list(folder / "governorates.json"):
        pcode = (entry.get("externalIds") or {}).get("ochaPcode", "")
        for spelling in _aliases(entry):
            if name_skeleton(spelling) in ours:
                found[pcode] = ours[name_skeleton(spelling)]
                break
    return found


def compact_file(read: VendorRead, origin: str, licence: str, attribution: str) -> str:
    """The text of one vendored file: licence and attribution first, then columns and rows."""
    header = {"origin": origin, "licence": licence, "attribution": attribution, "columns": list(read.columns)}
    body = ",\n".join(json.dumps(row, ensure_ascii=False, separators=(",", ":")) for row in read.rows)
    return json.dumps(header, ensure_ascii=False)[:-1] + ',\n"rows":[\n' + body + "\n]}\n"


def vendor(material: Path, admin1_names: list[str], target: Path = GAZETTEER_DIR) -> list[VendorRead]:
    """Read all three sources, then write their files (nothing is written when a source cannot be read)."""
    reads = [(read_wikidata(material / "wikidata_syria_places.json"), WIKIDATA_FILE, "Wikidata", WIKIDATA_LICENCE,
              "Wikidata contributors"),
             (read_osm(material / "osm_syria_communities.csv"), OSM_FILE, "OpenStreetMap + OCHA P-codes",
              OSM_LICENCE, "© OpenStreetMap contributors, ODbL 1.0; OCHA Common Operational Datasets"),
             (read_admin(material / "opensyria_admin", governorate_names(material / "opensyria_admin", admin1_names)),
              ADMIN_FILE, "OpenSyria Data Geography", ADMIN_LICENCE,
              "OpenSyria Data Geography (GeoNames, geoBoundaries, Wikidata, OCHA/HDX, US Census Bureau)")]
    for read, file_name, origin, licence, attribution in reads:
        atomic_write_text(target / file_name, compact_file(read, origin, licence, attribution))
    return [read for read, *_ in reads]


def read_vendored(path: Path) -> tuple[dict, list[dict]]:
    """A vendored file's header (origin, licence) and its rows as dicts (empty when the file is absent)."""
    if not path.is_file():
        return {}, []
    content = json.loads(path.read_text(encoding="utf-8"))
    columns = content["columns"]
    return ({key: content[key] for key in ("origin", "licence", "attribution")},
            [dict(zip(columns, row, strict=True)) for row in content["rows"]])
