"""Facility kinds and the words that name them: 'the field hospital in X', 'Al-Quds hospital', 'a bakery'."""

from __future__ import annotations

import bisect
import re
from functools import lru_cache
from typing import NamedTuple

from geo.reader.literal_starts import literal_starts

# Each kind with the words that name it, most specific first (a field hospital before a hospital).
KIND_WORDS = {
    "field_hospital": r"(?:field|cave|underground|makeshift|mobile) hospitals?",
    "primary_care_centre": r"(?:primary (?:health )?care|health|medical) (?:cent(?:re|er)s?|points?|posts?)"
                           r"|dispensar(?:y|ies)",
    "blood_bank": r"blood banks?",
    "ambulance_point": r"ambulance (?:points?|cent(?:re|er)s?|stations?|posts?|depots?)",
    "civil_defence_centre": r"civil[ -]defen[cs]e (?:cent(?:re|er)s?|points?|posts?|stations?|buildings?|offices?"
                            r"|headquarters|base)|white helmets? (?:cent(?:re|er)s?|points?|base)",
    "clinic": r"clinics?",
    "hospital": r"hospitals?",
    "school": r"schools?|kindergartens?|universit(?:y|ies)",
    "market": r"market(?:place)?s?|souqs?|bazaars?",
    "bakery": r"baker(?:y|ies)|bread ovens?",
    "water_station": r"water (?:stations?|plants?|works|pumping stations?|treatment plants?)|pumping stations?",
    "camp": r"(?:displacement|displaced|IDP|refugee|tent) camps?|camps? for (?:the )?displaced|tent settlements?",
    "place_of_worship": r"mosques?|church(?:es)?",
    "shelter": r"(?:basement|air[- ]raid|bomb) shelters?",
    "other": r"poultry farms?|(?:petrol|fuel|gas) stations?|media cent(?:re|er)s?|police (?:stations?|buildings?)",
}
FACILITY_KINDS = tuple(KIND_WORDS)
KIND_LABELS = {"field_hospital": "field or cave hospital", "primary_care_centre": "primary care centre",
               "blood_bank": "blood bank", "ambulance_point": "ambulance point",
               "civil_defence_centre": "civil defence centre", "clinic": "clinic", "hospital": "hospital",
               "school": "school", "market": "market", "bakery": "bakery", "water_station": "water station",
               "camp": "camp for displaced people", "place_of_worship": "place of worship", "shelter": "shelter",
               "other": "other civilian building"}
HEALTH_KINDS = ("field_hospital", "primary_care_centre", "blood_bank", "ambulance_point", "clinic", "hospital")

# Every letter a kind word can start with, read from the words themselves (a kind word added later is never missed).
FIRST_LETTERS = "".join(sorted({start[0] for start in literal_starts(re.compile(
    "|".join(f"(?:{words})" for words in KIND_WORDS.values()), re.IGNORECASE)) or ()}))
# One word boundary, then the first letters any kind word can start with, then the kinds: five times faster than
# trying every kind at every character.
KIND_PATTERN = re.compile(rf"\b(?=[{FIRST_LETTERS}])(?:"
                          + "|".join(rf"(?P<{kind}>(?:{words})\b)" for kind, words in KIND_WORDS.items()) + ")",
                          re.IGNORECASE)
# A proper name written before the kind word: one to three capitalised words, 'al-' particles between them.
NAME_WORD = r"(?:(?:[Aa]l|[Ee]l)[-‑ ])?[A-Z][\w'’]*(?:-[\w'’]+)?"
NAME_BEFORE = re.compile(rf"(?P<proper>{NAME_WORD}(?:[ \t]+(?:(?:al|el)[-‑ ])?{NAME_WORD}){{0,2}})[ \t]+$")
NOT_NAMES = frozenset({"the", "a", "an", "every", "one", "its", "his", "her", "their", "our", "this", "that", "main",
                       "primary", "three", "two", "four", "another", "local", "public", "last", "only", "same",
                       "several", "partner", "member", "central", "village", "town", "city", "nearby", "private",
                       "on", "at", "in", "near", "of", "and", "by", "hit", "struck", "when", "where", "after",
                       "five", "six", "seven", "eight", "nine", "ten", "many", "some", "unspecified", "unnamed",
                       "unidentified", "ingo", "ngo", "ingo-supported", "ngo-supported", "un-supported", "children's",
                       "childrens", "children’s", "women's", "women’s", "womens", "maternity", "surgical",
                       "specialised", "specialized", "general", "military", "health", "syrian", "field", "mobile"})
NAME_SPAN = 40  # characters looked at before a kind word for its name


class FacilityMention(NamedTuple):
    """A facility a text names: its kind, its proper name ('' when unnamed) and the span of the words."""

    kind: str
    name: str
    what: str
    start: int
    end: int

    def label(self) -> str:
        """The facility as a person would write it: 'Al-Quds hospital', 'field hospital'."""
        return f"{self.name} {self.what}" if self.name else self.what


def kind_of(text: str) -> str:
    """The kind of facility a phrase names ('the field hospital of X' -> 'field_hospital'), or ''."""
    found = KIND_PATTERN.search(str(text or ""))
    return found.lastgroup if found else ""


