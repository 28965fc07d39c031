"""Names a user types become safe file names inside their folder; nothing is written anywhere else."""

from __future__ import annotations

from pathlib import Path

import pytest

from geo.errors import InputFileError
from geo.files.safe_names import MAX_NAME_BYTES, path_inside, safe_name


@pytest.mark.parametrize("typed", ["../../../../tmp/x", "/tmp/x", "..", ".", "a/../../b", "..\\..\\windows",
                                   "x\x00y", "\u202egnp.exe", "~/.ssh/config", "C:\\temp\\x", " ", ""])
def test_hostile_names_stay_one_plain_file_name(typed: str, tmp_path: Path) -> None:
    name = safe_name(typed)
    assert name and "/" not in name and "\\" not in name and "\x00" not in name and ".." not in name
    assert not name.startswith(".") and "\u202e" not in name
    target = path_inside(tmp_path, typed, ".json")
    assert target.parent == tmp_path


def test_very_long_names_are_cut_to_a_file_system_safe_length() -> None:
    assert len(safe_name("x" * 10_000).encode()) <= MAX_NAME_BYTES
    assert len(safe_name("سراقب" * 500).encode("utf-8")) <= MAX_NAME_BYTES


def test_arabic_and_accented_names_stay_readable() -> None:
    assert safe_name("حلب الشرقية") == "حلب-الشرقية"
    assert safe_name("Ma'arrat al-Nu'man 2019") == "Ma-arrat-al-Nu-man-2019"
    assert safe_name("Déir ez-Zór") == "Déir-ez-Zór"


def test_device_names_are_not_left_bare() -> None:
    assert safe_name("CON") != "CON" and safe_name("nul") != "nul"


def test_a_symlinked_folder_escape_is_refused(tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    folder = tmp_path / "mappings"
    folder.mkdir()
    (folder / "trap.json").symlink_to(outside / "trap.json")
    with pytest.raises(InputFileError):
        path_inside(folder, "trap", ".json")
