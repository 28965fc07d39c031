"""Shared by the browser tests and the benchmarks: start the app on a free port, launch Debian's Chromium."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from geo.exports.snapshot import CHROMIUM as CHROMIUM_PATH
from geo.exports.snapshot import CHROMIUM_FLAGS

__all__ = ["CHROMIUM", "CHROMIUM_FLAGS", "start_streamlit", "wait_until_healthy"]

PROJECT = Path(__file__).resolve().parent.parent
CHROMIUM = str(CHROMIUM_PATH)
ARTIFACTS = PROJECT / "artifacts" / "browser"


def free_port() -> int:
    """A TCP port nobody listens on."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_until_healthy(url: str, process: subprocess.Popen, limit: float = 60) -> float:
    """Seconds until Streamlit answers its health check (fails if it dies or takes too long)."""
    started = time.monotonic()
    while time.monotonic() - started < limit:
        if process.poll() is not None:
            raise RuntimeError(f"streamlit exited with {process.returncode}")
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=1) as answer:
                if answer.status == 200:
                    return time.monotonic() - started
        except OSError:
            time.sleep(0.1)
    raise TimeoutError(f"streamlit did not answer within {limit} s")


def start_streamlit(env_extra: dict[str, str] | None = None) -> tuple[subprocess.Popen, str]:
    """Start `streamlit run app.py` on a free port; return the process and its URL."""
    port = free_port()
    env = {**os.environ, **(env_extra or {})}
    process = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", "app.py", "--server.port", str(port),
         "--server.address", "127.0.0.1", "--server.headless", "true"],
        cwd=PROJECT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return process, f"http://127.0.0.1:{port}"
