"""The migrations are the only way a schema is made: they must build exactly what the models describe."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import create_engine, inspect, pool

from livinglab.catalog.search import INDEX_TABLES
from livinglab.core.migrations import current_revision, downgrade_to_base, head_revision, upgrade_to_head
from livinglab.models import Base


def _drift(database_url: str) -> list[Any]:
    engine = create_engine(database_url, poolclass=pool.NullPool)
    with engine.connect() as connection:
        context = MigrationContext.configure(
            connection, opts={"compare_type": True, "include_name": _described_by_the_models}
        )
        return list(compare_metadata(context, Base.metadata))


def _tables(database_url: str) -> set[str]:
    engine = create_engine(database_url, poolclass=pool.NullPool)
    with engine.connect() as connection:
        return {
            name
            for name in inspect(connection).get_table_names()
            if name != "alembic_version" and _described_by_the_models(name, "table", {})
        }


def _described_by_the_models(name: str | None, type_: str, _parent_names: object) -> bool:
    """The search index is engine-specific (FTS5 and its shadow tables, or a tsvector table): the models do
    not describe it, the search tests check it."""
    return not (type_ == "table" and name is not None and name.startswith(INDEX_TABLES))


def test_an_empty_database_migrated_to_head_matches_the_models(database_url: str) -> None:
    assert current_revision(database_url) is None
    upgrade_to_head(database_url)
    assert current_revision(database_url) == head_revision()
    assert _drift(database_url) == []


def test_downgrade_to_base_then_upgrade_again(database_url: str) -> None:
    upgrade_to_head(database_url)
    downgrade_to_base(database_url)
    assert current_revision(database_url) is None
    assert _tables(database_url) == set()
    upgrade_to_head(database_url)
    assert _tables(database_url) == set(Base.metadata.tables)
    assert _drift(database_url) == []


def test_the_directory_of_a_sqlite_file_is_created(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'data' / 'nested' / 'livinglab.db'}"
    upgrade_to_head(url)
    assert current_revision(url) == head_revision()
