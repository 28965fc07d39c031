"""Reading user-supplied text files safely: size limit, binary check, encoding detection."""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from pathlib import Path

from geo import config
from geo.errors import InputFileError
from geo.files.encodings import decode_bytes

TAG = re.compile(r"<(script|style)\b.*?</\1\s*>|<[^>]+>", re.IGNORECASE | re.DOTALL)


@dataclass(frozen=True)
class TextFile:
    """A decoded text file and the encoding that was used."""

    path: Path
    text: str
    encoding: str


def read_limited_bytes(path: Path, limit: int, what: str = "") -> bytes:
    """The bytes of a file, refusing folders, missing files and files over the limit in one line."""
    if path.is_dir():
        raise InputFileError(f"{path}: is a folder, not a file")
    if not path.is_file():
        raise InputFileError(f"{path}: no such file")
    size = path.stat().st_size
    if size > limit:
        raise InputFileError(f"{path}: {size / 1e6:.1f} MB is over the {limit / 1e6:.0f} MB {what}limit")
    return path.read_bytes()


def document_from_bytes(raw: bytes, name: str, limit: int = config.MAX_DOCUMENT_BYTES) -> TextFile:
    """A document's text from bytes (an upload or a file): size checked, decoded, HTML reduced to its text."""
    if len(raw) > limit:
        raise InputFileError(f"{name}: {len(raw) / 1e6:.1f} MB is over the {limit / 1e6:.0f} MB document limit")
    text, encoding = decode_bytes(raw, name)
    if name.lower().endswith((".html", ".htm")):
        text = html_to_text(text)
    return TextFile(Path(name), text, encoding)


def read_text_file(path: Path, limit: int = config.MAX_DOCUMENT_BYTES) -> TextFile:
    """Read a document file, or raise InputFileError with a one-line reason."""
    document = document_from_bytes(read_limited_bytes(path, limit), str(path), limit)
    return TextFile(path, document.text, document.encoding)


def html_to_text(markup: str) -> str:
    """Visible text of an HTML page: scripts and styles dropped, tags removed, entities decoded."""
    return html.unescape(TAG.sub(" ", markup))
