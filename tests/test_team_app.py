"""The app on a team database (AppTest): a visitor signs in, sees who they are, and the map comes from the database."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from geo import schema
from geo.database import accounts
from geo.escape import markdown_text
from tests.test_app import APP, map_ids
from tests.test_storage_backends import PASSWORD, team_store


@pytest.fixture()
def team_app(team_database: str, data_copy: Path, monkeypatch: pytest.MonkeyPatch) -> AppTest:
    """The app pointed at a team database holding data/ (Ana an admin, Omar an editor), not yet signed in."""
    team_store(team_database, data_copy)
    monkeypatch.setenv("ATLAS_DATABASE_URL", team_database)
    monkeypatch.setenv("ATLAS_DATA_DIR", str(data_copy / "not-used"))
    return AppTest.from_file(APP, default_timeout=90).run()


def sign_in(app: AppTest, name: str, password: str) -> AppTest:
    """Fill and send the sign-in form."""
    app.text_input[0].set_value(name)
    app.text_input[1].set_value(password)
    return app.button[0].click().run()


def test_nothing_is_shown_before_signing_in_and_a_wrong_password_is_one_line(team_app: AppTest) -> None:
    assert not team_app.exception and [b.label for b in team_app.button] == ["Sign in"]
    assert not team_app.get("component_instance")
    sign_in(team_app, "Ana", "not the password")
    assert [e.value for e in team_app.error] == ["wrong name or password"]
    assert not team_app.get("component_instance")


def test_a_signed_in_visitor_sees_who_they_are_and_the_map_from_the_database(team_app: AppTest) -> None:
    sign_in(team_app, "Omar", PASSWORD)
    assert not team_app.exception
    assert any(markdown_text("Signed in as Omar (editor)") == m.value for m in team_app.sidebar.markdown)
    assert len(map_ids(team_app)) == 24
    team_app.sidebar.multiselect(key="w_types").set_value(["chemical_attack"]).run()
    assert sorted(map_ids(team_app)) == ["ia-0012", "ia-0021"]
    assert any("In view" in s.value for s in team_app.subheader)


def test_a_disabled_account_is_signed_out_at_its_next_step(team_app: AppTest, team_database: str) -> None:
    sign_in(team_app, "Omar", PASSWORD)
    accounts.disable_account(team_database, "Omar", "Ana")
    team_app.run()
    assert [b.label for b in team_app.button] == ["Sign in"] and not team_app.get("component_instance")


def test_a_database_without_the_schema_is_one_line(postgres_cluster, monkeypatch: pytest.MonkeyPatch) -> None:
    postgres_cluster.sql("CREATE DATABASE app_never_initialised")
    monkeypatch.setenv("ATLAS_DATABASE_URL", postgres_cluster.url("app_never_initialised"))
    app = AppTest.from_file(APP, default_timeout=60).run()
    assert not app.exception and "db init" in app.error[0].value and schema.ROLE_ADMIN not in app.error[0].value
