"""What every page asks of the atlas it shows, whichever backend holds it. A page learns nothing of the backend but
what it declares: `needs_sign_in` (every visitor signs in with a team's account), `search_note` (what its search
cannot do that the other's can, '' when nothing) and `can_change` (whether this visitor may change records)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Protocol

import pandas as pd

from geo.backends.importing import Importing
from geo.dataset.query import FilterChoices, IncidentFilter
from geo.dataset.storage import RecordStore
from geo.exports.tables import Snapshot
from geo.facilities.book import FacilityBook
from geo.facilities.history import FacilityHistory
from geo.facilities.register import Register
from geo.gazetteer.lookup import Gazetteer
from geo.mapview.viewport import Viewport

Pairs = Callable[[int, float], tuple[pd.DataFrame, pd.DataFrame]]


class Backend(Protocol):
    """The atlas a page reads and changes: a data folder or a team database."""

    label: str  # 'data folder' or 'team database', as a page names it
    version: str
    needs_sign_in: bool
    search_note: str
    account_name: str | None  # who changes are made as (None: a folder, where a name is typed with each change)
    can_change: bool
    where: str  # where the data is, as the record forms' caches key it

    def choices(self) -> FilterChoices:
        """The values the sidebar's filters offer."""

    def is_empty(self) -> bool:
        """True when the atlas holds no incident yet."""

    def governorates(self) -> dict:
        """The governorate outlines the map and the placing form draw."""

    def map_parts(self, chosen: IncidentFilter, viewport: Viewport, density: bool) -> tuple:
        """The map's payload for a filter and viewport, the months to play through, and (density) the incidents per
        governorate."""

    def view_records(self, chosen: IncidentFilter, limit: int) -> tuple[int, pd.DataFrame]:
        """How many drawn records the filter keeps, and the first `limit` of them."""

    def search(self, chosen: IncidentFilter, words: str, limit: int) -> tuple[pd.DataFrame, bool]:
        """The first `limit` records the filter keeps that the words find, and whether there are more."""

    def record(self, record_id: str) -> tuple[pd.Series | None, list[str]]:
        """One record in full (a merged id gives the record it went into) and the ids merged into it."""

    def retracted(self) -> pd.DataFrame:
        """The ids no longer on the map, and why."""

    def timeline(self, chosen: IncidentFilter) -> tuple[pd.DataFrame, int, pd.Series, tuple]:
        """The months of the records the filter keeps, how many they are, how many per layer, the data's dates."""

    def sources(self) -> pd.DataFrame:
        """Every source."""

    def document(self, name: str) -> str | None:
        """A registered document's text, or None when it is nowhere to be read."""

    def documents_where(self) -> str:
        """Where documents' texts are read from, in words (a missing folder named as missing)."""

    def places(self) -> pd.DataFrame:
        """Every place's properties, indexed by id."""

    def gazetteer(self) -> Gazetteer:
        """The reference gazetteer and the places this atlas added to it."""

    def unresolved(self) -> pd.DataFrame:
        """The names the documents use as places that the gazetteer lacks."""

    def totals(self) -> pd.DataFrame:
        """The reported totals (context, never map points)."""

    def readme(self) -> Path:
        """The data's own README, shown on the About page."""

    def store(self) -> Path | RecordStore:
        """Where record changes go (a data folder, or the database as the signed-in account)."""

    def pairs(self, chosen: IncidentFilter) -> Pairs:
        """A picklable function of (days, km) giving the duplicate finder's ranked pairs and their records."""

    def importing(self) -> Importing:
        """Where imports go, and as whom."""

    def export_job(self, snapshot: Snapshot, fmt: str) -> tuple[Callable[..., bytes], tuple]:
        """A picklable function and its arguments that make one export's bytes in a worker process."""

    def facility_book(self, who: str | None) -> FacilityBook:
        """The facility register to read and change (as the signed-in account; on a folder, as `who` typed)."""

    def facility_register(self) -> Register:
        """The facility register now."""

    def facility_summary(self, chosen: IncidentFilter, by: str) -> pd.DataFrame:
        """The summary figures of attacks on health care for the filter, one row per group."""

    def facility_history(self, facility_id: str) -> FacilityHistory | None:
        """One facility's strikes, conditions and health workers killed (None when there is no such id)."""

    def facility_points(self, chosen: IncidentFilter) -> pd.DataFrame:
        """The published facilities with a point, their strikes among the records the filter keeps and their
        condition at the end of its date window."""
