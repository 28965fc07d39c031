"""Long work (reading a document, planning an import) in a bounded pool of worker processes, so that it never
holds the server's interpreter while other visitors wait.

Each job runs in a process of its own, forked from a single-threaded fork server that has the library imported
already. At most `processes` jobs run at once; at most `waiting` more wait for a place, and a job past that is
refused in one line. Each owner (a browser session) has one job at a time. A job is stopped when it runs past its
time limit or its memory limit, or when its owner cancels it; what it was doing is lost, nothing else.
"""

from __future__ import annotations

import multiprocessing
import multiprocessing.spawn
import os
import threading
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from geo.errors import AtlasError

PRELOADED = ["geo.reader.document", "geo.imports.plan", "geo.gazetteer.lookup", "geo.database.imports"]
CONTEXT = multiprocessing.get_context("forkserver")
WORKER_NICENESS = 10  # how much lower than the server a worker runs
CONTEXT.set_forkserver_preload(PRELOADED)
_STARTING = threading.local()
_preparation_data = multiprocessing.spawn.get_preparation_data


def _without_main(name: str) -> dict:
    """multiprocessing's preparation data for a new process, less the main module when one of our jobs starts:
    under Streamlit `__main__` is the page being run, and a worker that imported it again would run the page."""
    data = _preparation_data(name)
    if getattr(_STARTING, "job", False):
        data.pop("init_main_from_path", None)
        data.pop("init_main_from_name", None)
    return data


multiprocessing.spawn.get_preparation_data = _without_main
PAGE_BYTES = os.sysconf("SC_PAGE_SIZE")
POLL_SECONDS = 0.05
WAITING, RUNNING, DONE, FAILED, CANCELLED = "waiting", "running", "done", "failed", "cancelled"


class WorkersBusyError(AtlasError):
    """The pool cannot take the job: its owner has one already, or too many are waiting."""


@dataclass
class Job:
    """One piece of work: its state, when it began, its peak memory, and its result or one-line error."""

    owner: str
    label: str
    state: str = WAITING
    result: Any = None
    error: str = ""
    started: float = field(default_factory=time.monotonic)
    peak_bytes: int = 0
    _finished: threading.Event = field(default_factory=threading.Event, repr=False)
    _cancel: threading.Event = field(default_factory=threading.Event, repr=False)

    @property
    def finished(self) -> bool:
        """True once the job is done, failed or cancelled."""
        return self._finished.is_set()

    def wait(self, seconds: float) -> bool:
        """Wait up to `seconds` for the job to finish; True if it has."""
        return self._finished.wait(seconds)

    def cancel(self) -> None:
        """Stop the job (its process is killed; a waiting job never starts)."""
        self._cancel.set()

    def seconds(self) -> float:
        """Seconds since the job was submitted."""
        return time.monotonic() - self.started

    def outcome(self) -> Any:
        """The result of a finished job, or AtlasError with its one-line reason."""
        if self.state != DONE:
            raise AtlasError(self.error or f"{self.label} has not finished")
        return self.result


def _child(connection, function: Callable, arguments: tuple) -> None:
    """In the worker process: run the function and send back ('done', result) or ('failed', reason). The worker
    yields the processor to the server (a lower priority), so pages answer while long work runs."""
    try:
        os.nice(WORKER_NICENESS)
        connection.send((DONE, function(*arguments)))
    except AtlasError as refused:
        connection.send((FAILED, str(refused)))
    except MemoryError:
        connection.send((FAILED, "the work needed more memory than a job may use"))
    except Exception as error:  # noqa: BLE001 - one line for the visitor, the traceback for the server's log
        traceback.print_exc()
        connection.send((FAILED, f"the work failed ({type(error).__name__}); the server's log has the details"))
    finally:
        connection.close()


def resident_bytes(pid: int) -> int:
    """The resident memory of a process, in bytes (0 once it has gone)."""
    try:
        with open(f"/proc/{pid}/statm", encoding="ascii") as statm:
            return int(statm.read().split()[1]) * PAGE_BYTES
    except (OSError, IndexError, ValueError):
        return 0


