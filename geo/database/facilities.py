"""The facility register in the team database: read as frames, changed through the same FacilityBook as a folder
(the tables locked, the register compared with the one the change was made from, only changed rows written, one
audit entry and a new dataset version), and the summary figures computed in SQL."""

from __future__ import annotations

import pandas as pd
import sqlalchemy as sa
from sqlalchemy.engine import Connection

from geo import schema
from geo.database.accounts import acting_account
from geo.database.connection import require_current, translated
from geo.database.map_queries import codes, filter_where, table_frame
from geo.database.records import bump, write_audit
from geo.dataset.audit import new_entry
from geo.dataset.query import IncidentFilter
from geo.errors import StoreBusyError
from geo.facilities.book import FacilityBook
from geo.facilities.changes import Change
from geo.facilities.register import FACILITY_ACTION, FILES, Register, same_register
from geo.facilities.summary import (
    ALL,
    ATTACKS,
    FACILITIES_ATTACKED,
    FIGURES,
    GOVERNORATE,
    GROUPINGS,
    MEDIAN_DAYS_BETWEEN,
    NOT_ATTRIBUTED,
    NOT_LOCATED,
    PERPETRATOR_GROUP,
    STRUCK_MORE_THAN_ONCE,
    WORKERS_KILLED,
    YEAR,
)
from geo.reader.facilities import HEALTH_KINDS

TABLES = {"facilities": schema.FACILITY_COLUMNS, "facility_conditions": schema.CONDITION_COLUMNS,
          "facility_strikes": schema.STRIKE_COLUMNS, "health_care": schema.HEALTH_CARE_COLUMNS}
KEYS = {"facilities": (schema.ID,), "facility_conditions": (schema.ID,),
        "facility_strikes": (schema.INCIDENT_ID, schema.FACILITY_ID), "health_care": (schema.INCIDENT_ID,)}
TABLE_OF_FILE = dict(zip(FILES, TABLES, strict=True))


def register_in(connection: Connection) -> Register:
    """The register as the connection sees it."""
    return Register(*(table_frame(connection, table, columns).fillna("").astype(str)
                      for table, columns in TABLES.items()))


def register_and_ids(url: str) -> tuple[Register, set[str]]:
    """The register and the ids of every incident (what the register's checks need)."""
    with translated(url), require_current(url).connect() as connection:
        ids = set(connection.execute(sa.text("SELECT id FROM incidents")).scalars())
        return register_in(connection), ids


def read_register(url: str) -> Register:
    """The register now."""
    with translated(url), require_current(url).connect() as connection:
        return register_in(connection)


def _write_changes(connection: Connection, table: str, old: pd.DataFrame, new: pd.DataFrame) -> None:
    """Delete the rows that went or changed, insert the rows that came or changed (by the table's key)."""
    columns, keys = list(TABLES[table]), list(KEYS[table])
    both = old.merge(new, how="outer", on=columns, indicator=True)
    gone, came = both[both["_merge"] == "left_only"], both[both["_merge"] == "right_only"]
    if len(gone):
        where = " AND ".join(f"{key} = :{key}" for key in keys)
        connection.execute(sa.text(f"DELETE FROM {table} WHERE {where}"), gone[keys].to_dict(orient="records"))
    if len(came):
        connection.execute(sa.text(f"INSERT INTO {table} ({', '.join(columns)}) VALUES "
                                   f"({', '.join(':' + c for c in columns)})"),
                           came[columns].to_dict(orient="records"))


def save_change(url: str, before: Register, change: Change, why: str, who: str | None) -> None:
    """Write a change made from `before`, refused when the register changed meanwhile; audited, version bumped."""
    with translated(url), require_current(url).begin() as connection:
        connection.execute(sa.text(f"LOCK TABLE {', '.join(TABLES)} IN EXCLUSIVE MODE"))
        if not same_register(register_in(connection), before):
            raise StoreBusyError("the facility register changed while this change was prepared; nothing was "
                                 "changed, try again")
        acting_account(connection, who)
        for table, old, new in zip(TABLES, before, change.register, strict=True):
            if not new.equals(old):
                _write_changes(connection, table, old, new)
        number = 1 + connection.execute(sa.text("SELECT count(*) FROM audit WHERE action LIKE :action"),
                                        {"action": f"{FACILITY_ACTION}%"}).scalar_one()
        write_audit(connection, new_entry(change.action, "", why, who, **change.details, change=number))
        bump(connection, revision=False)


