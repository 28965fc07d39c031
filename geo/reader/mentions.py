"""Place mentions in a text: spans resolved through the gazetteer, with their role in the sentence."""

from __future__ import annotations

import re
from dataclasses import dataclass

from rapidfuzz import fuzz

from geo import schema
from geo.gazetteer.lookup import Gazetteer, Place
from geo.gazetteer.names import is_arabic, normalise_name

TOKEN = re.compile(r"[^\W_](?:[\w'’‘ʿ.-]*[^\W_.])?")
MAX_WORDS = 6
LEAD_WORDS = frozenset({"eastern", "east", "western", "northern", "southern", "northwest",
                        "northwestern", "north-west", "north-western", "suburbs", "countryside",
                        "rural", "the", "former", "south", "province", "governorate"})
ORGANISATION_AFTER = re.compile(
    r"^[\s-]*(?:Health\s+Directorate|Directorate|Health\s+Authority|(?:Local\s+|Provincial\s+)?Council"
    r"|University|Media\s+Cent(?:er|re)|Coordination|Committee|Civil\s+Defen[cs]e|[Aa]greements?"
    r"|[Pp]rocess(?:es)?|[Tt]alks|[Ff]ormat|Network|Observatory|Foundation|Institute|Police"
    r"|Declaration|Convention|Accord|route|track|negotiations|deal|summit)\b")
TAIL_WORDS = frozenset({"province", "governorate", "countryside", "city", "region"})
ARTICLE_PREFIX = re.compile(r"^(?:al|el|ad|ar|as|at|az|ash|an|ad-d|as-s)[-‑]", re.IGNORECASE)
VARIANT_MIN_SIMILARITY = 85
PLACE_ARTICLE_BEFORE = re.compile(r"(?:countryside|province|governorate) of (?:the )?$", re.IGNORECASE)
BOUNDARY_PUNCTUATION = re.compile(r"[,;:!?()\[\]\"“”]|\.\s")


@dataclass(frozen=True)
class PlaceMention:
    """A place named in a text: where, as written, which place, and whether it locates an incident."""

    start: int
    end: int
    text: str
    place: Place
    confidence: float
    role: str

    def as_dict(self) -> dict:
        """Plain-data form for JSON output."""
        return {"start": self.start, "end": self.end, "text": self.text, schema.PLACE_ID: self.place.id,
                schema.NAME: self.place.name, schema.CONFIDENCE: self.confidence, "role": self.role,
                "in_syria": self.place.in_syria}


def _tokens(text: str) -> list[tuple[int, int]]:
    """Word spans, a trailing possessive 's left out."""
    spans = []
    for found in TOKEN.finditer(text):
        start, end = found.span()
        if text[end - 2:end] in ("'s", "’s") and end - start > 3:
            end -= 2
        spans.append((start, end))
    return spans


def _is_capitalised(word: str) -> bool:
    """'Aleppo', 'al-Qusayr' and 'El-Bab' count as capitalised; 'the' and 'as' do not."""
    return ARTICLE_PREFIX.sub("", word)[:1].isupper()


def _may_start(word: str) -> bool:
    """A place phrase starts on a capitalised word, Arabic script, or a known lead word."""
    return _is_capitalised(word) or is_arabic(word) or word.lower() in LEAD_WORDS


def _well_formed(phrase: str) -> bool:
    """Some word is capitalised (or Arabic) and the last one is capitalised or a place word."""
    if is_arabic(phrase):
        return True
    words = phrase.split()
    return _is_capitalised(words[-1]) or words[-1].lower() in TAIL_WORDS


def _similar_spelling(phrase: str, place: Place) -> bool:
    """A transliteration variant must still look like one of the place's spellings."""
    key = normalise_name(phrase)
    return any(fuzz.ratio(key, normalise_name(name)) >= VARIANT_MIN_SIMILARITY
               for name in (place.name, *place.alt_names) if not is_arabic(name))


def _resolve(gazetteer: Gazetteer, phrase: str, single: bool) -> tuple[Place, float] | None:
    """Exact spelling, or for capitalised phrases a transliteration variant inside Syria."""
    place = gazetteer.exact(phrase)
    if place:
        return place, 1.0 if place.curated else 0.8
    if _is_capitalised(phrase) and len(phrase) >= 5:
        variant = gazetteer.variant(phrase)
        if variant and variant.in_syria and _similar_spelling(phrase, variant):
            return variant, 0.7
    return None


