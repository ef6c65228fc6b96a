"""`livinglab backup` and `livinglab restore` on both engines: a round trip gives back every row of every
table, and a restore never mixes a backup with data already there."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import MetaData, select

from livinglab.core.database import make_engine, session_scope
from livinglab.core.migrations import upgrade_to_head
from livinglab.demo import seed_demo
from tests.conftest import ENGINES, _postgres_database, _sqlite_url, app_pointed_at
from tests.test_cli import assert_one_clear_line, livinglab


@pytest.fixture(params=ENGINES)
def two_databases(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[tuple[str, str]]:
    """Two empty databases on one engine: the lab's, and the one a backup is restored into."""
    if request.param == "sqlite":
        (tmp_path / "a").mkdir()
        (tmp_path / "b").mkdir()
        yield _sqlite_url(tmp_path / "a"), _sqlite_url(tmp_path / "b")
    else:
        with _postgres_database() as first, _postgres_database() as second:
            yield first, second


def every_row(url: str) -> dict[str, list[tuple[Any, ...]]]:
    """Every table (SQLite's search index and its shadow tables too), its rows in primary-key order."""
    engine = make_engine(url)
    try:
        metadata = MetaData()
        metadata.reflect(engine)
        with engine.connect() as connection:
            return {
                name: [
                    tuple(row)
                    for row in connection.execute(
                        select(table).order_by(*(table.primary_key.columns or table.columns))
                    )
                ]
                for name, table in metadata.tables.items()
            }
    finally:
        engine.dispose()


def test_a_round_trip_gives_back_every_row(two_databases: tuple[str, str], tmp_path: Path) -> None:
    lab, elsewhere = two_databases
    upgrade_to_head(lab)
    with app_pointed_at(lab, tmp_path), session_scope() as db:
        seed_demo(db=db)
    before = every_row(lab)
    assert sum(len(rows) for rows in before.values()) > 100, "the demo lab fills the tables"

    backup_file = tmp_path / "lab.backup"
    result = livinglab("backup", str(backup_file), LIVINGLAB_DATABASE_URL=lab)
    assert result.returncode == 0, result.stderr
    assert f"Sauvegarde écrite dans {backup_file}" in result.stdout

    # A freshly migrated database is empty for a restore: Alembic's version row is not data.
    upgrade_to_head(elsewhere)
    result = livinglab("restore", str(backup_file), LIVINGLAB_DATABASE_URL=elsewhere)
    assert result.returncode == 0, result.stderr
    assert every_row(elsewhere) == before


def test_a_restore_refuses_a_database_holding_data_unless_forced(
    two_databases: tuple[str, str], tmp_path: Path
) -> None:
    lab, elsewhere = two_databases
    upgrade_to_head(lab)
    with app_pointed_at(lab, tmp_path), session_scope() as db:
        seed_demo(db=db)
    backup_file = tmp_path / "lab.backup"
    assert livinglab("backup", str(backup_file), LIVINGLAB_DATABASE_URL=lab).returncode == 0
    before = every_row(lab)

    # The other database holds a lab of its own: the demo lab, seeded at another moment (other times, codes).
    upgrade_to_head(elsewhere)
    with app_pointed_at(elsewhere, tmp_path), session_scope() as db:
        seed_demo(db=db)
    own = every_row(elsewhere)
    assert own != before

    refused = livinglab("restore", str(backup_file), LIVINGLAB_DATABASE_URL=elsewhere)
    assert_one_clear_line(refused, "La base")
    assert "contient déjà des données" in refused.stderr
    assert "--force" in refused.stderr
    assert every_row(elsewhere) == own, "nothing was mixed in"

    english = livinglab("restore", str(backup_file), LIVINGLAB_DATABASE_URL=elsewhere, LANG="en_CA.UTF-8")
    assert "already holds data" in english.stderr

    forced = livinglab("restore", "--force", str(backup_file), LIVINGLAB_DATABASE_URL=elsewhere)
    assert forced.returncode == 0, forced.stderr
    assert every_row(elsewhere) == before


def test_a_backup_of_the_other_engine_is_refused(tmp_path: Path, postgres_url: str) -> None:
    sqlite_lab = _sqlite_url(tmp_path)
    upgrade_to_head(sqlite_lab)
    backup_file = tmp_path / "lab.backup"
    assert livinglab("backup", str(backup_file), LIVINGLAB_DATABASE_URL=sqlite_lab).returncode == 0

    result = livinglab("restore", str(backup_file), LIVINGLAB_DATABASE_URL=postgres_url)
    assert_one_clear_line(result, f"{backup_file} n'est pas une sauvegarde de base postgresql")
