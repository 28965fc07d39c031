"""Duplicate candidates: records of one type family close in time and place, ranked, with remembered decisions.

Two records are candidates when their date ranges, widened by `days`, overlap, and they are at the same place or
within the larger of `km` and either record's precision radius (a '25 km' record is compared 25 km around).
Pairs come from a k-d tree over (east km, north km, day) (records at one place share its point, so they meet at
0 km), so 100,000 records take seconds, not hours; each pair is
then scored on date, distance, type, figures and wording (rapidfuzz). A pair once judged "not the same event" is
remembered in its own append-only log and not offered again.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import numpy as np
import pandas as pd
from rapidfuzz import fuzz
from scipy.spatial import cKDTree

from geo import config, schema
from geo.dataset.audit import UNNAMED
from geo.dataset.records import current_records
from geo.dataset.revisions import append_revision, cut_torn_tail, read_revisions
from geo.errors import AtlasError, RecordRefusedError
from geo.files.journal import folder_lock

KM_PER_DEGREE = 111.2
DISTINCT = "distinct"
MOST_COMPARED = 100_000  # records compared at once: more, at the density of a real war, pair into the tens of millions
MOST_PAIRS = 500_000  # candidate pairs scored at once (about a gigabyte of work): more are refused, asking to narrow


@dataclass(frozen=True)
class Window:
    """How close two records must be to be offered as one event: days apart and kilometres apart."""

    days: int = 2
    km: float = 5.0


def _family_codes(types: pd.Series) -> np.ndarray:
    """A number per type family (-1 for a type in none)."""
    family_of = {t: n for n, members in enumerate(schema.TYPE_FAMILIES.values()) for t in members}
    return types.map(family_of).fillna(-1).astype(int).to_numpy()


def _eligible(frame: pd.DataFrame) -> pd.DataFrame:
    """The records that can be duplicates: on the map's side (not retracted or merged), dated, located."""
    keep = (frame[schema.STATUS] != schema.STATUS_RETRACTED) & (frame[schema.MERGED_INTO] == "")
    keep &= frame[schema.START].notna() & frame[schema.END].notna() & frame[schema.X].notna()
    keep &= frame[schema.DRAW_AS] != schema.DRAW_NONE
    return frame[keep]


def _pairs_near(points: np.ndarray, reach_km: float, days: int, subset: np.ndarray | None = None) -> np.ndarray:
    """Index pairs within reach_km in each direction and `days` of start (Chebyshev, scaled), as an (n, 2) array."""
    scaled = points / np.array([reach_km, reach_km, max(days, 0.5)])
    tree = cKDTree(scaled)
    if subset is None:
        return tree.query_pairs(1.0, p=np.inf, output_type="ndarray")
    found = tree.query_ball_point(scaled[subset], 1.0, p=np.inf)
    counts = np.fromiter((len(near) for near in found), dtype=np.int64, count=len(found))
    near = np.concatenate([np.asarray(n, dtype=np.int64) for n in found]) if counts.sum() else np.empty(0, np.int64)
    pairs = np.column_stack([np.repeat(subset, counts), near])  # arrays, not a tuple per pair: millions fit
    return pairs[pairs[:, 0] != pairs[:, 1]]


def _apart(rows: pd.DataFrame, pairs: np.ndarray, window: Window) -> tuple[np.ndarray, ...]:
    """Days and kilometres apart of each pair, the kilometres it may be apart, and whether it meets the window
    (column by column: millions of pairs never become frames)."""
    first, second = pairs[:, 0], pairs[:, 1]
    day, end_day = rows["day"].to_numpy(), rows["end_day"].to_numpy()
    gap = np.maximum(0, np.maximum(day[first], day[second]) - np.minimum(end_day[first], end_day[second]))
    east, north, reach = rows["east"].to_numpy(), rows["north"].to_numpy(), rows["reach"].to_numpy()
    km = np.hypot(east[first] - east[second], north[first] - north[second])
    limit = np.maximum(window.km, np.maximum(reach[first], reach[second]))
    place, family = rows[schema.PLACE_ID].to_numpy(), rows["family"].to_numpy()
    same_place = (place[first] == place[second]) & (place[first] != "")
    meets = (gap <= window.days) & ((km <= limit) | same_place) & (family[first] == family[second])
    return gap, km, limit, meets