def _name_before(text: str, start: int) -> tuple[str, int]:
    """The proper name written just before a kind word and where it starts, or ('', start); words that only
    describe ('the', 'INGO-supported', 'Surgical') are not part of it."""
    window = max(0, start - NAME_SPAN)
    found = NAME_BEFORE.search(text[window:start])
    if not found:
        return "", start
    words = list(re.finditer(r"\S+", found.group("proper")))
    while words and words[0].group(0).lower() in NOT_NAMES:
        words = words[1:]
    while words and words[-1].group(0).lower() in NOT_NAMES:  # 'Al-Amal Surgical hospital': the name is Al-Amal
        words = words[:-1]
    if not words:
        return "", start
    return " ".join(w.group(0) for w in words), window + found.start("proper") + words[0].start()


def facility_mentions(text: str) -> list[FacilityMention]:
    """Every facility a text names, in order, with the proper name written before its kind word."""
    mentions = []
    for found in KIND_PATTERN.finditer(text):
        name, start = _name_before(text, found.start())
        mentions.append(FacilityMention(found.lastgroup, name, found.group(0), start, found.end()))
    return mentions

# A facility that receives the wounded, reports the toll or is where someone works is not the one struck: 'taken
# to the hospital in X', 'according to the village medical point', 'doctors at the health centre said'.
RECEIVING_BEFORE = re.compile(r"(?:\b(?:taken|carried|rushed|moved|transferred|evacuated|brought|admitted|referred)"
                              r"\s+(?:them\s+|him\s+|her\s+)?(?:in)?to|\baccording\s+to|\btreated\s+(?:at|in)"
                              r"|\b(?:doctors|surgeons|staff|nurses|workers|officials|director|sources)\s+(?:at|of|in)"
                              r"|\bwork(?:s|ed|ing)?\s+(?:as\s+an?\s+\w+\s+)?(?:in|at|from)"
                              r"|\bsupplies\s+to|\bsupplying)\s+(?:the\s+|a\s+|an\s+|its\s+|their\s+)?[\w'’ -]{0,30}$",
                              re.IGNORECASE)
REPORTING_AFTER = re.compile(r"^[^.;:\n]{0,40}?\b(?:said|says|told|reported|recorded|counted|confirmed)\b",
                             re.IGNORECASE)
# 'the hospital' or 'the facility' after a named one refers back to it.
REFERENCE = re.compile(r"\b(?:the|this|that)\s+(?:same\s+)?(?:facility|hospital|clinic|centre|center|school|market)\b",
                       re.IGNORECASE)
LOOK_BEHIND = 60
# 'schools', 'bakeries', 'churches'; not 'headquarters' or 'works'
PLURAL = re.compile(r"(?<![su])(?<!headquarter)(?<!work)s$|ies$|ches$")
COUNTED = re.compile(r"\b(?:two|three|four|five|six|seven|eight|nine|ten|\d+)\s+(?:[\w-]+\s+)?$", re.IGNORECASE)
REFERS_BACK = 1500  # characters a definite 'the hospital' may look back for the facility it names


def _struck(passage: str, mention: FacilityMention) -> bool:
    """Whether a facility mention is one a passage says was hit (not one that received, reported or employed)."""
    if mention.kind == "other" and mention.what[:1].isupper():
        return False  # 'the Aleppo Media Centre': an outlet, a source
    if not mention.name and PLURAL.search(mention.what) and not COUNTED.search(passage[:mention.start]):
        return False  # 'hitting markets, schools and homes': kinds of target, not one facility
    before = passage[max(0, mention.start - LOOK_BEHIND):mention.start]
    return not RECEIVING_BEFORE.search(before) and not REPORTING_AFTER.match(passage[mention.end:mention.end + 60])


@lru_cache(maxsize=1)  # the document being read (held until the next one, as a candidate's text is)
def _named_in(text: str) -> tuple[list[int], list[FacilityMention]]:
    """The named facilities of a whole text and their starts, found once per text (each candidate of a document
    looks back in the same text; looking again each time made reading quadratic in the candidates). A string keeps
    its hash, so asking again with the same text costs nothing more."""
    named = [m for m in facility_mentions(text) if m.name]
    return [m.start for m in named], named


def _named_before(text: str, position: int, kind: str) -> str:
    """The last facility of a kind (any kind when '') named within REFERS_BACK characters before a position."""
    starts, named = _named_in(text)
    for index in range(bisect.bisect_left(starts, position) - 1, -1, -1):
        mention = named[index]
        if mention.start < position - REFERS_BACK:
            break
        if mention.end <= position and (not kind or mention.kind == kind):
            return mention.label()
    return ""


def facility_struck(text: str, start: int = 0, end: int | None = None) -> str:
    """The facility the passage text[start:end] says was struck ('Al-Quds hospital', 'field hospital'), or ''; a
    definite 'the hospital' or 'the facility' is the facility of that kind named shortly before."""
    passage = text[start:end]
    struck = next((m for m in facility_mentions(passage) if _struck(passage, m)), None)
    reference = REFERENCE.search(passage)
    if struck and struck.name:
        return struck.label()
    if reference and (not struck or reference.start() <= struck.start):
        kind = kind_of(reference.group(0)) if struck is None or kind_of(reference.group(0)) else struck.kind
        named = _named_before(text, start + reference.start(), kind)
        if named:
            return named
    return struck.label() if struck else ""
