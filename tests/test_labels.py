"""The one palette and set of human labels: complete, distinguishable, used everywhere the same."""

from __future__ import annotations

import itertools

import pandas as pd

from geo import schema
from geo.labels import (
    CONFIDENCE_LABELS,
    DATE_PRECISION_LABELS,
    PRECISION_LABELS,
    TYPE_COLOURS,
    TYPE_LABELS,
    in_words,
    readable,
)
from geo.mapview.builder import legend_html

SMALLEST_DIFFERENCE = 25  # CIE76 colour difference: two types must never be mistaken for each other


def _lab(colour: str) -> tuple[float, float, float]:
    """CIELAB of an sRGB '#rrggbb' colour (D65)."""
    linear = []
    for start in (1, 3, 5):
        value = int(colour[start:start + 2], 16) / 255
        linear.append(((value + 0.055) / 1.055) ** 2.4 if value > 0.04045 else value / 12.92)
    red, green, blue = linear
    xyz = ((red * 0.4124 + green * 0.3576 + blue * 0.1805) / 0.95047, red * 0.2126 + green * 0.7152 + blue * 0.0722,
           (red * 0.0193 + green * 0.1192 + blue * 0.9505) / 1.08883)
    fx, fy, fz = (v ** (1 / 3) if v > 0.008856 else 7.787 * v + 16 / 116 for v in xyz)
    return 116 * fy - 16, 500 * (fx - fy), 200 * (fy - fz)


def test_every_type_has_a_colour_and_a_label_in_words() -> None:
    assert set(TYPE_COLOURS) == set(TYPE_LABELS) == set(schema.INCIDENT_TYPES)
    assert all("_" not in label and label[0].isupper() for label in TYPE_LABELS.values())
    assert TYPE_LABELS["aid_obstruction"] == "Aid obstruction"


def test_no_two_types_share_a_colour_a_reader_could_confuse() -> None:
    closest = min((sum((a - b) ** 2 for a, b in zip(_lab(TYPE_COLOURS[p]), _lab(TYPE_COLOURS[q]), strict=True))
                   ** 0.5, p, q) for p, q in itertools.combinations(TYPE_COLOURS, 2))
    assert closest[0] >= SMALLEST_DIFFERENCE, closest


def test_every_vocabulary_value_has_a_label() -> None:
    assert set(PRECISION_LABELS) == set(schema.GEO_PRECISIONS)
    assert set(DATE_PRECISION_LABELS) == set(schema.DATE_PRECISIONS)
    assert set(CONFIDENCE_LABELS) == set(schema.CONFIDENCE_LEVELS)


def test_in_words_labels_the_vocabulary_and_leaves_the_input_alone() -> None:
    frame = pd.DataFrame({schema.TYPE: ["attack_on_health_care", "not_a_type"], schema.GEO_PRECISION: ["region", ""],
                          schema.CONFIDENCE: ["weak", "fair"], schema.KILLED: [1200, None]})
    before = frame.copy()
    worded = in_words(frame)
    assert worded[schema.TYPE].tolist() == ["Attack on health care", "not_a_type"]
    assert worded[schema.GEO_PRECISION].tolist() == ["region (or within about 25 km)", ""]
    pd.testing.assert_frame_equal(frame, before)
    shown = readable(frame)
    assert list(shown.columns) == ["Type", "Place precision", "Confidence", "Killed"]
    assert shown["Killed"].tolist() == ["1,200", ""]


def test_the_legend_uses_the_palette_and_lists_only_the_types_given() -> None:
    legend = legend_html(tuple(schema.LAYERS), types=["siege", "displacement"])
    assert TYPE_COLOURS["siege"] in legend and "Siege" in legend and "Displacement" in legend
    assert "Airstrike" not in legend


def test_a_figure_column_with_no_figure_at_all_reads_as_empty_cells() -> None:
    frame = pd.DataFrame({schema.KILLED: pd.array([pd.NA, pd.NA], dtype="Int64"),
                          schema.INJURED: pd.array([1200, pd.NA], dtype="Int64")})
    shown = readable(frame)
    assert list(shown["Killed"]) == ["", ""] and list(shown["Injured"]) == ["1,200", ""]


def test_a_count_and_its_noun_agree_in_number() -> None:
    from geo.labels import counted

    assert [counted(n, "incident") for n in (0, 1, 2, 1204)] == ["0 incidents", "1 incident", "2 incidents",
                                                                 "1,204 incidents"]
    assert counted(1, "candidate pair") == "1 candidate pair" and counted(3, "person", "people") == "3 people"


def test_the_legend_folds_under_its_title_and_speaks_in_whole_sentences() -> None:
    legend = legend_html(tuple(schema.LAYERS), types=["siege"])
    assert legend.startswith("<details") and "<summary><b>Legend</b></summary>" in legend
    sentences = [row.rsplit("</i>", 1)[-1] for row in legend.split("<br>")[:-1]]
    assert sentences and all(sentence.endswith(".") for sentence in sentences), sentences


def test_popups_and_totals_give_words_not_stored_codes() -> None:
    from geo.mapview.columns import incident_columns

    frame = pd.DataFrame({column: [""] for column in schema.INCIDENT_COLUMNS})
    frame[schema.GEO_PRECISION], frame[schema.DATE_PRECISION] = ["settlement"], ["range"]
    frame[schema.SOURCE_IDS] = [""]
    for column in (*schema.COUNT_COLUMNS,):
        frame[column] = pd.array([pd.NA], dtype="Int64")
    columns = incident_columns(frame.assign(**{schema.PLACE_NAME: "Ariha", schema.STATUS: "published"}), {})
    assert columns[schema.GEO_PRECISION]["v"] == ["town or village"]
    assert columns[schema.DATE_PRECISION]["v"] == ["date range"]
    totals = readable(pd.DataFrame({schema.MEASURE: ["medical_personnel_killed"], schema.VALUE: [12]}))
    assert totals["Measure"].tolist() == ["Medical personnel killed"]