def _score(rows: pd.DataFrame, pairs: np.ndarray, window: Window) -> pd.DataFrame:
    """The pairs that really meet the window, each scored 0-1 (closer, same type, same figures, alike words)."""
    gap, km, limit, meets = _apart(rows, pairs, window)
    _refuse_too_many_pairs(int(meets.sum()))
    a, b = rows.iloc[pairs[meets, 0]], rows.iloc[pairs[meets, 1]]
    gap, km, limit = gap[meets], km[meets], limit[meets]
    words = np.array([fuzz.token_set_ratio(x, y) / 100 for x, y in zip(a[schema.DESCRIPTION], b[schema.DESCRIPTION],
                                                                        strict=True)])
    same_figures = (a[schema.KILLED].astype(str).to_numpy() == b[schema.KILLED].astype(str).to_numpy())
    score = (0.3 * (1 - gap / (window.days + 1)) + 0.3 * (1 - np.minimum(km, limit) / limit)
             + 0.15 * (a[schema.TYPE].to_numpy() == b[schema.TYPE].to_numpy()) + 0.1 * same_figures + 0.15 * words)
    return pd.DataFrame({"first": a[schema.ID].to_numpy(), "second": b[schema.ID].to_numpy(),
                         "days_apart": gap.astype(int), "km_apart": np.round(km, 1), "score": np.round(score, 3)})


def _measured(rows: pd.DataFrame) -> pd.DataFrame:
    """Eligible records (indexed 0..n) with day numbers, kilometre coordinates, search reach and family."""
    day = rows[schema.START].to_numpy().astype("datetime64[D]").astype(np.int64)
    end_day = rows[schema.END].to_numpy().astype("datetime64[D]").astype(np.int64)
    reach = rows[schema.GEO_PRECISION].astype(object).map(schema.PRECISION_RADIUS_METRES).fillna(0) / 1000
    return rows.assign(day=day, end_day=end_day, reach=reach.to_numpy(), family=_family_codes(rows[schema.TYPE]),
                       east=rows[schema.X].to_numpy() * KM_PER_DEGREE * np.cos(np.radians(35.0)),
                       north=rows[schema.Y].to_numpy() * KM_PER_DEGREE)


def _prepared(frame: pd.DataFrame) -> pd.DataFrame:
    """The eligible records, measured."""
    return _measured(_eligible(frame).reset_index(drop=True))


def refuse_too_many(count: int) -> None:
    """AtlasError (one line) when `count` records are more than the finder compares at once."""
    if count > MOST_COMPARED:
        raise AtlasError(f"{count:,} records to compare for duplicates, more than {MOST_COMPARED:,} at once: "
                         "narrow the dates, types or governorates first")


def _refuse_too_many_pairs(count: int) -> None:
    """AtlasError (one line) when `count` candidate pairs are more than the finder scores at once."""
    if count > MOST_PAIRS:
        raise AtlasError(f"{count:,} candidate pairs, more than {MOST_PAIRS:,} at once: narrow the dates, types or "
                         "governorates, or the days and kilometres apart")


def _near(rows: pd.DataFrame, window: Window) -> np.ndarray:
    """Index pairs of measured rows close enough in days and kilometres to be scored, each once (lower first);
    AtlasError (one line) when there are too many rows to compare at once."""
    refuse_too_many(len(rows))
    points = rows[["east", "north", "day"]].to_numpy(dtype=float)
    wide = np.flatnonzero(rows["reach"].to_numpy() > window.km)
    reach = float(rows["reach"].max()) if len(wide) else window.km
    pairs = np.concatenate([_pairs_near(points, window.km, window.days),
                            _pairs_near(points, reach, window.days, wide)])
    return np.unique(np.sort(pairs, axis=1), axis=0) if len(pairs) else pairs.reshape(0, 2)


