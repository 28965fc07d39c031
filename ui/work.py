"""Long work run for a page in the server's worker pool: progress while it runs, a way to cancel it, its one-line
failure, and its result kept for the session while the inputs stay the same."""

from __future__ import annotations

import hashlib
import os
import uuid
from collections.abc import Callable
from typing import Any

import streamlit as st

from geo.errors import AtlasError
from geo.escape import markdown_text
from geo.workers import DONE, Job, Workers

OWNER_KEY, SLOT_KEY = "worker_owner", "worker_slot"
PROGRESS_EVERY = 0.25


def _setting(name: str, default: float) -> float:
    """A number from the environment, or the default when it is unset or not a number."""
    try:
        return float(os.environ.get(name, default))
    except ValueError:
        return default


def worker_pool() -> Workers:
    """The server's pool: $ATLAS_WORKERS processes (0 runs each job in the page's own thread, without limits),
    $ATLAS_WORKERS_WAITING more waiting, $ATLAS_JOB_SECONDS and $ATLAS_JOB_MEMORY_MB per job."""
    return _pool(int(_setting("ATLAS_WORKERS", 2)), int(_setting("ATLAS_WORKERS_WAITING", 4)),
                 _setting("ATLAS_JOB_SECONDS", 120), int(_setting("ATLAS_JOB_MEMORY_MB", 1500) * 1_000_000))


@st.cache_resource
def _pool(processes: int, waiting: int, seconds: float, memory_bytes: int) -> Workers:
    """One pool per setting, kept for the server's life."""
    return Workers(max(0, processes), waiting, seconds, memory_bytes)


def inputs_key(*parts: bytes | str) -> str:
    """A short fingerprint of a job's inputs, so that the same inputs reuse its result."""
    digest = hashlib.sha256()
    for part in parts:
        digest.update(part if isinstance(part, bytes) else part.encode("utf-8", "surrogatepass"))
        digest.update(b"\0")
    return digest.hexdigest()


def session_owner(kind: str) -> str:
    """Who a job belongs to: this browser session, for one kind of work (one job of each kind at a time)."""
    return f"{st.session_state.setdefault(OWNER_KEY, uuid.uuid4().hex)}:{kind}"


def _current_job(label: str, key: str, function: Callable, arguments: tuple) -> Job | None:
    """The session's job of this kind (`label`) for these inputs: the one already run or running, else a new one
    (None if refused). Each kind keeps its own: the Import page reads a document and plans a dataset in one run."""
    owner = session_owner(label)
    slots = st.session_state.setdefault(SLOT_KEY, {})
    held_key, job = slots.get(label, (None, None))
    if job is not None and held_key == key:
        return job
    if job is not None and not job.finished:
        job.cancel()
        job.wait(5)
    try:
        job = worker_pool().submit(owner, label, function, *arguments)
    except AtlasError as busy:
        st.error(markdown_text(f"Not started: {busy}."))
        return None
    slots[label] = (key, job)
    return job


def worked(label: str, key: str, function: Callable, *arguments: Any) -> Any:
    """function(*arguments), computed in a worker process; draws its progress and a Cancel button while it runs,
    and its one-line failure with a Try again button. None unless it has finished well."""
    job = _current_job(label, key, function, arguments)
    if job is None:
        return None
    if not job.finished:
        cancel, progress = st.empty(), st.empty()
        if cancel.button(f"Cancel {label}", key=f"w_cancel_{label}"):
            job.cancel()
            job.wait(5)
        while not job.wait(PROGRESS_EVERY):
            progress.caption(markdown_text(f"{label.capitalize()}: {job.seconds():.0f} s so far, "
                                           f"{job.peak_bytes / 1e6:,.0f} MB; other visitors are not held up."))
        cancel.empty()  # done: neither the button nor the progress stays on the page
        progress.empty()
    if job.state == DONE:
        return job.result
    st.error(markdown_text(f"{job.error[:1].upper()}{job.error[1:]}."))
    if st.button("Try again", key=f"w_retry_{label}"):
        st.session_state[SLOT_KEY].pop(label, None)
        st.rerun()
    return None
