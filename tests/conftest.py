"""Shared fixtures: the project's paths, a throw-away copy of data/, the gazetteer."""

from __future__ import annotations

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
