"""Escaping for each context a string from data can reach: HTML text, attributes, JS, URLs, CSV."""

from __future__ import annotations

import html
import json
import re

import pandas as pd

SAFE_URL = re.compile(r"^https?://[^\s\"'<>`]+$", re.IGNORECASE)
CSV_TRIGGERS = ("=", "+", "-", "@", "\t", "\r", "\n")


def html_text(value: object) -> str:
    """Escape a value for HTML text or a quoted attribute."""
    return html.escape("" if value is None or value is pd.NA else str(value), quote=True)


def html_series(values: pd.Series) -> pd.Series:
    """Vectorised html_text over a column (missing values become '')."""
    text = values.astype("string").fillna("")
    for raw, safe in (("&", "&amp;"), ("<", "&lt;"), (">", "&gt;"), ('"', "&quot;"), ("'", "&#x27;")):
        text = text.str.replace(raw, safe, regex=False)
    return text


def safe_url(value: str) -> str | None:
    """The URL if it is a plain http(s) link, else None (javascript:, data: and the rest never link)."""
    value = (value or "").strip()
    return value if SAFE_URL.match(value) else None


def js_literal(value: object) -> str:
    """A JSON literal that is safe inside an inline <script> (no '</script>', no line separators)."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    return (text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
            .replace("\u2028", "\\u2028").replace("\u2029", "\\u2029"))


def template_literal(value: str) -> str:
    """Escape text for a JavaScript template literal holding HTML (folium popups): HTML, `, ${ and \\."""
    return html.escape(value, quote=True).replace("\\", "\\\\").replace("`", "\\`").replace("${", "\\${")


def csv_cell(value: str) -> str:
    """Neutralise a CSV cell a spreadsheet would run as a formula (prefix it with a quote)."""
    return f"'{value}" if value and value.startswith(CSV_TRIGGERS) else value


def csv_series(values: pd.Series) -> pd.Series:
    """Vectorised csv_cell over a text column."""
    text = values.astype("string").fillna("")
    return text.where(~text.str[:1].isin(CSV_TRIGGERS), "'" + text)
