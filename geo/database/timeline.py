"""The Timeline's monthly figures from the team database: the same table as geo.dataset.query.monthly_summary,
summed in SQL (a record whose dates span several months spread evenly over them), so no record comes into Python."""

from __future__ import annotations

import numpy as np
import pandas as pd
import sqlalchemy as sa

from geo import schema
from geo.database.connection import require_current, translated
from geo.database.map_queries import NUMBER_PATTERN, filter_where
from geo.dataset.query import MAX_SPREAD_MONTHS, ONE_MONTH, SPREAD, IncidentFilter

MONTH_NUMBER = "(extract(year FROM {day}) * 12 + extract(month FROM {day}) - 1)::int"
MONTHLY = f"""
    WITH kept AS (
        SELECT m.type_code, m.layer, {MONTH_NUMBER.format(day="lower(m.during)")} AS first_month,
               LEAST({MONTH_NUMBER.format(day="upper(m.during) - 1")} - {MONTH_NUMBER.format(day="lower(m.during)")}
                     + 1, :most) AS span,
               CASE WHEN i.killed ~ :number THEN round(i.killed::numeric) END AS killed,
               CASE WHEN i.displaced ~ :number THEN round(i.displaced::numeric) END AS displaced
        FROM (SELECT id, type_code, layer, during FROM incident_map WHERE {{clause}} AND during IS NOT NULL) AS m
        JOIN incidents i USING (id))
    SELECT first_month + step, type_code, layer, span > 1, sum(1.0 / span), COALESCE(sum(killed / span), 0),
           COALESCE(sum(displaced / span), 0)
    FROM kept CROSS JOIN LATERAL generate_series(0, span - 1) AS step GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4"""
COLUMNS = ["month", schema.TYPE, schema.LAYER, "dating", "incidents", schema.KILLED, schema.DISPLACED]


def monthly_summary(url: str, chosen: IncidentFilter) -> pd.DataFrame:
    """Incidents, killed and displaced per month, type, layer and dating, of the records the filter keeps."""
    where = filter_where(chosen)
    with translated(url), require_current(url).connect() as connection:
        rows = connection.execute(sa.text(MONTHLY.format(clause=where.clause)),
                                  {**where.values, "most": MAX_SPREAD_MONTHS, "number": NUMBER_PATTERN}).all()
    if not rows:
        return pd.DataFrame(columns=COLUMNS)
    number, type_code, layer, spread, *sums = (np.array(column) for column in zip(*rows, strict=True))
    return pd.DataFrame({
        "month": pd.to_datetime({"year": number // 12, "month": number % 12 + 1, "day": 1}),
        schema.TYPE: [schema.INCIDENT_TYPES[code] if code >= 0 else "" for code in type_code],
        schema.LAYER: [schema.LAYERS[code] for code in layer],
        "dating": np.where(spread.astype(bool), SPREAD, ONE_MONTH),
        **{name: values.astype(float) for name, values in zip(COLUMNS[4:], sums, strict=True)}})
