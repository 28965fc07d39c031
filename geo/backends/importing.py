"""Where imports go, on either backend: plan a file, save rows, preview a plan, read the audit log, take a batch back
or put it back, give a new batch its id, read the gazetteer and the saved column mappings and keep one."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from pathlib import Path

import pandas as pd

from geo import schema
from geo.database.batches import redo_database_batch, undo_database_batch
from geo.database.facilities import database_book
from geo.database.gazetteer_additions import database_gazetteer
from geo.database.imports import database_batch_id, plan_team_import, preview_database_import, save_database_import
from geo.database.mappings import save_team_mapping, team_mappings
from geo.database.overview import audit_entries
from geo.dataset.audit import fresh_batch_id, read_audit
from geo.dataset.roles import Account, imported_status
from geo.dataset.store import redo_batch, save_import, undo_batch
from geo.facilities.book import folder_book
from geo.gazetteer.lookup import Gazetteer, load_gazetteer
from geo.imports.mapping import MAPPINGS_DIR, Mapping, keep_mapping, saved_mappings
from geo.imports.plan import ImportPlan, plan_import, preview_frame
from geo.labels import STATUS_LABELS

Save = Callable[[pd.DataFrame, list[dict], dict, str, str | None, str | None], dict]


@dataclass(frozen=True)
class Importing:
    """Where imports go: plan a file, save rows (with their originals, source and a document's text), preview a
    plan, read the audit log, take a batch back or put it back, give a new batch its id, read the gazetteer, read
    the saved column mappings and save one (under a name; the name it got), record the health-care figures of the
    incidents an import saved (how many got them); the signed-in account (a team's)."""

    plan: Callable[[bytes, str, Mapping | None, bool], ImportPlan]
    save: Save
    preview: Callable[[ImportPlan], tuple]
    entries: Callable[[], list[dict]]
    change: Callable[[str, str, str, str | None], dict]
    fresh_id: Callable[[str], str]
    gazetteer: Callable[[], Gazetteer]
    mappings: Callable[[], dict[str, Mapping]]
    keep_mapping: Callable[[Mapping, str], str]
    health_care: Callable[[pd.DataFrame, list[str], str, str | None], str]
    account: str | None = None
    saved_as: str = ("On this data folder there are no accounts or roles: saved records are published (on the map) "
                     "at once; change a record's review status on the Incidents page.")


def folder_importing(data_dir: Path) -> Importing:
    """Imports into a data folder."""
    def gazetteer() -> Gazetteer:
        """The reference gazetteer and the folder's additions."""
        return load_gazetteer(data_dir=str(data_dir))
    return Importing(partial(plan_import, data_dir),
                     lambda rows, originals, source, why, who, text: save_import(
                         data_dir, rows, originals, source, gazetteer(), why, who, document_text=text),
                     lambda plan: preview_frame(data_dir, plan.result.accepted, plan.source),
                     lambda: read_audit(data_dir),
                     lambda action, batch, why, who: (undo_batch if action == "undo" else redo_batch)(
                         data_dir, batch, why, who),
                     lambda wanted: fresh_batch_id(data_dir, wanted), gazetteer,
                     lambda: saved_mappings(data_dir / MAPPINGS_DIR),
                     lambda mapping, name: keep_mapping(data_dir / MAPPINGS_DIR, mapping, name),
                     lambda rows, ids, why, who: folder_book(data_dir, who).imported_health_care(rows, ids, why))


def team_importing(url: str, signed_in: Account) -> Importing:
    """Imports into the team database, as the signed-in account."""
    account = signed_in.name
    status = imported_status(signed_in)
    saved_as = (f"Saved records are {STATUS_LABELS.get(status, status).lower()}: "
                + ("they go on the map at once." if status == schema.STATUS_PUBLISHED else
                   f"as {account} is an {signed_in.role}, they wait for a reviewer to publish them."))
    return Importing(partial(plan_team_import, url),
                     lambda rows, originals, source, why, who, text: save_database_import(
                         url, rows, originals, source, database_gazetteer(url), why, account, text),
                     lambda plan: preview_database_import(url, plan, database_gazetteer(url)),
                     lambda: audit_entries(url),
                     lambda action, batch, why, who: (undo_database_batch if action == "undo" else
                                                      redo_database_batch)(url, batch, why, account),
                     lambda wanted: database_batch_id(url, wanted), lambda: database_gazetteer(url),
                     lambda: team_mappings(url), lambda mapping, name: save_team_mapping(url, account, mapping, name),
                     lambda rows, ids, why, _who: database_book(url, signed_in).imported_health_care(rows, ids, why),
                     account, saved_as)
