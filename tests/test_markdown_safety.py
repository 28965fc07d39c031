"""Text from data reaches Streamlit's markdown (captions, alerts, labels) escaped: it shows, it never loads."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from geo import schema
from geo.dataset import curate
from geo.escape import markdown_text
from tests.test_app import APP

HOSTILE = "![seen](http://tracker.example/p.png) [link](http://tracker.example) :red[loud] $x^2$ <b>b</b>"


def test_markdown_text_escapes_every_construct_that_could_load_or_format() -> None:
    escaped = markdown_text(HOSTILE + "\nsecond line")
    assert not re.search(r"(?<!\\)[!\[\]():$<>*_`]", escaped), escaped
    assert "\n" not in escaped and escaped.replace("\\", "") == HOSTILE + " second line"


def _markdown_bodies(app: AppTest) -> list[str]:
    """The markdown every element of the page was given."""
    kinds = ("markdown", "caption", "info", "success", "error", "warning", "subheader", "expander", "button")
    return [str(getattr(element, "label", None) or element.value) for kind in kinds for element in app.get(kind)]


def test_a_hostile_reason_and_link_show_escaped_on_the_incidents_page(data_copy: Path,
                                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    curate.set_status(data_copy, "ia-0003", schema.STATUS_IN_REVIEW, HOSTILE, HOSTILE)
    curate.edit_incident(data_copy, "ia-0003", {schema.KILLED: "3"}, HOSTILE, HOSTILE)
    monkeypatch.setenv("ATLAS_DATA_DIR", str(data_copy))
    app = AppTest.from_file(APP, default_timeout=60)
    app.query_params["incident"] = "ia-0003"
    app.query_params["status"] = "draft,in_review,published"
    app.run()
    app.switch_page("app_pages/incidents.py").run()
    bodies = _markdown_bodies(app)
    assert not app.exception and any("tracker" in body for body in bodies)
    assert not [body for body in bodies if "](" in body or "![" in body or ":red[" in body]
