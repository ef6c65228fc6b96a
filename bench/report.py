"""What every benchmark shares: a free port to serve on, a fresh database, and its own section of
docs/performance.md."""

from __future__ import annotations

import contextlib
import secrets
import socket
from collections.abc import Iterator
from pathlib import Path

from sqlalchemy import create_engine, make_url, text


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def markers(script: str) -> tuple[str, str]:
    """The comments around ``script``'s section of the report."""
    return f"<!-- {script}: begin -->", f"<!-- {script}: end -->"


def write_section(path: Path, script: str, section: str) -> None:
    """Replaces ``script``'s section of the report (the markers included in ``section``), or appends it; the
    other sections stay as they are."""
    begin, end = markers(script)
    current = path.read_text(encoding="utf-8") if path.exists() else "# Performance\n"
    if begin in current:
        before, _, rest = current.partition(begin)
        _, _, after = rest.partition(end)
        current = before + section + after
    else:
        current = current.rstrip("\n") + "\n\n" + section + "\n"
    path.write_text(current, encoding="utf-8")


@contextlib.contextmanager
def fresh_database(server_url: str | None, scratch: Path) -> Iterator[str]:
    """A SQLite file in ``scratch``, or a throwaway database on the PostgreSQL server of ``server_url``."""
    if server_url is None:
        yield f"sqlite:///{scratch / 'livinglab.db'}"
        return
    name = f"livinglab_bench_{secrets.token_hex(4)}"
    server = create_engine(server_url, isolation_level="AUTOCOMMIT")
    with server.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield make_url(server_url).set(database=name).render_as_string(hide_password=False)
    finally:
        with server.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        server.dispose()
