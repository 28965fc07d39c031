"""Place names the gazetteer does not know, recognised by their context ('the village of X', 'X, west of Y')."""

from __future__ import annotations

import hashlib
import heapq
import re
from dataclasses import dataclass

from geo.gazetteer.lookup import Gazetteer, Place
from geo.gazetteer.names import is_arabic, normalise_name, slugify
from geo.reader.mention import Mentions, PlaceMention
from geo.reader.plausible import in_a_set_phrase_or_organisation
from geo.reader.rules import first_signal, vocabulary_words
from geo.reader.spans import Occurrences, SpanSet
from geo.schema import ADMIN_AREA_KINDS

ARTICLE = r"(?:(?:al|el|ad|ar|as|ash|at|az|an|ed|er|es|et|ez)[-‑’'])"
WORD = r"[A-Z][\w'’ʿ]*[\w](?:-[\w'’ʿ]+)*"
LATIN_NAME = rf"(?:{ARTICLE}?{WORD}(?:[ \t]+{ARTICLE}?{WORD}){{0,3}})"
ARABIC_NAME = r"(?:[\u0621-\u064a\u0660-\u0669\u064b-\u065f]+(?:[ \t]+[\u0621-\u064a\u064b-\u065f]+){0,2})"
NAME = rf"(?P<written>{LATIN_NAME}|{ARABIC_NAME})"
SETTLEMENT = r"(?P<sort>village|town|city|neighbou?rhood|district|suburb|quarter|hamlet|camp|settlement|area)"
DIRECTION = r"(?:north|south|east|west)(?:-?(?:east|west))?(?:ern)?"
PLACE_AFTER = (r"(?P<sort>district|neighbou?rhood|quarter|area|side|plain|plateau|valley|camp|village|town"
               r"|countryside|region|crossing|suburbs?|outskirts|hills|mountains?)")
MONTH_NAME = r"(?:January|February|March|April|May|June|July|August|September|October|November|December)"
LEADING_DATE = (rf"(?:\d{{1,2}}(?:\s+(?:and|to)\s+\d{{1,2}}|[-–]\d{{1,2}})?\s+{MONTH_NAME}(?:\s+\d{{4}})?"
                rf"|{MONTH_NAME}\s+\d{{1,2}}(?:,\s*\d{{4}})?|\d{{4}}-\d{{2}}-\d{{2}}|\d{{1,2}}/\d{{1,2}}/\d{{2,4}}"
                r"|\[?\d{1,2}:\d{2}\]?)(?:,?[ \t]+(?:night|morning|evening|afternoon|\d{1,2}:\d{2}))?")
CITY_PART = re.compile(r"^\s*[A-Z][\w'’-]+(?: [A-Z][\w'’-]+)? city\s+[-–]\s+")  # 'Hama city - ' before a neighbourhood
CITY_BEFORE = re.compile(r"([A-Z][\w'’-]+) city\s+[-–]\s+$")
# 'date: Name' at the head of a line: a log entry, a bulletin item, a timestamped post
STRONG_CUES = [
    re.compile(rf"\b{SETTLEMENT}s?\s+of\s+(?:the\s+)?{NAME}"),
    re.compile(rf"\b{NAME},\s+(?:(?:a|an|the)\s+)?(?:[\w-]+\s+){{0,3}}?{SETTLEMENT}s?\b(?!\s+of)"),
    re.compile(rf"\b{NAME},?\s+(?:(?:a few|some|about|\d+)\s+(?:kilometres|km|miles)\s+)?{DIRECTION}\s+of\b"),
    re.compile(rf"\b{NAME},?\s+in\s+the\s+(?:{DIRECTION}\s+)?[A-Z][\w -]+?\s+(?:countryside|area|district|region"
               r"|province|governorate)\b"),
    re.compile(rf"\bthe\s+{NAME}\s+{PLACE_AFTER}\b"),
    re.compile(rf"\bneighbouring\s+{NAME}"),
    re.compile(rf"(?m)^\s*(?:[-*•]\s*)?{NAME}(?:\s*\([^)\n]*\))?,\s+(?:(?:early|mid|late)[- ])?(?:\d{{1,2}}\s+)?"
               r"(?:January|February|March|April|May|June|July|August|September|October|November|December|\d{4})\b"),
    re.compile(rf"\b{NAME}\s*\((?P<arabic>{ARABIC_NAME})\)"),
    re.compile(rf"\b[A-Z][\w'’-]+ city\s+[-–]\s+{NAME}"),
    re.compile(rf"(?m)^[ \t]*(?:[-*•][ \t]*|\d+[.)][ \t]*)?{LEADING_DATE}[ \t]*(?:[:|–—]|-[ \t])[ \t]*{NAME}"),
    re.compile(r"\bLocation\s*:\s*[^:|\n]{2,40}?\s*:\s*(?P<written>[^|\n]+?)\s*(?=\||$)", re.MULTILINE),
]
WEAK_CUE = re.compile(rf"\b(?:in|near|at|on|outside|around|hit|struck|shelled|bombed|besieged|targeted"
                      rf"|(?:shelling|bombing|bombardment|siege|attacks?|strikes?|raids?|assault) (?:of|on)"
                      rf"|(?:residents|people|inhabitants|families|villagers|civilians) (?:of|from))\s+{NAME}")
