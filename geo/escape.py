"""Escaping for each context a string from data can reach: HTML text, attributes, JS, URLs, CSV, Jinja, markdown,
a terminal.

folium and branca render every element's output through Jinja a second time, so text from data must never
carry an opening Jinja delimiter (``{{``, ``{%``, ``{#``) into a map: ``html_text``/``html_series`` write braces
as character references and ``js_literal`` writes a brace that opens a delimiter as ``\u007b``. Both still
show the text literally in the browser.
"""

from __future__ import annotations

import json
import re

import pandas as pd

SAFE_URL = re.compile(r"^https?://[^\s\"'<>`]+$", re.IGNORECASE)
CSV_TRIGGERS = ("=", "+", "-", "@", "\t", "\r", "\n")
HTML_REPLACEMENTS = (("&", "&amp;"), ("<", "&lt;"), (">", "&gt;"), ('"', "&quot;"), ("'", "&#x27;"),
                     ("{", "&#123;"), ("}", "&#125;"))
SHORT_COLUMN = 300  # rows below which html_series escapes value by value
JINJA_OPENER = re.compile(r"\{(?=[{%#])")
CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")  # C0, C1, bidirectional overrides
MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()<>#+\-.!|~$:=])")


def markdown_text(value: object) -> str:
    """Escape a value for Streamlit markdown (st.markdown, captions, alerts, labels): no image or link can load,
    no :colour[...] directive, no $math$ or list can start; the text shows as typed."""
    text = "" if value is None or value is pd.NA else str(value)
    return MARKDOWN_SPECIAL.sub(r"\\\1", text).replace("\n", " ")


def terminal_text(value: object) -> str:
    """A value for one line of a terminal: control characters (an escape sequence could move the cursor, recolour
    or retitle the terminal) and direction overrides written as visible escapes."""
    text = "" if value is None or value is pd.NA else str(value)
    return CONTROL.sub(lambda found: f"\\x{ord(found.group()):02x}" if ord(found.group()) < 0x100
                       else f"\\u{ord(found.group()):04x}", text)


def html_text(value: object) -> str:
    """Escape a value for HTML text or a quoted attribute (braces too, so no template engine reads it)."""
    text = "" if value is None or value is pd.NA else str(value)
    for raw, safe in HTML_REPLACEMENTS:
        text = text.replace(raw, safe)
    return text


def html_series(values: pd.Series) -> pd.Series:
    """Vectorised html_text over a column (missing values become ''); a short column value by value, which is
    faster than the vectorised replacements' fixed cost."""
    if len(values) <= SHORT_COLUMN:
        return pd.Series([html_text(v) for v in values.astype("string").fillna("")], index=values.index,
                         dtype="string")
    text = values.astype("string").fillna("")
    for raw, safe in HTML_REPLACEMENTS:
        text = text.str.replace(raw, safe, regex=False)
    return text


def safe_url(value: str) -> str | None:
    """The URL if it is a plain http(s) link, else None (javascript:, data: and the rest never link)."""
    value = (value or "").strip()
    return value if SAFE_URL.match(value) else None


def js_literal(value: object) -> str:
    """A JSON literal safe inside an inline <script> and inert to Jinja (no '</script>', '{{', '{%', '{#')."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    text = (text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
            .replace("\u2028", "\\u2028").replace("\u2029", "\\u2029"))
    return JINJA_OPENER.sub(r"\\u007b", text)


def template_literal(value: str) -> str:
    """Escape text for a JavaScript template literal holding HTML (folium popups): HTML, `, ${ and \\."""
    return html_text(value).replace("\\", "\\\\").replace("`", "\\`").replace("${", "\\${")


def csv_cell(value: str) -> str:
    """Neutralise a CSV cell a spreadsheet would run as a formula (prefix it with a quote)."""
    return f"'{value}" if value and value.startswith(CSV_TRIGGERS) else value


def csv_series(values: pd.Series) -> pd.Series:
    """Vectorised csv_cell over a text column."""
    text = values.astype("string").fillna("")
    return text.where(~text.str[:1].isin(CSV_TRIGGERS), "'" + text)


def neutralised_csv(frame: pd.DataFrame) -> str:
    """A table as CSV text for download, every cell a spreadsheet would run as a formula neutralised."""
    text = frame.astype("string").fillna("")
    return text.apply(csv_series).to_csv(index=False, lineterminator="\n")
