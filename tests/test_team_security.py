"""The team database's defences: the sign-in proxy's header trusted only with its secret, stored files that would
leave the folder on `db pull`, sign-ins slowed down and locked after failures (audited), a bounded number of
password checks at once, and sign-in tokens revoked by sign-out, a role change or disabling."""

from __future__ import annotations

import json
import threading
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
import sqlalchemy as sa

from geo import schema
from geo.cli.main import main
from geo.database import accounts, sign_in, transfer
from geo.database.connection import engine_for
from geo.database.overview import audit_entries
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


def _fail(url: str, name: str, times: int) -> None:
    """Wrong passwords for a name, the wait each one earns waited out (as if time had passed)."""
    for _ in range(times):
        with engine_for(url).begin() as connection:
            connection.execute(sa.text("UPDATE accounts SET last_failed_at = now() - interval '1 day'"))
        with pytest.raises(NotAllowedError, match="^wrong name or password$"):
            sign_in.authenticate(url, name, "not the password")


def test_repeated_failures_slow_down_then_lock_and_an_admin_lifts_the_lock(proxied: str,
                                                                           capsys: pytest.CaptureFixture) -> None:
    _fail(proxied, "vera", sign_in.SLOW_DOWN_AFTER - 1)
    with pytest.raises(NotAllowedError, match="^wrong name or password$"):
        sign_in.authenticate(proxied, "vera", "not the password")
    with pytest.raises(NotAllowedError, match=r"too many failed sign-ins: try again in \d+ s"):
        sign_in.authenticate(proxied, "vera", PASSWORD)  # refused before any password check, right or wrong
    _fail(proxied, "vera", sign_in.LOCK_AFTER - sign_in.SLOW_DOWN_AFTER)
    with pytest.raises(NotAllowedError, match="locked after 10 failed sign-ins"):
        sign_in.authenticate(proxied, "vera", PASSWORD)
    assert main(["--database", proxied, "users", "list"]) == 0
    assert "vera\tviewer\tlocked" in capsys.readouterr().out
    with pytest.raises(NotAllowedError, match="may not manage accounts"):
        sign_in.unlock_account(proxied, "vera", "vera")
    sign_in.unlock_account(proxied, "vera", "root_admin")
    assert sign_in.authenticate(proxied, "vera", PASSWORD).name == "vera"
    logged = audit_entries(proxied, sign_ins=True)
    failed = [e for e in logged if e["action"] == "sign-in failed"]
    assert len(failed) == sign_in.LOCK_AFTER and {e["by"] for e in failed} == {"vera"}
    assert [e["action"] for e in logged if e["action"] != "sign-in failed"] == ["account locked", "account unlocked"]
    assert "not the password" not in json.dumps(logged) and PASSWORD not in json.dumps(logged)
    assert not [e for e in audit_entries(proxied) if e["action"] in sign_in.SIGN_IN_ACTIONS]


def test_an_unknown_name_is_audited_and_answered_like_a_wrong_password(proxied: str) -> None:
    with pytest.raises(NotAllowedError, match="^wrong name or password$"):
        sign_in.authenticate(proxied, "nobody", PASSWORD)
    assert [e["by"] for e in audit_entries(proxied, sign_ins=True) if e["action"] == "sign-in failed"] == ["nobody"]


def test_password_checks_run_a_few_at_a_time(proxied: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """32 sign-ins at once: at most ARGON2_AT_ONCE Argon2 checks (64 MiB each) are ever under way together."""
    running, most, lock = [0], [0], threading.Lock()

    class Counted:
        """The real hasher, counting how many of its checks run at once."""

        def hash(self, password: str) -> str:
            return accounts.HASHER.hash(password)

        def verify(self, stored: str, password: str) -> bool:
            with lock:
                running[0] += 1
                most[0] = max(most[0], running[0])
            try:
                return accounts.HASHER.verify(stored, password)
            finally:
                with lock:
                    running[0] -= 1

    monkeypatch.setattr(sign_in, "HASHER", Counted())
    with ThreadPoolExecutor(32) as pool:
        outcomes = list(pool.map(lambda _: sign_in.authenticate(proxied, "root_admin", PASSWORD).name, range(32)))
    assert outcomes == ["root_admin"] * 32 and most[0] == sign_in.ARGON2_AT_ONCE


def test_a_browser_token_lives_until_sign_out_a_role_change_or_disabling(proxied: str) -> None:
    vera = accounts.find_account(proxied, "vera")
    for revoke in (lambda token: sign_in.revoke_token(proxied, token),
                   lambda token: accounts.set_role(proxied, "vera", schema.ROLE_EDITOR, "root_admin"),
                   lambda token: accounts.disable_account(proxied, "vera", "root_admin")):
        token = sign_in.issue_token(proxied, vera, "browser")
        assert sign_in.token_account(proxied, token, "browser").name == "vera"
        assert sign_in.token_account(proxied, token, "personal") is None
        revoke(token)
        assert sign_in.token_account(proxied, token, "browser") is None
    with engine_for(proxied).connect() as connection:
        stored = connection.execute(sa.text("SELECT token_hash FROM sign_in_tokens")).scalars().all()
    assert stored == [] and sign_in.token_account(proxied, "x" * 500, "browser") is None
