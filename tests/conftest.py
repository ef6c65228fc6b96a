"""Databases for the storage and service tests: every test runs on SQLite and on PostgreSQL.

PostgreSQL is part of the supported deployment, so a missing server fails the run instead of skipping tests.
"""

from __future__ import annotations

import csv
import io
import os
import secrets
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
import reflex as rx
from sqlalchemy import create_engine, make_url, text
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session

from livinglab.core import database, settings
from livinglab.core.database import make_engine
from livinglab.core.migrations import upgrade_to_head
from livinglab.demo import seed_demo
from livinglab.identity.browser import BROWSER_COOKIE

# The machine's server trusts local connections of the postgres superuser, which may create databases.
DEFAULT_POSTGRES_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/test"
ENGINES = ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)]


def _sqlite_url(directory: Path) -> str:
    return f"sqlite:///{directory / 'livinglab.db'}"


@contextmanager
def _postgres_database() -> Iterator[str]:
    """A new, empty database on the test server, dropped afterwards."""
    server_url = os.environ.get("LIVINGLAB_TEST_POSTGRES_URL", DEFAULT_POSTGRES_URL)
    name = f"livinglab_test_{secrets.token_hex(6)}"
    server = create_engine(server_url, isolation_level="AUTOCOMMIT")
    try:
        with server.connect() as connection:
            connection.execute(text(f'CREATE DATABASE "{name}"'))
    except OperationalError as error:
        unreachable = str(error.orig)
    else:
        unreachable = None
    if unreachable is not None:
        server.dispose()
        pytest.fail(
            f"PostgreSQL is unreachable at {make_url(server_url).render_as_string()}: {unreachable}\n"
            "Start it, or point LIVINGLAB_TEST_POSTGRES_URL at a server where the role may create databases.",
            pytrace=False,
        )
    try:
        yield make_url(server_url).set(database=name).render_as_string(hide_password=False)
    finally:
        with server.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        server.dispose()


@pytest.fixture
def sqlite_url(tmp_path: Path) -> str:
    return _sqlite_url(tmp_path)


@pytest.fixture
def postgres_url() -> Iterator[str]:
    with _postgres_database() as url:
        yield url


@pytest.fixture(params=ENGINES)
def database_url(request: pytest.FixtureRequest) -> str:
    """An empty database, once on each engine."""
    return str(request.getfixturevalue(f"{request.param}_url"))


# Migrating takes longer than most tests: each engine's database is migrated once per run, and every test's
# changes are rolled back.
@pytest.fixture(scope="session")
def migrated_sqlite_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    url = _sqlite_url(tmp_path_factory.mktemp("sqlite"))
    upgrade_to_head(url)
    return url


@pytest.fixture(scope="session")
def migrated_postgres_url() -> Iterator[str]:
    with _postgres_database() as url:
        upgrade_to_head(url)
        yield url


@pytest.fixture(params=ENGINES)
def db(request: pytest.FixtureRequest) -> Iterator[Session]:
    """A session on a migrated database, once on each engine; whatever the test writes is rolled back."""
    engine = make_engine(str(request.getfixturevalue(f"migrated_{request.param}_url")))
    with engine.connect() as connection:
        transaction = connection.begin()
        session = Session(bind=connection, expire_on_commit=False)
        try:
            yield session
        finally:
            session.close()
            # A failed flush has already rolled the transaction back.
            if transaction.is_active:
                transaction.rollback()
    engine.dispose()


def spreadsheet_rows(document: str) -> list[list[str]]:
    """The rows of a CSV the lab wrote, read as French Excel reads it: with the byte order mark in front
    (without it, Excel mangles the accents), cells separated by semicolons."""
    assert document.startswith("\ufeff"), "no byte order mark: French Excel would mangle the accents"
    return list(csv.reader(io.StringIO(document.removeprefix("\ufeff"), newline=""), delimiter=";"))


_APP_CACHES = (settings.get_settings, settings.secret_key, database.get_engine, database._session_factory)


@contextmanager
def app_pointed_at(url: str, workdir: Path) -> Iterator[None]:
    """The app's own settings, engine and session_scope() on ``url``; data/ files (the secret key) in
    ``workdir``. For tests that go through session_scope() as the app does."""
    patch = pytest.MonkeyPatch()
    patch.setenv("LIVINGLAB_DATABASE_URL", url)
    patch.chdir(workdir)
    for cached in _APP_CACHES:
        cached.cache_clear()
    try:
        yield
    finally:
        patch.undo()
        for cached in _APP_CACHES:
            cached.cache_clear()


@pytest.fixture
def app_database(tmp_path: Path) -> Iterator[str]:
    """A migrated, empty SQLite database behind the app's own session_scope()."""
    url = _sqlite_url(tmp_path)
    upgrade_to_head(url)
    with app_pointed_at(url, tmp_path):
        yield url


# The demo lab, migrated and seeded once per test module; handler tests share it.
@pytest.fixture(scope="module")
def demo_database(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The app's own engine and settings pointed at a migrated database with the demo lab."""
    workdir = tmp_path_factory.mktemp("guard")
    url = f"sqlite:///{workdir / 'lab.db'}"
    upgrade_to_head(url)
    with app_pointed_at(url, workdir):
        with database.session_scope() as db:
            seed_demo(db=db)
        yield url


# The secret of the browser every state_for state stands for (livinglab/identity/browser.py).
BROWSER_SECRET = "secret-du-navigateur-de-test"


def state_for(
    state_class: type[rx.State],
    cookie: str = "",
    path: str = "/",
    params: dict[str, str] | None = None,
    browser: tuple[str, str] = ("", ""),
) -> rx.State:
    """A state as Reflex builds it for an event: ``params`` are the route's dynamic parts and query,
    ``browser`` the client token and network address of the tab. Its websocket connected with ``cookie``
    and, as every browser that loaded a page, the browser's own secret ``BROWSER_SECRET``."""
    root = rx.State(_reflex_internal_init=True)  # type: ignore[call-arg]
    client_token, client_ip = browser
    root.router_data = root._update_router_vars(
        {
            "headers": {"cookie": "; ".join(filter(None, [cookie, f"{BROWSER_COOKIE}={BROWSER_SECRET}"]))},
            "pathname": path,
            "asPath": path,
            "query": params or {},
            "token": client_token,
            "ip": client_ip,
        },
        {},
    )
    return root.get_substate(state_class.get_full_name().split(".")[1:])
