"""Shared fixtures: the project's paths, a throw-away copy of data/, the gazetteer."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from geo.gazetteer.lookup import Gazetteer, load_gazetteer

PROJECT = Path(__file__).resolve().parent.parent
SEEDS = PROJECT.parent / "shared" / "seeds"
DATASETS = PROJECT.parent / "shared" / "datasets"
FIXTURES = Path(__file__).resolve().parent / "data"


@pytest.fixture(scope="session")
def gazetteer() -> Gazetteer:
    """The project's gazetteer, loaded once."""
    return load_gazetteer()


@pytest.fixture()
def data_copy(tmp_path: Path) -> Path:
    """A writable copy of the project's data directory."""
    target = tmp_path / "data"
    shutil.copytree(PROJECT / "data", target)
    return target


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file under a folder, by relative path, as bytes (to prove nothing changed)."""
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture(scope="session")
def postgres_cluster():
    """A throwaway PostgreSQL + PostGIS server for the session, with a template database at the newest schema."""
    from bench.postgres_cluster import NoPostgresError, start_cluster
    from geo.database.connection import engine_for, upgrade

    try:
        cluster = start_cluster()
    except NoPostgresError as missing:  # CI installs both: there, a missing server is a failure, never a skip
        if os.environ.get("CI"):
            pytest.fail(str(missing))
        pytest.skip(str(missing))
    cluster.sql("CREATE DATABASE atlas_template")
    upgrade(cluster.url("atlas_template"))
    engine_for(cluster.url("atlas_template")).dispose()
    yield cluster
    cluster.stop()


@pytest.fixture()
def team_database(postgres_cluster, request) -> str:
    """The URL of a new, empty team database at the newest schema (one per test)."""
    import re

    name = "t_" + re.sub(r"\W", "_", request.node.name.lower())[-40:] + f"_{id(request) % 100000}"
    postgres_cluster.sql(f"CREATE DATABASE {name} TEMPLATE atlas_template")
    return postgres_cluster.url(name)


def personal_token(url: str, name: str) -> str:
    """A personal token for the named account, as an admin issues one: what the command line needs (in ATLAS_TOKEN)
    to act as that account on a team database."""
    from geo.database import accounts, sign_in

    return sign_in.issue_token(url, accounts.find_account(url, name), "personal")
