"""The whole country: the vendored Wikidata, OpenStreetMap/OCHA and OpenSyria files merged with GeoNames into one
entry per place, each placed in its district and sub-district, and the districts and sub-districts themselves."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from geo import schema
from geo.gazetteer.merge import Area, MergedEntry, SourceEntry, merge_entries, nearest_areas
from geo.gazetteer.names import is_arabic, name_skeleton, slugify
from geo.gazetteer.place import Place
from geo.gazetteer.vendor import ADMIN_FILE, ADMIN_WORDS, OSM_FILE, WIKIDATA_FILE, read_vendored

GEONAMES_ORIGIN, WIKIDATA_ORIGIN, OSM_ORIGIN, OPENSYRIA_ORIGIN = "GeoNames", "Wikidata", "OpenStreetMap", "OpenSyria"
LICENCE_OF_ORIGIN = {GEONAMES_ORIGIN: "CC BY 4.0", WIKIDATA_ORIGIN: "CC0 1.0", OSM_ORIGIN: "ODbL 1.0",
                     OPENSYRIA_ORIGIN: "CC BY 4.0", "curated": "the project's own (CC BY 4.0)"}
AREA_WORDS = {"district": ("district", "area", "countryside", "region"),
              "subdistrict": ("sub-district", "subdistrict", "nahiya")}


def _kind_from_population(population: int) -> str:
    """Settlement kind from a population figure."""
    if population >= 50_000:
        return "city"
    return "town" if population >= 5_000 else "village"


def read_areas(folder: Path) -> list[dict]:
    """The vendored districts and sub-districts, as rows."""
    return read_vendored(folder / ADMIN_FILE)[1]


def _source_entries(folder: Path) -> list[SourceEntry]:
    """The Wikidata and OpenStreetMap rows as entries to merge."""
    entries = [SourceEntry(row[schema.NAME], row[schema.LAT], row[schema.LON], WIKIDATA_ORIGIN,
                           name_ar=row[schema.NAME_AR], kind=_kind_from_population(row["population"]),
                           population=row["population"])
               for row in read_vendored(folder / WIKIDATA_FILE)[1]]
    entries += [SourceEntry(row[schema.NAME], row[schema.LAT], row[schema.LON], OSM_ORIGIN,
                            f"{row['osm_id']} {row['pcode']}", name_ar=row[schema.NAME_AR],
                            alt_names=tuple(row[schema.ALT_NAMES]), kind=row[schema.KIND],
                            admin3_pcode=row["admin3_pcode"])
                for row in read_vendored(folder / OSM_FILE)[1]]
    return entries


def _entry_of(place: Place) -> SourceEntry:
    """A GeoNames or curated place as the first entry of its merge."""
    origin = "curated" if place.curated else GEONAMES_ORIGIN
    return SourceEntry(place.name, place.lat, place.lon, origin, place.gazetteer_id or place.id,
                       name_ar=place.name_ar, alt_names=place.alt_names, kind=place.kind,
                       population=place.population, admin1=place.admin1)


def _new_place(merged: MergedEntry) -> Place:
    """A place first known from Wikidata or OpenStreetMap."""
    first = merged.first
    key = first.source_id.split()[-1].lower() if first.source_id else f"{first.lat:.3f}-{first.lon:.3f}"
    latin = next((name for name in merged.names if not is_arabic(name)), first.name)
    return Place(id=f"sy-{slugify(latin) or 'place'}-{slugify(key)}", name=latin, name_ar=merged.name_ar,
                 kind=merged.kind, country_code="SY", geo_precision="settlement", lon=first.lon, lat=first.lat,
                 alt_names=tuple(merged.names), population=merged.population)


def _areas(rows: list[dict]) -> tuple[dict[str, Area], list[Area]]:
    """Areas by P-code, and the sub-districts on their own."""
    areas = {row["pcode"]: Area(row["pcode"], row["level"], row[schema.NAME], row[schema.ADMIN1], row["parent_pcode"],
                                row[schema.LAT], row[schema.LON]) for row in rows}
    return areas, [area for area in areas.values() if area.level == "subdistrict"]


def country_places(settlements: list[Place], folder: Path) -> list[Place]:
    """GeoNames settlements merged with the vendored sources, each with its sub-district, district and origins."""
    by_id = {place.gazetteer_id or place.id: place for place in settlements}
    merged = merge_entries([_entry_of(place) for place in settlements] + _source_entries(folder))
    areas, subdistricts = _areas(read_areas(folder))
    missing = [entry for entry in merged if entry.admin3_pcode not in areas]
    guessed = dict(zip(map(id, missing), nearest_areas(
        [(entry.first.lat, entry.first.lon, entry.admin1) for entry in missing], subdistricts), strict=True))
    places = []
    for entry in merged:
        base = by_id.get(entry.first.source_id) if entry.first.origin != OSM_ORIGIN else None
        place = base if base and entry.first.origin in (GEONAMES_ORIGIN, "curated") else _new_place(entry)
        subdistrict = areas.get(entry.admin3_pcode) or guessed.get(id(entry))
        district = areas.get(subdistrict.parent_pcode) if subdistrict else None
        spellings = tuple(dict.fromkeys((*place.alt_names, *entry.names)))
        places.append(replace(place, alt_names=spellings, origins=tuple(entry.origins),
                              kind=place.kind if place.curated else entry.kind,
                              admin1=place.admin1 or (subdistrict.admin1 if subdistrict else ""),
                              admin2=district.name if district else "", admin3=subdistrict.name if subdistrict else ""))
    return places


def _area_spellings(row: dict) -> tuple[str, ...]:
    """An area's names for look-up: its formal aliases and 'X district', 'X countryside', 'X sub-district'. Never its
    bare name: most areas are named after their chief town, which a bare name means (the town Harem keeps 'Harem')."""
    names = [row[schema.NAME], *row[schema.ALT_NAMES]]
    bases = [name for name in names if not is_arabic(name) and len(name.split()) <= 3]
    spelled = [f"{base} {word}" for base in bases for word in AREA_WORDS[row["level"]]]
    spelled += [name for name in names if any(word in name.lower() for word in ADMIN_WORDS)]
    if row["level"] == "district" and name_skeleton(row[schema.NAME]) == name_skeleton(row[schema.ADMIN1]):
        spelled = [name for name in spelled if not name.endswith((" countryside", " region", " area"))]
    return tuple(dict.fromkeys(spelled))


def area_places(folder: Path) -> list[Place]:
    """Districts and sub-districts as places (a centroid each: the material has no outlines)."""
    rows = read_areas(folder)
    names = {row["pcode"]: row[schema.NAME] for row in rows}
    return [Place(id=f"sy-{row['level']}-{row['pcode'].lower()}", name=f"{row[schema.NAME]} {row['level']}"
                  .replace("subdistrict", "sub-district"), name_ar=row[schema.NAME_AR], kind=row["level"],
                  admin1=row[schema.ADMIN1], admin2=names.get(row["parent_pcode"], "") if row["level"] == "subdistrict"
                  else row[schema.NAME], admin3=row[schema.NAME] if row["level"] == "subdistrict" else "",
                  country_code="SY", geo_precision="region", lon=row[schema.LON], lat=row[schema.LAT],
                  gazetteer_id=row["pcode"], alt_names=_area_spellings(row),
                  origins=(f"{OPENSYRIA_ORIGIN} {row['pcode']}",)) for row in rows]
