"""Reading user-supplied text files safely: size limit, binary check, encoding detection."""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from pathlib import Path

from charset_normalizer import from_bytes

from geo import config
from geo.errors import InputFileError

BOMS = ((b"\xef\xbb\xbf", "utf-8-sig"), (b"\xff\xfe", "utf-16"), (b"\xfe\xff", "utf-16"))
TAG = re.compile(r"<(script|style)\b.*?</\1\s*>|<[^>]+>", re.IGNORECASE | re.DOTALL)


@dataclass(frozen=True)
class TextFile:
    """A decoded text file and the encoding that was used."""

    path: Path
    text: str
    encoding: str


def decode_bytes(raw: bytes, name: str = "input") -> tuple[str, str]:
    """Decode bytes: a BOM, else UTF-8, else a detected encoding (Windows-1256 for Arabic); name it."""
    if not raw.strip():
        raise InputFileError(f"{name}: the file is empty")
    for bom, encoding in BOMS:
        if raw.startswith(bom):
            return raw.decode(encoding), encoding
    if b"\x00" in raw[:4096]:
        raise InputFileError(f"{name}: this looks like a binary file, not text")
    try:
        return raw.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    best = from_bytes(raw[:200_000]).best()
    if best is None or best.encoding is None:
        raise InputFileError(f"{name}: cannot tell the text encoding; save it as UTF-8")
    encoding = "cp1256" if _looks_arabic_cp1256(raw) else best.encoding
    return raw.decode(encoding, errors="replace"), encoding


def _looks_arabic_cp1256(raw: bytes) -> bool:
    """Windows-1256 Arabic: most high bytes fall in its Arabic letter range."""
    high = [b for b in raw[:20_000] if b >= 0x80]
    return bool(high) and sum(0xC1 <= b <= 0xFE for b in high) / len(high) > 0.8


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
