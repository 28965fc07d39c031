"""Pieces of a map page the builders share: where the templates live, and text branca never renders again."""

from __future__ import annotations

from pathlib import Path

from branca.element import Element, MacroElement
from jinja2 import Template

from geo.escape import js_literal

TEMPLATES = Path(__file__).resolve().parent / "templates"


class RawHtml(Element):
    """Text placed in the page as it is: branca renders a plain Element's text through Jinja again, this never."""

    def __init__(self, text: str) -> None:
        super().__init__()
        self.text = text

    def render(self, **kwargs) -> str:
        """The text, untouched."""
        return self.text


def script_template(file_name: str) -> Template:
    """A script template file wrapped as the Jinja macro branca elements render."""
    return Template("{% macro script(this, kwargs) %}" + (TEMPLATES / file_name).read_text() + "{% endmacro %}")


class ScriptLayer(MacroElement):
    """A map script whose data is rendered once, as escaped JSON (js_literal), and added to the page as RawHtml,
    so that it never passes through Jinja a second time (branca's MacroElement would do that).

    Subclasses set `_template` (script_template(...)), `_name`, and optionally `css`.
    """

    css = ""

    def __init__(self, payload: dict, options: dict | None = None) -> None:
        super().__init__()
        self.payload = js_literal(payload)
        self.options = js_literal(options or {})

    def render(self, **kwargs) -> None:
        """Add the rendered script (and its style) to the page, as text."""
        script = self._template.module.__dict__["script"]
        root = self.get_root()
        if self.css:
            root.header.add_child(RawHtml(f"<style>{self.css}</style>"), name=f"{self.get_name()}_css")
        root.script.add_child(RawHtml(script(self, kwargs)), name=self.get_name())
