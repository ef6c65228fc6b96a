"""Live boards: the facilitator's modes (private, anonymous, frozen, voting, timer, focus), clusters, votes,
and the request key that keeps a resent post from being posted twice

Revision ID: 0004
Revises: 0003
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "cluster",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("board_id", sa.Integer(), nullable=False),
        sa.Column("column_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=80), nullable=False),
        sa.ForeignKeyConstraint(
            ["board_id"], ["board.id"], name=op.f("fk_cluster_board_id_board"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["column_id"],
            ["board_column.id"],
            name=op.f("fk_cluster_column_id_board_column"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_cluster")),
    )
    with op.batch_alter_table("cluster", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_cluster_board_id"), ["board_id"], unique=False)

    op.create_table(
        "vote",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("board_id", sa.Integer(), nullable=False),
        sa.Column("note_id", sa.Integer(), nullable=False),
        sa.Column("guest_id", sa.Integer(), nullable=True),
        sa.Column("person_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["board_id"], ["board.id"], name=op.f("fk_vote_board_id_board"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["guest_id"], ["guest.id"], name=op.f("fk_vote_guest_id_guest"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["note_id"], ["note.id"], name=op.f("fk_vote_note_id_note"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["person_id"], ["person.id"], name=op.f("fk_vote_person_id_person"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_vote")),
    )
    with op.batch_alter_table("vote", schema=None) as batch_op:
        batch_op.create_index("ix_vote_board_id_voter", ["board_id", "guest_id", "person_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_vote_note_id"), ["note_id"], unique=False)

    # Boards that exist already get the defaults a new board gets.
    with op.batch_alter_table("board", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("private_mode", sa.Boolean(), nullable=False, server_default=sa.false())
        )
        batch_op.add_column(sa.Column("anonymous", sa.Boolean(), nullable=False, server_default=sa.false()))
        batch_op.add_column(sa.Column("frozen", sa.Boolean(), nullable=False, server_default=sa.false()))
        batch_op.add_column(
            sa.Column("votes_per_participant", sa.Integer(), nullable=False, server_default="3")
        )
        batch_op.add_column(sa.Column("votes_per_note", sa.Integer(), nullable=False, server_default="1"))
        batch_op.add_column(
            sa.Column("votes_revealed", sa.Boolean(), nullable=False, server_default=sa.false())
        )
        batch_op.add_column(sa.Column("timer_ends_at", sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column("focus_column_id", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("focus_cluster_id", sa.Integer(), nullable=True))

    with op.batch_alter_table("note", schema=None) as batch_op:
        batch_op.add_column(sa.Column("cluster_id", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("request_key", sa.String(length=40), nullable=True))
        batch_op.create_unique_constraint(
            batch_op.f("uq_note_board_id_request_key"), ["board_id", "request_key"]
        )
        batch_op.create_foreign_key(
            batch_op.f("fk_note_cluster_id_cluster"), "cluster", ["cluster_id"], ["id"], ondelete="SET NULL"
        )


def downgrade() -> None:
    with op.batch_alter_table("note", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("fk_note_cluster_id_cluster"), type_="foreignkey")
        batch_op.drop_constraint(batch_op.f("uq_note_board_id_request_key"), type_="unique")
        batch_op.drop_column("request_key")
        batch_op.drop_column("cluster_id")

    with op.batch_alter_table("board", schema=None) as batch_op:
        batch_op.drop_column("focus_cluster_id")
        batch_op.drop_column("focus_column_id")
        batch_op.drop_column("timer_ends_at")
        batch_op.drop_column("votes_revealed")
        batch_op.drop_column("votes_per_note")
        batch_op.drop_column("votes_per_participant")
        batch_op.drop_column("frozen")
        batch_op.drop_column("anonymous")
        batch_op.drop_column("private_mode")

    with op.batch_alter_table("vote", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_vote_note_id"))
        batch_op.drop_index("ix_vote_board_id_voter")

    op.drop_table("vote")
    with op.batch_alter_table("cluster", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_cluster_board_id"))

    op.drop_table("cluster")
