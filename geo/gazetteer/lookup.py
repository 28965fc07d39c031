"""Offline gazetteer: place names (any spelling, Latin or Arabic) -> places, preferring Syria."""

from __future__ import annotations

import re
from collections import defaultdict
from functools import lru_cache
from pathlib import Path

from rapidfuzz import fuzz, process
from shapely.geometry import shape

from geo import config, schema
from geo.files.tables import read_feature_collection
from geo.gazetteer.country import area_places, country_places
from geo.gazetteer.geonames import read_extract, read_foreign
from geo.gazetteer.names import fold_latin, is_arabic, is_article, name_skeleton, normalise_name, slugify
from geo.gazetteer.place import Place, PlaceMatch

__all__ = ["Gazetteer", "Place", "PlaceMatch", "load_gazetteer"]

KIND_RANK = {"city": 0, "town": 1, "village": 2, "neighbourhood": 3, schema.PLACE_FACILITY: 3, "region": 4,
             "subdistrict": 6, "district": 6, "governorate": 5, "country": 7}
GOVERNORATE_SUFFIXES = ("governorate", "province", "countryside", "rural", "region")
DIRECTIONS = ("northern", "southern", "eastern", "western", "north", "south", "east", "west",
              "northwestern", "northeastern", "southwestern", "southeastern")
GOVERNORATE_PREFIXES = ("countryside of", "rural", "the countryside of", "province of",
                        "governorate of")
GENERIC_WORDS = frozenset({"khan", "tell", "tal", "kafr", "ain", "ayn", "jisr", "deir", "dayr", "sheikh",
                           "abu", "bab", "beit", "bayt", "qasr", "tall", "ras", "umm", "city",
                           "new", "old", "west", "east", "north", "south", "center", "centre"})
FUZZY_THRESHOLD = 88
MIN_FUZZY_LENGTH = 5
ANSWER_CACHE_SIZE = 20_000


def _kind_from_population(population: int) -> str:
    """Settlement kind from GeoNames population."""
    if population >= 50_000:
        return "city"
    return "town" if population >= 5_000 else "village"


def _geonames_places(admin1_names: dict[str, str], overrides: dict[str, dict]) -> list[Place]:
    """Build places from the GeoNames extract, applying curated overrides by GeoNames id."""
    places = []
    for row in read_extract():
        gid = str(row["geonameid"])
        custom = overrides.get(gid, {})
        names = tuple(dict.fromkeys(list(custom.get(schema.ALT_NAMES, [])) + [row[schema.NAME]]
                                    + row["alternatenames"]))
        ascii_name = fold_latin(row[schema.NAME]).title()
        places.append(Place(
            id=custom.get(schema.ID) or f"sy-{slugify(row[schema.NAME])}-{gid}",
            name=custom.get(schema.NAME) or ascii_name,
            name_ar=custom.get(schema.NAME_AR) or next((n for n in names if is_arabic(n)), ""),
            kind=custom.get(schema.KIND) or _kind_from_population(row["population"]),
            admin1=custom.get(schema.ADMIN1) or admin1_names.get(row["admin1code"], ""),
            country_code="SY", gazetteer_id=gid, geo_precision="settlement",
            lon=row["longitude"], lat=row["latitude"], alt_names=names,
            population=row["population"], curated=bool(custom)))
    return places


def _foreign_places(known: set[str]) -> list[Place]:
    """Countries and cities outside Syria, so that a report's foreign places are not taken for Syrian ones."""
    places = []
    for row in read_foreign():
        if normalise_name(row[schema.NAME]) in known:
            continue
        kind = row[schema.KIND]
        places.append(Place(
            id=f"xx-{slugify(row[schema.NAME])}-{row['geonameid']}", name=row[schema.NAME], kind=kind,
            country_code=row["countrycode"], geo_precision="country" if kind == "country" else "settlement",
            lon=row["longitude"] or 0.0, lat=row["latitude"] or 0.0, gazetteer_id=str(row["geonameid"]),
            alt_names=tuple(row["alternatenames"])))
    return places


def place_from_feature(feature: dict, curated: bool = True) -> Place:
    """Turn a GeoJSON feature with place properties into a Place (centroid as lon/lat)."""

    props, geometry = feature["properties"], feature["geometry"]
    point = shape(geometry).representative_point() if geometry else None
    return Place(
        id=props[schema.ID], name=props[schema.NAME], name_ar=props.get(schema.NAME_AR) or "",
        kind=props[schema.KIND], admin1=props.get(schema.ADMIN1) or "",
        country_code=props.get(schema.COUNTRY_CODE) or "", gazetteer_id=props.get(schema.GAZETTEER_ID),
        geo_precision=props.get(schema.GEO_PRECISION) or "settlement",
        lon=point.x if point else 0.0, lat=point.y if point else 0.0,
        alt_names=tuple(props.get(schema.ALT_NAMES) or ()),
        geometry=geometry if geometry and geometry[schema.GEOJSON_TYPE] != "Point" else None, curated=curated)


