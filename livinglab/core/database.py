"""The database: declarative base, engine and the unit-of-work session scope.

Services receive a ``Session`` as a keyword argument; only entry points (Reflex states, the CLI, tests)
open one with :func:`session_scope`.
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Iterator
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path
from typing import Any, ClassVar

from sqlalchemy import (
    JSON,
    ColumnElement,
    DateTime,
    Engine,
    MetaData,
    ScalarSelect,
    create_engine,
    event,
    func,
    make_url,
    select,
)
from sqlalchemy import Enum as SQLEnum
from sqlalchemy.orm import DeclarativeBase, Mapped, QueryableAttribute, Session, mapped_column, sessionmaker

from livinglab.core.errors import RecordedRefusal
from livinglab.core.settings import get_settings

# Stable constraint names: Alembic needs them to alter tables, and SQLite can only do so in batch mode,
# by name.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def as_utc(moment: dt.datetime) -> dt.datetime:
    """A stored time as an aware UTC datetime: SQLite hands back naive values, PostgreSQL aware ones."""
    return moment.replace(tzinfo=dt.UTC) if moment.tzinfo is None else moment.astimezone(dt.UTC)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)
    type_annotation_map: ClassVar[dict[Any, Any]] = {
        dt.datetime: DateTime(timezone=True),
        dict[str, Any]: JSON,
        list[Any]: JSON,
        # Enumerations are stored by value in a plain VARCHAR: portable between SQLite and PostgreSQL, and a
        # new member needs no ALTER TYPE migration.
        enum.StrEnum: SQLEnum(
            enum.StrEnum, native_enum=False, length=32, values_callable=lambda e: [m.value for m in e]
        ),
    }


class CreatedAtMixin:
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)


def _tune_sqlite(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    # SQLite ignores foreign keys unless asked; WAL lets the app read while a writer commits.
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA busy_timeout=5000")
    cursor.close()


def ensure_sqlite_directory(url: str) -> None:
    """Create the folder of a SQLite file: the embedded default must start on a fresh checkout."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite" and parsed.database not in (None, "", ":memory:"):
        Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)


def make_engine(url: str) -> Engine:
    if url.startswith("sqlite"):
        engine = create_engine(url, connect_args={"check_same_thread": False})
        event.listen(engine, "connect", _tune_sqlite)
        return engine
    return create_engine(url, pool_pre_ping=True)


@lru_cache(maxsize=1)
def get_engine() -> Engine:
    return make_engine(get_settings().database_url)


@lru_cache(maxsize=1)
def _session_factory() -> sessionmaker[Session]:
    return sessionmaker(bind=get_engine(), expire_on_commit=False)


@contextmanager
def session_scope() -> Iterator[Session]:
    """One unit of work: committed if the block succeeds, rolled back if it raises.

    A RecordedRefusal is the exception: its trace is committed before it goes on up.
    """
    session = _session_factory()()
    try:
        yield session
        session.commit()
    except RecordedRefusal:
        session.commit()
        raise
    except BaseException:
        session.rollback()
        raise
    finally:
        session.close()


def count_of(
    column: ColumnElement[Any] | QueryableAttribute[Any], *where: ColumnElement[bool]
) -> ScalarSelect[int]:
    """A COUNT correlated with the enclosing query: a list page gets its counts in one query, not per row."""
    return select(func.count(column)).where(*where).scalar_subquery()
