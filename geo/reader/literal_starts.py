"""Where a long alternation can begin: the literal text each of its branches starts with, found by plain substring
search, so that the pattern is tried only at those places instead of at every character. Python's engine has no
such prefilter for an alternation whose branches begin with a word boundary, and the incident words are asked of
every clause of a document."""

from __future__ import annotations

import re
from re import _parser as parser  # Python's own reading of a pattern (the project runs on Python 3.11)

# The only characters outside ASCII that IGNORECASE matches to ASCII letters (dotted and dotless i, long s, the
# Kelvin sign); a text holding one is searched the plain way (tests/test_reader_general.py checks the list).
FOLDS_TO_ASCII = "\u0130\u0131\u017f\u212a"
ZERO_WIDTH = (parser.AT, parser.ASSERT, parser.ASSERT_NOT)


def _starts(items: list) -> set[str] | None:
    """The literal prefixes every match of a parsed pattern begins with, or None when some match may begin
    otherwise (a character class, a repeat, anything but literals after zero-width boundaries)."""
    prefix = ""
    for op, argument in items:
        if op in ZERO_WIDTH and not prefix:  # a boundary or a look-around checks, and takes no character
            continue
        if op is parser.LITERAL:
            prefix += chr(argument)
            continue
        if prefix:
            return {prefix}
        if op is parser.SUBPATTERN:
            return _starts(list(argument[3]))
        if op is parser.BRANCH:
            found = [_starts(list(branch)) for branch in argument[1]]
            return None if any(f is None for f in found) else set().union(*found)
        return None
    return {prefix} if prefix else None


def literal_starts(pattern: re.Pattern) -> tuple[str, ...] | None:
    """The lower-case ASCII prefixes that every match of the pattern begins with (none the start of another), or
    None when there are none."""
    found = _starts(list(parser.parse(pattern.pattern, pattern.flags)))
    if found is None or not all(start.isascii() for start in found):
        return None
    lowered = sorted({start.lower() for start in found})
    return tuple(start for start in lowered if not any(start.startswith(other) for other in lowered
                                                       if other != start))  # 'air' finds 'air force' too


def _alternation(words: list[str]) -> str:
    """Words none of which starts another, as one pattern that branches letter by letter (a trie)."""
    if words == [""]:
        return ""
    groups: dict[str, list[str]] = {}
    for word in sorted(words):
        groups.setdefault(word[0], []).append(word[1:])
    parts = [re.escape(first) + _alternation(rest) for first, rest in groups.items()]
    return parts[0] if len(parts) == 1 else "(?:" + "|".join(parts) + ")"


def starts_finder(pattern: re.Pattern) -> re.Pattern | None:
    """A pattern finding, in lower-cased text, every place where the given pattern could begin (overlapping), or
    None when it could begin anywhere."""
    starts = literal_starts(pattern)
    return re.compile(f"(?=({_alternation(list(starts))}))") if starts else None


def first_match_start(pattern: re.Pattern, finder: re.Pattern | None, text: str) -> int:
    """Where the pattern's leftmost match in the text begins, or -1: the answer pattern.search gives, found by
    trying the pattern only where `finder` says it could begin, in text order, stopping at the first match."""
    if finder is None or any(character in text for character in FOLDS_TO_ASCII):
        found = pattern.search(text)
        return found.start() if found else -1
    places = (found.start() for found in finder.finditer(text.lower()))
    return next((at for at in places if pattern.match(text, at)), -1)