class Workers:
    """A bounded pool of worker processes with a time and a memory limit per job."""

    def __init__(self, processes: int = 2, waiting: int = 4, seconds: float = 120,
                 memory_bytes: int = 2_000_000_000) -> None:
        self.processes, self.waiting, self.seconds, self.memory_bytes = processes, waiting, seconds, memory_bytes
        self._places = threading.Semaphore(processes)
        self._lock = threading.Lock()
        self._jobs: dict[str, Job] = {}

    def submit(self, owner: str, label: str, function: Callable, *arguments: Any) -> Job:
        """Start (or queue) a job for this owner, or raise WorkersBusyError with the reason. A pool of no processes
        runs the job at once in the calling thread, without limits (one person's own machine)."""
        if self.processes == 0:
            return self._inline(owner, label, function, arguments)
        with self._lock:
            current = self._jobs.get(owner)
            if current is not None and not current.finished:
                raise WorkersBusyError(f"you already have {current.label} under way; wait for it or cancel it")
            busy = sum(not job.finished for job in self._jobs.values())
            if busy >= self.processes + self.waiting:
                raise WorkersBusyError(f"the server is busy with {busy} jobs from other visitors; try again soon")
            job = self._jobs[owner] = Job(owner, label)
        threading.Thread(target=self._run, args=(job, function, arguments), daemon=True).start()
        return job

    def _inline(self, owner: str, label: str, function: Callable, arguments: tuple) -> Job:
        """Run a job here and now; its refusal is its error, as in a worker."""
        job = Job(owner, label, state=RUNNING)
        try:
            self._finish(job, DONE, function(*arguments))
        except AtlasError as refused:
            self._finish(job, FAILED, error=str(refused))
        return job

    def job_of(self, owner: str) -> Job | None:
        """The owner's job under way (running or waiting), if any."""
        with self._lock:
            return self._jobs.get(owner)

    def _run(self, job: Job, function: Callable, arguments: tuple) -> None:
        """Wait for a place, run the job in its own process, and record how it ended."""
        while not self._places.acquire(timeout=POLL_SECONDS):
            if job._cancel.is_set():
                self._finish(job, CANCELLED, error=f"{job.label} was cancelled")
                self._forget(job)
                return
        try:
            self._supervise(job, function, arguments)
        except Exception as error:  # noqa: BLE001 - a pool that cannot start a process says so and goes on
            traceback.print_exc()
            self._finish(job, FAILED, error=f"{job.label} could not start ({type(error).__name__})")
        finally:
            self._places.release()
            self._forget(job)

    def _forget(self, job: Job) -> None:
        """Let go of a finished job (its owner keeps it; the pool must not hold every session's last result)."""
        with self._lock:
            if self._jobs.get(job.owner) is job:
                del self._jobs[job.owner]

    def _supervise(self, job: Job, function: Callable, arguments: tuple) -> None:
        """Start the process and watch it: its answer, its time, its memory and the owner's cancel."""
        receiving, sending = CONTEXT.Pipe(duplex=False)
        process = CONTEXT.Process(target=_child, args=(sending, function, arguments), daemon=True)
        job.state, begun = RUNNING, time.monotonic()
        _STARTING.job = True
        try:
            process.start()
        finally:
            _STARTING.job = False
        sending.close()
        try:
            ending = self._watch(job, process, receiving, begun)
        finally:
            if process.is_alive():
                process.kill()
            process.join(5)
            receiving.close()
        self._finish(job, *ending)

    def _watch(self, job: Job, process, receiving, begun: float) -> tuple[str, Any, str]:
        """Poll until the process answers or a limit is reached: (state, result, error)."""
        while True:
            if receiving.poll(POLL_SECONDS):
                try:
                    state, answer = receiving.recv()
                except (EOFError, OSError):
                    return FAILED, None, f"{job.label} stopped without an answer"
                return (DONE, answer, "") if state == DONE else (FAILED, None, answer)
            job.peak_bytes = max(job.peak_bytes, resident_bytes(process.pid))
            if job._cancel.is_set():
                return CANCELLED, None, f"{job.label} was cancelled"
            if job.peak_bytes > self.memory_bytes:
                return FAILED, None, (f"{job.label} was stopped: it needed more than "
                                      f"{self.memory_bytes / 1e6:,.0f} MB of memory")
            if time.monotonic() - begun > self.seconds:
                return FAILED, None, f"{job.label} was stopped: it took longer than {self.seconds:.0f} s"
            if not process.is_alive() and not receiving.poll(0):
                return FAILED, None, f"{job.label} stopped without an answer (exit code {process.exitcode})"

    @staticmethod
    def _finish(job: Job, state: str, result: Any = None, error: str = "") -> None:
        """Record how the job ended and wake whoever waits for it."""
        job.result, job.error, job.state = result, error, state
        job._finished.set()
