"""The facility summary as a figure researchers can publish: a bar chart of attacks on health care and facilities
attacked per group, with a caption that says what it counts, for which filters and from which data."""

from __future__ import annotations

import io
import textwrap
from datetime import UTC, datetime

import pandas as pd

from geo.dataset.query import IncidentFilter
from geo.exports.tables import filters_in_words
from geo.facilities.summary import (
    ALL,
    ATTACKS,
    FACILITIES_ATTACKED,
    FIGURE_LABELS,
    STRUCK_MORE_THAN_ONCE,
    WORKERS_KILLED,
)

BARS = (ATTACKS, FACILITIES_ATTACKED, STRUCK_MORE_THAN_ONCE)
COLOURS = ("#7a1f2b", "#d08a3c", "#4a6d8c")
CAPTION_WIDTH = 150


def summary_caption(chosen: IncidentFilter, by: str, version: str, made: datetime | None = None) -> str:
    """What a summary counts: the window, the filters, the grouping, the data version and when it was made."""
    window, filters = filters_in_words(chosen)
    stamp = (made or datetime.now(UTC)).strftime("%Y-%m-%d %H:%M UTC")
    return (f"Incident Atlas · attacks on health care {'overall' if by == ALL else 'by ' + by} · dates {window} · "
            f"{'; '.join(filters) or 'no other filters'} · published records and facilities only; a facility is "
            f"counted when a reviewer confirmed the strike · data version {version} · made {stamp}")


def summary_chart_png(table: pd.DataFrame, by: str, caption: str) -> bytes:
    """A PNG bar chart of the summary table (one group of bars per row), its caption below."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    groups = table[by].astype(str).tolist()
    figure, axis = plt.subplots(figsize=(max(6.0, 1.1 * len(groups) + 2), 4.8), dpi=100)
    width = 0.8 / len(BARS)
    for number, (figure_name, colour) in enumerate(zip(BARS, COLOURS, strict=True)):
        positions = [i + (number - 1) * width for i in range(len(groups))]
        axis.bar(positions, table[figure_name].astype(int), width, label=FIGURE_LABELS[figure_name], color=colour)
    axis.set_xticks(range(len(groups)), groups, rotation=30 if len(groups) > 6 else 0, ha="right")
    axis.set_ylabel("count")
    axis.legend(frameon=False, fontsize=9)
    killed = int(table[WORKERS_KILLED].sum())
    axis.set_title(f"Attacks on health care · {FIGURE_LABELS[WORKERS_KILLED].lower()}: {killed}", fontsize=11)
    figure.text(0.01, 0.01, "\n".join(textwrap.wrap(caption, CAPTION_WIDTH)), fontsize=7, va="bottom")
    figure.subplots_adjust(bottom=0.28)
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png")
    plt.close(figure)
    return buffer.getvalue()
