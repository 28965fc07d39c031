"""The team database's defences: the sign-in proxy's header trusted only with its secret, stored files that would
leave the folder on `db pull`."""

from __future__ import annotations

from pathlib import Path

import pytest
import sqlalchemy as sa

from geo import schema
from geo.database import accounts, transfer
from geo.database.connection import engine_for
from geo.errors import AtlasError, NotAllowedError
from tests.test_storage_backends import PASSWORD

SECRET = "a proxy secret of some length"


@pytest.fixture()
def proxied(team_database: str, monkeypatch: pytest.MonkeyPatch) -> str:
    """A team database with an admin and a viewer, served behind a sign-in proxy that sends SECRET."""
    accounts.add_account(team_database, "root_admin", schema.ROLE_ADMIN, PASSWORD, None)
    accounts.add_account(team_database, "vera", schema.ROLE_VIEWER, PASSWORD, "root_admin")
    monkeypatch.setenv(accounts.TRUSTED_HEADER_ENV, "X-Forwarded-User")
    monkeypatch.setenv(accounts.PROXY_SECRET_ENV, SECRET)
    return team_database


@pytest.mark.parametrize(("names", "secrets", "refusal"), [
    (["root_admin"], [], "did not come through the team's sign-in proxy"),
    (["root_admin"], ["a guessed secret of some length"], "did not come through"),
    (["root_admin"], [SECRET, SECRET], "did not come through"),
    (["vera", "root_admin"], [SECRET], "came more than once"),
    (["vera, root_admin"], [SECRET], "came more than once"),
    (["nobody"], [SECRET], "named no known account"),
])
def test_a_forged_or_doubled_sign_in_header_is_refused(proxied: str, names: list[str], secrets: list[str],
                                                        refusal: str) -> None:
    with pytest.raises(NotAllowedError, match=refusal):
        accounts.trusted_account(proxied, names, secrets)


def test_the_proxy_with_its_secret_signs_in_the_account_it_names(proxied: str) -> None:
    assert accounts.trusted_account(proxied, ["vera"], [SECRET]).role == schema.ROLE_VIEWER


def test_without_a_secret_the_header_is_never_trusted(proxied: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(accounts.PROXY_SECRET_ENV)
    with pytest.raises(NotAllowedError, match="ATLAS_PROXY_SECRET is not"):
        accounts.trusted_account(proxied, ["root_admin"], [""])


@pytest.mark.parametrize("path", ["../outside.txt", "/tmp/outside.txt", "documents/../../outside.txt",
                                  "documents//x.txt", "documents\\..\\x.txt"])
def test_db_pull_refuses_a_stored_file_whose_path_leaves_the_folder(team_database: str, data_copy: Path,
                                                                    tmp_path: Path, path: str) -> None:
    transfer.push(team_database, data_copy)
    with engine_for(team_database).begin() as connection:
        connection.execute(sa.text("INSERT INTO stored_files (path, content) VALUES (:path, 'x')"), {"path": path})
    target = tmp_path / "pulled" / "inner"
    with pytest.raises(AtlasError, match="path leaves the folder"):
        transfer.pull(team_database, target)
    assert not target.exists() and not (tmp_path / "pulled" / "outside.txt").exists()
    assert not Path("/tmp/outside.txt").exists()
