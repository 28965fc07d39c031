"""Dates of imported records: ISO, numeric (ambiguous day/month refused, never swapped), or written out."""

from __future__ import annotations

import calendar
import re
from datetime import date, datetime, timedelta

from geo import schema
from geo.errors import RowRejectedError
from geo.reader.dates import parse_date

ISO = re.compile(r"^(\d{4})-(\d{2})-(\d{2})(?:[T ][\d:.]+Z?)?$")
YEAR_MONTH = re.compile(r"^(\d{4})-(\d{2})$")
NUMERIC = re.compile(r"^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$")
TIME_PRECISION = {"1": "day", "2": "week", "3": "month"}


def _numeric(text: str, order: str) -> date:
    """dd/mm/yyyy or mm/dd/yyyy; both readings possible and no order given -> refused."""
    first, second, year = (int(part) for part in NUMERIC.match(text).groups())
    if first > 12 >= second:
        day, month = first, second
    elif second > 12 >= first:
        day, month = second, first
    elif first == second or order in ("dmy", "mdy"):
        day, month = (first, second) if order != "mdy" else (second, first)
    else:
        raise RowRejectedError("date", text, "ambiguous date: day and month could be either; set date_order "
                                        "(dmy or mdy) in the mapping")
    try:
        return date(year, month, day)
    except ValueError:
        raise RowRejectedError("date", text, "not a real calendar date") from None


def single_date(text: str, order: str) -> tuple[date, date, str]:
    """One date expression as (start, end, precision), or RowRejectedError."""
    text = text.strip()
    if not text:
        raise RowRejectedError("date", "", "no date given")
    try:
        if found := ISO.match(text):
            day = date(*(int(part) for part in found.groups()))
            return day, day, "day"
        if found := YEAR_MONTH.match(text):
            year, month = int(found.group(1)), int(found.group(2))
            return date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1]), "month"
    except ValueError:
        raise RowRejectedError("date", text, "not a real calendar date") from None
    if re.fullmatch(r"\d{4}", text):
        return date(int(text), 1, 1), date(int(text), 12, 31), "year"
    if NUMERIC.match(text):
        day = _numeric(text, order)
        return day, day, "day"
    parsed = parse_date(text, datetime.now().date())
    if parsed is None or not parsed.explicit_year:
        raise RowRejectedError("date", text, "unreadable date; write YYYY-MM-DD")
    return parsed.date_start, parsed.date_end, parsed.precision


def date_range(text: str, end_text: str, order: str, time_precision: str) -> tuple[date, date, str]:
    """The record's date range, widened by ACLED-style time precision (2 = week, 3 = month)."""
    first, last, precision = single_date(text, order)
    if end_text.strip():
        _, last, _ = single_date(end_text, order)
        if last < first:
            raise RowRejectedError(schema.DATE_END, end_text, "the end date is before the start date")
        precision = "range" if last != first else precision
    widened = TIME_PRECISION.get(time_precision.strip(), "")
    if widened == "week" and precision == "day":
        return first - timedelta(days=3), first + timedelta(days=3), "week"
    if widened == "month" and precision == "day":
        return first.replace(day=1), first.replace(day=calendar.monthrange(first.year, first.month)[1]), "month"
    return first, last, precision
