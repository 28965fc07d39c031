"""A place of the gazetteer and the answer to a look-up."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Place:
    """One place of the gazetteer, with the fields of places.geojson."""

    id: str
    name: str
    kind: str
    country_code: str
    geo_precision: str
    lon: float
    lat: float
    name_ar: str = ""
    admin1: str = ""
    gazetteer_id: str | None = None
    alt_names: tuple[str, ...] = ()
    geometry: dict | None = field(default=None, compare=False, hash=False)
    population: int = 0
    curated: bool = False
    resolved: bool = True
    admin2: str = ""
    admin3: str = ""
    origins: tuple[str, ...] = field(default=(), compare=False, hash=False)

    @property
    def from_open_material(self) -> bool:
        """Known only from the bulk open material (Wikidata, OpenStreetMap, OpenSyria), not GeoNames or curation:
        a name the reader accepts on its own only where the text treats it as a place."""
        return bool(self.origins) and not self.curated and not any(
            origin.startswith(("GeoNames", "curated")) for origin in self.origins)

    @property
    def in_syria(self) -> bool:
        """True for places inside Syria."""
        return self.country_code == "SY"


@dataclass(frozen=True)
class PlaceMatch:
    """The answer to a look-up: the place, how sure we are (0-1), and how it was found."""

    place: Place
    confidence: float
    method: str
