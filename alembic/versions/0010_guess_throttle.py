"""Guessing throttled by rate, per key: the login throttle's failure counts become drain times.

The old rows counted failures that never expired; they are transient and are not carried over.

Revision ID: 0010
Revises: 0009
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0010"
down_revision: str | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.drop_table("login_throttle")
    op.create_table(
        "guess_throttle",
        sa.Column("key_hash", sa.String(length=64), nullable=False),
        sa.Column("empty_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("burst_recorded", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("key_hash", name=op.f("pk_guess_throttle")),
    )
    op.create_index(op.f("ix_guess_throttle_empty_at"), "guess_throttle", ["empty_at"])


def downgrade() -> None:
    op.drop_index(op.f("ix_guess_throttle_empty_at"), table_name="guess_throttle")
    op.drop_table("guess_throttle")
    op.create_table(
        "login_throttle",
        sa.Column("key_hash", sa.String(length=64), nullable=False),
        sa.Column("failures", sa.Integer(), nullable=False),
        sa.Column("last_failure_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("key_hash", name=op.f("pk_login_throttle")),
    )
