"""Adaptations link to every cycle and workshop idea behind them (not one of each); evaluations keep the
history of their review (submitted, changes asked with a comment, approved, decided with a rationale)

Revision ID: 0009
Revises: 0008
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_STATUSES = ("draft", "submitted", "changes_requested", "approved", "decided")
_DECISIONS = ("scale_out", "adapt", "maintain", "stop")


def upgrade() -> None:
    op.create_table(
        "adaptation_cycle",
        sa.Column("adaptation_id", sa.Integer(), nullable=False),
        sa.Column("cycle_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["adaptation_id"],
            ["adaptation.id"],
            name=op.f("fk_adaptation_cycle_adaptation_id_adaptation"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["cycle_id"], ["cycle.id"], name=op.f("fk_adaptation_cycle_cycle_id_cycle"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("adaptation_id", "cycle_id", name=op.f("pk_adaptation_cycle")),
    )
    op.create_table(
        "adaptation_idea",
        sa.Column("adaptation_id", sa.Integer(), nullable=False),
        sa.Column("note_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["adaptation_id"],
            ["adaptation.id"],
            name=op.f("fk_adaptation_idea_adaptation_id_adaptation"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["note_id"], ["note.id"], name=op.f("fk_adaptation_idea_note_id_note"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("adaptation_id", "note_id", name=op.f("pk_adaptation_idea")),
    )
    op.create_table(
        "evaluation_event",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("evaluation_id", sa.Integer(), nullable=False),
        sa.Column("author_person_id", sa.Integer(), nullable=True),
        sa.Column(
            "move",
            sa.Enum(
                "submit",
                "request_changes",
                "approve",
                "decide",
                name="reviewmove",
                native_enum=False,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column(
            "new_status",
            sa.Enum(*_STATUSES, name="evaluationstatus", native_enum=False, length=32),
            nullable=False,
        ),
        sa.Column("comment", sa.Text(), nullable=False),
        sa.Column(
            "decision",
            sa.Enum(*_DECISIONS, name="evaluationdecision", native_enum=False, length=32),
            nullable=True,
        ),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["author_person_id"],
            ["person.id"],
            name=op.f("fk_evaluation_event_author_person_id_person"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["evaluation_id"],
            ["evaluation.id"],
            name=op.f("fk_evaluation_event_evaluation_id_evaluation"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_evaluation_event")),
    )
    op.create_index(op.f("ix_evaluation_event_evaluation_id"), "evaluation_event", ["evaluation_id"])
    # The one origin each adaptation had becomes its first link.
    op.execute(
        "INSERT INTO adaptation_cycle (adaptation_id, cycle_id) "
        "SELECT id, origin_cycle_id FROM adaptation WHERE origin_cycle_id IS NOT NULL"
    )
    op.execute(
        "INSERT INTO adaptation_idea (adaptation_id, note_id) "
        "SELECT id, origin_note_id FROM adaptation WHERE origin_note_id IS NOT NULL"
    )
    with op.batch_alter_table("adaptation") as batch_op:
        batch_op.add_column(sa.Column("updated_at", sa.DateTime(timezone=True), nullable=True))
        batch_op.drop_constraint(batch_op.f("fk_adaptation_origin_cycle_id_cycle"), type_="foreignkey")
        batch_op.drop_constraint(batch_op.f("fk_adaptation_origin_note_id_note"), type_="foreignkey")
        batch_op.drop_column("origin_cycle_id")
        batch_op.drop_column("origin_note_id")


def downgrade() -> None:
    with op.batch_alter_table("adaptation") as batch_op:
        batch_op.add_column(sa.Column("origin_note_id", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("origin_cycle_id", sa.Integer(), nullable=True))
        batch_op.create_foreign_key(
            batch_op.f("fk_adaptation_origin_note_id_note"),
            "note",
            ["origin_note_id"],
            ["id"],
            ondelete="SET NULL",
        )
        batch_op.create_foreign_key(
            batch_op.f("fk_adaptation_origin_cycle_id_cycle"),
            "cycle",
            ["origin_cycle_id"],
            ["id"],
            ondelete="SET NULL",
        )
        batch_op.drop_column("updated_at")
    # One link of each kind goes back to the columns; the others have nowhere to go.
    op.execute(
        "UPDATE adaptation SET origin_cycle_id = "
        "(SELECT MIN(cycle_id) FROM adaptation_cycle WHERE adaptation_id = adaptation.id)"
    )
    op.execute(
        "UPDATE adaptation SET origin_note_id = "
        "(SELECT MIN(note_id) FROM adaptation_idea WHERE adaptation_id = adaptation.id)"
    )
    op.drop_index(op.f("ix_evaluation_event_evaluation_id"), table_name="evaluation_event")
    op.drop_table("evaluation_event")
    op.drop_table("adaptation_idea")
    op.drop_table("adaptation_cycle")
