"""Running one record change from a form: refused in one line, or done, said after the page reloads the data."""

from __future__ import annotations

from collections.abc import Callable

import streamlit as st

from geo.errors import AtlasError
from geo.escape import markdown_text

FLASH_KEY = "curation_flash"


def run_change(change: Callable[[], dict], done: str, settle: Callable[[], None] | None = None) -> None:
    """Make the change; on refusal show its one-line reason (nothing was written), else rerun with `done` shown.
    `settle` runs either way (a form sent is read afresh next time)."""
    try:
        revision = change()
    except AtlasError as error:
        st.error(markdown_text(error))
        if settle:
            settle()
        return
    if settle:
        settle()
    number = revision.get("rev")
    st.session_state[FLASH_KEY] = f"{done}" + (f" (revision {number})" if number else "")
    st.rerun()


def show_flash() -> None:
    """The message of the change made before this run, once."""
    message = st.session_state.pop(FLASH_KEY, None)
    if message:
        st.success(markdown_text(message))
