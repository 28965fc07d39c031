"""Which text encoding a file is in, decided on evidence: never a guess that replaces what it cannot read.

UTF-8 (and a byte-order mark) are read as they are. Otherwise each plausible code page decodes the bytes strictly
and the words it gives are judged: a word is plausible when it is all Arabic letters, or Latin letters that are
mostly plain ASCII with a few accented ones. Arabic read as Windows-1252 gives words of accented capitals
('ÇáÞÕíÑ'); German read as Windows-1256 gives words that mix Latin and Arabic ('Gr?ße' with an Arabic letter).
Only one reading may be plausible; when none or several distinct ones are, the file is refused with their names.
"""

from __future__ import annotations

import re
import unicodedata

from geo.errors import InputFileError

BOMS = ((b"\xef\xbb\xbf", "utf-8-sig"), (b"\xff\xfe", "utf-16"), (b"\xfe\xff", "utf-16"))
CODE_PAGES = ("cp1252", "cp1256", "latin-1")
WORD = re.compile(r"[^\W\d_]+")
PLAUSIBLE_SHARE = 0.9
SAMPLE_BYTES = 400_000


def _script(character: str) -> str:
    """'arabic', 'ascii', 'latin' (accented) or 'other' for a letter."""
    if character.isascii():
        return "ascii"
    name = unicodedata.name(character, "")
    return "arabic" if name.startswith("ARABIC") else "latin" if name.startswith("LATIN") else "other"


def _word_is_plausible(word: str) -> bool:
    """All Arabic letters, or Latin letters with at least one plain one (very short words pass)."""
    scripts = [_script(c) for c in word]
    if all(s == "arabic" for s in scripts):
        return True
    return set(scripts) <= {"ascii", "latin"} and ("ascii" in scripts or len(word) <= 2)


def plausibility(text: str) -> float:
    """Share of the words with a non-ASCII letter that look like real words (1.0 when there are none)."""
    if any("\x80" <= c <= "\x9f" for c in text):
        return 0.0
    words = [w for w in WORD.findall(text) if not w.isascii()]
    return sum(_word_is_plausible(w) for w in words) / len(words) if words else 1.0


def _utf16_without_bom(raw: bytes) -> tuple[str, str] | None:
    """(text, encoding) when the bytes read as plausible UTF-16 text without a byte-order mark, else None."""
    sample = raw[:4096]
    for encoding, high in (("utf-16-le", sample[1::2]), ("utf-16-be", sample[0::2])):
        if len(sample) < 4 or len(raw) % 2 or max(high.count(b) for b in set(high)) < len(high) / 2:
            continue
        try:
            text = raw.decode(encoding)
        except UnicodeDecodeError:
            continue
        printable = sum(c.isprintable() or c.isspace() for c in text[:2048]) / max(1, len(text[:2048]))
        if printable > 0.95 and plausibility(text[:SAMPLE_BYTES]) >= PLAUSIBLE_SHARE:
            return text, encoding
    return None


def _readings(raw: bytes) -> dict[str, str]:
    """Each code page's strict reading of the bytes (a code page that cannot read them gives none)."""
    readings = {}
    for encoding in CODE_PAGES:
        try:
            readings[encoding] = raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    return readings


def decode_bytes(raw: bytes, name: str = "input") -> tuple[str, str]:
    """The text of the bytes and the encoding used, or InputFileError naming what fits (never replacements)."""
    if not raw.strip():
        raise InputFileError(f"{name}: the file is empty")
    for bom, encoding in BOMS:
        if raw.startswith(bom):
            return raw.decode(encoding), encoding
    wide = _utf16_without_bom(raw)
    if wide:
        return wide
    if b"\x00" in raw[:4096]:
        raise InputFileError(f"{name}: this looks like a binary file, not text")
    try:
        return raw.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    readings = _readings(raw)
    plausible = [enc for enc, text in readings.items() if plausibility(text[:SAMPLE_BYTES]) >= PLAUSIBLE_SHARE]
    distinct = {readings[enc]: enc for enc in reversed(plausible)}
    if len(distinct) == 1:
        return next(iter(distinct.items()))
    fits = ", ".join(plausible) or "none of " + ", ".join(CODE_PAGES)
    raise InputFileError(f"{name}: not UTF-8, and the encoding cannot be told for sure ({fits} would fit); "
                         "save it as UTF-8 and try again")
