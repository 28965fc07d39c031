"""Dates in documents: exact, partial, seasonal and relative expressions, resolved to ranges."""

from __future__ import annotations

import bisect
import heapq
import re
from dataclasses import dataclass, replace
from datetime import date, timedelta

from geo.reader.day_arithmetic import (
    LEVANTINE,
    MONTHS,
    ORDINALS,
    WEEKDAYS,
    levantine_month,
    month_end,
    relative_day,
    safe_date,
)

SEASONS = {"spring": (3, 5), "summer": (6, 8), "autumn": (9, 11), "fall": (9, 11), "winter": (12, 2)}
PARTS = {"early": (1, 10), "mid": (11, 20), "late": (21, 31), "the beginning of": (1, 10),
         "the start of": (1, 10), "the end of": (21, 31), "the first half of": (1, 15),
         "the second half of": (16, 31), "the middle of": (11, 20)}

_MONTH = r"(?P<month>(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)\.?|January|February|March" \
         r"|April|May|June|July|August|September|October|November|December)"
_YEAR = r"(?P<year>(?:19|20)\d{2})"
_DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
_WEEKDAY = r"(?:(?P<weekday>Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday),?\s+)?"
_PART = r"(?P<part>early|mid|late|the beginning of|the start of|the end of|the first half of" \
        r"|the second half of|the middle of)[-\s]+"
_SEASON = r"(?P<season>spring|summer|autumn|fall|winter)"
_ORDINAL = r"(?P<ordinal>" + "|".join(sorted(ORDINALS, key=len, reverse=True)) + r")"
_WEEKDAY_NAME = r"(?P<weekday>Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
_PREPOSITION = r"(?:(?<=\bin )|(?<=\bof )|(?<=\bsince )|(?<=\buntil )|(?<=\bby )|(?<=\bfrom )" \
               r"|(?<=\bto )|(?<=\bbetween )|(?<=\band )|(?<=\bduring )|(?<=\bthrough ))"

