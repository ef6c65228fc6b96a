"""Decisions: notes and clusters marked « à prototyper », and the cluster a practice or a cycle came from

Revision ID: 0005
Revises: 0004
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    for table in ("note", "cluster"):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.add_column(
                sa.Column("to_prototype", sa.Boolean(), nullable=False, server_default=sa.false())
            )
    for table in ("practice", "cycle"):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.add_column(sa.Column("origin_cluster_id", sa.Integer(), nullable=True))
            batch_op.create_foreign_key(
                batch_op.f(f"fk_{table}_origin_cluster_id_cluster"),
                "cluster",
                ["origin_cluster_id"],
                ["id"],
                ondelete="SET NULL",
            )


def downgrade() -> None:
    for table in ("practice", "cycle"):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_constraint(batch_op.f(f"fk_{table}_origin_cluster_id_cluster"), type_="foreignkey")
            batch_op.drop_column("origin_cluster_id")
    for table in ("note", "cluster"):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_column("to_prototype")
