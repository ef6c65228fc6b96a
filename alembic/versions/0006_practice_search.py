"""Practice search index: SQLite FTS5 in the embedded default, PostgreSQL full text (French, unaccent) in
production. Engine-specific objects that the models do not describe (see livinglab/catalog/search.py).

Revision ID: 0006
Revises: 0005
"""

from collections.abc import Sequence

from alembic import op
from sqlalchemy.orm import Session

from livinglab.catalog.search import reindex_all

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    if op.get_context().dialect.name == "postgresql":
        op.execute("CREATE EXTENSION IF NOT EXISTS unaccent")
        op.execute("CREATE TEXT SEARCH CONFIGURATION livinglab_fr (COPY = french)")
        op.execute(
            "ALTER TEXT SEARCH CONFIGURATION livinglab_fr "
            "ALTER MAPPING FOR hword, hword_part, word WITH unaccent, french_stem"
        )
        op.execute(
            "CREATE TABLE practice_search_pg ("
            " practice_id INTEGER PRIMARY KEY REFERENCES practice(id) ON DELETE CASCADE,"
            " document TSVECTOR NOT NULL)"
        )
        op.execute("CREATE INDEX ix_practice_search_pg_document ON practice_search_pg USING GIN (document)")
    else:
        # The rowid is the practice id; the text is already stemmed and without accents (search.py).
        op.execute("CREATE VIRTUAL TABLE practice_search_fts USING fts5(title, body, tokenize='unicode61')")
    # Sheets written before the index existed are found too.
    reindex_all(db=Session(bind=op.get_bind()))


def downgrade() -> None:
    if op.get_context().dialect.name == "postgresql":
        op.execute("DROP TABLE practice_search_pg")
        op.execute("DROP TEXT SEARCH CONFIGURATION livinglab_fr")
    else:
        op.execute("DROP TABLE practice_search_fts")
