"""The atlas of a team database: every page's question answered in SQL (no copy of the dataset in this process),
each answer kept under the dataset's version (shared and read-only: never mutate what these return), every change
made as the signed-in account."""

from __future__ import annotations

from functools import lru_cache, partial
from pathlib import Path

import pandas as pd

from geo import config, schema
from geo.backends.importing import Importing, team_importing
from geo.database.duplicates import team_pairs
from geo.database.facilities import (
    database_book,
    facility_place_points,
    incidents_of,
    read_register,
    struck_in_view,
    summary_in_database,
)
from geo.database.gazetteer_additions import database_gazetteer
from geo.database.lookup import (
    all_places,
    record_in_full,
    retracted_now,
    search_records,
    sources_now,
    stored_document,
    totals_now,
)
from geo.database.mapview import database_view_payload, view_records
from geo.database.overview import filter_choices, governorate_counts, month_steps
from geo.database.records import PostgisStore
from geo.database.timeline import monthly_summary
from geo.dataset.query import FilterChoices, IncidentFilter
from geo.dataset.roles import EDIT, PERMISSIONS, Account
from geo.exports.formats import export_team_view
from geo.exports.tables import Snapshot
from geo.facilities.book import FacilityBook
from geo.facilities.history import FacilityHistory, facility_history
from geo.facilities.layer import facility_points
from geo.facilities.register import Register
from geo.gazetteer.lookup import Gazetteer
from geo.gazetteer.outlines import governorate_collection
from geo.mapview.viewport import Viewport
from geo.reader.source_texts import documents_where, source_document, unresolved_names

TABLES = {"sources": sources_now, "places": all_places, "totals": totals_now, "retracted": retracted_now,
          "register": read_register, "facility places": facility_place_points}


@lru_cache(maxsize=32)
def _answer(url: str, version: str, question: str, *arguments) -> object:
    """One question put to the database, answered once per dataset version and arguments."""
    if question in TABLES:
        return TABLES[question](url)
    if question == "unresolved":
        return unresolved_names(sources_now(url), database_gazetteer(url), partial(_document, url))
    asked = {"choices": filter_choices, "records": view_records, "search": search_records, "record": record_in_full,
             "monthly": monthly_summary, "facility summary": summary_in_database,
             "struck in view": struck_in_view}[question]
    return asked(url, *arguments)


@lru_cache(maxsize=16)
def _document(url: str, document: str) -> str | None:
    """Kept in the database (read on the Import page, pushed from a folder), else in $ATLAS_DOCS_DIR."""
    return stored_document(url, document) or source_document(config.resolve_docs_dir(), document)


class TeamBackend:
    """The pages' questions answered from the team database, as the signed-in account."""

    label, needs_sign_in = "team database", True
    search_note = ("Each word is matched as written, in every spelling of a place; the data folder's search also "
                   "folds accents and apostrophes ('Maarrat' finds 'Ma'arrat').")

    def __init__(self, url: str, version: str, account: Account) -> None:
        self.url, self.version, self.account, self.where = url, version, account, url
        self.account_name = account.name
        self.can_change = EDIT in PERMISSIONS.get(account.role, frozenset()) and not account.disabled

    def _ask(self, question: str, *arguments) -> object:
        return _answer(self.url, self.version, question, *arguments)

    def choices(self) -> FilterChoices:
        return self._ask("choices")

    def is_empty(self) -> bool:
        return not self.choices().dated

    def governorates(self) -> dict:
        return governorate_collection()

    def map_parts(self, chosen: IncidentFilter, viewport: Viewport, density: bool) -> tuple:
        counts = governorate_counts(self.url, chosen) if density else None
        return database_view_payload(self.url, chosen, viewport), month_steps(self.url, chosen), counts

    def view_records(self, chosen: IncidentFilter, limit: int) -> tuple[int, pd.DataFrame]:
        total, frame = self._ask("records", chosen, limit)
        return total, pd.DataFrame(frame.drop(columns="geometry"))

    def search(self, chosen: IncidentFilter, words: str, limit: int) -> tuple[pd.DataFrame, bool]:
        found, more = self._ask("search", chosen, words, limit)
        return pd.DataFrame(found.drop(columns="geometry")), more

    def record(self, record_id: str) -> tuple[pd.Series | None, list[str]]:
        return self._ask("record", record_id)

    def retracted(self) -> pd.DataFrame:
        return self._ask("retracted")

    def timeline(self, chosen: IncidentFilter) -> tuple[pd.DataFrame, int, pd.Series, tuple]:
        summary, choices = self._ask("monthly", chosen), self.choices()
        by_layer = summary.groupby(schema.LAYER)["incidents"].sum().round() if len(summary) else summary["incidents"]
        total = int(round(summary["incidents"].sum())) if len(summary) else 0
        return summary, total, by_layer, (choices.first, choices.last)

    def sources(self) -> pd.DataFrame:
        return self._ask("sources")

    def document(self, name: str) -> str | None:
        return _document(self.url, name)

    def documents_where(self) -> str:
        return documents_where("kept in the team database")

    def places(self) -> pd.DataFrame:
        return self._ask("places")

    def gazetteer(self) -> Gazetteer:
        return database_gazetteer(self.url)

    def unresolved(self) -> pd.DataFrame:
        return self._ask("unresolved")

    def totals(self) -> pd.DataFrame:
        return self._ask("totals")

    def readme(self) -> Path:
        return config.DEFAULT_DATA_DIR / "README.md"

    def store(self) -> PostgisStore:
        return PostgisStore(self.url, self.account.name)

    def pairs(self, chosen: IncidentFilter):
        return partial(team_pairs, self.url, chosen)

    def importing(self) -> Importing:
        return team_importing(self.url, self.account)

    def export_job(self, snapshot: Snapshot, fmt: str) -> tuple:
        return export_team_view, (self.url, snapshot, fmt)

    def facility_book(self, who: str | None) -> FacilityBook:
        return database_book(self.url, self.account)

    def facility_register(self) -> Register:
        return self._ask("register")

    def facility_summary(self, chosen: IncidentFilter, by: str) -> pd.DataFrame:
        return self._ask("facility summary", chosen, by)

    def facility_history(self, facility_id: str) -> FacilityHistory | None:
        register = self.facility_register()
        return facility_history(register, incidents_of(self.url, list(register.strikes[schema.INCIDENT_ID])),
                                facility_id)

    def facility_points(self, chosen: IncidentFilter) -> pd.DataFrame:
        window_end = chosen.date_to.isoformat() if chosen.date_to else None
        return facility_points(self.facility_register(), self._ask("struck in view", chosen),
                               self._ask("facility places"), window_end)
