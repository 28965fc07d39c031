"""Reading user-supplied text files safely: size limit, binary check, encoding detection."""

from __future__ import annotations

import html
import re
import unicodedata
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from geo import config
from geo.errors import InputFileError
from geo.files.encodings import decode_bytes

HIDDEN_ELEMENTS = ("script", "style")
LINE_BREAK = re.compile(r"\r\n?|[\x0b\x0c\x1c-\x1e\x85\u2028\u2029]")
HORIZONTAL_SPACE = re.compile(r"[^\S\n ][^\S\n]*| [^\S\n]+")  # not a lone space: a callback per word costs memory
SPACE_BEFORE_BREAK = re.compile(r"[^\S\n]{1,2}\n")
BLANK_LINES = re.compile(r"\n{3,}")


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
    return TextFile(Path(name), prepared_text(text), encoding)


def read_text_file(path: Path, limit: int = config.MAX_DOCUMENT_BYTES) -> TextFile:
    """Read a document file, or raise InputFileError with a one-line reason."""
    document = document_from_bytes(read_limited_bytes(path, limit), str(path), limit)
    return TextFile(path, document.text, document.encoding)


def html_to_text(markup: str) -> str:
    """Visible text of an HTML page: scripts and styles dropped, tags removed, entities decoded (one pass)."""
    parts, at = [], 0
    while (opening := markup.find("<", at)) >= 0:
        closing = markup.find(">", opening + 1)
        if closing < 0:
            break
        parts += [markup[at:opening], " "]
        at = closing + 1
        name = re.match(r"[a-z]*", markup[opening + 1:opening + 8].lower()).group()
        if name in HIDDEN_ELEMENTS:
            end = re.compile(rf"</{name}", re.IGNORECASE).search(markup, at)
            after = markup.find(">", end.end()) if end else -1
            at = after + 1 if after >= 0 else len(markup)
    parts.append(markup[at:])
    return html.unescape("".join(parts))


@cache
def _invisible_format_characters() -> re.Pattern:
    """Every character of Unicode's 'format' category: joiners, direction marks and overrides, soft hyphens."""
    planes = (*range(0x20000), *range(0xE0000, 0xE0080))  # no other plane has a format character
    hidden = "".join(re.escape(chr(point)) for point in planes if unicodedata.category(chr(point)) == "Cf")
    return re.compile(f"[{hidden}]+")


def _one_space(run: re.Match) -> str:
    """A run of spaces and tabs as one tab (a cell break), two spaces (a column gap) or one space."""
    found = run.group()
    return "\t" if "\t" in found else "  " if len(found) > 1 else " "


def prepared_text(text: str) -> str:
    """A text as the reader reads it: invisible format characters folded away ('Al\u200deppo' is Aleppo), line
    breaks made '\n', runs of spaces cut to two, trailing spaces dropped and blank lines cut to one (so that no
    pattern ever walks a long run of white space; idempotent)."""
    text = _invisible_format_characters().sub("", text)
    text = HORIZONTAL_SPACE.sub(_one_space, LINE_BREAK.sub("\n", text))
    return BLANK_LINES.sub("\n\n", SPACE_BEFORE_BREAK.sub("\n", text))
