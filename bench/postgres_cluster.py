"""A throwaway PostgreSQL + PostGIS cluster for tests and benchmarks: initdb in a temporary folder, loopback only.

As root (CI), the server runs as the `postgres` account, which Debian's package creates.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

POSTGIS_CONTROL = "postgis.control"
# A team server's settings on a machine of this size (24 GB): the map's table and its indexes stay in memory.
SERVER = "-c fsync=on -c shared_buffers=2GB -c work_mem=64MB -c effective_cache_size=8GB"
TESTS = "-c fsync=off"


def _binaries() -> Path | None:
    """The newest installed PostgreSQL server's bin folder that also has PostGIS, or None."""
    for folder in sorted(Path("/usr/lib/postgresql").glob("*/bin"), reverse=True):
        version = folder.parent.name
        if (folder / "initdb").is_file() and (Path("/usr/share/postgresql") / version / "extension"
                                              / POSTGIS_CONTROL).is_file():
            return folder
    return None


def _free_port() -> int:
    """A TCP port nobody listens on now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _as_server_user(command: list[str]) -> list[str]:
    """The command run as `postgres` when we are root (the server refuses to run as root)."""
    return ["runuser", "-u", "postgres", "--", *command] if os.geteuid() == 0 else command


@dataclass
class Cluster:
    """A running throwaway server."""

    folder: Path
    port: int
    binaries: Path
    durable: bool = False

    def url(self, database: str) -> str:
        """The SQLAlchemy URL of one database on it."""
        return f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/{database}"

    def sql(self, statement: str, database: str = "postgres") -> None:
        """Run one statement as the superuser."""
        subprocess.run(_as_server_user(["psql", "-q", "-h", "127.0.0.1", "-p", str(self.port), "-U", "postgres",
                                        "-d", database, "-v", "ON_ERROR_STOP=1", "-c", statement]),
                       check=True, capture_output=True)

    def pause(self) -> None:
        """Stop the server, keeping its data (start() brings it back)."""
        subprocess.run(_as_server_user([str(self.binaries / "pg_ctl"), "-D", str(self.folder / "data"), "-m", "fast",
                                        "-w", "stop"]), check=True, capture_output=True)

    def stop(self) -> None:
        """Stop the server and remove its folder."""
        subprocess.run(_as_server_user([str(self.binaries / "pg_ctl"), "-D", str(self.folder / "data"), "-m",
                                        "immediate", "stop"]), capture_output=True)
        shutil.rmtree(self.folder, ignore_errors=True)

    def start(self) -> None:
        """Start (or start again) the server on its port."""
        subprocess.run(_as_server_user([str(self.binaries / "pg_ctl"), "-D", str(self.folder / "data"), "-w",
                                        "-l", str(self.folder / "log"), "-o",
                                        f"-p {self.port} -k {self.folder} -c listen_addresses=127.0.0.1 "
                                        f"-c max_connections=60 {SERVER if self.durable else TESTS}",
                                        "start"]),
                       check=True, capture_output=True)


class NoPostgresError(RuntimeError):
    """PostgreSQL with PostGIS is not installed on this machine."""


def start_cluster(durable: bool = False) -> Cluster:
    """initdb and start a server (NoPostgresError when PostgreSQL with PostGIS is not installed); `durable`: every
    commit is flushed to disk as on a real server (benchmarks), else not (tests, faster)."""
    binaries = _binaries()
    if binaries is None:
        raise NoPostgresError("PostgreSQL with PostGIS is not installed (.ci/run installs postgresql and "
                              "postgresql-15-postgis-3)")
    folder = Path(tempfile.mkdtemp(prefix="atlas-pg-"))
    if os.geteuid() == 0:
        shutil.chown(folder, "postgres", "postgres")
    subprocess.run(_as_server_user([str(binaries / "initdb"), "-D", str(folder / "data"), "-A", "trust", "-U",
                                    "postgres", "-E", "UTF8", "--no-sync"]), check=True, capture_output=True)
    cluster = Cluster(folder, _free_port(), binaries, durable)
    cluster.start()
    return cluster
