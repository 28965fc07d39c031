"""Date expressions: exact formats, partial dates, seasons, ranges and relative days."""

from datetime import date

import pytest

from geo.reader.dates import find_dates, parse_date

DOC = date(2018, 3, 20)  # a Tuesday

CASES = [
    ("on 19/09/2017", "2017-09-19", "2017-09-19", "day"),
    ("on 19-09-2017", "2017-09-19", "2017-09-19", "day"),
    ("on 19 September 2017", "2017-09-19", "2017-09-19", "day"),
    ("on September 19, 2017", "2017-09-19", "2017-09-19", "day"),
    ("on 2017-09-19", "2017-09-19", "2017-09-19", "day"),
    ("fighting began in mid-May", "2017-05-11", "2017-05-20", "range"),
    ("it was early June 2013", "2013-06-01", "2013-06-10", "range"),
    ("strikes in spring 2016", "2016-03-01", "2016-05-31", "season"),
    ("between 12 and 15 March", "2018-03-12", "2018-03-15", "range"),
    ("during the winter of 2017-18", "2017-12-01", "2018-02-28", "season"),
    ("from mid-May to early June 2013", "2013-05-11", "2013-06-10", "range"),
    ("between May 2018 and February 2019", "2018-05-01", "2019-02-28", "range"),
    ("in August and the first half of September", "2017-08-01", "2017-09-15", "range"),
    ("in December 2016", "2016-12-01", "2016-12-31", "month"),
    ("for months in 2016", "2016-01-01", "2016-12-31", "year"),
    ("on Tuesday a shell fell", "2018-03-20", "2018-03-20", "day"),
    ("yesterday a shell fell", "2018-03-19", "2018-03-19", "day"),
    ("last week", "2018-03-12", "2018-03-18", "week"),
]


@pytest.mark.parametrize(("text", "first", "last", "precision"), CASES)
def test_expressions_resolve_to_ranges(text: str, first: str, last: str, precision: str) -> None:
    [found] = find_dates(text, DOC)
    assert (found.date_start.isoformat(), found.date_end.isoformat(), found.precision) == (first, last, precision)
    assert found.text in text


def test_relative_offset_counts_from_the_last_date_named() -> None:
    found = find_dates("A market was hit on 3 March 2018. Two days later the clinic was hit.", DOC)
    assert [f.date_start.isoformat() for f in found] == ["2018-03-03", "2018-03-05"]


def test_weekday_with_day_and_month_picks_the_matching_year() -> None:
    [found] = find_dates("A note came on Tuesday, 23 June, by courier.", date(2020, 7, 1))
    assert found.date_start == date(2020, 6, 23)


def test_since_runs_to_the_document_date() -> None:
    [found] = find_dates("displaced since December 1, 2019", date(2020, 2, 20))
    assert (found.date_start, found.date_end, found.precision) == (date(2019, 12, 1), date(2020, 2, 20), "range")


def test_ambiguous_day_month_is_flagged_never_swapped_silently() -> None:
    [found] = find_dates("on 03/04/2017", DOC)
    assert found.ambiguous and found.date_start == date(2017, 4, 3)
    [clear] = find_dates("on 19/04/2017", DOC)
    assert not clear.ambiguous


@pytest.mark.parametrize("text", ["you may go", "2,000 civilians", "31/02/2017", "Room 12"])
def test_non_dates_and_impossible_dates_are_ignored(text: str) -> None:
    assert find_dates(text, DOC) == []


def test_parse_date_reads_one_expression_or_nothing() -> None:
    assert parse_date("spring 2016").precision == "season"
    assert parse_date("no date here") is None
