"""Column mappings from other datasets to the data contract: presets, a guess, saving and loading."""

from __future__ import annotations

import json
import re
from dataclasses import asdict, dataclass, field
from pathlib import Path

from geo import schema
from geo.datafiles import atomic_write_text
from geo.errors import InputFileError

TARGETS = ("id", "date", "date_end", "date_precision", "type", "weapon", "place", "title", "admin1", "lat", "lon",
           "geo_precision", "time_precision", "perpetrator", "killed", "injured", "displaced", "description",
           "facility", "confidence")
SYNONYMS = {
    "id": ("id", "event_id", "event_id_cnty", "incident_id", "incident_code", "code", "uid"),
    "date": ("date", "date_start", "event_date", "incident_date", "start_date", "day"),
    "date_end": ("date_end", "end_date"),
    "date_precision": ("date_precision",),
    "type": ("type", "event_type", "incident_type", "category", "sub_event_type"),
    "weapon": ("weapon", "weapons", "weapon_used", "weapons_used"),
    "place": ("place", "place_text", "location", "town", "city", "village", "site"),
    "title": ("title", "title_en", "name", "headline"),
    "admin1": ("admin1", "governorate", "province", "admin_1", "region"),
    "lat": ("lat", "latitude", "y"),
    "lon": ("lon", "lng", "long", "longitude", "x"),
    "geo_precision": ("geo_precision", "location_precision", "precision"),
    "time_precision": ("time_precision",),
    "perpetrator": ("perpetrator", "actor", "actor1", "reported_perpetrator", "armed_group"),
    "killed": ("killed", "fatalities", "deaths", "dead"),
    "injured": ("injured", "wounded"),
    "displaced": ("displaced",),
    "description": ("description", "notes", "summary", "summary_en", "event_description", "details"),
    "facility": ("facility",),
    "confidence": ("confidence",),
}
ACLED_COLUMNS = {"event_id_cnty", "event_date", "event_type", "sub_event_type", "actor1", "admin1", "location",
                 "latitude", "longitude", "geo_precision", "time_precision", "fatalities", "source", "notes"}
ACLED_TYPES = {"air/drone strike": "airstrike", "shelling/artillery/missile attack": "shelling",
               "chemical weapon": "chemical_attack", "armed clash": "ground_offensive",
               "government regains territory": "ground_offensive",
               "non-state actor overtakes territory": "ground_offensive", "attack": "massacre"}
TYPE_SYNONYMS = {"air strike": "airstrike", "airstrikes": "airstrike", "air raid": "airstrike",
                 "shell": "shelling", "artillery": "shelling", "barrel bomb": "barrel_bomb",
                 "chemical": "chemical_attack", "chemical weapons": "chemical_attack", "cluster": "cluster_munitions",
                 "incendiary": "incendiary_weapons", "health care attack": "attack_on_health_care",
                 "hospital attack": "attack_on_health_care", "siege": "siege", "displacement": "displacement"}
NULL_WORDS = ("No Information", "Unknown", "N/A", "n/a", "not known")


@dataclass
class Mapping:
    """How the columns of one dataset become the contract's fields."""

    name: str = "guessed"
    columns: dict[str, str] = field(default_factory=dict)
    constants: dict[str, str] = field(default_factory=dict)
    type_values: dict[str, str] = field(default_factory=dict)
    precision_values: dict[str, str] = field(default_factory=dict)
    weapon_values: dict[str, str] = field(default_factory=dict)
    confidence_values: dict[str, str] = field(default_factory=dict)
    null_values: list[str] = field(default_factory=lambda: list(NULL_WORDS))
    date_order: str = ""
    id_prefix: str = ""
    counts_from_text: bool = False
    source_title: str = ""

    def to_json(self) -> str:
        """The mapping as indented JSON."""
        return json.dumps(asdict(self), ensure_ascii=False, indent=1)


def _key(name: str) -> str:
    """Column name folded for comparison."""
    return re.sub(r"[^a-z0-9]+", "_", name.lower()).strip("_")


def acled_mapping() -> Mapping:
    """ACLED's export columns."""
    return Mapping("acled", {"id": "event_id_cnty", "date": "event_date", "type": "sub_event_type",
                             "place": "location", "admin1": "admin1", "lat": "latitude", "lon": "longitude",
                             "geo_precision": "geo_precision", "time_precision": "time_precision",
                             "perpetrator": "actor1", "killed": "fatalities", "description": "notes"},
                   {"confidence": "fair"}, dict(ACLED_TYPES),
                   {"1": "settlement", "2": "region", "3": "governorate"}, id_prefix="acled-",
                   source_title="ACLED export")


