"""Day arithmetic for dates in documents: month and weekday names, and relative expressions ('yesterday', 'two
days later', 'Wednesday the twenty-second', 'last week') resolved against the document's date or the last date named."""

from __future__ import annotations

import calendar
import re
from datetime import date, timedelta

MONTHS = {name.lower(): number for number, name in enumerate(calendar.month_name) if name}
MONTHS.update({name.lower(): number for number, name in enumerate(calendar.month_abbr) if name})
MONTHS["sept"] = 9
WEEKDAYS = {name.lower(): number for number, name in enumerate(calendar.day_name)}
LEVANTINE = (r"(?:(?:T(?:ishreen|ishrine|ishrin|eshreen)|K(?:anun|anoun|anoon))[ -](?:al|el|ath|at|ul)[ -]?"
             r"(?:Awwal|Awal|Auwal|Thani|Thaani|Tani|Thany)|Sh(?:ubat|bat|obat)|A(?:dhar|zar|thar|yyar|yar|ab|ylul|ilul|yloul)"
             r"|N(?:isan|eesan)|H(?:aziran|zeiran|uzayran)|T(?:ammuz|amouz|ammouz|amuz)|Eylul)")  # first letters first
LEVANTINE_STEMS = {"shubat": 2, "shbat": 2, "shobat": 2, "adhar": 3, "azar": 3, "athar": 3, "nisan": 4, "neesan": 4,
                   "ayyar": 5, "ayar": 5, "haziran": 6, "hzeiran": 6, "huzayran": 6, "tammuz": 7, "tamouz": 7,
                   "tammouz": 7, "tamuz": 7, "aab": 8, "aylul": 9, "ailul": 9, "eylul": 9, "ayloul": 9}
NUMBER_WORDS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
                "eight": 8, "nine": 9, "ten": 10, "a": 1}
ORDINALS = {word: number for number, word in enumerate(
    ["first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth", "eleventh",
     "twelfth", "thirteenth", "fourteenth", "fifteenth", "sixteenth", "seventeenth", "eighteenth", "nineteenth",
     "twentieth"], start=1)}
ORDINALS.update({f"twenty-{word}": 20 + number for word, number in list(ORDINALS.items())[:9]})
ORDINALS.update({"thirtieth": 30, "thirty-first": 31})


def levantine_month(name: str) -> int | None:
    """The month a Levantine (Syriac) month name stands for ('Tishreen al-Awwal' 10, 'Kanun al-Thani' 1, 'Ayyar' 5),
    else None."""
    words = name.lower().replace("-", " ").split()
    if not words:
        return None
    if words[0].startswith(("tish", "tesh", "kan")):
        first = words[-1].startswith(("aw", "au"))
        return (10 if first else 11) if words[0].startswith(("tish", "tesh")) else (12 if first else 1)
    return LEVANTINE_STEMS.get(words[0])


def month_end(year: int, month: int) -> int:
    """Last day of a month."""
    return calendar.monthrange(year, month)[1]


def safe_date(year: int, month: int, day: int) -> date | None:
    """A date, or None where the parts do not make one."""
    try:
        return date(year, month, day)
    except ValueError:
        return None


def relative_day(kind: str, found: re.Match, document_date: date, anchor: date) -> tuple:
    """Resolve relative expressions against the document date (or the last date named)."""
    groups = found.groupdict()
    if kind == "relative_day":
        back = {"yesterday": 1, "today": 0, "the day before yesterday": 2}[groups["word"].lower()]
        day = document_date - timedelta(days=back)
        return day, day, "day"
    if kind == "weekday":
        back = (document_date.weekday() - WEEKDAYS[groups["weekday"].lower()]) % 7
        back = back or (7 if found.group(0).lower().startswith("last") else 0)
        day = document_date - timedelta(days=back)
        return day, day, "day"
    if kind == "same_day":
        return anchor, anchor, "day"
    if kind == "ordinal":
        return ordinal_in_narrative(ORDINALS[groups["ordinal"].lower()], anchor)
    if kind in ("offset", "next_day"):
        count = 1 if kind == "next_day" else NUMBER_WORDS.get(groups["count"].lower()) or int(groups["count"])
        days = count * (7 if kind == "offset" and groups["unit"].lower().startswith("week") else 1)
        forward = kind == "next_day" or groups["direction"].lower() in ("later", "after")
        base = document_date if kind == "offset" and groups["direction"].lower() == "ago" else anchor
        day = base + timedelta(days=days if forward else -days)
        return day, day, "day"
    return week_of(groups["which"].lower(), document_date)


def ordinal_in_narrative(day: int, anchor: date) -> tuple:
    """'Wednesday the twenty-second' in an account of February: that day of the narrative's month, or the next."""
    found = safe_date(anchor.year, anchor.month, day) if day >= anchor.day else None
    if not found:
        found = safe_date(anchor.year + (anchor.month == 12), anchor.month % 12 + 1, day) or anchor
    return found, found, "day"


def week_of(which: str, document_date: date) -> tuple:
    """Resolve 'last week', 'this week', 'last weekend' (weeks start on Monday)."""
    monday = document_date - timedelta(days=document_date.weekday())
    if which == "last weekend":
        saturday = monday - timedelta(days=2)
        return saturday, saturday + timedelta(days=1), "week"
    if which == "last week":
        return monday - timedelta(days=7), monday - timedelta(days=1), "week"
    return monday, document_date, "week"