def _incident_dates(url: str) -> pd.Series:
    """Each incident's first day by id."""
    with translated(url), require_current(url).connect() as connection:
        rows = connection.execute(sa.text("SELECT id, date_start FROM incidents")).all()
    return pd.Series({row[0]: row[1] for row in rows}, dtype=str)


def _place_ids(url: str) -> set[str]:
    """The ids of the team's places."""
    with translated(url), require_current(url).connect() as connection:
        return set(connection.execute(sa.text("SELECT id FROM places")).scalars())


def database_book(url: str, account) -> FacilityBook:
    """The team's register, changed as the signed-in account (its role decides what it may do)."""
    return FacilityBook(lambda: read_register(url), lambda before, change, why, who: save_change(
        url, before, change, why, who), lambda: _incident_dates(url), lambda: _place_ids(url),
                        lambda: facility_entries_in(url), account)


def facility_entries_in(url: str) -> list[dict]:
    """The audit entries of changes to the team's facility register, oldest first."""
    with translated(url), require_current(url).connect() as connection:
        return list(connection.execute(sa.text("SELECT body FROM audit WHERE action LIKE :action ORDER BY number"),
                                       {"action": f"{FACILITY_ACTION}%"}).scalars())


GROUP_SQL = {ALL: f"'{ALL}'", YEAR: "left(start_text, 4)",
             GOVERNORATE: f"COALESCE(NULLIF(admin1, ''), '{NOT_LOCATED}')",
             PERPETRATOR_GROUP: f"COALESCE(NULLIF(btrim(perpetrator), ''), '{NOT_ATTRIBUTED}')"}
SUMMARY = r"""
WITH kept AS (SELECT id, type_code, {group} AS grp,
                     CASE WHEN start_text ~ '^\d{{4}}-\d{{2}}-\d{{2}}$' THEN start_text::date END AS day
              FROM incident_map WHERE {where}),
struck AS (SELECT DISTINCT s.incident_id, s.facility_id, k.grp, k.day FROM facility_strikes s
           JOIN facilities f ON f.id = s.facility_id AND f.status = 'published' AND f.merged_into = ''
                AND f.kind = ANY(:kinds)
           JOIN kept k ON k.id = s.incident_id WHERE s.link = 'confirmed'),
attacks AS (SELECT grp, count(DISTINCT id) AS n FROM (SELECT id, grp FROM kept WHERE type_code = :health
            UNION ALL SELECT incident_id, grp FROM struck) a GROUP BY grp),
per AS (SELECT grp, facility_id, count(DISTINCT incident_id) AS n FROM struck GROUP BY grp, facility_id),
facilities_hit AS (SELECT grp, count(*) AS n, count(*) FILTER (WHERE n > 1) AS again FROM per GROUP BY grp),
days AS (SELECT DISTINCT grp, facility_id, day FROM struck WHERE day IS NOT NULL),
gaps AS (SELECT grp, day - lag(day) OVER (PARTITION BY grp, facility_id ORDER BY day) AS gap FROM days),
middle AS (SELECT grp, percentile_cont(0.5) WITHIN GROUP (ORDER BY gap) AS days FROM gaps
           WHERE gap IS NOT NULL GROUP BY grp),
killed AS (SELECT k.grp, sum(CASE WHEN h.health_workers_killed ~ '^\s*\d+\s*$'
                                  THEN btrim(h.health_workers_killed)::bigint ELSE 0 END) AS n
           FROM kept k JOIN health_care h ON h.incident_id = k.id GROUP BY k.grp)
SELECT g.grp, COALESCE(a.n, 0), COALESCE(f.n, 0), COALESCE(f.again, 0), m.days, COALESCE(w.n, 0)
FROM (SELECT DISTINCT grp FROM kept UNION SELECT {everything}) g
LEFT JOIN attacks a USING (grp) LEFT JOIN facilities_hit f USING (grp) LEFT JOIN middle m USING (grp)
LEFT JOIN killed w USING (grp) ORDER BY g.grp
"""