def _governorate_variants(place: Place) -> list[str]:
    """Spellings under which a governorate is written: 'Idlib province', 'countryside of Idlib'."""
    bases = [place.admin1] + [alt for alt in place.alt_names if not is_arabic(alt)]
    variants = [f"{base} {suffix}" for base in bases for suffix in GOVERNORATE_SUFFIXES]
    variants += [f"{prefix} {base}" for base in bases for prefix in GOVERNORATE_PREFIXES]
    variants += [f"{way} {base}{tail}" for base in bases for way in DIRECTIONS
                 for tail in ("", " countryside", " province", " governorate")]
    variants += [f"the {way} countryside of {base}" for base in bases for way in DIRECTIONS]
    return variants + [place.name_ar]


class Gazetteer:
    """Names -> places, from the GeoNames extract plus the curated places and boundaries in data/."""

    def __init__(self, places: list[Place]) -> None:
        self.places: dict[str, Place] = {place.id: place for place in places}
        self._exact: dict[str, list[str]] = defaultdict(list)
        self._skeleton: dict[str, list[str]] = defaultdict(list)
        for place in self._ranked(places):
            names = [place.name, place.name_ar, *(alt for alt in place.alt_names if not alt.islower())]
            if place.kind == "governorate":
                names += _governorate_variants(place)
            for name in filter(None, names):
                self._index(normalise_name(name), name_skeleton(name) if place.in_syria else "", place.id)
        self._fuzzy_keys: dict[tuple[str, int], list[str]] = defaultdict(list)
        for key, ids in self._exact.items():
            if len(key) >= MIN_FUZZY_LENGTH and self.places[ids[0]].in_syria:
                self._fuzzy_keys[key[:2], len(key)].append(key)
        self._answers: dict[tuple[str, bool], PlaceMatch | None] = {}
        self._exact_words = frozenset(word for key in self._exact for word in key.split())
        self._skeleton_words = frozenset(word for key in self._skeleton for word in key.split())

    @staticmethod
    def _ranked(places: list[Place]) -> list[Place]:
        """Order places so that index lists start with the best candidate for a shared name."""
        return sorted(places, key=lambda p: (not p.in_syria, not p.curated,
                                             KIND_RANK.get(p.kind, 9), -p.population))

    def _index(self, key: str, skeleton: str, place_id: str) -> None:
        """Add one spelling of a place to the exact and skeleton indexes."""
        if key in GENERIC_WORDS:
            return
        if key and place_id not in self._exact[key]:
            self._exact[key].append(place_id)
        if len(skeleton.replace(" ", "")) >= 3 and place_id not in self._skeleton[skeleton]:
            self._skeleton[skeleton].append(place_id)

    def may_begin(self, word: str) -> bool:
        """False only when no spelling of any place can start with this word (a cheap test before look-ups)."""
        key = normalise_name(word)
        if not key or is_article(key) or all(part in self._exact_words for part in key.split()):
            return True
        skeleton = name_skeleton(word)
        return not skeleton or all(part in self._skeleton_words for part in skeleton.split())

    def exact(self, name: str) -> Place | None:
        """Return the best place whose normalised spelling equals the name's, else None."""
        ids = self._exact.get(normalise_name(name))
        return self.places[ids[0]] if ids else None

    def candidates(self, name: str) -> list[Place]:
        """Every place whose normalised spelling equals the name's, the best first."""
        return [self.places[place_id] for place_id in self._exact.get(normalise_name(name), [])]

    def variant(self, name: str) -> Place | None:
        """Return the best place sharing the name's transliteration skeleton, else None."""
        ids = self._skeleton.get(name_skeleton(name))
        return self.places[ids[0]] if ids else None

    def lookup(self, name: str, fuzzy: bool = True) -> PlaceMatch | None:
        """Resolve a name: exact spelling, then transliteration variant, then fuzzy (Syria only)."""
        question = (name, fuzzy)
        if question not in self._answers:
            if len(self._answers) >= ANSWER_CACHE_SIZE:
                self._answers.pop(next(iter(self._answers)))
            self._answers[question] = self._resolve(name, fuzzy)
        return self._answers[question]

    def _resolve(self, name: str, fuzzy: bool) -> PlaceMatch | None:
        """Look a name up without the answer cache."""
        if not name or not name.strip():
            return None
        place = self.exact(name)
        if place:
            return PlaceMatch(place, 1.0, "exact")
        place = self.variant(name)
        if place:
            return PlaceMatch(place, 0.9, "variant")
        return self._fuzzy(name) if fuzzy else None

    def _fuzzy(self, name: str) -> PlaceMatch | None:
        """Fuzzy match on normalised spellings of about the same length sharing the first two letters (Syria only)."""
        key = normalise_name(name)
        if len(key) < MIN_FUZZY_LENGTH:
            return None
        spread = max(1, len(key) // 4)
        answers = [process.extractOne(key, self._fuzzy_keys[key[:2], size], scorer=fuzz.ratio,
                                      score_cutoff=FUZZY_THRESHOLD)
                   for size in range(len(key) - spread, len(key) + spread + 1) if (key[:2], size) in self._fuzzy_keys]
        found = max(filter(None, answers), key=lambda answer: answer[1], default=None)
        if not found:
            return None
        place = self.places[self._exact[found[0]][0]]
        return PlaceMatch(place, round(found[1] / 100 * 0.8, 2), "fuzzy") if place.in_syria else None

    def governorate(self, admin1: str) -> Place | None:
        """The governorate for an admin1 name in any spelling ('Al-Qunaitra', 'Deir Ezzor', 'حمص')."""
        name = re.sub(r"(?i)\s+(governorate|province)$", "", admin1.strip())
        spellings = [f"محافظة {name}", name] if is_arabic(name) else [f"{name} governorate"]
        for spelling in spellings:
            for place_id in self._exact.get(normalise_name(spelling), []):
                if self.places[place_id].kind == "governorate":
                    return self.places[place_id]
        skeleton = name_skeleton(name)
        return next((p for p in self.places.values() if p.kind == "governorate" and skeleton
                     and skeleton in {name_skeleton(n) for n in (p.admin1, *p.alt_names)}), None)

    def lookup_arabic_pair(self, text: str) -> PlaceMatch | None:
        """Resolve 'Governorate : Town' (as Arabic datasets write it): the town, else the governorate."""
        parts = [part.strip() for part in re.split(r"\s*[:：]\s*", text) if part.strip()]
        if not parts:
            return None
        town = self.lookup(parts[-1], fuzzy=False)
        if town and (len(parts) == 1 or town.place.kind != "governorate"):
            return town
        governorate = self.governorate(parts[0]) if len(parts) > 1 else None
        return PlaceMatch(governorate, 0.9, "governorate") if governorate else town


def _admin1_names(governorates: list[Place], collection: dict) -> dict[str, str]:
    """Map GeoNames admin1 codes to governorate names."""
    codes = {f["properties"][schema.ID]: f["properties"].get("geonames_admin1") for f in collection["features"]}
    return {codes[place.id]: place.admin1 for place in governorates if codes.get(place.id)}


def load_gazetteer(reference_dir: str = str(config.DEFAULT_DATA_DIR), data_dir: str | None = None) -> Gazetteer:
    """The gazetteer: the reference files plus the data directory's own additions (reloaded when they change)."""
    additions = Path(data_dir or config.resolve_data_dir()) / config.GAZETTEER_ADDITIONS_FILE
    changed = additions.stat().st_mtime_ns if additions.is_file() else 0
    return _load_gazetteer(reference_dir, str(additions) if changed else "", changed)  # no additions: one shared copy


@lru_cache(maxsize=4)
def _load_gazetteer(reference_dir: str, additions_file: str, changed: int) -> Gazetteer:
    """Load the gazetteer from the reference files (GeoNames extract, curated places, boundaries) and additions."""
    root = Path(reference_dir)
    gov_collection = read_feature_collection(root / config.GOVERNORATES_FILE)
    governorates = [place_from_feature(f) for f in gov_collection["features"]]
    curated_features = read_feature_collection(root / config.CURATED_PLACES_FILE)["features"]
    overrides = {str(f["properties"][schema.GAZETTEER_ID]): f["properties"]
                 for f in curated_features if f["geometry"] is None}
    curated = [place_from_feature(f) for f in curated_features if f["geometry"] is not None]
    country = [place_from_feature(f) for f in read_feature_collection(root / config.COUNTRY_FILE)["features"]]
    settlements = country_places(_geonames_places(_admin1_names(governorates, gov_collection), overrides),
                                 root / "gazetteer")
    settlements += area_places(root / "gazetteer")
    added = [place_from_feature(f, curated=False) for f in read_feature_collection(Path(additions_file))["features"]] \
        if changed else []
    known = {normalise_name(name) for place in settlements + curated + governorates + country
             for name in (place.name, *place.alt_names)}
    return Gazetteer(settlements + curated + governorates + country + added + _foreign_places(known))


def admin1_codes(reference_dir: str = str(config.DEFAULT_DATA_DIR)) -> dict[str, str]:
    """GeoNames admin1 codes -> governorate names, for reading a GeoNames dump."""
    collection = read_feature_collection(Path(reference_dir) / config.GOVERNORATES_FILE)
    return {f["properties"]["geonames_admin1"]: f["properties"][schema.ADMIN1] for f in collection["features"]
            if f["properties"].get("geonames_admin1")}