def insecurity_insight_mapping() -> Mapping:
    """Insecurity Insight's attacks on health care (SiND) sheets; its killed/injured count health workers only."""
    return Mapping("insecurity_insight", {"id": "SiND Event ID", "date": "Date", "admin1": "Admin 1",
                                          "lat": "Latitude", "lon": "Longitude", "geo_precision": "Geo Precision",
                                          "perpetrator": "Reported Perpetrator Name", "weapon": "Weapon Carried/Used",
                                          "description": "Event Description", "facility": "Location"},
                   {"type": "attack_on_health_care", "confidence": "fair"}, {},
                   {"(1)": "exact", "(2)": "region", "(3)": "region", "(4)": "governorate", "(5)": "region",
                    "(6)": "country"}, id_prefix="ii-", source_title="Insecurity Insight: attacks on health care")


def syrian_archive_mapping() -> Mapping:
    """The Syrian Archive chemical weapons database (Arabic 'Governorate : Town' locations)."""
    return Mapping("syrian_archive", {"id": "incident_code", "date": "incident_date", "place": "location",
                                      "title": "title_en", "lat": "latitude", "lon": "longitude",
                                      "weapon": "weapons_used.0", "description": "summary_en",
                                      "confidence": "confidence"},
                   {"type": "chemical_attack"}, {}, {},
                   {"chemical weapons": "chemical", "chlorine gas": "chlorine", "sarin": "sarin",
                    "mustard gas": "mustard", "barrel bomb": "barrel bomb", "cluster munition": "cluster munitions"},
                   {"3": "confirmed", "2": "fair", "1": "weak", "0": "weak"}, id_prefix="sa-", counts_from_text=True,
                   source_title="Syrian Archive: chemical weapons incidents")


def guess_mapping(columns: list[str]) -> Mapping:
    """The mapping of a known dataset, else one matched by column names (contract names map to themselves)."""
    names = set(columns)
    if names >= ACLED_COLUMNS:
        return acled_mapping()
    if {"SiND Event ID", "Geo Precision", "Admin 1"} <= names:
        return insecurity_insight_mapping()
    if {"incident_code", "location", "summary_en"} <= names:
        return syrian_archive_mapping()
    folded = {_key(column): column for column in columns}
    found = {}
    for target, synonyms in SYNONYMS.items():
        match = next((folded[s] for s in synonyms if s in folded), None)
        if match and match not in found.values():
            found[target] = match
    if "date_start" in folded:
        found["date"] = folded["date_start"]
    if "place_id" in folded and "place" not in found:
        found["place"] = folded["place_id"]
    return Mapping("guessed", found, {} if "type" in found else {"type": ""}, {}, {})


def type_of(value: str, mapping: Mapping) -> str:
    """Our incident type for a source value, or '' when there is none."""
    folded = value.strip().lower()
    if folded in schema.INCIDENT_TYPES:
        return folded
    return mapping.type_values.get(folded) or TYPE_SYNONYMS.get(folded, "")


def precision_of(value: str, mapping: Mapping) -> str:
    """Our geo_precision for a source code ('(2) 25 km Precision' -> region), or '' when unknown."""
    text = value.strip()
    if text in schema.GEO_PRECISIONS:
        return text
    for code, ours in mapping.precision_values.items():
        if text == code or text.startswith(code):
            return ours
    return ""


def load_mapping(path: Path) -> Mapping:
    """A saved mapping (JSON), checked for unknown keys and targets."""
    try:
        content = json.loads(path.read_text(encoding="utf-8"))
        mapping = Mapping(**content)
    except (OSError, json.JSONDecodeError, TypeError) as error:
        raise InputFileError(f"{path}: not a mapping file ({error})") from None
    unknown = sorted(set(mapping.columns) - set(TARGETS))
    if unknown:
        raise InputFileError(f"{path}: unknown target field {unknown[0]!r}; use {', '.join(TARGETS)}")
    return mapping


def save_mapping(mapping: Mapping, path: Path) -> None:
    """Save a mapping for reuse."""
    atomic_write_text(path, mapping.to_json() + "\n")
