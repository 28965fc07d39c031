"""Escaping for each context: HTML, inline script JSON, template literals, URLs, CSV cells."""

import pandas as pd
import pytest

from geo.escape import csv_cell, html_series, html_text, js_literal, safe_url, template_literal

PAYLOAD = "<img src=x onerror=alert(1)>\"'`${alert(2)}</script>\\"


def test_html_escapes_tags_and_quotes() -> None:
    assert "<" not in html_text(PAYLOAD) and '"' not in html_text(PAYLOAD)
    assert html_series(pd.Series([PAYLOAD, None])).tolist() == [html_text(PAYLOAD), ""]


@pytest.mark.parametrize("length", [3, 5_000])
def test_a_short_and_a_long_column_are_escaped_alike(length: int) -> None:
    values = pd.Series([PAYLOAD, None, float("nan"), pd.NA, 7, "{{ x }}"] * length)
    assert html_series(values).tolist() == [html_text(PAYLOAD), "", "", "", "7", "&#123;&#123; x &#125;&#125;"] * length


def test_js_literal_cannot_close_the_script_element() -> None:
    text = js_literal({"description": PAYLOAD + "\u2028"})
    assert "</script" not in text.lower() and "<" not in text and "\u2028" not in text


def test_template_literal_neutralises_backticks_and_placeholders() -> None:
    text = template_literal(PAYLOAD)
    assert "`" not in text.replace("\\`", "") and "${" not in text.replace("\\${", "") and "<" not in text


@pytest.mark.parametrize(("url", "kept"), [("https://example.org/a", True), ("http://x.y", True),
                                           ("javascript:alert(1)", False), ("data:text/html,x", False),
                                           ("https://x.y/\"onmouseover=", False), ("", False)])
def test_only_plain_http_links_are_links(url: str, kept: bool) -> None:
    assert (safe_url(url) is not None) is kept


@pytest.mark.parametrize("cell", ["=HYPERLINK(1)", "+1", "-1", "@SUM(A1)", "\tx", "\rx", "\nx"])
def test_csv_formula_cells_are_neutralised(cell: str) -> None:
    assert csv_cell(cell).startswith("'")
    assert csv_cell("Douma") == "Douma"


def test_a_terminal_line_shows_control_characters_and_overrides_as_escapes(data_copy, capsys) -> None:
    from geo.cli.main import main
    from geo.escape import terminal_text

    assert terminal_text("ok\x1b]0;owned\x07 \x9b31m \u202eevil") == "ok\\x1b]0;owned\\x07 \\x9b31m \\u202eevil"
    assert terminal_text("Ḥalab حلب") == "Ḥalab حلب"
    assert main(["--data", str(data_copy), "facilities", "edit", "fa-al-quds-hospital", "operator=a charity",
                 "--why", "seen\x1b[2J in a report", "--by", "Rima\x1b[31m"]) == 0
    capsys.readouterr()
    for command in (["history"], ["facilities", "changes"]):
        assert main(["--data", str(data_copy), *command]) == 0
        printed = capsys.readouterr().out
        assert "\x1b" not in printed and "seen\\x1b[2J in a report" in printed and "Rima\\x1b[31m" in printed
