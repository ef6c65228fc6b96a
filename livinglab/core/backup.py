"""Backing up and restoring the lab's database, with each engine's own tool.

SQLite: its online backup API (``sqlite3.Connection.backup``) copies a consistent snapshot page by page, even
while the app writes; the backup is itself a SQLite database. PostgreSQL: ``pg_dump`` in its custom format and
``pg_restore`` in one transaction, so a restore that fails leaves the database as it was. Both need the
PostgreSQL client of the server's major version or newer (Debian: ``postgresql-client``).

A restore never mixes a backup with data already there: into a database holding rows it is refused unless
forced, and forced it replaces what the backup holds.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
from contextlib import closing
from pathlib import Path

from sqlalchemy import URL, func, inspect, make_url, select, table, text

from livinglab.core.database import make_engine
from livinglab.core.errors import DomainError

# The first bytes of each engine's backup: a backup is restored only into the engine that made it.
SQLITE_HEADER = b"SQLite format 3\x00"
PG_DUMP_HEADER = b"PGDMP"
# Alembic's bookkeeping: a freshly migrated database holds its one row and is still empty for a restore.
SCHEMA_VERSION_TABLE = "alembic_version"


def backup(*, database_url: str, target: Path) -> None:
    """Writes a backup of the database to ``target``; a file already there is replaced only once the new
    backup is complete."""
    partial = target.with_name(target.name + ".partial")
    partial.unlink(missing_ok=True)
    url = make_url(database_url)
    try:
        if url.get_backend_name() == "sqlite":
            with closing(_sqlite(url)) as source, closing(sqlite3.connect(partial)) as copy:
                source.backup(copy)
        else:
            _run_postgres_tool(
                "pg_dump", url, "--format=custom", "--no-owner", "--no-privileges", f"--file={partial}"
            )
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    partial.replace(target)


def restore(*, database_url: str, source: Path, force: bool) -> None:
    """Replaces the database's content with the backup in ``source``. Refused if the database holds data,
    unless ``force``."""
    url = make_url(database_url)
    sqlite = url.get_backend_name() == "sqlite"
    try:
        with source.open("rb") as backup_file:
            header = backup_file.read(len(SQLITE_HEADER))
    except OSError as error:
        raise DomainError("cli.error.backup_unreadable", path=source, reason=error.strerror) from error
    if not header.startswith(SQLITE_HEADER if sqlite else PG_DUMP_HEADER):
        raise DomainError("cli.error.backup_wrong_engine", path=source, engine=url.get_backend_name())
    if not force and holds_data(database_url):
        raise DomainError("cli.error.restore_not_empty", url=url.render_as_string())
    if sqlite:
        saved = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
        with closing(saved), closing(_sqlite(url)) as live:
            saved.backup(live)
    else:
        # --clean drops each object of the backup before making it again, so that a forced restore replaces
        # rather than collides; --single-transaction makes the whole restore happen or not at all.
        _run_postgres_tool(
            "pg_restore",
            url,
            "--clean",
            "--if-exists",
            "--no-owner",
            "--no-privileges",
            "--single-transaction",
            "--exit-on-error",
            str(source),
        )


def holds_data(database_url: str) -> bool:
    """Whether any table of the database has a row: Alembic's own aside, and the shadow tables in which
    SQLite's full-text index keeps its settings (their index, empty or not, is counted instead)."""
    engine = make_engine(database_url)
    try:
        with engine.connect() as connection:
            names = inspect(connection).get_table_names()
            virtual = set()
            if connection.dialect.name == "sqlite":
                virtual = set(
                    connection.scalars(
                        text("SELECT name FROM sqlite_master WHERE sql LIKE 'CREATE VIRTUAL TABLE%'")
                    )
                )
                names += sorted(virtual)
            for name in names:
                if name == SCHEMA_VERSION_TABLE or any(name.startswith(f"{v}_") for v in virtual):
                    continue
                if connection.execute(select(func.count()).select_from(table(name))).scalar_one():
                    return True
        return False
    finally:
        engine.dispose()


def _sqlite(url: URL) -> sqlite3.Connection:
    if not url.database or not Path(url.database).exists():
        raise DomainError("cli.error.backup_no_database", url=url.render_as_string())
    return sqlite3.connect(url.database)


def _run_postgres_tool(tool: str, url: URL, *arguments: str) -> None:
    executable = shutil.which(tool)
    if executable is None:
        raise DomainError("cli.error.postgres_tool_missing", tool=tool)
    # libpq reads the address without SQLAlchemy's driver name, and the password from the environment so
    # that it never shows in the process list.
    address = url.set(drivername="postgresql", password=None).render_as_string(hide_password=False)
    environment = {**os.environ}
    if url.password is not None:
        environment["PGPASSWORD"] = str(url.password)
    result = subprocess.run(  # noqa: S603  (a PostgreSQL tool found on PATH, with our own arguments)
        [executable, f"--dbname={address}", *arguments],
        env=environment,
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        # The tools print context lines ("while PROCESSING TOC") before the one that says what failed.
        lines = result.stderr.strip().splitlines() or [f"exit code {result.returncode}"]
        reason = next((line for line in lines if "error:" in line), lines[0])
        raise DomainError("cli.error.postgres_tool_failed", tool=tool, reason=reason)