def summary_in_database(url: str, chosen: IncidentFilter, by: str = ALL,
                        kinds: tuple[str, ...] = HEALTH_KINDS) -> pd.DataFrame:
    """The summary figures of geo.facilities.summary, computed in the database for the filter in force."""
    if by not in GROUPINGS:
        raise ValueError(f"summary by {by!r}: choose one of {', '.join(GROUPINGS)}")
    where = filter_where(chosen)
    everything = f"'{ALL}'" if by == ALL else "NULL::text WHERE false"
    statement = SUMMARY.format(group=GROUP_SQL[by], where=where.clause, everything=everything)
    values = {**where.values, "kinds": list(kinds), "health": codes((schema.TYPE_HEALTH_CARE,),
                                                                     schema.INCIDENT_TYPES)[0]}
    with translated(url), require_current(url).connect() as connection:
        rows = connection.execute(sa.text(statement), values).all()
    table = pd.DataFrame([tuple(r) for r in rows], columns=[by, *FIGURES])
    counts = [ATTACKS, FACILITIES_ATTACKED, STRUCK_MORE_THAN_ONCE, WORKERS_KILLED]
    table[counts] = table[counts].astype(int)
    table[MEDIAN_DAYS_BETWEEN] = pd.to_numeric(table[MEDIAN_DAYS_BETWEEN], errors="coerce").astype(float)
    return table if by == ALL else table[(table[counts] > 0).any(axis=1)].reset_index(drop=True)


PROPOSABLE = f"""
SELECT i.id, i.facility, i.place_id, m.x, m.y, COALESCE(p.name, ''), m.draw
FROM incidents i JOIN incident_map m USING (id) LEFT JOIN places p ON p.id = i.place_id
WHERE i.facility <> '' AND NOT m.merged AND i.status = '{schema.STATUS_PUBLISHED}'
  AND NOT EXISTS (SELECT 1 FROM facility_strikes s WHERE s.incident_id = i.id)
ORDER BY m.position
"""


def proposable_incidents(url: str) -> pd.DataFrame:
    """The published incidents that name a facility and are linked to none, with what matching needs."""
    with translated(url), require_current(url).connect() as connection:
        rows = connection.execute(sa.text(PROPOSABLE)).all()
    frame = pd.DataFrame([tuple(r) for r in rows], columns=[schema.ID, schema.FACILITY, schema.PLACE_ID, schema.X,
                                                           schema.Y, schema.PLACE_NAME, schema.DRAW_AS])
    return frame.assign(**{schema.DRAW_AS: frame[schema.DRAW_AS].map({1: schema.DRAW_POINT, 2: schema.DRAW_AREA})
                           .fillna(schema.DRAW_NONE)})


def incidents_of(url: str, incident_ids: list[str]) -> pd.DataFrame:
    """Some incidents' contract fields and review status (what a facility's history shows of its strikes)."""
    columns = [*schema.INCIDENT_COLUMNS, schema.STATUS]
    with translated(url), require_current(url).connect() as connection:
        rows = connection.execute(sa.text(f"SELECT {', '.join(columns)} FROM incidents WHERE id = ANY(:ids)"),
                                  {"ids": list(incident_ids)}).all()
    return pd.DataFrame([tuple(r) for r in rows], columns=columns)


def book_as(url: str, name: str | None) -> FacilityBook:
    """The team's register changed as the named account (refused in one line when there is none)."""
    with translated(url), require_current(url).connect() as connection:
        account = acting_account(connection, name)
    return database_book(url, account)


def struck_in_view(url: str, chosen: IncidentFilter) -> pd.DataFrame:
    """The incidents the filter keeps that are linked to a facility: id and first day."""
    where = filter_where(chosen)
    statement = (f"SELECT id, start_text FROM incident_map WHERE {where.clause} AND id IN "
                 "(SELECT incident_id FROM facility_strikes)")
    with translated(url), require_current(url).connect() as connection:
        rows = connection.execute(sa.text(statement), where.values).all()
    return pd.DataFrame([tuple(r) for r in rows], columns=[schema.ID, schema.DATE_START])


def facility_place_points(url: str) -> pd.DataFrame:
    """The point of each place a facility stands in (latitude, longitude by place id)."""
    with translated(url), require_current(url).connect() as connection:
        rows = connection.execute(sa.text(
            "SELECT p.id, ST_Y(ST_PointOnSurface(p.geom)), ST_X(ST_PointOnSurface(p.geom)) FROM places p "
            "WHERE p.geom IS NOT NULL AND p.id IN (SELECT place_id FROM facilities)")).all()
    return pd.DataFrame([tuple(r) for r in rows], columns=[schema.ID, schema.LAT, schema.LON]).set_index(schema.ID)

