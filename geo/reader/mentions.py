"""Place mentions in a text: spans resolved through the gazetteer, with their role in the sentence."""

from __future__ import annotations

import re
from array import array

from rapidfuzz import fuzz

from geo.gazetteer.lookup import Gazetteer, Place
from geo.gazetteer.names import is_arabic, normalise_name
from geo.reader.context import FACILITY_AFTER, ORGANISATION_WORDS, context_mentions
from geo.reader.mention import Mentions, PlaceMention
from geo.reader.mention_steps import governorates_in_lists, ranked_by_area, roles_across_lists
from geo.reader.plausible import FACILITY_NAME_ROLE, facilities_named_again, used_as_place

COMPOUND_JOIN = re.compile(r"(?<=[a-z])-(?=[A-Z][a-z])")
TOKEN = re.compile(r"[^\W_](?:[\w'’‘ʿ.-]*[^\W_.])?")
MAX_WORDS = 6
PHRASES_KEPT = 20_000
LEAD_WORDS = frozenset({"eastern", "east", "western", "northern", "southern", "northwest",
                        "northwestern", "north-west", "north-western", "suburbs", "countryside",
                        "rural", "the", "former", "south", "province", "governorate"})
ORGANISATION_AFTER = re.compile(
    r"^[\s-]*(?:Health\s+Directorate|Directorate|Health\s+Authority|(?:Local\s+|Provincial\s+)?Council"
    r"|University|Media\s+Cent(?:er|re)|Coordination|Committee|Civil\s+Defen[cs]e|[Aa]greements?"
    r"|[Pp]rocess(?:es)?|[Tt]alks|[Ff]ormat|Network|Observatory|Foundation|Institute|Police"
    r"|Declaration|Convention|Accord|route|track|negotiations|deal|summit)\b")
TAIL_WORDS = frozenset({"province", "governorate", "countryside", "city", "region", "district", "subdistrict",
                        "sub-district", "nahiya"})
ARTICLE_PREFIX = re.compile(r"^(?:al|el|ad|ar|as|at|az|ash|an|ad-d|as-s)[-‑]", re.IGNORECASE)
VARIANT_MIN_SIMILARITY = 85
PLACE_ARTICLE_BEFORE = re.compile(r"(?:countryside|province|governorate) of (?:the )?$", re.IGNORECASE)
BOUNDARY_PUNCTUATION = re.compile(r"[,;:!?()\[\]\"“”]|\.\s")


class Spans:
    """(start, end) pairs kept as two arrays of integers: a tuple per word costs about 120 bytes, a long document
    has millions of words."""

    __slots__ = ("ends", "starts")

    def __init__(self) -> None:
        self.starts, self.ends = array("i"), array("i")

    def __len__(self) -> int:
        return len(self.starts)


def _tokens(text: str) -> Spans:
    """Word spans, a trailing possessive 's left out."""
    spans = Spans()
    for found in TOKEN.finditer(text):
        start, end = found.span()
        if text[end - 2:end] in ("'s", "’s") and end - start > 3:
            end -= 2
        for part_start, part_end in _compound_parts(text, start, end):
            spans.starts.append(part_start)
            spans.ends.append(part_end)
    return spans