# 'Name: what happened' or '08:12 Name — what happened' heading a line (a post, a log without fields)
LINE_LABEL = re.compile(rf"(?m)^[ \t]*(?:[-*•][ \t]*)?(?:\[?\d{{1,2}}:\d{{2}}\]?[ \t]+)?{NAME}[ \t]*(?:—|–|:|-[ \t])")
SENTENCE_REACH = 400
LIST_NEXT = re.compile(rf"^(?:\s*\([^)\n]*\))?(?:,\s*|,?\s+and\s+|\s+or\s+){NAME}")
LIST_BEFORE = re.compile(rf"{NAME}(?:\s*\([^)\n]*\))?(?:,\s*|,?\s+and\s+|\s+or\s+)$")
ORGANISATION_WORDS = re.compile(
    r"^[\s-]*(?:[A-Z][\w-]*\s+){0,3}(?:Council|Committee|Directorate|Network|Coordinators|Watch|Desk|Collective"
    r"|Observers?|Forum|Project|Team|Review|Quarterly|Wire|Digest|Front|Army|Brigades?|Forces|Units|Movement"
    r"|Party|Office|Authority|Agency|Ministry|Department|Society|Crescent|Cross|Foundation|Institute|Centre"
    r"|Center|Point|Hospital|School|University|Group|Organi[sz]ation|Association|Union|Media|News|Press|Police"
    r"|Statute|Charter|Protocol|Convention|Treaty|State)\b")
NOT_NAMES = frozenset(vocabulary_words("not_place_names"))
FACILITIES = r"(?:school|hospital|clinic|bakery|mosque|market|farm|cent(?:re|er)|dam|prison|airport|base|factory" \
             r"|church|stadium|square|roundabout|bridge)s?"
FACILITY_AFTER = re.compile(rf"^[ \t]+{FACILITIES}\b", re.IGNORECASE)
NATIONALITY = re.compile(r"(?:ian|ean|ese|ish|ic)s?$|-[a-z]+$|^(?:Iraqi|Israeli|Saudi|Kuwaiti|Yemeni|Omani|Pakistani"
                         r"|Afghani|Bahraini|Qatari|Emirati|Azerbaijani)s?$")  # not '-i': Ansari, Qamishli
PERSON_AFTER = re.compile(r"^,\s*\d{1,3},|^\s+(?:said|told|says|added|recalled)\b")
PERSON_BEFORE = re.compile(r"(?:\b(?:Dr|Mr|Mrs|Ms|Sheikh|Abu|Umm|President|General|Colonel|named)\.?\s+"
                           r"|\bsaid\s+)$")
