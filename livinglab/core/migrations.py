"""Schema migrations, run from code: the CLI's ``db upgrade``, the one-command start, and the tests."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import create_engine, pool

from livinglab.core.database import ensure_sqlite_directory
from livinglab.core.settings import get_settings

# alembic.ini and alembic/ sit at the project root, beside the package (the app runs from a checkout).
ALEMBIC_INI = Path(__file__).resolve().parents[2] / "alembic.ini"


def _config(database_url: str | None) -> Config:
    url = database_url or get_settings().database_url
    ensure_sqlite_directory(url)
    config = Config(str(ALEMBIC_INI))
    # The .ini file's interpolation would read a %-escaped password as a placeholder.
    config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    config.attributes["configure_logger"] = False
    return config


def upgrade_to_head(database_url: str | None = None) -> None:
    command.upgrade(_config(database_url), "head")


def downgrade_to_base(database_url: str | None = None) -> None:
    downgrade_to("base", database_url)


def downgrade_to(revision: str, database_url: str | None = None) -> None:
    command.downgrade(_config(database_url), revision)


def head_revision() -> str | None:
    """The newest revision in alembic/versions: what ``upgrade_to_head`` brings a database to."""
    return ScriptDirectory.from_config(Config(str(ALEMBIC_INI))).get_current_head()


def current_revision(database_url: str | None = None) -> str | None:
    """The revision the database is at, or None if it has never been migrated."""
    engine = create_engine(database_url or get_settings().database_url, poolclass=pool.NullPool)
    try:
        with engine.connect() as connection:
            return MigrationContext.configure(connection).get_current_revision()
    finally:
        engine.dispose()
