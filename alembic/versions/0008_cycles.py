"""Cycles: the study stage's results, participants' feedback linked to the board notes it came from, and
comments; feedback kept so far in a cycle's observations moves to its own rows

Revision ID: 0008
Revises: 0007
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("cycle", schema=None) as batch_op:
        batch_op.add_column(sa.Column("study", sa.JSON(), nullable=False, server_default="{}"))
        batch_op.add_column(sa.Column("updated_at", sa.DateTime(timezone=True), nullable=True))
    with op.batch_alter_table("cycle", schema=None) as batch_op:
        batch_op.alter_column("study", server_default=None)
    op.create_table(
        "cycle_feedback",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("cycle_id", sa.Integer(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("note_id", sa.Integer(), nullable=True),
        sa.Column("added_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["added_by_id"],
            ["person.id"],
            name=op.f("fk_cycle_feedback_added_by_id_person"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["cycle_id"], ["cycle.id"], name=op.f("fk_cycle_feedback_cycle_id_cycle"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["note_id"], ["note.id"], name=op.f("fk_cycle_feedback_note_id_note"), ondelete="SET NULL"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_cycle_feedback")),
        sa.UniqueConstraint("cycle_id", "note_id", name=op.f("uq_cycle_feedback_cycle_id_note_id")),
    )
    with op.batch_alter_table("cycle_feedback", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_cycle_feedback_cycle_id"), ["cycle_id"], unique=False)
    op.create_table(
        "cycle_comment",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("cycle_id", sa.Integer(), nullable=False),
        sa.Column("author_person_id", sa.Integer(), nullable=True),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["author_person_id"],
            ["person.id"],
            name=op.f("fk_cycle_comment_author_person_id_person"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["cycle_id"], ["cycle.id"], name=op.f("fk_cycle_comment_cycle_id_cycle"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_cycle_comment")),
    )
    with op.batch_alter_table("cycle_comment", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_cycle_comment_cycle_id"), ["cycle_id"], unique=False)
    _move_feedback_to_rows()


def _move_feedback_to_rows() -> None:
    """Feedback typed so far sits in ``observations["feedback"]`` as lines of text: each becomes a row."""
    connection = op.get_bind()
    cycle = sa.table("cycle", sa.column("id", sa.Integer), sa.column("observations", sa.JSON))
    feedback = sa.table(
        "cycle_feedback",
        sa.column("cycle_id", sa.Integer),
        sa.column("text", sa.Text),
        sa.column("created_at", sa.DateTime(timezone=True)),
    )
    now = sa.func.current_timestamp()
    for cycle_id, observations in connection.execute(sa.select(cycle.c.id, cycle.c.observations)).all():
        lines = [str(line) for line in (observations or {}).get("feedback", []) if str(line).strip()]
        if not lines:
            continue
        for line in lines:
            connection.execute(sa.insert(feedback).values(cycle_id=cycle_id, text=line, created_at=now))
        rest = {key: value for key, value in observations.items() if key != "feedback"}
        connection.execute(sa.update(cycle).where(cycle.c.id == cycle_id).values(observations=rest))


def _move_feedback_back() -> None:
    """Before the rows go: each cycle's feedback back into its observations, as lines of text."""
    connection = op.get_bind()
    cycle = sa.table("cycle", sa.column("id", sa.Integer), sa.column("observations", sa.JSON))
    feedback = sa.table(
        "cycle_feedback",
        sa.column("id", sa.Integer),
        sa.column("cycle_id", sa.Integer),
        sa.column("text", sa.Text),
    )
    lines: dict[int, list[str]] = {}
    for cycle_id, text in connection.execute(
        sa.select(feedback.c.cycle_id, feedback.c.text).order_by(feedback.c.id)
    ).all():
        lines.setdefault(cycle_id, []).append(text)
    for cycle_id, texts in lines.items():
        observations = connection.scalar(sa.select(cycle.c.observations).where(cycle.c.id == cycle_id)) or {}
        connection.execute(
            sa.update(cycle)
            .where(cycle.c.id == cycle_id)
            .values(observations={**observations, "feedback": texts})
        )


def downgrade() -> None:
    _move_feedback_back()
    with op.batch_alter_table("cycle_comment", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_cycle_comment_cycle_id"))
    op.drop_table("cycle_comment")
    with op.batch_alter_table("cycle_feedback", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_cycle_feedback_cycle_id"))
    op.drop_table("cycle_feedback")
    with op.batch_alter_table("cycle", schema=None) as batch_op:
        batch_op.drop_column("updated_at")
        batch_op.drop_column("study")
