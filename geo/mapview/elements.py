"""Pieces of a map page the builders share: where the templates live, and text branca never renders again."""

from __future__ import annotations

from pathlib import Path

from branca.element import Element

TEMPLATES = Path(__file__).resolve().parent / "templates"


class RawHtml(Element):
    """Text placed in the page as it is: branca renders a plain Element's text through Jinja again, this never."""

    def __init__(self, text: str) -> None:
        super().__init__()
        self.text = text

    def render(self, **kwargs) -> str:
        """The text, untouched."""
        return self.text
