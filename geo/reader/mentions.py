"""Place mentions in a text: spans resolved through the gazetteer, with their role in the sentence."""

from __future__ import annotations

import re
from array import array
from collections import Counter
from dataclasses import replace

from rapidfuzz import fuzz

from geo import schema
from geo.gazetteer.lookup import Gazetteer, Place
from geo.gazetteer.names import is_arabic, name_skeleton, normalise_name
from geo.reader.context import FACILITY_AFTER, ORGANISATION_WORDS, context_mentions
from geo.reader.mention import PlaceMention
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
        self.starts, self.ends = array("q"), array("q")

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
LIST_AFTER_GOVERNORATE = re.compile(r"(?:,|\band|\bor|\bfollowed by|\bthen)\s+$")
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
BETWEEN_BEFORE = re.compile(r"\bbetween\s+$")
IN_BEFORE = re.compile(r"\b(?:in|at|near) (?:the )?$", re.IGNORECASE)  # 'in the Saraqib market': the town is named
TIME_ZONE_AFTER = re.compile(r"^\s+time\b")  # '06:00 Damascus time' names a clock, not a place
AREA_AROUND = re.compile(r"\b(?:in|across|throughout|around) (?:the )?(?:(?:northern|southern|eastern|western) )?$")
AREA_AFTER = re.compile(r"^\s+(?:area|countryside|district|region|plain|plateau|hills|mountains|valley|desert)\b")
CONTAINER_BEFORE = re.compile(r"\b(?:side|part|edge|outskirts|half|corner|centre|center)s? of (?:the )?"
                              r"(?:(?:city|town|village) of )?$")
PARENTHESISED = re.compile(r"^\s*\(\s*$")
LIST_JOINER = re.compile(r"^\s*\)?\s*(?:,|,?\s+and|,?\s+or)\s+(?:the\s+)?(?:camps? (?:at|in)\s+)?$")


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


def _roles_across_lists(text: str, mentions: list[PlaceMention]) -> list[PlaceMention]:
    """A place listed right after a destination ('for Tal Rifaat, Nubl and al-Zahraa') is a destination too."""
    roled: list[PlaceMention] = []
    for mention in mentions:
        previous = roled[-1] if roled else None
        between = text[previous.end:mention.start] if previous else ""
        if previous and PARENTHESISED.match(between):
            mention = replace(mention, role=previous.role)
        elif previous and previous.role == "reference" and mention.role == "location" \
                and BETWEEN_BEFORE.search(text[max(0, previous.start - 10):previous.start]) \
                and re.fullmatch(r"\s+and\s+", between):
            mention = replace(mention, role="reference")  # 'a hamlet between Ariha and Jisr al-Shughur'
        elif previous and previous.role == "destination" and mention.role == "location" \
                and LIST_JOINER.match(re.sub(r"\s*\([^)]*\)", "", between)):
            mention = replace(mention, role="destination")
        roled.append(mention)
    return roled


def _upgrade_to_governorate(gazetteer: Gazetteer, text: str, start: int, place: Place) -> Place:
    """'the countryside of Idlib' names the governorate, not the city."""
    if place.kind in ("city", "town") and PLACE_ARTICLE_BEFORE.search(text[max(0, start - 30):start]):
        return gazetteer.governorate(place.admin1) or place
    return place


def find_place_mentions(text: str, gazetteer: Gazetteer) -> list[PlaceMention]:
    """Return the place mentions of a text, longest phrase first, in text order."""
    tokens, mentions, index, spelt, known, facilities = _tokens(text), [], 0, {}, {}, set()
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
        place = _upgrade_to_governorate(gazetteer, text, start, place)
        role = _role(text, start, end, place)
        if role == FACILITY_NAME_ROLE and place.kind not in ("city", "town") and not place.curated:
            facilities.add(text[start:end])
        if role != FACILITY_NAME_ROLE and used_as_place(text, start, end, place,
                                                        mentions[-1].end if mentions else None):
            written = spelt.setdefault(text[start:end], text[start:end])  # one string per spelling, not per mention
            mentions.append(PlaceMention(start, end, written, place, confidence, role))
        index += words
    listed = _governorates_in_lists(text, mentions, gazetteer)
    found = _roles_across_lists(text, context_mentions(text, listed, gazetteer, _role))
    return _ranked_by_area(facilities_named_again(found, facilities), gazetteer)


def _ranked_by_area(mentions: list[PlaceMention], gazetteer: Gazetteer) -> list[PlaceMention]:
    """A spelling shared by places in several governorates: the one in the governorate the text speaks of most
    is chosen, the others are kept, ranked, as alternatives (and the mention needs review)."""
    rivals = [[p for p in gazetteer.candidates(m.text) if p.in_syria and p.kind in schema.POINT_KINDS]
              if m.place.resolved else [] for m in mentions]
    shared = [len({p.admin1 for p in places}) > 1 and m.place in places
              for m, places in zip(mentions, rivals, strict=True)]
    areas = Counter(m.place.admin1 for m, ambiguous in zip(mentions, shared, strict=True)
                    if m.place.in_syria and m.place.admin1 and not ambiguous)
    ranked = []
    for mention, places, ambiguous in zip(mentions, rivals, shared, strict=True):
        if ambiguous:
            order = sorted(places, key=lambda p: (-areas.get(p.admin1, 0), places.index(p)))
            mention = replace(mention, place=order[0], alternatives=tuple(p.id for p in order[1:]))
        ranked.append(mention)
    return ranked


def _governorates_in_lists(text: str, mentions: list[PlaceMention], gazetteer: Gazetteer) -> list[PlaceMention]:
    """'most deaths were in Aleppo governorate, then Idlib and Hama': a list begun with a governorate goes on
    naming governorates."""
    upgraded: list[PlaceMention] = []
    for mention in mentions:
        previous = upgraded[-1] if upgraded else None
        between = text[previous.end:mention.start] if previous else ""
        if previous and previous.place.kind == "governorate" and mention.place.kind in ("city", "town") \
                and not re.search(r"[.;\n]", between) and LIST_AFTER_GOVERNORATE.search(between):
            same_name = gazetteer.governorate(mention.place.admin1)
            if same_name and name_skeleton(same_name.admin1) == name_skeleton(mention.place.name):
                mention = replace(mention, place=same_name)
        upgraded.append(mention)
    return upgraded


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
