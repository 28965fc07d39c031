"""The atlas of one data folder: its frames read once per data version (shared and read-only: never mutate what
these return), every page's question answered in memory."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache, partial
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd

from geo import config, schema
from geo.backends.importing import Importing, folder_importing
from geo.database.duplicates import folder_pairs
from geo.dataset.history import retracted_list
from geo.dataset.load import load_incidents, load_places, load_sources, load_totals
from geo.dataset.merging import aliases_of, resolve_id
from geo.dataset.query import (
    FilterChoices,
    IncidentFilter,
    date_bounds,
    filter_choices,
    filter_incidents,
    filter_mask,
    month_steps,
    monthly_summary,
    search_incidents,
    search_text,
)
from geo.dataset.store import DOCUMENTS_DIR
from geo.exports.formats import export_folder_view
from geo.exports.tables import Snapshot, dataset_version
from geo.facilities.book import FacilityBook, folder_book
from geo.facilities.history import FacilityHistory, facility_history
from geo.facilities.layer import facility_points
from geo.facilities.register import Register, read_register
from geo.facilities.summary import facility_summary
from geo.gazetteer.lookup import Gazetteer, load_gazetteer
from geo.gazetteer.outlines import governorate_collection
from geo.mapview.viewport import Viewport, view_payload
from geo.reader.source_texts import documents_where, source_document, unresolved_names


@dataclass(frozen=True)
class Atlas:
    """Everything a data folder's pages read: incidents, places, sources, totals, governorate outlines."""

    data_dir: Path
    incidents: gpd.GeoDataFrame
    places: gpd.GeoDataFrame
    sources: pd.DataFrame
    totals: pd.DataFrame
    governorates: dict
    version: str
    register: Register


def load_atlas(data_dir: Path) -> Atlas:
    """Read a data folder's frames."""
    return Atlas(data_dir, load_incidents(data_dir), load_places(data_dir), load_sources(data_dir),
                 load_totals(data_dir), governorate_collection(), dataset_version(data_dir), read_register(data_dir))


def files_stamp(folder: Path) -> tuple:
    """Names, sizes and times of a folder's files, so that a changed file is read again."""
    if not folder.is_dir():
        return ()
    return tuple((p.name, p.stat().st_mtime_ns, p.stat().st_size) for p in sorted(folder.iterdir()) if p.is_file())


_SEARCH_TEXTS: dict[tuple[str, str], pd.Series] = {}
_FACILITY_POINTS: dict[tuple, pd.DataFrame] = {}  # one answer kept: the last map's (shared, never mutated)


@lru_cache(maxsize=8)
def _unresolved(docs_dir: str, data_dir: str, stamp: tuple) -> pd.DataFrame:
    """The documents' unresolved names, read again only when the documents, the data or the additions change."""
    folder = Path(data_dir)
    return unresolved_names(load_sources(folder), load_gazetteer(data_dir=data_dir),
                            lambda document: source_document(Path(docs_dir) if docs_dir else None, document, folder))