def _compound_parts(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """'Daraa-Damascus' (two names joined by a hyphen) as two words; 'al-Qusayr' and 'Deir ez-Zor' stay whole."""
    parts, at = [], start
    for found in COMPOUND_JOIN.finditer(text, start, end):
        left = text[at:found.start()]
        if len(left) > 2 and not ARTICLE_PREFIX.match(left + "-"):
            parts.append((at, found.start()))
            at = found.end()
    return parts + [(at, end)]


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


def _without_proclitic(word: str) -> str:
    """'وإدلب' ('and Idlib') -> 'إدلب': Arabic writes 'and', 'in', 'to' joined to the next word."""
    return word[1:] if is_arabic(word) and word[:1] in ARABIC_PROCLITICS and len(word) > 4 else word


def _resolve(gazetteer: Gazetteer, phrase: str, single: bool) -> tuple[Place, float] | None:
    """Exact spelling, or for capitalised phrases a transliteration variant inside Syria."""
    part = PART_OF.match(phrase)
    place = gazetteer.exact(f"{part.group('way')}ern {part.group('whole')}") if part else gazetteer.exact(phrase)
    if place is None and _without_proclitic(phrase) != phrase:
        place = gazetteer.exact(_without_proclitic(phrase))
    if place is None and single and JOINED_ARTICLE.match(phrase):
        place = gazetteer.exact(phrase[2:])
    if place:
        return place, 1.0 if place.curated else 0.8
    if _is_capitalised(phrase) and len(phrase) >= 5:
        variant = gazetteer.variant(phrase)
        if variant and variant.in_syria and _similar_spelling(phrase, variant):
            return variant, 0.7
    return None


JOINED_ARTICLE = re.compile(r"^[AaEe]l[a-z]{3,}$")  # 'Albab', 'Elrai': the article written into the name
ARABIC_PROCLITICS = "وبلفك"
PART_OF = re.compile(r"^the (?P<way>north|south|east|west|north-?east|north-?west|south-?east|south-?west)(?:ern)?"
                     r"(?: (?:part|parts|suburbs|countryside|outskirts|districts|region|side))? of (?P<whole>.+)$",
                     re.IGNORECASE)
DESTINATION_BEFORE = re.compile(
    r"\b(?:to|towards?|into|for|reached|arrived (?:in|at)|headed (?:for|to)|taken to|moved to|sheltering (?:in|at|near)"
    r"|(?:took|sought|found) (?:refuge|shelter) in|camps? (?:in|at|near)|talks in"
    r"|met in|held in|venue)\s+(?:the\s+)?(?:[a-z]+\s+)?$")
REFERENCE_BEFORE = re.compile(r"\b(?:north|south|east|west)(?:-?(?:east|west))?\s+of\s+(?:the\s+)?"
                              r"(?:(?:town|city|village) of\s+)?$|\b(?:beyond|neighbouring|between)\s+$"
                              r"|\b(?:officials|activists|sources|monitors|agencies|authorities|media) (?:in|from) $"
                              r"|\b(?:residents?|people|famil(?:y|ies)|civilians|wom[ae]n|m[ae]n|child(?:ren)?|boys?"
                              r"|girls?|victims?|another|others|one|both|some|many|most|were|was|are|is|came|come"
                              r"|originally|displaced) (?:(?:all|mostly|originally) )?from $")
CONTAINING_AFTER_APPOSITION = re.compile(r"\b(?:a|an) (?:[a-z-]+ )?(?:district|neighbou?rhood|suburb|quarter|village"
                                         r"|town|hamlet|city|area) (?:of|in|near) (?:the )?(?:[a-z-]+ ){0,3}$")
CONTAINER_ROLE = "container"
OTHER_EVENT_BEFORE = re.compile(r"\b(?:after|before|since|following|than|like) the $", re.IGNORECASE)
OTHER_EVENT_AFTER = re.compile(r"^\s+(?:strikes?|attacks?|raids?|massacre|bombing|shelling)\b")
IN_BEFORE = re.compile(r"\b(?:in|at|near) (?:the )?$", re.IGNORECASE)  # 'in the Saraqib market': the town is named
TIME_ZONE_AFTER = re.compile(r"^\s+time\b")  # '06:00 Damascus time' names a clock, not a place
AREA_AROUND = re.compile(r"\b(?:in|across|throughout|around) (?:the )?(?:(?:northern|southern|eastern|western) )?$")
AREA_AFTER = re.compile(r"^\s+(?:area|countryside|district|region|plain|plateau|hills|mountains|valley|desert)\b")
CONTAINER_BEFORE = re.compile(r"\b(?:side|part|edge|outskirts|half|corner|centre|center)s? of (?:the )?"
                              r"(?:(?:city|town|village) of )?$")


def _role(text: str, start: int, end: int, place: Place) -> str:
    """'organisation' inside a name ('Idlib Health Directorate'), 'foreign', 'destination' after 'towards',
    'reference' after 'west of', else 'location'."""
    if ORGANISATION_AFTER.match(text[end:end + 40]) or ORGANISATION_WORDS.match(text[end:end + 60]):
        return "organisation"
    if FACILITY_AFTER.match(text[end:end + 30]) and not IN_BEFORE.search(text[max(0, start - 10):start]):
        return FACILITY_NAME_ROLE
    if not place.in_syria:
        return "foreign"
    before = text[max(0, start - 40):start]
    if DESTINATION_BEFORE.search(before):
        return "destination"
    if (AREA_AROUND.search(before) and AREA_AFTER.match(text[end:end + 20])) or CONTAINER_BEFORE.search(before):
        return "area"
    if OTHER_EVENT_BEFORE.search(before) and OTHER_EVENT_AFTER.match(text[end:end + 20]):
        return "reference"  # 'two nights after the Saraqib strike': the place of another event
    if CONTAINING_AFTER_APPOSITION.search(before):
        return CONTAINER_ROLE  # 'Kafr X, a village in the Harem countryside': the area holds the place named before
    return "reference" if REFERENCE_BEFORE.search(before) or TIME_ZONE_AFTER.match(text[end:end + 8]) \
        else "location"


def _upgrade_to_governorate(gazetteer: Gazetteer, text: str, start: int, place: Place) -> Place:
    """'the countryside of Idlib' names the governorate, not the city."""
    if place.kind in ("city", "town") and PLACE_ARTICLE_BEFORE.search(text[max(0, start - 30):start]):
        return gazetteer.governorate(place.admin1) or place
    return place


def find_place_mentions(text: str, gazetteer: Gazetteer) -> Mentions:
    """Return the place mentions of a text, longest phrase first, in text order (each step makes a new column of
    mentions from the one before, which nothing else holds, so that at most two are kept at once)."""
    facilities: set[str] = set()
    listed = context_mentions(text, governorates_in_lists(text, _scanned(text, gazetteer, facilities), gazetteer),
                              gazetteer, _role)
    return ranked_by_area(facilities_named_again(roles_across_lists(text, listed), facilities), gazetteer)


def _scanned(text: str, gazetteer: Gazetteer, facilities: set[str]) -> Mentions:
    """The names the gazetteer knows, word by word; names written as a facility's are added to `facilities`."""
    tokens, mentions, index, known, judged = _tokens(text), Mentions(), 0, {}, {}
    while index < len(tokens):
        found = None
        word = text[tokens.starts[index]:tokens.ends[index]]
        if _may_start(word) and (gazetteer.may_begin(word) or gazetteer.may_begin(_without_proclitic(word))):
            found = _longest_at(text, tokens, index, gazetteer, known)
        if not found:
            index += 1
            continue
        words, place, confidence = found
        start, end = tokens.starts[index], tokens.ends[index + words - 1]
        place, role, used = _judged(text, (start, end), place, mentions.ends[-1] if mentions else None, (
            gazetteer, judged))
        if role == FACILITY_NAME_ROLE and place.kind not in ("city", "town") and not place.curated:
            facilities.add(text[start:end])
        if used:
            mentions.append(PlaceMention(start, end, text[start:end], place, confidence, role))
        index += words
    return mentions


JUDGED_KEPT = 5_000
AROUND = 60  # characters each side of a name that its role and use are read from


def _judged(text: str, span: tuple[int, int], place: Place, previous_end: int | None,
            memory: tuple[Gazetteer, dict]) -> tuple[Place, str, bool]:
    """The place a name found names, its role, and whether it is used as a place: read from the characters around
    it, so a name repeated in the same words is judged once (`memory` keeps JUDGED_KEPT answers)."""
    (start, end), (gazetteer, known) = span, memory
    gap = text[previous_end:start] if previous_end is not None and start - previous_end < AROUND else None
    key = (text[max(0, start - max(AROUND, end - start + 4)):start], text[start:end + AROUND], place.id, gap)
    if key not in known:
        place = _upgrade_to_governorate(gazetteer, text, start, place)
        role = _role(text, start, end, place)
        used = role != FACILITY_NAME_ROLE and used_as_place(text, start, end, place, previous_end)
        if len(known) >= JUDGED_KEPT:
            return place, role, used
        known[key] = (place, role, used)
    return known[key]


def _phrase_place(gazetteer: Gazetteer, phrase: str, words: int) -> tuple[Place, float] | None:
    """The place a phrase of so many words names, if it can name one at all."""
    if words > 1 and BOUNDARY_PUNCTUATION.search(phrase):
        return None
    return _resolve(gazetteer, phrase, words == 1) if _well_formed(phrase) else None


def _longest_at(text: str, tokens: Spans, index: int, gazetteer: Gazetteer,
                known: dict[tuple[int, str], tuple[Place, float] | None]) -> tuple[int, Place, float] | None:
    """The longest phrase starting at token index that names a place (`known`: this text's phrases answered so
    far, at most PHRASES_KEPT of them, so that a phrase repeated a thousand times is looked up once)."""
    for words in range(min(MAX_WORDS, len(tokens) - index), 0, -1):
        phrase = text[tokens.starts[index]:tokens.ends[index + words - 1]]
        key = (words, phrase)
        resolved = known[key] if key in known else _phrase_place(gazetteer, phrase, words)
        if len(known) < PHRASES_KEPT:
            known[key] = resolved
        if resolved:
            return words, resolved[0], resolved[1]
    return None


def find_unresolved_names(text: str, mentions: list[PlaceMention]) -> list[str]:
    """The names, as written, of the mentions the gazetteer could not resolve (known only by their context)."""
    return [mention.text for mention in mentions if not mention.place.resolved]
