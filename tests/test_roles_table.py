"""Who may do what, as one table: every role against every operation, on the team database (roles enforced in the
library) and on a data folder (no roles: one researcher may do everything, and imports are published at once)."""

from __future__ import annotations

from pathlib import Path

import pytest

from geo import schema
from geo.database import accounts
from geo.database.imports import plan_database_import, save_database_import
from geo.database.records import PostgisStore
from geo.dataset import curate, merging
from geo.dataset.storage import record_store
from geo.errors import NotAllowedError
from geo.imports.plan import commit_import, plan_import
from tests.test_storage_backends import PASSWORD, team_store

ROW = "date,place,type,description\n2019-05-02,Saraqib,airstrike,An invented strike for the roles table\n"
OPERATIONS = {
    "correct a draft": lambda store: curate.edit_incident(store, "ia-0005", {schema.KILLED: "3"}, "w", None),
    "move a draft to review": lambda store: curate.set_status(store, "ia-0006", schema.STATUS_IN_REVIEW, "w", None),
    "correct a published record": lambda store: curate.edit_incident(store, "ia-0003", {schema.KILLED: "9"}, "w",
                                                                      None),
    "publish": lambda store: curate.set_status(store, "ia-0007", schema.STATUS_PUBLISHED, "w", None),
    "unpublish (back to draft)": lambda store: curate.set_status(store, "ia-0008", schema.STATUS_DRAFT, "w", None),
    "retract": lambda store: curate.retract(store, "ia-0009", "a copy", None),
    "merge": lambda store: merging.merge(store, "ia-0010", ["ia-0011"], "one event", None),
}
ALLOWED = {  # role -> the operations it may do; an import is allowed to every role but the viewer
    schema.ROLE_VIEWER: set(),
    schema.ROLE_EDITOR: {"correct a draft", "move a draft to review"},
    schema.ROLE_REVIEWER: set(OPERATIONS), schema.ROLE_ADMIN: set(OPERATIONS),
    "no roles (data folder)": set(OPERATIONS),
}
IMPORTED_AS = {schema.ROLE_VIEWER: None, schema.ROLE_EDITOR: schema.STATUS_IN_REVIEW,
               schema.ROLE_REVIEWER: schema.STATUS_PUBLISHED, schema.ROLE_ADMIN: schema.STATUS_PUBLISHED,
               "no roles (data folder)": schema.STATUS_PUBLISHED}
NAMES = {schema.ROLE_VIEWER: "Vera", schema.ROLE_EDITOR: "Omar", schema.ROLE_REVIEWER: "Rima",
         schema.ROLE_ADMIN: "Ana"}


def _prepared(store) -> None:
    """Records in every starting state the operations need: two drafts, one in review, the rest published."""
    for record_id, status in (("ia-0005", schema.STATUS_DRAFT), ("ia-0006", schema.STATUS_DRAFT),
                              ("ia-0007", schema.STATUS_IN_REVIEW)):
        curate.set_status(store, record_id, status, "set up for the roles table", "Ana")


def _import(role: str, data: Path, url: str | None) -> str | None:
    """Import one row as the role; the status the record landed with (None when refused)."""
    if url is None:
        entry = commit_import(data, plan_import(data, ROW.encode(), "one.csv"), "w", "me")
        return record_store(data).book().get(entry["incident_ids"][0])[schema.STATUS]
    plan, gazetteer = plan_database_import(url, ROW.encode(), "one.csv")
    try:
        entry = save_database_import(url, plan.result.accepted, plan.result.originals, plan.source, gazetteer, "w",
                                     NAMES[role])
    except NotAllowedError:
        return None
    return PostgisStore(url).book().get(entry["incident_ids"][0])[schema.STATUS]


@pytest.mark.parametrize("role", list(ALLOWED))
def test_every_role_against_every_operation(role: str, data_copy: Path, request) -> None:
    if role in NAMES:
        url = request.getfixturevalue("team_database")
        admin = team_store(url, data_copy)
        accounts.add_account(url, "Vera", schema.ROLE_VIEWER, PASSWORD, "Ana")
        accounts.add_account(url, "Rima", schema.ROLE_REVIEWER, PASSWORD, "Ana")
        _prepared(PostgisStore(url, "Ana"))
        acting, books = PostgisStore(url, NAMES[role]), admin
    else:
        url, acting = None, record_store(data_copy)
        _prepared(acting)
        books = acting
    done = set()
    for name, operation in OPERATIONS.items():
        before = books.book().get("ia-0003")
        try:
            operation(acting)
            done.add(name)
        except NotAllowedError as refused:
            assert "may not" in str(refused) and "\n" not in str(refused)
            assert books.book().get("ia-0003") == before
    assert done == ALLOWED[role]
    assert _import(role, data_copy, url) == IMPORTED_AS[role]