FOREIGN_AFTER = re.compile(r"^[^.;\n]{0,50}?\b(?:in|of)\s+(?:the\s+)?(?:northern |southern |eastern |western )?"
                           r"(?P<country>[A-Z]\w+)")
AREA_AFTER = re.compile(rf"^\s*(?:\([^)\n]*\))?,?\s+(?:(?:a|an|the)\s+[\w\s-]{{0,40}}?)?(?:(?:a few|some|about|\d+)"
                        rf"\s+(?:kilometres|km|miles)\s+)?(?:{DIRECTION}\s+of\s+(?:the\s+)?|in\s+the\s+(?:{DIRECTION}\s+)?"
                        rf"|in\s+|near\s+|outside\s+)(?P<area>{LATIN_NAME})")
AREA_WORD_AFTER = re.compile(r"^\s+(countryside|district|sub-?district|area|region|nahiya)\b", re.IGNORECASE)
KIND_OF = {"neighborhood": "neighbourhood", "quarter": "neighbourhood", "district": "neighbourhood",
           "suburb": "neighbourhood", "side": "neighbourhood", "suburbs": "neighbourhood", "hamlet": "village",
           "camp": "village", "settlement": "village", "area": "region", "plain": "region", "plateau": "region",
           "valley": "region", "countryside": "region", "hills": "region", "mountain": "region",
           "mountains": "region", "crossing": "village", "outskirts": "neighbourhood"}
FACILITY_NAME = re.compile(rf"\b{FACILITIES}$", re.IGNORECASE)


@dataclass
class Recognised:
    """One unknown name found by context: its kind and the area the text puts it in."""

    name: str
    kind: str
    area: Place | None


LEADING_WORDS = re.compile(r"^(?:(?:In|On|At|From|Near|Outside|Around|The|And|But|When|After|Before|Since|During"
                           r"|Then|While|Both|Across|Inside|Into|Towards?|Of|By|For|With)\s+)+")


def _clean(name: str) -> str:
    """Strip capitalised function words before, and generic words and a possessive after, a recognised name."""
    name = re.sub(r"(?:'s|’s)$", "", name.strip(" ,.;:"))
    name = re.sub(r"\s+(?:city|town|village|camp|district|neighbou?rhood|quarter)$", "", name.strip(" ,.;:'’"))
    return LEADING_WORDS.sub("", name).strip()


def _acceptable(text: str, start: int, end: int, name: str, gazetteer: Gazetteer) -> bool:
    """Not a month, nationality, person, organisation, known foreign place or common word."""
    first = name.split()[0].lower().strip("’'") if name.split() else ""
    if not name or first in NOT_NAMES or (name.isupper() and len(name) <= 5 and not is_arabic(name)):
        return False
    if not is_arabic(name) and (NATIONALITY.search(name.split()[-1]) and len(name.split()) == 1):
        return False
    if PERSON_AFTER.match(text[end:end + 20]) or PERSON_BEFORE.search(text[max(0, start - 12):start]):
        return False
    if len(name.split()) == 1 and in_a_set_phrase_or_organisation(text, start, end):
        return False
    if ORGANISATION_WORDS.match(text[end:end + 60]) or FACILITY_AFTER.match(text[end:end + 30]):
        return False
    organisation = ORGANISATION_WORDS.match(name)
    if organisation and organisation.end() == len(name):  # 'Olive Line Observers: ...' names a group, not a place
        return False
    if FACILITY_NAME.search(name) or any(_is_country(gazetteer, word) for word in name.split()):
        return False
    known = gazetteer.exact(name)
    return not (known and not known.in_syria)


def _is_country(gazetteer: Gazetteer, word: str) -> bool:
    """'Syria' in 'Syria Daily': a name with a country in it is a title, not a village."""
    place = gazetteer.exact(word)
    return bool(place and place.kind == "country")


def _is_foreign_context(text: str, end: int, gazetteer: Gazetteer) -> bool:
    """'Qaa Zorbat, a hamlet across the border in Lebanon': the name lies in another country."""
    found = FOREIGN_AFTER.match(text[end:end + 80])
    place = gazetteer.exact(found.group("country")) if found else None
    return bool(place and place.kind == "country" and not place.in_syria)


