"""Practice sheets: co-carrying organizations, review comments, and every version holding the whole sheet
(classification, language, carriers and met evidence criteria) so the history can show what changed

Revision ID: 0007
Revises: 0006
"""

from collections.abc import Sequence
from typing import Any

import sqlalchemy as sa
from alembic import op

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# The evidence criteria of each level (livinglab/catalog/evidence.py, frozen here as of this revision).
_CRITERIA = {
    "emerging": ("clear_context", "clear_objectives", "tried_once"),
    "promising": ("meets_needs", "co_designed", "some_evaluation", "transferable"),
    "proven": ("evaluation_report", "replicated", "sustained_a_year"),
}
_LEVELS = ("emerging", "promising", "proven")


def upgrade() -> None:
    op.create_table(
        "practice_carrier",
        sa.Column("practice_id", sa.Integer(), nullable=False),
        sa.Column("organization_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["organization_id"],
            ["organization.id"],
            name=op.f("fk_practice_carrier_organization_id_organization"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["practice_id"],
            ["practice.id"],
            name=op.f("fk_practice_carrier_practice_id_practice"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("practice_id", "organization_id", name=op.f("pk_practice_carrier")),
    )
    op.create_table(
        "practice_comment",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("practice_id", sa.Integer(), nullable=False),
        sa.Column("author_person_id", sa.Integer(), nullable=True),
        sa.Column("version_number", sa.Integer(), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column(
            "new_status",
            sa.Enum(
                "draft",
                "in_review",
                "published",
                "archived",
                name="practicestatus",
                native_enum=False,
                length=32,
            ),
            nullable=True,
        ),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["author_person_id"],
            ["person.id"],
            name=op.f("fk_practice_comment_author_person_id_person"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["practice_id"],
            ["practice.id"],
            name=op.f("fk_practice_comment_practice_id_practice"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_practice_comment")),
    )
    with op.batch_alter_table("practice_comment", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_practice_comment_practice_id"), ["practice_id"], unique=False)
    _complete_versions()


def _complete_versions() -> None:
    """Each existing version gets its sheet's classification, language and the criteria of its recorded
    level; resources written as a list become the staff line of the new resources part."""
    connection = op.get_bind()
    practice = sa.table(
        "practice",
        sa.column("id", sa.Integer),
        sa.column("evidence_level", sa.String),
        sa.column("content_language", sa.String),
    )
    version = sa.table(
        "practice_version",
        sa.column("id", sa.Integer),
        sa.column("practice_id", sa.Integer),
        sa.column("details", sa.JSON),
    )
    term_rows = connection.execute(
        sa.text(
            "SELECT pt.practice_id, t.scheme, t.code FROM practice_term pt "
            "JOIN taxonomy_term t ON t.id = pt.term_id ORDER BY t.position"
        )
    ).all()
    terms: dict[int, dict[str, list[str]]] = {}
    for practice_id, scheme, code in term_rows:
        terms.setdefault(practice_id, {}).setdefault(scheme, []).append(code)
    sheets = {row.id: row for row in connection.execute(sa.select(practice)).all()}
    for version_id, practice_id, details in connection.execute(sa.select(version)).all():
        sheet = sheets[practice_id]
        level = _LEVELS.index(sheet.evidence_level) if sheet.evidence_level in _LEVELS else 0
        completed: dict[str, Any] = dict(details or {})
        if isinstance(completed.get("resources"), list):
            completed["resources"] = {
                "staff": "\n".join(completed["resources"]),
                "budget": "",
                "duration": "",
            }
        completed.setdefault("terms", terms.get(practice_id, {}))
        completed.setdefault("language", sheet.content_language)
        completed.setdefault("carriers", [])
        completed.setdefault(
            "evidence_criteria", [code for name in _LEVELS[: level + 1] for code in _CRITERIA[name]]
        )
        connection.execute(sa.update(version).where(version.c.id == version_id).values(details=completed))


def downgrade() -> None:
    with op.batch_alter_table("practice_comment", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_practice_comment_practice_id"))
    op.drop_table("practice_comment")
    op.drop_table("practice_carrier")
