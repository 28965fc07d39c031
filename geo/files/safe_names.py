"""Names a user types that become file names: reduced to a safe name that can only land inside its folder."""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

from geo.errors import InputFileError

MAX_NAME_CHARACTERS = 80
MAX_NAME_BYTES = 200
RESERVED = re.compile(r"^(con|prn|aux|nul|com\d|lpt\d)$", re.IGNORECASE)


def _kept(character: str) -> str:
    """A character as kept in a name: letters, marks and digits of any script, '-', '_', '.'; else '-'."""
    if character.isalnum() or character in "-_." or unicodedata.category(character).startswith("M"):
        return character
    return "-"


def safe_name(text: str, fallback: str = "unnamed") -> str:
    """A file-name stem from text: letters of any script (Arabic stays readable), digits, '-', '_', '.'.

    Path separators, '..', NUL and other control or direction marks, leading dots and reserved device names
    cannot survive; the result is at most 80 characters and 200 bytes, and never empty.
    """
    name = "".join(_kept(c) for c in unicodedata.normalize("NFC", str(text or "").strip()))
    name = re.sub(r"\.{2,}", ".", re.sub(r"-{2,}", "-", name)).strip(".-_")[:MAX_NAME_CHARACTERS]
    while len(name.encode("utf-8")) > MAX_NAME_BYTES:
        name = name[:-1]
    name = name.strip(".-_")
    if RESERVED.match(name):
        name = f"{name}-file"
    return name or fallback


def path_inside(folder: Path, name: str, suffix: str = "") -> Path:
    """folder / (safe name + suffix), checked to resolve inside folder (raises InputFileError otherwise)."""
    target = folder / f"{safe_name(name)}{suffix}"
    if not target.resolve().is_relative_to(folder.resolve()):
        raise InputFileError(f"{name!r}: not a name that stays inside {folder}; use letters, digits and '-'")
    return target


def relative_path_inside(folder: Path, relative: str) -> Path:
    """folder / relative (a stored file's path, '/'-separated), refused (InputFileError) unless it is a plain
    relative path that stays inside folder: no absolute path, no '..', no empty part, no backslash."""
    parts = str(relative).split("/")
    if not relative or "\\" in relative or relative.startswith("/") or any(p in ("", ".", "..") for p in parts):
        raise InputFileError(f"{relative!r}: not a path that stays inside {folder}")
    target = folder.joinpath(*parts)
    if not target.resolve().is_relative_to(folder.resolve()):
        raise InputFileError(f"{relative!r}: not a path that stays inside {folder}")
    return target
