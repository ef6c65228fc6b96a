"""Alembic environment: compares the database with ``Base.metadata`` of every domain."""

from __future__ import annotations

from logging.config import fileConfig

from alembic import context
from sqlalchemy import create_engine, pool

from livinglab.core.settings import get_settings
from livinglab.models import Base

config = context.config
# Called from the app (livinglab.core.migrations), the app's logging is already set up and must survive.
if config.config_file_name is not None and config.attributes.get("configure_logger", True):
    fileConfig(config.config_file_name, disable_existing_loggers=False)

url = config.get_main_option("sqlalchemy.url") or get_settings().database_url
options = {
    "target_metadata": Base.metadata,
    # SQLite alters a table by copying it: batch mode does that, and is a no-op on PostgreSQL.
    "render_as_batch": True,
    "compare_type": True,
}


def run_migrations_offline() -> None:
    context.configure(url=url, literal_binds=True, dialect_opts={"paramstyle": "named"}, **options)
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    # A plain engine, not the app's: the app turns SQLite foreign keys on, and then the table copies of batch
    # mode would cascade deletes into the rows that reference the copied table.
    engine = create_engine(url, poolclass=pool.NullPool)
    with engine.connect() as connection:
        context.configure(connection=connection, **options)
        with context.begin_transaction():
            context.run_migrations()
    engine.dispose()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