PATTERNS: list[tuple[str, re.Pattern]] = [(kind, re.compile(pattern, re.IGNORECASE)) for kind, pattern in [
    ("iso", r"\b(?P<year>\d{4})-(?P<month>\d{2})-(?P<day>\d{2})\b"),
    ("numeric", r"\b(?P<day>\d{1,2})[/.-](?P<month>\d{1,2})[/.-](?P<year>\d{4})\b"),
    ("day_range", r"\b(?:between\s+)?(?P<day>[0-3]?\d)(?:st|nd|rd|th)?\s*(?:and|to|-|–)\s*"
                  r"(?P<day2>[0-3]?\d)(?:st|nd|rd|th)?\s+" + _MONTH + r"(?:,?\s+" + _YEAR + r")?\b"),
    ("day_month", r"\b" + _WEEKDAY + _DAY + r"\s+(?:of\s+)?" + _MONTH + r"(?:,?\s+" + _YEAR + r")?\b"),
    ("month_day", r"\b" + _WEEKDAY + _MONTH + r"\s+" + _DAY + r"(?!\d)(?:,?\s+" + _YEAR + r")?\b"),
    ("ordinal_month", r"\b" + _WEEKDAY + r"(?:the\s+)?" + _ORDINAL + r"\s+of\s+" + _MONTH + r"(?:,?\s+" + _YEAR
                      + r")?\b"),
    ("ordinal", r"(?:\b" + _WEEKDAY_NAME + r",?\s+|\b(?:night|morning|evening|afternoon|day) of\s+|\bon\s+)the\s+"
                + _ORDINAL + r"\b(?!\s+(?:week|day|time|half|floor|round|of\b))"),
    ("part_month", r"\b" + _PART + _MONTH + r"(?:,?\s+" + _YEAR + r")?\b"),
    ("season", r"\b(?:the\s+)?" + _SEASON + r"\s+(?:of\s+)?" + _YEAR
               + r"(?:\s*[-/–]\s*(?P<year2>\d{2,4}))?\b"),
    ("month_year", r"\b" + _MONTH + r",?\s+" + _YEAR + r"\b"),
    ("day_month", r"\b" + _DAY + r"\s+(?P<month>" + LEVANTINE + r")(?:,?\s+" + _YEAR + r")?\b"),
    ("month_year", r"\b(?P<month>" + LEVANTINE + r"),?\s+" + _YEAR + r"\b"),
    ("month_number", r"(?<![\d/.-])(?P<month>0?[1-9]|1[0-2])/" + _YEAR + r"\b(?![/.-]\d)"),
    ("month", r"\b(?=[jfmasond])" + _PREPOSITION + r"\b" + _MONTH + r"\b(?!\s+\d)"),  # look back at a month only
    ("year", r"(?=[12])(?:(?<=\bin )|(?<=\bsince )|(?<=\bduring )|(?<=\bof )|(?<=\buntil )|(?<=\bby ))"
             + _YEAR + r"\b(?![,.]?\d)"),
    ("relative_day", r"\b(?P<word>yesterday|today|the day before yesterday)\b"),
    ("same_day", r"\b(?:the same (?:day|night|morning|evening)|that (?:day|night|morning|evening|afternoon)"
                 r"|later that day)\b"),
    ("weekday", r"\b(?:on|last)\s+(?P<weekday>Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b"),
    ("offset", r"\b(?P<count>\d+|one|two|three|four|five|six|seven|eight|nine|ten|a)\s+"
               r"(?P<unit>days?|weeks?)\s+(?P<direction>later|earlier|before|after|ago)\b"),
    ("next_day", r"\bthe\s+(?:next|following)\s+day\b"),
    ("week", r"\b(?P<which>last week|earlier this week|this week|last weekend)\b"),
    ("weekday", r"\b" + _WEEKDAY_NAME + r"(?:'s|’s)?\b"),
]]
JOINERS = re.compile(r"^\s*,?\s*(?:to|until|till|through|and|-|–|—)\s*$", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class DateMention:
    """A date expression found in a text, resolved to an inclusive range with a precision."""

    start: int
    end: int
    text: str
    date_start: date
    date_end: date
    precision: str
    explicit_year: bool = True
    ambiguous: bool = False


def _infer_year(month: int, day: int, document_date: date, weekday: str | None) -> int:
    """The year of a date written without one: the latest not after the document date."""
    year = document_date.year if (month, day) <= (document_date.month, document_date.day) else document_date.year - 1
    if weekday:
        wanted = WEEKDAYS[weekday.lower()]
        for candidate in range(year, year - 7, -1):
            day_of = safe_date(candidate, month, day)
            if day_of and day_of.weekday() == wanted:
                return candidate
    return year


def _month_number(text: str) -> int:
    """Month number from a name, an abbreviation, a Levantine name ('Tishreen al-Awwal') or digits ('10/2016')."""
    if text.isdigit():
        return int(text)
    return MONTHS.get(text.lower().rstrip(".")) or levantine_month(text) or 0


def _absolute(kind: str, found: re.Match, document_date: date) -> tuple | None:
    """Resolve the absolute kinds; None when the parts do not make a date."""
    groups = found.groupdict()
    explicit = bool(groups.get("year"))
    if kind in ("iso", "numeric"):
        day, month, year = int(groups["day"]), int(groups["month"]), int(groups["year"])
        ambiguous = kind == "numeric" and day <= 12 and month <= 12 and day != month
        exact = safe_date(year, month, day)
        return (exact, exact, "day", True, ambiguous) if exact else None
    if kind == "season":
        return _season(groups)
    if kind == "year":
        year = int(groups["year"])
        return date(year, 1, 1), date(year, 12, 31), "year", True, False
    month = _month_number(groups["month"])
    if kind in ("day_month", "month_day", "day_range", "ordinal_month"):
        day = ORDINALS[groups["ordinal"].lower()] if kind == "ordinal_month" else int(groups["day"])
        year = int(groups["year"]) if explicit else _infer_year(month, day, document_date, groups.get("weekday"))
        first = safe_date(year, month, day)
        last = safe_date(year, month, int(groups["day2"])) if kind == "day_range" else first
        if not first or not last or last < first:
            return None
        return first, last, "day" if first == last else "range", explicit, False
    year = int(groups["year"]) if explicit else _infer_year(month, 1, document_date, None)
    if kind == "part_month":
        low, high = PARTS[re.sub(r"\s+", " ", groups["part"].lower())]
        return date(year, month, low), date(year, month, min(high, month_end(year, month))), "range", explicit, False
    return date(year, month, 1), date(year, month, month_end(year, month)), "month", explicit, False


def _season(groups: dict) -> tuple:
    """Resolve 'spring 2016' or 'the winter of 2017-18' (winter runs December to February)."""
    year = int(groups["year"])
    first_month, last_month = SEASONS[groups["season"].lower()]
    if first_month > last_month:
        return date(year, 12, 1), date(year + 1, 2, month_end(year + 1, 2)), "season", True, False
    return date(year, first_month, 1), date(year, last_month, month_end(year, last_month)), "season", True, False


APPOSITION = re.compile(r"^\s*[,(]\s*(?:a|the|which was a)?\s*$", re.IGNORECASE)


def _atomic_mentions(text: str, document_date: date) -> list[DateMention]:
    """Every single date expression, longest first where two overlap, in text order."""
    taken: list[tuple[int, int]] = []  # the spans earlier patterns took, sorted and apart
    starts: list[int] = []
    found_all: list[tuple[int, int]] = []  # (where, which pattern): a match object each would hold far more
    for number, (_, pattern) in enumerate(PATTERNS):
        new = []  # one pattern's matches never overlap one another: they join the taken spans after it, at once
        for found in pattern.finditer(text):
            at = bisect.bisect_left(starts, found.start())
            if (at > 0 and taken[at - 1][1] > found.start()) or (at < len(starts) and starts[at] < found.end()):
                continue
            new.append(found.span())
            found_all.append((found.start(), number))
        if new:  # merged once per pattern (inserting each into a list made a long text's dates quadratic)
            taken = list(heapq.merge(taken, new))
            starts = [start for start, _ in taken]
    found_all.sort()
    mentions, anchor = [], document_date
    for start, number in found_all:
        kind, found = PATTERNS[number][0], PATTERNS[number][1].match(text, start)  # the same match, found again
        if kind in ("relative_day", "weekday", "offset", "next_day", "week", "same_day", "ordinal"):
            if kind == "weekday" and _restates(text, mentions, found):
                continue
            first, last, precision = relative_day(kind, found, document_date, anchor)
            if kind == "offset" and (_counts_back(text, mentions, found) or _after_the_document(found, first,
                                                                                               document_date)):
                first = last = anchor - (first - anchor)
            explicit, ambiguous = True, False
        else:
            resolved = _absolute(kind, found, document_date)
            if not resolved:
                continue
            first, last, precision, explicit, ambiguous = resolved
        mentions.append(DateMention(found.start(), found.end(), found.group(0), first, last,
                                    precision, explicit, ambiguous))
        anchor = last if precision == "day" else anchor
    return mentions


def _restates(text: str, mentions: list[DateMention], found: re.Match) -> bool:
    """'On 4 March 2018, a Sunday,': a weekday in apposition to the full date before it names no other day."""
    previous = mentions[-1] if mentions else None
    return bool(previous and previous.precision == "day" and previous.explicit_year
                and APPOSITION.match(text[previous.end:found.start()]))


def _after_the_document(found: re.Match, day: date, document_date: date) -> bool:
    """'Ten days after rockets fell on the camp, ...' read forward would fall after the document was written: the
    rockets fell that long before."""
    return found.group("direction").lower() == "after" and day > document_date


def _counts_back(text: str, mentions: list[DateMention], found: re.Match) -> bool:
    """'on Wednesday, two days after warplanes hit': the event lies before the day just named, not after it."""
    if found.group("direction").lower() != "after" or not mentions:
        return False
    between = text[mentions[-1].end:found.start()]
    return len(between) < 120 and not re.search(r"[.;!?]\s|\n", between) and mentions[-1].precision == "day"


def _with_year(mention: DateMention, year: int) -> DateMention:
    """The same month-and-day mention moved to another year (for 'mid-May to early June 2013')."""
    first = safe_date(year, mention.date_start.month, mention.date_start.day)
    last = safe_date(year, mention.date_end.month, mention.date_end.day)
    return replace(mention, date_start=first, date_end=last) if first and last else mention


def _join(text: str, left: DateMention, right: DateMention) -> DateMention | None:
    """Merge 'A to B', 'between A and B', 'A until B' into one range; None if not joined."""
    between = text[left.end:right.start]
    if not JOINERS.match(between):
        return None
    opener = re.search(r"\b(between|from)\s+$", text[max(0, left.start - 10):left.start], re.IGNORECASE)
    contiguous = right.date_start <= left.date_end + timedelta(days=1)
    if between.strip(" ,").lower() == "and" and not (opener and opener.group(1).lower() == "between") \
            and not contiguous:
        return None
    if not left.explicit_year and right.explicit_year:
        year = right.date_start.year - (1 if left.date_start.month > right.date_start.month else 0)
        left = _with_year(left, year)
    if right.date_end <= left.date_end:
        return None
    start = left.start - (len(opener.group(0)) if opener else 0)
    return DateMention(start, right.end, text[start:right.end], left.date_start, right.date_end,
                       "range", left.explicit_year or right.explicit_year, left.ambiguous or right.ambiguous)


def _since(text: str, mention: DateMention, document_date: date) -> DateMention:
    """'since 1 December 2019' runs from that date to the document date."""
    before = text[max(0, mention.start - 6):mention.start].lower()
    if not before.endswith("since ") or document_date < mention.date_start:
        return mention
    return DateMention(mention.start - 6, mention.end, text[mention.start - 6:mention.end],
                       mention.date_start, document_date, "range", mention.explicit_year, mention.ambiguous)


def find_dates(text: str, document_date: date) -> list[DateMention]:
    """Return the date expressions of a text, ranges joined, resolved against the document date."""
    merged: list[DateMention] = []
    for mention in _atomic_mentions(text, document_date):
        joined = _join(text, merged[-1], mention) if merged else None
        if joined:
            merged[-1] = joined
        else:
            merged.append(mention)
    return [_since(text, mention, document_date) for mention in merged]


def parse_date(text: str, document_date: date | None = None) -> DateMention | None:
    """Parse one date expression (the whole string); None if it holds no date."""
    found = find_dates(text.strip(), document_date or date.today())
    return found[0] if len(found) == 1 else None
