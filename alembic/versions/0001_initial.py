"""Initial schema: the whole chain of evidence, from workshop notes to scale-up evaluations.

Revision ID: 0001
Revises:
Create Date: 2026-11-21 08:17:14.899512
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "person",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("display_name", sa.String(length=120), nullable=False),
        sa.Column("email", sa.String(length=254), nullable=True),
        sa.Column("locale", sa.String(length=5), nullable=False),
        sa.Column("is_admin", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_person")),
        sa.UniqueConstraint("email", name=op.f("uq_person_email")),
    )
    op.create_table(
        "taxonomy_term",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column(
            "scheme",
            sa.Enum(
                "region",
                "integration_area",
                "migratory_status",
                "residence_length",
                name="taxonomyscheme",
                native_enum=False,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("code", sa.String(length=64), nullable=False),
        sa.Column("label_fr", sa.String(length=200), nullable=False),
        sa.Column("label_en", sa.String(length=200), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_taxonomy_term")),
        sa.UniqueConstraint("scheme", "code", name=op.f("uq_taxonomy_term_scheme_code")),
    )
    op.create_table(
        "audit_event",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("occurred_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("actor_person_id", sa.Integer(), nullable=True),
        sa.Column("action", sa.String(length=64), nullable=False),
        sa.Column("object_type", sa.String(length=64), nullable=False),
        sa.Column("object_id", sa.String(length=64), nullable=True),
        sa.Column("detail", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(
            ["actor_person_id"],
            ["person.id"],
            name=op.f("fk_audit_event_actor_person_id_person"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit_event")),
    )
    op.create_index(op.f("ix_audit_event_occurred_at"), "audit_event", ["occurred_at"])
    op.create_table(
        "organization",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("slug", sa.String(length=80), nullable=False),
        sa.Column(
            "kind",
            sa.Enum("federation", "member", name="organizationkind", native_enum=False, length=32),
            nullable=False,
        ),
        sa.Column("parent_id", sa.Integer(), nullable=True),
        sa.Column("region_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["parent_id"], ["organization.id"], name=op.f("fk_organization_parent_id_organization")
        ),
        sa.ForeignKeyConstraint(
            ["region_id"], ["taxonomy_term.id"], name=op.f("fk_organization_region_id_taxonomy_term")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_organization")),
        sa.UniqueConstraint("slug", name=op.f("uq_organization_slug")),
    )
    op.create_table(
        "membership",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("organization_id", sa.Integer(), nullable=False),
        sa.Column(
            "role",
            sa.Enum(
                "participant",
                "practitioner",
                "facilitator",
                "manager",
                name="role",
                native_enum=False,
                length=32,
            ),
            nullable=False,
        ),
        sa.ForeignKeyConstraint(
            ["organization_id"],
            ["organization.id"],
            name=op.f("fk_membership_organization_id_organization"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["person_id"], ["person.id"], name=op.f("fk_membership_person_id_person"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_membership")),
        sa.UniqueConstraint(
            "person_id", "organization_id", "role", name=op.f("uq_membership_person_id_organization_id_role")
        ),
    )
    op.create_table(
        "workshop",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("organization_id", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("purpose", sa.Text(), nullable=False),
        sa.Column("scheduled_on", sa.Date(), nullable=False),
        sa.Column("language", sa.String(length=2), nullable=False),
        sa.Column("join_code", sa.String(length=12), nullable=True),
        sa.Column(
            "status",
            sa.Enum("draft", "open", "closed", name="workshopstatus", native_enum=False, length=32),
            nullable=False,
        ),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["created_by_id"],
            ["person.id"],
            name=op.f("fk_workshop_created_by_id_person"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["organization_id"], ["organization.id"], name=op.f("fk_workshop_organization_id_organization")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_workshop")),
        sa.UniqueConstraint("join_code", name=op.f("uq_workshop_join_code")),
    )
    op.create_table(
        "board",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("workshop_id", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column(
            "phase",
            sa.Enum(
                "collect",
                "group",
                "vote",
                "discuss",
                "decide",
                name="boardphase",
                native_enum=False,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["workshop_id"], ["workshop.id"], name=op.f("fk_board_workshop_id_workshop"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_board")),
    )
    op.create_table(
        "guest",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("workshop_id", sa.Integer(), nullable=False),
        sa.Column("pseudonym", sa.String(length=40), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["workshop_id"], ["workshop.id"], name=op.f("fk_guest_workshop_id_workshop"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_guest")),
        sa.UniqueConstraint("workshop_id", "pseudonym", name=op.f("uq_guest_workshop_id_pseudonym")),
    )
    op.create_table(
        "board_column",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("board_id", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=120), nullable=False),
        sa.Column("prompt", sa.String(length=280), nullable=True),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["board_id"], ["board.id"], name=op.f("fk_board_column_board_id_board"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_board_column")),
    )
    op.create_table(
        "note",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("board_id", sa.Integer(), nullable=False),
        sa.Column("column_id", sa.Integer(), nullable=False),
        sa.Column("text", sa.String(length=280), nullable=False),
        sa.Column("color", sa.String(length=16), nullable=False),
        sa.Column("author_guest_id", sa.Integer(), nullable=True),
        sa.Column("author_person_id", sa.Integer(), nullable=True),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("hidden_reason", sa.String(length=200), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["author_guest_id"], ["guest.id"], name=op.f("fk_note_author_guest_id_guest"), ondelete="SET NULL"
        ),
        sa.ForeignKeyConstraint(
            ["author_person_id"],
            ["person.id"],
            name=op.f("fk_note_author_person_id_person"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["board_id"], ["board.id"], name=op.f("fk_note_board_id_board"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["column_id"],
            ["board_column.id"],
            name=op.f("fk_note_column_id_board_column"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_note")),
    )
    op.create_index(op.f("ix_note_board_id"), "note", ["board_id"])
    op.create_table(
        "practice",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("organization_id", sa.Integer(), nullable=False),
        sa.Column("slug", sa.String(length=80), nullable=False),
        sa.Column(
            "status",
            sa.Enum(
                "draft",
                "in_review",
                "published",
                "archived",
                name="practicestatus",
                native_enum=False,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column(
            "evidence_level",
            sa.Enum("emerging", "promising", "proven", name="evidencelevel", native_enum=False, length=32),
            nullable=False,
        ),
        sa.Column("content_language", sa.String(length=2), nullable=False),
        sa.Column("origin_note_id", sa.Integer(), nullable=True),
        sa.Column("current_version_id", sa.Integer(), nullable=True),
        sa.Column("lock_version", sa.Integer(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["organization_id"], ["organization.id"], name=op.f("fk_practice_organization_id_organization")
        ),
        sa.ForeignKeyConstraint(
            ["origin_note_id"], ["note.id"], name=op.f("fk_practice_origin_note_id_note"), ondelete="SET NULL"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_practice")),
        sa.UniqueConstraint("slug", name=op.f("uq_practice_slug")),
    )
    op.create_table(
        "cycle",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("practice_id", sa.Integer(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column(
            "stage",
            sa.Enum("plan", "do", "study", "act", name="cyclestage", native_enum=False, length=32),
            nullable=False,
        ),
        sa.Column("plan", sa.JSON(), nullable=False),
        sa.Column("observations", sa.JSON(), nullable=False),
        sa.Column(
            "decision",
            sa.Enum("adopt", "adapt", "abandon", "scale", name="cycledecision", native_enum=False, length=32),
            nullable=True,
        ),
        sa.Column("rationale", sa.Text(), nullable=True),
        sa.Column("previous_cycle_id", sa.Integer(), nullable=True),
        sa.Column("origin_note_id", sa.Integer(), nullable=True),
        sa.Column("started_on", sa.Date(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["origin_note_id"], ["note.id"], name=op.f("fk_cycle_origin_note_id_note"), ondelete="SET NULL"
        ),
        sa.ForeignKeyConstraint(["practice_id"], ["practice.id"], name=op.f("fk_cycle_practice_id_practice")),
        sa.ForeignKeyConstraint(
            ["previous_cycle_id"],
            ["cycle.id"],
            name=op.f("fk_cycle_previous_cycle_id_cycle"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_cycle")),
        sa.UniqueConstraint("practice_id", "number", name=op.f("uq_cycle_practice_id_number")),
    )
    op.create_table(
        "evaluation",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("practice_id", sa.Integer(), nullable=False),
        sa.Column("organization_id", sa.Integer(), nullable=False),
        sa.Column("region_id", sa.Integer(), nullable=True),
        sa.Column("framework", sa.String(length=32), nullable=False),
        sa.Column(
            "status",
            sa.Enum(
                "draft",
                "submitted",
                "changes_requested",
                "approved",
                "decided",
                name="evaluationstatus",
                native_enum=False,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("ratings", sa.JSON(), nullable=False),
        sa.Column(
            "decision",
            sa.Enum(
                "scale_out", "adapt", "maintain", "stop", name="scaledecision", native_enum=False, length=32
            ),
            nullable=True,
        ),
        sa.Column("rationale", sa.Text(), nullable=True),
        sa.Column("submitted_by_id", sa.Integer(), nullable=False),
        sa.Column("reviewed_by_id", sa.Integer(), nullable=True),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["organization_id"], ["organization.id"], name=op.f("fk_evaluation_organization_id_organization")
        ),
        sa.ForeignKeyConstraint(
            ["practice_id"], ["practice.id"], name=op.f("fk_evaluation_practice_id_practice")
        ),
        sa.ForeignKeyConstraint(
            ["region_id"], ["taxonomy_term.id"], name=op.f("fk_evaluation_region_id_taxonomy_term")
        ),
        sa.ForeignKeyConstraint(
            ["reviewed_by_id"],
            ["person.id"],
            name=op.f("fk_evaluation_reviewed_by_id_person"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["submitted_by_id"], ["person.id"], name=op.f("fk_evaluation_submitted_by_id_person")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_evaluation")),
    )
    op.create_index(op.f("ix_evaluation_practice_id"), "evaluation", ["practice_id"])
    op.create_table(
        "practice_term",
        sa.Column("practice_id", sa.Integer(), nullable=False),
        sa.Column("term_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["practice_id"],
            ["practice.id"],
            name=op.f("fk_practice_term_practice_id_practice"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["term_id"], ["taxonomy_term.id"], name=op.f("fk_practice_term_term_id_taxonomy_term")
        ),
        sa.PrimaryKeyConstraint("practice_id", "term_id", name=op.f("pk_practice_term")),
    )
    op.create_table(
        "practice_version",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("practice_id", sa.Integer(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("summary", sa.String(length=500), nullable=False),
        sa.Column("description_md", sa.Text(), nullable=False),
        sa.Column("details", sa.JSON(), nullable=False),
        sa.Column("author_person_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["author_person_id"],
            ["person.id"],
            name=op.f("fk_practice_version_author_person_id_person"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["practice_id"],
            ["practice.id"],
            name=op.f("fk_practice_version_practice_id_practice"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_practice_version")),
        sa.UniqueConstraint("practice_id", "number", name=op.f("uq_practice_version_practice_id_number")),
    )
    # practice and practice_version point to each other: the practice's link is added once both exist.
    with op.batch_alter_table("practice") as batch_op:
        batch_op.create_foreign_key(
            op.f("fk_practice_current_version_id_practice_version"),
            "practice_version",
            ["current_version_id"],
            ["id"],
        )
    op.create_table(
        "adaptation",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("practice_id", sa.Integer(), nullable=False),
        sa.Column("organization_id", sa.Integer(), nullable=False),
        sa.Column("region_id", sa.Integer(), nullable=False),
        sa.Column("summary", sa.Text(), nullable=False),
        sa.Column("frame", sa.JSON(), nullable=False),
        sa.Column("origin_cycle_id", sa.Integer(), nullable=True),
        sa.Column("origin_note_id", sa.Integer(), nullable=True),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["created_by_id"],
            ["person.id"],
            name=op.f("fk_adaptation_created_by_id_person"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["organization_id"], ["organization.id"], name=op.f("fk_adaptation_organization_id_organization")
        ),
        sa.ForeignKeyConstraint(
            ["origin_cycle_id"],
            ["cycle.id"],
            name=op.f("fk_adaptation_origin_cycle_id_cycle"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["origin_note_id"],
            ["note.id"],
            name=op.f("fk_adaptation_origin_note_id_note"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["practice_id"], ["practice.id"], name=op.f("fk_adaptation_practice_id_practice")
        ),
        sa.ForeignKeyConstraint(
            ["region_id"], ["taxonomy_term.id"], name=op.f("fk_adaptation_region_id_taxonomy_term")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_adaptation")),
    )
    op.create_index(op.f("ix_adaptation_practice_id"), "adaptation", ["practice_id"])
    op.create_table(
        "measure",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("practice_id", sa.Integer(), nullable=False),
        sa.Column("cycle_id", sa.Integer(), nullable=True),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column(
            "kind",
            sa.Enum("outcome", "process", "balancing", name="measurekind", native_enum=False, length=32),
            nullable=False,
        ),
        sa.Column("unit", sa.String(length=40), nullable=False),
        sa.Column(
            "direction", sa.Enum("up", "down", name="direction", native_enum=False, length=32), nullable=False
        ),
        sa.ForeignKeyConstraint(
            ["cycle_id"], ["cycle.id"], name=op.f("fk_measure_cycle_id_cycle"), ondelete="SET NULL"
        ),
        sa.ForeignKeyConstraint(
            ["practice_id"], ["practice.id"], name=op.f("fk_measure_practice_id_practice")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_measure")),
    )
    op.create_index(op.f("ix_measure_practice_id"), "measure", ["practice_id"])
    op.create_table(
        "data_point",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("measure_id", sa.Integer(), nullable=False),
        sa.Column("observed_on", sa.Date(), nullable=False),
        sa.Column("value", sa.Double(), nullable=False),
        sa.Column("cycle_id", sa.Integer(), nullable=True),
        sa.Column("annotation", sa.String(length=280), nullable=True),
        sa.ForeignKeyConstraint(
            ["cycle_id"], ["cycle.id"], name=op.f("fk_data_point_cycle_id_cycle"), ondelete="SET NULL"
        ),
        sa.ForeignKeyConstraint(
            ["measure_id"], ["measure.id"], name=op.f("fk_data_point_measure_id_measure"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_data_point")),
        sa.UniqueConstraint("measure_id", "observed_on", name=op.f("uq_data_point_measure_id_observed_on")),
    )


def downgrade() -> None:
    with op.batch_alter_table("practice") as batch_op:
        batch_op.drop_constraint(op.f("fk_practice_current_version_id_practice_version"), type_="foreignkey")
    op.drop_table("data_point")
    op.drop_table("measure")
    op.drop_table("adaptation")
    op.drop_table("practice_version")
    op.drop_table("practice_term")
    op.drop_table("evaluation")
    op.drop_table("cycle")
    op.drop_table("practice")
    op.drop_table("note")
    op.drop_table("board_column")
    op.drop_table("guest")
    op.drop_table("board")
    op.drop_table("workshop")
    op.drop_table("membership")
    op.drop_table("organization")
    op.drop_table("audit_event")
    op.drop_table("taxonomy_term")
    op.drop_table("person")