def _area_from(text: str, start: int, end: int, gazetteer: Gazetteer) -> Place | None:
    """The governorate the text places the name in: '..., west of Aleppo', 'in the Idlib countryside'."""
    window = text[end:end + 90].split("\n")[0]
    before = text[max(0, start - 60):start].split("\n")[-1]
    city = CITY_BEFORE.search(before)
    if city and gazetteer.exact(city.group(1)):
        return gazetteer.exact(city.group(1))
    table = re.search(r"Location\s*:\s*([^:|\n]{2,40}?)\s*:\s*[^|\n]*$", before)
    if table:
        return gazetteer.governorate(table.group(1))
    found = AREA_AFTER.match(window)
    if not found:
        return None
    area = AREA_WORD_AFTER.match(window[found.end("area"):])
    named_area = gazetteer.exact(f"{found.group('area')} {area.group(1)}") if area else None
    if named_area and named_area.kind in ADMIN_AREA_KINDS:
        return named_area
    place = gazetteer.exact(found.group("area"))
    if place and place.in_syria and place.kind != "country":
        return place if place.kind in ("governorate", *ADMIN_AREA_KINDS) else gazetteer.governorate(place.admin1)
    return None


def _split_table_value(value: str, offset: int) -> list[tuple[int, int, str]]:
    """'Raqqa city, al-Sinaa' -> its named parts with their spans; lower-case generic parts dropped; 'Hama city -
    al-Qusour (al-Qsour)' -> the neighbourhood, its other spelling in brackets left out."""
    parts = []
    for found in re.finditer(r"[^,]+", re.sub(r"\([^)\n]*\)", lambda m: " " * len(m.group(0)), value)):
        for piece in re.split(r"\s+and\s+", CITY_PART.sub(lambda m: " " * len(m.group(0)), found.group(0))):
            name = piece.strip()
            at = value.find(name, found.start())
            head = re.match(rf"{ARTICLE}?[A-Z]|{ARABIC_NAME}", name)
            if name and head and not FACILITY_NAME.search(name):
                parts.append((offset + at, offset + at + len(name), re.split(r"\s+(?:used|beside|near)\b",
                                                                         name)[0]))
    return parts


def _written(match: re.Match) -> tuple[str, int, int]:
    """The name a cue matched, where it starts and where it ends."""
    return match.group("written"), match.start("written"), match.end("written")


def _cue_names(text: str) -> list[tuple[int, int, str, str]]:
    """(start, end, name, kind) of every name a strong context cue gives, list members included."""
    found = []
    for pattern in STRONG_CUES:
        for match in pattern.finditer(text):
            kind = match.groupdict().get("sort") or ""
            if pattern.pattern.startswith(r"\bLocation"):
                written, at, _ = _written(match)
                found += [(s, e, n, "") for s, e, n in _split_table_value(written, at)]
                continue
            found.append((match.start("written"), match.end("written"), match.group("written"), kind))
            if match.groupdict().get("arabic"):
                found.append((match.start("arabic"), match.end("arabic"), match.group("arabic"), kind))
            found += _list_members(text, match.end("written"), kind, match.start("written"))
    return found


def _list_members(text: str, end: int, kind: str, start: int | None = None) -> list[tuple[int, int, str, str]]:
    """Names listed with a cued one: 'the villages of A, B and C', 'A and B, two towns'."""
    members = []
    while (following := LIST_NEXT.match(text[end:end + 80])) is not None:
        written, at, _ = _written(following)
        members.append((end + at, end + at + len(written), written, kind))
        end += at + len(written)
    while start is not None and (preceding := LIST_BEFORE.search(text[max(0, start - 80):start])) is not None:
        written, at, _ = _written(preceding)
        start = max(0, start - 80) + at
        members.append((start, start + len(written), written, kind))
    return members