class FolderBackend:
    """The pages' questions answered from one data folder, in memory."""

    label, needs_sign_in, search_note, account_name, can_change = "data folder", False, "", None, True

    def __init__(self, atlas: Atlas) -> None:
        self.atlas, self.version, self.where = atlas, atlas.version, str(atlas.data_dir)

    def choices(self) -> FilterChoices:
        return filter_choices(self.atlas.incidents, self.atlas.sources)

    def is_empty(self) -> bool:
        return self.atlas.incidents.empty

    def governorates(self) -> dict:
        return self.atlas.governorates

    def map_parts(self, chosen: IncidentFilter, viewport: Viewport, density: bool) -> tuple:
        atlas = self.atlas
        kept = filter_mask(atlas.incidents, chosen)
        counts = atlas.incidents.loc[kept, schema.PLACE_ADMIN1].value_counts() if density else None
        return (view_payload(atlas.incidents, chosen, viewport, atlas.places, atlas.sources),
                month_steps(atlas.incidents.loc[kept, [schema.START]]), counts)

    def view_records(self, chosen: IncidentFilter, limit: int) -> tuple[int, pd.DataFrame]:
        frame = self.atlas.incidents
        drawn = np.flatnonzero((filter_mask(frame, chosen) & (frame[schema.DRAW_AS] != schema.DRAW_NONE)).to_numpy())
        return len(drawn), frame.iloc[drawn[:limit]]

    def search(self, chosen: IncidentFilter, words: str, limit: int) -> tuple[pd.DataFrame, bool]:
        key = (str(self.atlas.data_dir), self.version)
        text = _SEARCH_TEXTS.get(key)
        if text is None:  # the folded text searched, built once per data version
            text = search_text(self.atlas.incidents, self.atlas.places)
            _SEARCH_TEXTS.clear()
            _SEARCH_TEXTS[key] = text
        found = search_incidents(filter_incidents(self.atlas.incidents, chosen), words, text=text)
        return found.head(limit), len(found) > limit

    def record(self, record_id: str) -> tuple[pd.Series | None, list[str]]:
        incidents = self.atlas.incidents
        found = incidents[incidents[schema.ID] == resolve_id(incidents, record_id)]
        return (found.iloc[0], aliases_of(incidents, found.iloc[0][schema.ID])) if len(found) else (None, [])

    def retracted(self) -> pd.DataFrame:
        return retracted_list(self.atlas.incidents)

    def timeline(self, chosen: IncidentFilter) -> tuple[pd.DataFrame, int, pd.Series, tuple]:
        shown = filter_incidents(self.atlas.incidents, chosen)
        return monthly_summary(shown), len(shown), shown[schema.LAYER].value_counts(), date_bounds(self.atlas.incidents)

    def sources(self) -> pd.DataFrame:
        return self.atlas.sources

    def document(self, name: str) -> str | None:
        return source_document(config.resolve_docs_dir(), name, self.atlas.data_dir)

    def documents_where(self) -> str:
        kept = self.atlas.data_dir / DOCUMENTS_DIR
        none_yet = "" if kept.is_dir() else " (none are kept there yet)"
        return documents_where(f"kept with the data in {kept}{none_yet}")

    def places(self) -> pd.DataFrame:
        return self.atlas.places

    def gazetteer(self) -> Gazetteer:
        return load_gazetteer(data_dir=str(self.atlas.data_dir))

    def unresolved(self) -> pd.DataFrame:
        data_dir, docs = self.atlas.data_dir, config.resolve_docs_dir()
        additions = data_dir / config.GAZETTEER_ADDITIONS_FILE
        stamp = (self.version, files_stamp(docs) if docs else (), files_stamp(data_dir / DOCUMENTS_DIR),
                 additions.stat().st_mtime_ns if additions.is_file() else 0)
        return _unresolved(str(docs or ""), str(data_dir), stamp)

    def totals(self) -> pd.DataFrame:
        return self.atlas.totals

    def readme(self) -> Path:
        return self.atlas.data_dir / "README.md"

    def store(self) -> Path:
        return self.atlas.data_dir

    def pairs(self, chosen: IncidentFilter):
        return partial(folder_pairs, str(self.atlas.data_dir), chosen)

    def importing(self) -> Importing:
        return folder_importing(self.atlas.data_dir)

    def export_job(self, snapshot: Snapshot, fmt: str) -> tuple:
        return export_folder_view, (str(self.atlas.data_dir), snapshot, fmt)

    def facility_book(self, who: str | None) -> FacilityBook:
        return folder_book(self.atlas.data_dir, who)

    def facility_register(self) -> Register:
        return self.atlas.register

    def facility_summary(self, chosen: IncidentFilter, by: str) -> pd.DataFrame:
        return facility_summary(filter_incidents(self.atlas.incidents, chosen), self.atlas.register, by)

    def facility_history(self, facility_id: str) -> FacilityHistory | None:
        return facility_history(self.atlas.register, self.atlas.incidents, facility_id)

    def facility_points(self, chosen: IncidentFilter) -> pd.DataFrame:
        key = (str(self.atlas.data_dir), self.version, chosen)
        if key not in _FACILITY_POINTS:  # the map asks at every rerun: filtered once per data version and filter
            _FACILITY_POINTS.clear()
            _FACILITY_POINTS[key] = self._facility_points(chosen)
        return _FACILITY_POINTS[key]

    def _facility_points(self, chosen: IncidentFilter) -> pd.DataFrame:
        """The facilities the map draws for a filter (only the incidents that struck one are filtered)."""
        struck = self.atlas.incidents[self.atlas.incidents[schema.ID].isin(self.atlas.register.strikes[
            schema.INCIDENT_ID])]
        kept = filter_incidents(struck, chosen)[[schema.ID, schema.DATE_START]]
        places = self.atlas.places
        used = places[places[schema.ID].isin(self.atlas.register.facilities[schema.PLACE_ID])]
        points = used.geometry.representative_point()
        place_points = pd.DataFrame({schema.LAT: points.y.to_numpy(), schema.LON: points.x.to_numpy()},
                                    index=used[schema.ID].to_numpy())
        window_end = chosen.date_to.isoformat() if chosen.date_to else None
        return facility_points(self.atlas.register, kept, place_points, window_end)
