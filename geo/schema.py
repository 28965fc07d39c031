"""The data contract: columns and vocabularies of sources, places, incidents and totals, and their checks."""

from __future__ import annotations

from dataclasses import dataclass

# Column names: every module names columns through these constants, never as string literals.
ID = "id"
# sources.csv
TITLE, PUBLISHER, AUTHOR, PUBLISHED, URL, KIND, NOTES = "title", "publisher", "author", "published", "url", "kind", \
    "notes"
DOCUMENT = "document"
# places.geojson properties
NAME, NAME_AR, ALT_NAMES, ADMIN1, COUNTRY_CODE = "name", "name_ar", "alt_names", "admin1", "country_code"
GAZETTEER_ID, GEO_PRECISION, MENTIONS = "gazetteer_id", "geo_precision", "mentions"
ADMIN2, ADMIN3, PLACE_ORIGINS = "admin2", "admin3", "origins"  # district, sub-district, the sources of an entry
# incidents.csv
DATE_START, DATE_END, DATE_PRECISION, DATE_TEXT = "date_start", "date_end", "date_precision", "date_text"
TYPE, WEAPON, PLACE_ID, PLACE_TEXT, LAT, LON = "type", "weapon", "place_id", "place_text", "lat", "lon"
ORIGIN_PLACE_ID, DESTINATION_PLACE_ID = "origin_place_id", "destination_place_id"
FACILITY, PERPETRATOR, KILLED, INJURED, DISPLACED = "facility", "perpetrator", "killed", "injured", "displaced"
CONFIDENCE, SOURCE_IDS, DESCRIPTION = "confidence", "source_ids", "description"
# totals.csv
SOURCE_ID, MEASURE, VALUE, SCOPE = "source_id", "measure", "value", "scope"
# Derived when the incidents are loaded (never stored): typed dates, position, drawing, joined facts.
START, END = "start", "end"
X, Y, MIN_X, MIN_Y, MAX_X, MAX_Y = "x", "y", "minx", "miny", "maxx", "maxy"
DRAW_AS, LAYER, LAYER_CODE, TYPE_CODE, IN_WINDOW = "draw_as", "layer", "layer_code", "type_code", "in_window"
PLACE_NAME, PLACE_ADMIN1, PLACE_KIND = "place_name", "place_admin1", "place_kind"
ORIGIN_NAME, DESTINATION_NAME, SOURCE_TITLES = "origin_name", "destination_name", "source_titles"
DERIVED_COLUMNS = (START, END, X, Y, MIN_X, MIN_Y, MAX_X, MAX_Y, DRAW_AS, LAYER, LAYER_CODE, TYPE_CODE, IN_WINDOW,
                   PLACE_NAME, PLACE_ADMIN1, PLACE_KIND, ORIGIN_NAME, DESTINATION_NAME, SOURCE_TITLES)
# The GeoJSON member that names a geometry's or a collection's type (places.geojson, exports).
GEOJSON_TYPE = "type"

# Vocabularies of derived columns.
DRAW_POINT, DRAW_AREA, DRAW_NONE = "point", "area", "none"
COORDINATE_DECIMALS = 5  # about a metre: what the map receives and what decides "in view"
WINDOW_INSIDE, WINDOW_PARTLY = "inside", "partly"

SOURCE_KINDS = ("news", "ngo_report", "opinion", "un_note", "dataset", "other")
SOURCE_COLUMNS = (ID, TITLE, PUBLISHER, AUTHOR, PUBLISHED, URL, KIND, NOTES)
SOURCE_OPTIONAL_COLUMNS = (DOCUMENT,)

PLACE_FACILITY = "facility"
PLACE_KINDS = ("country", "governorate", "district", "subdistrict", "region", "city", "town", "village",
               "neighbourhood", PLACE_FACILITY)
ADMIN_AREA_KINDS = ("district", "subdistrict")
POINT_KINDS = ("city", "town", "village", "neighbourhood", PLACE_FACILITY)
PRECISION_OF_KIND = {PLACE_FACILITY: "exact", "neighbourhood": "neighbourhood", "village": "settlement",
                     "town": "settlement", "city": "settlement", "region": "region", "district": "region",
                     "subdistrict": "region", "governorate": "governorate",
                     "country": "country"}
SPECIFICITY = {PLACE_FACILITY: 0, "village": 1, "town": 1, "neighbourhood": 2, "city": 2, "region": 2, "subdistrict": 2,
               "district": 3, "governorate": 3, "country": 9}
PLACE_PROPERTIES = (ID, NAME, NAME_AR, ALT_NAMES, KIND, ADMIN1, COUNTRY_CODE, GAZETTEER_ID, GEO_PRECISION, MENTIONS)

TYPE_HEALTH_CARE = "attack_on_health_care"
INCIDENT_TYPES = (
    "airstrike", "shelling", "barrel_bomb", "attack_on_health_care", "attack_on_school",
    "attack_on_market", "attack_on_civil_defense", "chemical_attack", "cluster_munitions",
    "incendiary_weapons", "massacre", "siege", "ground_offensive", "aid_obstruction", "displacement",
)
DATE_PRECISIONS = ("day", "week", "month", "season", "year", "range")
GEO_PRECISIONS = ("exact", "neighbourhood", "settlement", "region", "governorate", "country")
POINT_PRECISIONS = ("exact", "neighbourhood", "settlement")
AREA_PRECISIONS = ("region", "governorate")
PRECISION_RADIUS_METRES = {"region": 25_000, "governorate": 60_000}  # how far a record of that precision may be
CONFIDENCE_LEVELS = ("confirmed", "fair", "weak", "contested", "discounted")
COUNT_COLUMNS = (KILLED, INJURED, DISPLACED)