def _weak_names(text: str) -> list[tuple[int, int, str, str]]:
    """Names after 'in', 'near', 'struck'... in a sentence that speaks of an attack."""
    found = []
    for match in [*WEAK_CUE.finditer(text), *LINE_LABEL.finditer(text)]:
        low, high = max(0, match.start() - SENTENCE_REACH), min(len(text), match.end() + SENTENCE_REACH)
        left = max(text.rfind(". ", low, match.start()), text.rfind("\n", low, match.start()), low - 1)
        right = min(i for i in (text.find(". ", match.end(), high), text.find("\n", match.end(), high), high)
                    if i >= 0)
        if first_signal(text[left + 1:right]) >= 0:
            found.append((match.start("written"), match.end("written"), match.group("written"), ""))
            found += _list_members(text, match.end("written"), "")
    return found


def _unresolved_place(name: str, kind: str, area: Place | None) -> Place:
    """A place known only by its name and the area the text gives: never a precise pin."""
    display = name.title() if name.isupper() else name
    key = slugify(display) or "arabic-" + hashlib.sha1(name.encode("utf-8")).hexdigest()[:10]
    return Place(id=f"unresolved-{key}", name=display,
                 kind=KIND_OF.get(kind, kind) if kind else "", country_code="SY",
                 geo_precision=area.geo_precision if area and area.kind != "country" else "country",
                 lon=area.lon if area else 0.0, lat=area.lat if area else 0.0,
                 admin1=area.admin1 if area else "", admin2=area.admin2 if area else "",
                 admin3=area.admin3 if area else "", geometry=area.geometry if area else None, resolved=False)


def recognise_names(text: str, gazetteer: Gazetteer) -> dict[str, Recognised]:
    """Unknown names the context marks as Syrian places, by normalised key."""
    names: dict[str, Recognised] = {}
    for start, end, raw, kind in _cue_names(text) + _weak_names(text):
        name = _clean(raw)
        start = start + raw.find(name) if name else start
        end = start + len(name)
        if not _acceptable(text, start, end, name, gazetteer):
            continue
        if _is_foreign_context(text, end, gazetteer):
            continue
        key = normalise_name(name)
        known = names.get(key)
        area = _area_from(text, start, end, gazetteer)
        if known is None:
            names[key] = Recognised(name, kind, area)
        else:
            names[key] = Recognised(known.name, known.kind or kind, known.area or area)
    return names


def context_mentions(text: str, resolved: Mentions, gazetteer: Gazetteer, role_of) -> Mentions:
    """The resolved mentions plus every occurrence of the unknown names the context recognises.

    A recognised name that is longer than a resolved mention inside it ('Busra al-Harir' around 'Busra')
    replaces that mention.
    """
    covered, occurrences, found = SpanSet(resolved), Occurrences(text), []
    for recognised in recognise_names(text, gazetteer).values():
        known = gazetteer.lookup(recognised.name, fuzzy=False)
        place = known.place if known and known.place.in_syria else _unresolved_place(
            recognised.name, recognised.kind, recognised.area)
        for start, end in occurrences.of(recognised.name):
            if not covered.contains(start, end):
                found.append(PlaceMention(start, end, text[start:end], place, 0.7 if place.resolved else 0.5,
                                          role_of(text, start, end, place)))
    if not found:
        return resolved
    found = _without_overlaps(sorted(found, key=lambda m: (m.start, -m.end)))
    spans = SpanSet(found)
    kept = Mentions(m for m in resolved if not spans.contains(m.start, m.end))
    taken = SpanSet(kept)
    extra = [m for m in found if not taken.overlaps(m.start, m.end)]
    return Mentions(heapq.merge(kept, extra, key=lambda m: m.start))


def _without_overlaps(mentions: list[PlaceMention]) -> list[PlaceMention]:
    """Mentions in text order, the longer kept where two overlap."""
    kept: list[PlaceMention] = []
    for mention in mentions:
        if not kept or mention.start >= kept[-1].end:
            kept.append(mention)
    return kept
