"""Connecting to the team database: the URL setting, engines, one-line errors, the schema's version.

`ATLAS_DATABASE_URL` (or `--database` on the command line) names a PostgreSQL database with PostGIS, as
`postgresql+psycopg://user:password@host:port/name`. Unset, everything uses the data directory.
"""

from __future__ import annotations

import contextlib
import functools
import os
from collections.abc import Iterator
from pathlib import Path

import psycopg
import sqlalchemy as sa
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.engine.url import make_url

from geo.errors import AtlasError

DATABASE_URL_ENV = "ATLAS_DATABASE_URL"
MIGRATIONS = Path(__file__).resolve().parent / "migrations"
DRIVER = "postgresql+psycopg"
_CURRENT: set[str] = set()  # databases already found at the newest schema by this process


class DatabaseError(AtlasError):
    """The team database cannot be reached, refused a statement, or has a schema this code does not match."""


def database_url(explicit: str | None = None) -> str | None:
    """The team database's URL: the explicit one, else $ATLAS_DATABASE_URL, else None (the data directory)."""
    return explicit or os.environ.get(DATABASE_URL_ENV) or None


def shown(url: str) -> str:
    """The URL as it may be printed: host, port and database, never the password."""
    try:
        parsed = make_url(url)
    except sa.exc.ArgumentError:
        return "an unreadable database URL"
    return f"{parsed.host or 'localhost'}:{parsed.port or 5432}/{parsed.database or ''}"


@functools.lru_cache(maxsize=8)
def engine_for(url: str) -> Engine:
    """One engine (a small connection pool) per database URL and process."""
    try:
        parsed = make_url(url)
    except sa.exc.ArgumentError:
        raise DatabaseError("the database URL is not one: write postgresql+psycopg://USER:PASSWORD@HOST:PORT/NAME") \
            from None
    if parsed.drivername not in (DRIVER, "postgresql"):
        raise DatabaseError(f"{parsed.drivername}: only PostgreSQL is supported ({DRIVER}://...)")
    return sa.create_engine(parsed.set(drivername=DRIVER), pool_pre_ping=True, pool_size=4, max_overflow=4,
                            connect_args={"connect_timeout": 10})


@contextlib.contextmanager
def translated(url: str) -> Iterator[None]:
    """Turn a driver's error into one line naming the database (never its password)."""
    try:
        yield
    except (sa.exc.OperationalError, psycopg.OperationalError) as error:
        reason = str(getattr(error, "orig", None) or error).strip().splitlines()[0]
        raise DatabaseError(f"the database at {shown(url)} cannot be reached or stopped answering ({reason}); "
                            "nothing was changed") from None
    except (sa.exc.DBAPIError, psycopg.Error) as error:
        reason = str(getattr(error, "orig", None) or error).strip().splitlines()[0]
        raise DatabaseError(f"the database at {shown(url)} refused the change ({reason}); nothing was changed") \
            from None


def _alembic_config() -> Config:
    """Alembic's settings: the migrations kept in the repository."""
    settings = Config()
    settings.set_main_option("script_location", str(MIGRATIONS))
    return settings


def head_revision() -> str:
    """The newest schema version this code knows."""
    return ScriptDirectory.from_config(_alembic_config()).get_current_head()


def schema_revision(connection: Connection) -> str | None:
    """The schema version a database is at (None: never initialised)."""
    return MigrationContext.configure(connection).get_current_revision()


def upgrade(url: str, to: str = "head") -> tuple[str | None, str]:
    """Create or upgrade the schema to the newest version (or the one named); (version before, version now)."""
    from alembic import command

    engine = engine_for(url)
    with translated(url), engine.begin() as connection:
        before = schema_revision(connection)
        settings = _alembic_config()
        settings.attributes["connection"] = connection
        command.upgrade(settings, to)
    return before, head_revision() if to == "head" else to


def require_current(url: str) -> Engine:
    """The engine, refused in one line when the schema is missing or older than this code (checked once per process
    and database: every query asks for the engine, and the check is two round trips)."""
    if url in _CURRENT:
        return engine_for(url)
    engine = engine_for(url)
    with translated(url), engine.connect() as connection:
        found = schema_revision(connection)
    head = head_revision()
    if found != head:
        state = "has no Incident Atlas schema" if found is None else f"is at schema {found}, this code needs {head}"
        raise DatabaseError(f"the database at {shown(url)} {state}; run `python -m geo --database URL db init` "
                            "to create or upgrade it")
    _CURRENT.add(url)
    return engine