def _role(text: str, start: int, end: int, place: Place) -> str:
    """'organisation' inside a name ('Idlib Health Directorate'), 'foreign', else 'location'."""
    if ORGANISATION_AFTER.match(text[end:end + 40]):
        return "organisation"
    return "location" if place.in_syria else "foreign"


def _upgrade_to_governorate(gazetteer: Gazetteer, text: str, start: int, place: Place) -> Place:
    """'the countryside of Idlib' names the governorate, not the city."""
    if place.kind in ("city", "town") and PLACE_ARTICLE_BEFORE.search(text[max(0, start - 30):start]):
        return gazetteer.governorate(place.admin1) or place
    return place


def find_place_mentions(text: str, gazetteer: Gazetteer) -> list[PlaceMention]:
    """Return the place mentions of a text, longest phrase first, in text order."""
    tokens, mentions, index = _tokens(text), [], 0
    while index < len(tokens):
        found = None
        word = text[tokens[index][0]:tokens[index][1]]
        if _may_start(word) and gazetteer.may_begin(word):
            found = _longest_at(text, tokens, index, gazetteer)
        if not found:
            index += 1
            continue
        words, place, confidence = found
        start, end = tokens[index][0], tokens[index + words - 1][1]
        place = _upgrade_to_governorate(gazetteer, text, start, place)
        mentions.append(PlaceMention(start, end, text[start:end], place, confidence,
                                     _role(text, start, end, place)))
        index += words
    return mentions


def _longest_at(text: str, tokens: list[tuple[int, int]], index: int,
                gazetteer: Gazetteer) -> tuple[int, Place, float] | None:
    """The longest phrase starting at token index that names a place."""
    for words in range(min(MAX_WORDS, len(tokens) - index), 0, -1):
        start, end = tokens[index][0], tokens[index + words - 1][1]
        phrase = text[start:end]
        if words > 1 and BOUNDARY_PUNCTUATION.search(phrase):
            continue
        if not _well_formed(phrase):
            continue
        resolved = _resolve(gazetteer, phrase, words == 1)
        if resolved:
            return words, resolved[0], resolved[1]
    return None


LOCATIVE = re.compile(r"\b(?:in|near|from|outside|around|town of|city of|village of|district of|"
                      r"neighbourhood of|countryside of)\s+"
                      r"(?P<name>(?:(?:al|el|ad|ar|as)-)?[A-Z][\w'’-]+(?:\s+(?:al-|el-)?[A-Z][\w'’-]+){0,3})")
NOT_PLACE_WORDS = frozenset({"january", "february", "march", "april", "may", "june", "july", "august",
                             "september", "october", "november", "december", "monday", "tuesday",
                             "wednesday", "thursday", "friday", "saturday", "sunday", "the", "a",
                             "his", "her", "their", "its", "this", "that", "president", "spring",
                             "summer", "autumn", "winter", "un", "u", "dr", "mr", "any", "every", "all",
                             "some", "no", "many", "most", "other", "such", "each", "both", "these", "those"})
NOT_PLACE_SHAPE = re.compile(r"\d|-[a-z]|(?:ian|ean|ese|ish)$")


def _looks_like_place_name(name: str) -> bool:
    """Not a number, an adjective of nationality ('Russian', 'Syrian-operated') or a phrase of common words."""
    words = name.split()
    return words[0].lower().strip("’'") not in NOT_PLACE_WORDS and not NOT_PLACE_SHAPE.search(name)


def find_unresolved_names(text: str, mentions: list[PlaceMention]) -> list[str]:
    """Capitalised names after 'in', 'near', 'town of'... that the gazetteer could not resolve."""
    covered = [(m.start, m.end) for m in mentions]
    names = []
    for found in LOCATIVE.finditer(text):
        start, end = found.span(schema.NAME)
        if not _looks_like_place_name(found.group(schema.NAME)) or any(s < end and start < e for s, e in covered):
            continue
        names.append(found.group(schema.NAME))
    return names
