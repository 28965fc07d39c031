"""What the app's sidebar and map ask of the team database besides the payload: the dataset's version, the values
the filters offer, the months to play through, the counts per governorate; each one query, nothing held."""

from __future__ import annotations

import calendar
from datetime import date

import pandas as pd
import sqlalchemy as sa

from geo import schema
from geo.database.connection import require_current, translated
from geo.database.map_queries import filter_where, source_rows, version_label
from geo.database.sign_in import SIGN_IN_ACTIONS
from geo.dataset.query import FilterChoices, IncidentFilter


def dataset_version(url: str) -> str:
    """The dataset's version: every write bumps it, so a cache kept under it is never stale."""
    with translated(url), require_current(url).connect() as connection:
        return version_label(connection)


def filter_choices(url: str) -> FilterChoices:
    """The values the filters offer now."""
    with translated(url), require_current(url).connect() as connection:
        first, last = connection.execute(sa.text("SELECT min(lower(during)), max(upper(during) - 1) FROM incident_map "
                                                 "WHERE NOT merged")).one()
        named = connection.execute(sa.text("SELECT DISTINCT perpetrator FROM incident_map WHERE perpetrator <> '' "
                                           "ORDER BY 1")).scalars().all()
        sources = source_rows(connection)
    today = date.today()
    return FilterChoices(first or today, last or today, tuple(named), sources, dated=first is not None)


def month_steps(url: str, chosen: IncidentFilter) -> list[str]:
    """The last day (ISO) of every month in which a kept incident starts, for time playback."""
    where = filter_where(chosen)
    with translated(url), require_current(url).connect() as connection:
        months = connection.execute(sa.text(
            f"SELECT DISTINCT date_trunc('month', lower(during))::date FROM incident_map "
            f"WHERE {where.clause} AND during IS NOT NULL ORDER BY 1"), where.values).scalars().all()
    return [month.replace(day=calendar.monthrange(month.year, month.month)[1]).isoformat() for month in months]


def governorate_counts(url: str, chosen: IncidentFilter) -> pd.Series:
    """Kept incidents per governorate name (for the density view)."""
    where = filter_where(chosen)
    with translated(url), require_current(url).connect() as connection:
        rows = connection.execute(sa.text(f"SELECT admin1, count(*) FROM incident_map WHERE {where.clause} "
                                          "AND admin1 <> '' GROUP BY 1 ORDER BY 2 DESC, 1"), where.values).all()
    return pd.Series({name: int(count) for name, count in rows}, dtype="int64", name=schema.PLACE_ADMIN1)


def audit_entries(url: str, sign_ins: bool = False) -> list[dict]:
    """Every audit entry (imports, new sources and places, pushes' logs), oldest first; failed sign-ins, lockouts
    and unlocks only when asked for."""
    left_out = () if sign_ins else SIGN_IN_ACTIONS
    with translated(url), require_current(url).connect() as connection:
        rows = connection.execute(sa.text("SELECT body FROM audit WHERE NOT (action = ANY(:left_out)) ORDER BY number"),
                                  {"left_out": list(left_out)})
        return [row[0] for row in rows]
