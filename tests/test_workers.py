"""The worker pool: a job's answer, its one-line failure, and its limits (time, memory, one per owner, queue)."""

from __future__ import annotations

import time

import pytest

from geo.errors import AtlasError, InputFileError
from geo.workers import CANCELLED, DONE, FAILED, Workers, WorkersBusyError


def doubled(number: int) -> int:
    """A job that answers."""
    return number * 2


def refused(reason: str) -> None:
    """A job that refuses its input the library's way."""
    raise InputFileError(reason)


def broken() -> None:
    """A job with a bug."""
    raise KeyError("inner detail")


def greedy(megabytes: int) -> int:
    """A job that holds memory and then waits."""
    held = bytearray(megabytes * 1_000_000)
    for at in range(0, len(held), 4096):
        held[at] = 1
    time.sleep(30)
    return len(held)


def test_a_job_answers_and_its_owner_may_then_start_another() -> None:
    pool = Workers(processes=1, waiting=0)
    first = pool.submit("visitor", "doubling", doubled, 21)
    assert first.wait(60) and first.state == DONE and first.outcome() == 42
    second = pool.submit("visitor", "doubling", doubled, 5)
    assert second.wait(60) and second.result == 10


def test_a_refusal_is_its_own_line_and_a_bug_hides_its_details() -> None:
    pool = Workers()
    said, crashed = pool.submit("a", "reading", refused, "the file is empty"), pool.submit("b", "reading", broken)
    assert said.wait(60) and crashed.wait(60)
    assert (said.state, said.error) == (FAILED, "the file is empty")
    assert crashed.state == FAILED and "KeyError" in crashed.error and "inner detail" not in crashed.error
    with pytest.raises(AtlasError, match="empty"):
        said.outcome()


def test_a_job_past_its_time_or_memory_limit_is_stopped() -> None:
    slow = Workers(seconds=1).submit("a", "sleeping", time.sleep, 30)
    assert slow.wait(20) and slow.state == FAILED and "longer than 1 s" in slow.error
    hungry = Workers(memory_bytes=300_000_000).submit("a", "holding", greedy, 600)
    assert hungry.wait(40) and hungry.state == FAILED and "more than 300 MB" in hungry.error


def test_one_job_per_owner_a_bounded_queue_and_cancelling() -> None:
    pool = Workers(processes=1, waiting=1)
    running = pool.submit("a", "sleeping", time.sleep, 30)
    with pytest.raises(WorkersBusyError, match="already have sleeping under way"):
        pool.submit("a", "sleeping", time.sleep, 1)
    queued = pool.submit("b", "sleeping", time.sleep, 30)
    with pytest.raises(WorkersBusyError, match="server is busy with 2 jobs"):
        pool.submit("c", "doubling", doubled, 1)
    queued.cancel()
    running.cancel()
    assert running.wait(10) and queued.wait(10)
    assert (running.state, queued.state) == (CANCELLED, CANCELLED) and "cancelled" in running.error
    assert pool.submit("c", "doubling", doubled, 1).wait(60)


def test_a_pool_of_no_processes_runs_the_job_here_with_its_refusal_as_its_error() -> None:
    pool = Workers(processes=0)
    done, said = pool.submit("a", "doubling", doubled, 4), pool.submit("a", "reading", refused, "empty")
    assert (done.finished, done.state, done.result) == (True, DONE, 8)
    assert (said.state, said.error) == (FAILED, "empty")


def test_the_pool_lets_go_of_finished_jobs() -> None:
    pool = Workers()
    job = pool.submit("a", "doubling", doubled, 2)
    assert job.wait(60) and job.result == 4
    for _ in range(50):
        if pool.job_of("a") is None:
            break
        time.sleep(0.05)
    assert pool.job_of("a") is None


CALLS: list[int] = []


def noted(number: int) -> int:
    """A job that notes each time it runs."""
    CALLS.append(number)
    return number


def _two_kinds_of_work() -> None:
    """A page that runs two kinds of work in one run, as the Import page does (a dataset and a document)."""
    import streamlit as st

    from tests.test_workers import noted
    from ui.work import worked

    st.write(f"{worked('planning', 'plan-key', noted, 1)} {worked('reading', 'read-key', noted, 2)}")


def test_two_kinds_of_work_on_one_page_each_keep_their_result(monkeypatch) -> None:
    """Each kind keeps its own result: a rerun reuses both instead of making each again (one slot per session made
    the second replace the first, so every rerun redid both)."""
    from streamlit.testing.v1 import AppTest

    monkeypatch.setenv("ATLAS_WORKERS", "0")  # in this process, so that CALLS sees every run
    CALLS.clear()
    app = AppTest.from_function(_two_kinds_of_work).run()
    app.run()
    assert not app.exception and app.markdown[0].value == "1 2" and CALLS == [1, 2]
