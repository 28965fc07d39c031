"""Running one record change from a form: refused in one line, or done, said after the page reloads the data."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import streamlit as st

from geo.dataset.storage import RecordStore
from geo.errors import AtlasError
from geo.escape import markdown_text

FLASH_KEY = "curation_flash"
WHO_LABEL = "Who (your name, kept in the audit log)"


@dataclass(frozen=True)
class Curating:
    """Where the record forms send their changes (a data folder, or the team database as the signed-in account),
    the sources they offer, and the dataset's version and place (what caches of its history are kept under)."""

    target: Path | RecordStore
    sources: pd.DataFrame
    version: str
    where: str
    account: str | None = None
    can_change: bool = True

    def who(self, key: str) -> str | None:
        """Who makes a change: the signed-in account, or (one researcher's folder) the name typed in."""
        return who_box(self.account, key)


def who_box(account: str | None, key: str) -> str | None:
    """The signed-in account (a team's), or the name typed in a box (one researcher's folder)."""
    if account:
        return account
    return st.text_input(WHO_LABEL, key=f"w_{key}_who") or None


def reading(kind: str, record_id: str, version_now: int) -> tuple[str, int]:
    """The tag of a record's form widgets and the version the user read when the forms were first drawn.

    Both stay while the user fills a form in, so a form sent after someone else changed the record is refused
    as stale (never applied over their change); once sent (`renewal`), the forms are drawn afresh from the record
    as it is.
    """
    key = f"{kind}_reading_{record_id}"
    generation, version = st.session_state.get(key, (0, None))
    if version is None:
        version = version_now
        st.session_state[key] = (generation, version)
    return f"{record_id}_{generation}", version


def renewal(kind: str, record_id: str) -> Callable[[], None]:
    """What to do once a form was sent: draw the record's forms afresh from the record as it is then."""
    def settle() -> None:
        generation, _ = st.session_state.get(f"{kind}_reading_{record_id}", (0, None))
        st.session_state[f"{kind}_reading_{record_id}"] = (generation + 1, None)
    return settle


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
