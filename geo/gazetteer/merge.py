"""One entry per place: the same village from several sources (GeoNames, Wikidata, OpenStreetMap) merged by
distance and name similarity, every spelling and every source's id kept; each entry placed in its governorate,
district and sub-district."""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass, field

import numpy as np
from rapidfuzz import fuzz

from geo.gazetteer.names import is_arabic, name_skeleton, normalise_name

CELL_DEGREES = 0.05
MERGE_KM = {"city": 8.0, "town": 5.0}
VILLAGE_MERGE_KM = 3.0
SIMILAR_NAMES = 88
KIND_ORDER = ("city", "town", "village", "neighbourhood")


@dataclass
class SourceEntry:
    """One place as one source gives it."""

    name: str
    lat: float
    lon: float
    origin: str
    source_id: str = ""
    name_ar: str = ""
    alt_names: tuple[str, ...] = ()
    kind: str = "village"
    population: int = 0
    admin1: str = ""
    admin3_pcode: str = ""


@dataclass
class MergedEntry:
    """Several sources' view of one place, the first source's name and point kept."""

    first: SourceEntry
    names: list[str] = field(default_factory=list)
    origins: list[str] = field(default_factory=list)
    kinds: list[str] = field(default_factory=list)
    name_ar: str = ""
    population: int = 0
    admin1: str = ""
    admin3_pcode: str = ""
    keys: set[str] = field(default_factory=set)
    skeletons: set[str] = field(default_factory=set)

    def add(self, entry: SourceEntry, keys: tuple[set[str], set[str]]) -> None:
        """Take another source's spellings (and their keys), id and the fields this entry still lacks."""
        self.names.extend(name for name in (entry.name, entry.name_ar, *entry.alt_names)
                          if name and name not in self.names)
        self.keys |= keys[0]
        self.skeletons |= keys[1]
        self.origins.append(f"{entry.origin} {entry.source_id}".strip())
        self.kinds.append(entry.kind)
        self.name_ar = self.name_ar or entry.name_ar
        self.population = max(self.population, entry.population)
        self.admin1 = self.admin1 or entry.admin1
        self.admin3_pcode = self.admin3_pcode or entry.admin3_pcode

    @property
    def kind(self) -> str:
        """The largest kind any source gives (a town to one source and a village to another is a town)."""
        return min(self.kinds, key=lambda kind: KIND_ORDER.index(kind) if kind in KIND_ORDER else 9)


def kilometres(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Distance on the sphere, in kilometres (haversine)."""
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    dphi, dlambda = phi2 - phi1, math.radians(lon2 - lon1)
    a = math.sin(dphi / 2) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(dlambda / 2) ** 2
    return 6371.0 * 2 * math.asin(math.sqrt(a))


def _keys(names: list[str] | tuple[str, ...]) -> tuple[set[str], set[str]]:
    """Normalised spellings (Latin and Arabic) and Latin skeletons of a list of names."""
    keys = {normalise_name(name) for name in names if name}
    skeletons = {name_skeleton(name) for name in names if name and not is_arabic(name)}
    return keys - {""}, skeletons - {""}


def names_alike(first: list[str] | tuple[str, ...], second: list[str] | tuple[str, ...]) -> bool:
    """Two lists of spellings name the same place: a shared key or skeleton, or two Latin keys 88% alike."""
    return _keys_alike(_keys(first), _keys(second))


def _keys_alike(first: tuple[set[str], set[str]], second: tuple[set[str], set[str]]) -> bool:
    """Two places' (keys, skeletons) name the same place."""
    keys_a, skeletons_a = first
    keys_b, skeletons_b = second
    if keys_a & keys_b or skeletons_a & skeletons_b:
        return True
    latin_a = [key for key in keys_a if not is_arabic(key) and len(key) >= 5]
    latin_b = [key for key in keys_b if not is_arabic(key) and len(key) >= 5]
    return any(fuzz.ratio(a, b) >= SIMILAR_NAMES for a in latin_a for b in latin_b)


def _cell(lat: float, lon: float) -> tuple[int, int]:
    """The grid cell of a point."""
    return int(lat // CELL_DEGREES), int(lon // CELL_DEGREES)


def merge_entries(entries: list[SourceEntry]) -> list[MergedEntry]:
    """Merge entries in order: each joins the nearest earlier entry close enough with a like name, else starts one."""
    merged: list[MergedEntry] = []
    grid: dict[tuple[int, int], list[int]] = defaultdict(list)
    for entry in entries:
        keys = _keys((entry.name, entry.name_ar, *entry.alt_names))
        reach = max(MERGE_KM.get(entry.kind, VILLAGE_MERGE_KM), 1.0)
        row, column = _cell(entry.lat, entry.lon)
        steps = int(reach / (CELL_DEGREES * 111)) + 1
        near = [(index, kilometres(entry.lat, entry.lon, merged[index].first.lat, merged[index].first.lon))
                for dr in range(-steps, steps + 1) for dc in range(-steps, steps + 1)
                for index in grid.get((row + dr, column + dc), [])]
        near.sort(key=lambda pair: pair[1])
        target = next((index for index, km in near
                       if km <= max(reach, MERGE_KM.get(merged[index].kind, VILLAGE_MERGE_KM))
                       and _keys_alike((merged[index].keys, merged[index].skeletons), keys)), None)
        if target is None:
            merged.append(MergedEntry(entry))
            target = len(merged) - 1
            grid[row, column].append(target)
        merged[target].add(entry, keys)
    return merged


@dataclass(frozen=True)
class Area:
    """A district or sub-district: its P-code, names and centroid."""

    pcode: str
    level: str
    name: str
    admin1: str
    parent_pcode: str
    lat: float
    lon: float


def nearest_areas(points: list[tuple[float, float, str]], areas: list[Area]) -> list[Area | None]:
    """For each (lat, lon, governorate) the sub-district whose centroid is nearest, within that governorate when
    it is known (a centroid is all the material gives: near a border the answer may be the neighbour)."""
    if not areas or not points:
        return [None] * len(points)
    lats = np.radians(np.array([area.lat for area in areas]))
    lons = np.radians(np.array([area.lon for area in areas]))
    governorates = np.array([area.admin1 for area in areas])
    found: list[Area | None] = []
    for lat, lon, admin1 in points:
        phi, lam = math.radians(lat), math.radians(lon)
        distance = (lats - phi) ** 2 + ((lons - lam) * math.cos(phi)) ** 2
        if admin1 and (governorates == admin1).any():
            distance = np.where(governorates == admin1, distance, np.inf)
        found.append(areas[int(np.argmin(distance))])
    return found