INCIDENT_COLUMNS = (
    ID, DATE_START, DATE_END, DATE_PRECISION, DATE_TEXT, TYPE, WEAPON, PLACE_ID, PLACE_TEXT, GEO_PRECISION, LAT, LON,
    ORIGIN_PLACE_ID, DESTINATION_PLACE_ID, FACILITY, PERPETRATOR, KILLED, INJURED, DISPLACED, CONFIDENCE,
    SOURCE_IDS, DESCRIPTION,
)
INCIDENT_REQUIRED = (ID, DATE_START, DATE_END, DATE_PRECISION, TYPE, CONFIDENCE, SOURCE_IDS, DESCRIPTION,
                     GEO_PRECISION)
PLACE_REFERENCE_COLUMNS = (PLACE_ID, ORIGIN_PLACE_ID, DESTINATION_PLACE_ID)

TOTAL_COLUMNS = (ID, SOURCE_ID, DATE_START, DATE_END, MEASURE, VALUE, SCOPE, DESCRIPTION)
# Curation: each record's review status (who set it, when, why), version, merge and every source's own figures.
STATUS, STATUS_BY, STATUS_AT, STATUS_WHY = "status", "status_by", "status_at", "status_why"
MERGED_INTO, VERSION, CLAIMS = "merged_into", "version", "claims"
STATUS_DRAFT, STATUS_IN_REVIEW, STATUS_PUBLISHED, STATUS_RETRACTED = "draft", "in_review", "published", "retracted"
REVIEW_STATUSES = (STATUS_DRAFT, STATUS_IN_REVIEW, STATUS_PUBLISHED, STATUS_RETRACTED)
DEFAULT_STATUS = STATUS_PUBLISHED  # records from before curation, and imports of other organisations' published data
# Team accounts: what each role may do is decided in geo.dataset.roles.
ROLE_VIEWER, ROLE_EDITOR, ROLE_REVIEWER, ROLE_ADMIN = "viewer", "editor", "reviewer", "admin"
ROLES = (ROLE_VIEWER, ROLE_EDITOR, ROLE_REVIEWER, ROLE_ADMIN)
CURATION_COLUMNS = (ID, STATUS, STATUS_BY, STATUS_AT, STATUS_WHY, MERGED_INTO, CLAIMS, VERSION)
CLAIM_FIELDS = (SOURCE_ID, KILLED, INJURED, DISPLACED)
RECORD_COLUMNS = INCIDENT_COLUMNS + tuple(c for c in CURATION_COLUMNS if c != ID)  # a record whole: contract, curation
EDITABLE_COLUMNS = tuple(c for c in INCIDENT_COLUMNS if c != ID)
# Types one event may be recorded under by different sources (a strike on a hospital: airstrike or attack on
# health care), the families duplicate candidates are looked for in.
TYPE_FAMILIES = {"violence": ("airstrike", "shelling", "barrel_bomb", "attack_on_health_care", "attack_on_school",
                              "attack_on_market", "attack_on_civil_defense", "chemical_attack", "cluster_munitions",
                              "incendiary_weapons", "massacre", "ground_offensive"),
                 "siege": ("siege", "aid_obstruction"), "displacement": ("displacement",)}

# The facility register (facilities.csv), each facility's condition over time (facility_conditions.csv), the
# incidents that struck it (facility_strikes.csv) and the health-care figures an incident carries (health_care.csv).
FACILITY_ID, INCIDENT_ID, OPERATOR, CONDITION = "facility_id", "incident_id", "operator", "condition"
LINK, LINK_PROPOSED, LINK_CONFIRMED = "link", "proposed", "confirmed"
LINK_STATES = (LINK_PROPOSED, LINK_CONFIRMED)
FACILITY_COLUMNS = (ID, NAME, ALT_NAMES, KIND, PLACE_ID, LAT, LON, OPERATOR, SOURCE_IDS, STATUS, MERGED_INTO, VERSION)
CONDITION_COLUMNS = (ID, FACILITY_ID, DATE_START, CONDITION, SOURCE_IDS, DESCRIPTION)
STRIKE_COLUMNS = (INCIDENT_ID, FACILITY_ID, LINK, STATUS_BY, STATUS_AT)
FACILITY_CONDITIONS = ("functioning", "damaged", "out_of_service", "destroyed", "relocated", "reopened")
FACILITIES_DAMAGED, FACILITIES_DESTROYED = "facilities_damaged", "facilities_destroyed"
HEALTH_WORKERS_KILLED, HEALTH_WORKERS_INJURED = "health_workers_killed", "health_workers_injured"
HEALTH_WORKERS_DETAINED, AMBULANCES_HIT = "health_workers_detained", "ambulances_hit"
HEALTH_CARE_MEASURES = (FACILITIES_DAMAGED, FACILITIES_DESTROYED, HEALTH_WORKERS_KILLED, HEALTH_WORKERS_INJURED,
                        HEALTH_WORKERS_DETAINED, AMBULANCES_HIT)
HEALTH_CARE_COLUMNS = (INCIDENT_ID, *HEALTH_CARE_MEASURES)

CONTRACT_COLUMNS = frozenset(SOURCE_COLUMNS + SOURCE_OPTIONAL_COLUMNS + PLACE_PROPERTIES + INCIDENT_COLUMNS
                             + TOTAL_COLUMNS + DERIVED_COLUMNS + CURATION_COLUMNS
                             + FACILITY_COLUMNS + CONDITION_COLUMNS + STRIKE_COLUMNS + HEALTH_CARE_COLUMNS)

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
