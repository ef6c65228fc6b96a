"""Sign-in tickets are bound to the browser that asked for them: the hash of that browser's cookie secret.

Tickets live a minute: those issued before this revision (no hash) are refused, and their holders sign in
again.

Revision ID: 0011
Revises: 0010
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0011"
down_revision: str | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("login_ticket") as table:
        table.add_column(sa.Column("browser_hash", sa.String(length=64), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("login_ticket") as table:
        table.drop_column("browser_hash")