def near_pairs(eligible: pd.DataFrame, window: Window) -> list[tuple[str, str]]:
    """The id pairs among eligible records (id, start, end, x, y, precision, type, place) that meet the window:
    duplicate_candidates' pass before scoring, for records read elsewhere (the team database's)."""
    rows = _measured(eligible.reset_index(drop=True))
    found = _near(rows, window) if len(rows) > 1 else np.empty((0, 2), dtype=int)
    found = found[_apart(rows, found, window)[3]]
    _refuse_too_many_pairs(len(found))
    ids = rows[schema.ID].to_numpy()
    return list(zip(ids[found[:, 0]], ids[found[:, 1]], strict=True))


PAIR_COLUMNS = ["first", "second", "days_apart", "km_apart", "score"]


def _ranked(scored: pd.DataFrame, decided: set[tuple[str, str]], limit: int | None) -> pd.DataFrame:
    """Scored pairs best first (ties by id), the decided ones left out."""
    if decided:
        keys = [tuple(sorted(p)) for p in zip(scored["first"], scored["second"], strict=True)]
        scored = scored[[k not in decided for k in keys]]
    ranked = scored.sort_values(["score", "first", "second"], ascending=[False, True, True], ignore_index=True)
    return ranked.head(limit) if limit else ranked


def duplicate_candidates(frame: pd.DataFrame, window: Window = Window(), decided: set[tuple[str, str]] = frozenset(),
                         limit: int | None = None) -> pd.DataFrame:
    """Ranked candidate pairs (first, second, days_apart, km_apart, score), best first; decided pairs left out.
    AtlasError when the frame holds more than MOST_COMPARED records that can be duplicates."""
    rows = _prepared(frame)
    if len(rows) < 2:
        return pd.DataFrame(columns=PAIR_COLUMNS)
    return _ranked(_score(rows, _near(rows, window), window), decided, limit)


def scored_pairs(frame: pd.DataFrame, pairs: list[tuple[str, str]], window: Window = Window(),
                 decided: set[tuple[str, str]] = frozenset(), limit: int | None = None) -> pd.DataFrame:
    """Pairs of record ids found elsewhere (the team database's join), scored and ranked as duplicate_candidates
    ranks its own: the same test of the window, the same score."""
    rows = _prepared(frame)
    position = pd.Index(rows[schema.ID])
    found = np.column_stack([position.get_indexer([pair[side] for pair in pairs]) for side in (0, 1)]).reshape(-1, 2)
    found = found[(found >= 0).all(axis=1)]  # a record no longer eligible (-1) drops its pairs
    return _ranked(_score(rows, np.sort(found, axis=1), window), decided, limit)


def distinct_pairs(decisions: list[dict]) -> set[tuple[str, str]]:
    """The pairs a log of decisions judges not to be the same event."""
    return {tuple(sorted(d["pair"])) for d in decisions if d.get("decision") == DISTINCT}


def decided_pairs(data_dir: Path) -> set[tuple[str, str]]:
    """The pairs a data folder's decisions judge not to be the same event."""
    return distinct_pairs(read_revisions(data_dir, name=config.DECISIONS_FILE))


def distinct_decision(first: str, second: str, why: str, who: str | None) -> dict:
    """The decision that two records are not the same event, as its log keeps it."""
    return {"pair": sorted([first, second]), "decision": DISTINCT, "why": why, "by": (who or "").strip() or UNNAMED,
            "at": datetime.now(UTC).isoformat(timespec="seconds")}


def check_pair(first: str, second: str, known: set[str], where: str) -> None:
    """Refuse a decision on one record with itself, or on a record the data does not hold (`where` names it)."""
    if first == second:
        raise RecordRefusedError(f"{first!r} is one record, not a pair; nothing was remembered")
    missing = sorted({first, second} - known)
    if missing:
        raise RecordRefusedError(f"no record {missing[0]!r} in {where}; nothing was remembered")


def mark_distinct(data_dir: Path, first: str, second: str, why: str, who: str | None = None) -> dict:
    """Remember that two records are not the same event (they are not offered as a pair again)."""
    decision = distinct_decision(first, second, why, who)
    with folder_lock(data_dir):
        check_pair(first, second, set(current_records(data_dir).incidents[schema.ID]), "this data directory")
        cut_torn_tail(data_dir, config.DECISIONS_FILE)
        append_revision(data_dir, decision, config.DECISIONS_FILE)
    return decision
