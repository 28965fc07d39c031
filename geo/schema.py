"""The data contract: columns and vocabularies of sources, places, incidents and totals, and their checks."""

from __future__ import annotations

from dataclasses import dataclass

SOURCE_KINDS = ("news", "ngo_report", "opinion", "un_note", "dataset", "other")
SOURCE_COLUMNS = ("id", "title", "publisher", "author", "published", "url", "kind", "notes")
SOURCE_OPTIONAL_COLUMNS = ("document",)

PLACE_KINDS = (
    "country", "governorate", "region", "city", "town", "village", "neighbourhood", "facility",
)
PLACE_PROPERTIES = (
    "id", "name", "name_ar", "alt_names", "kind", "admin1", "country_code",
    "gazetteer_id", "geo_precision", "mentions",
)

INCIDENT_TYPES = (
    "airstrike", "shelling", "barrel_bomb", "attack_on_health_care", "attack_on_school",
    "attack_on_market", "attack_on_civil_defense", "chemical_attack", "cluster_munitions",
    "incendiary_weapons", "massacre", "siege", "ground_offensive", "aid_obstruction", "displacement",
)
DATE_PRECISIONS = ("day", "week", "month", "season", "year", "range")
GEO_PRECISIONS = ("exact", "neighbourhood", "settlement", "region", "governorate", "country")
POINT_PRECISIONS = ("exact", "neighbourhood", "settlement")
AREA_PRECISIONS = ("region", "governorate")
CONFIDENCE_LEVELS = ("confirmed", "fair", "weak", "contested", "discounted")
COUNT_COLUMNS = ("killed", "injured", "displaced")

INCIDENT_COLUMNS = (
    "id", "date_start", "date_end", "date_precision", "date_text", "type", "weapon",
    "place_id", "place_text", "geo_precision", "lat", "lon", "origin_place_id",
    "destination_place_id", "facility", "perpetrator", "killed", "injured", "displaced",
    "confidence", "source_ids", "description",
)
INCIDENT_REQUIRED = ("id", "date_start", "date_end", "date_precision", "type", "confidence",
                     "source_ids", "description", "geo_precision")

TOTAL_COLUMNS = ("id", "source_id", "date_start", "date_end", "measure", "value", "scope",
                 "description")

LAYER_HEALTH = "Attacks on health care"
LAYER_DISPLACEMENT = "Displacement"
LAYER_INCIDENTS = "Incidents"
LAYERS = (LAYER_INCIDENTS, LAYER_HEALTH, LAYER_DISPLACEMENT)
LIST_SEPARATOR = ";"


def layer_of_type(incident_type: str) -> str:
    """Return the map layer an incident type belongs to."""
    if incident_type == "attack_on_health_care":
        return LAYER_HEALTH
    if incident_type == "displacement":
        return LAYER_DISPLACEMENT
    return LAYER_INCIDENTS


def split_list(value: str) -> list[str]:
    """Split a `;`-separated cell into its non-empty, stripped items."""
    return [item.strip() for item in str(value or "").split(LIST_SEPARATOR) if item.strip()]


@dataclass(frozen=True)
class Problem:
    """One breach of the data contract, located precisely enough to fix."""

    file: str
    where: str
    field: str
    value: str
    fix: str

    def __str__(self) -> str:
        if self.field == "file":
            return f"{self.file}: {self.fix}"
        shown = self.value if len(self.value) <= 60 else self.value[:57] + "..."
        return f"{self.file}:{self.where}: {self.field}={shown!r}: {self.fix}"
