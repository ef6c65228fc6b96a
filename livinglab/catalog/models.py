"""The practice catalogue: practice sheets, their versions and how they are classified."""

from __future__ import annotations

import datetime as dt
import enum
from typing import Any

from sqlalchemy import Column, ForeignKey, String, Table, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from livinglab.core.database import Base, CreatedAtMixin, utcnow
from livinglab.core.taxonomy import TaxonomyTerm


class PracticeStatus(enum.StrEnum):
    DRAFT = "draft"
    IN_REVIEW = "in_review"
    PUBLISHED = "published"
    ARCHIVED = "archived"


class EvidenceLevel(enum.StrEnum):
    EMERGING = "emerging"
    PROMISING = "promising"
    PROVEN = "proven"


# Target groups (migratory status, length of residence), integration areas and regions of a practice.
practice_term = Table(
    "practice_term",
    Base.metadata,
    Column("practice_id", ForeignKey("practice.id", ondelete="CASCADE"), primary_key=True),
    Column("term_id", ForeignKey("taxonomy_term.id"), primary_key=True),
)

# Organizations that carry a practice with its lead organization (``Practice.organization_id``): their
# practitioners edit the sheet too.
practice_carrier = Table(
    "practice_carrier",
    Base.metadata,
    Column("practice_id", ForeignKey("practice.id", ondelete="CASCADE"), primary_key=True),
    Column("organization_id", ForeignKey("organization.id", ondelete="CASCADE"), primary_key=True),
)


class Practice(CreatedAtMixin, Base):
    __tablename__ = "practice"

    id: Mapped[int] = mapped_column(primary_key=True)
    organization_id: Mapped[int] = mapped_column(ForeignKey("organization.id"))
    slug: Mapped[str] = mapped_column(String(80), unique=True)
    status: Mapped[PracticeStatus] = mapped_column(default=PracticeStatus.DRAFT)
    evidence_level: Mapped[EvidenceLevel] = mapped_column(default=EvidenceLevel.EMERGING)
    content_language: Mapped[str] = mapped_column(String(2), default="fr")
    # The workshop idea (a note, or a cluster of notes) this practice was promoted from: the start of its
    # chain of evidence.
    origin_note_id: Mapped[int | None] = mapped_column(ForeignKey("note.id", ondelete="SET NULL"))
    origin_cluster_id: Mapped[int | None] = mapped_column(ForeignKey("cluster.id", ondelete="SET NULL"))
    # Versions point to their practice and the practice to its current version: use_alter breaks the cycle
    # when tables are created and dropped.
    current_version_id: Mapped[int | None] = mapped_column(ForeignKey("practice_version.id", use_alter=True))
    # Optimistic locking: two people editing the same sheet cannot silently overwrite each other.
    lock_version: Mapped[int] = mapped_column()
    updated_at: Mapped[dt.datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    versions: Mapped[list[PracticeVersion]] = relationship(
        back_populates="practice",
        foreign_keys="PracticeVersion.practice_id",
        order_by="PracticeVersion.number",
        cascade="all, delete-orphan",
        passive_deletes=True,
    )
    current_version: Mapped[PracticeVersion | None] = relationship(
        foreign_keys=[current_version_id], post_update=True
    )
    terms: Mapped[list[TaxonomyTerm]] = relationship(secondary=practice_term, order_by=TaxonomyTerm.position)

    __mapper_args__ = {"version_id_col": lock_version}  # noqa: RUF012 (read once by the mapper)


class PracticeVersion(CreatedAtMixin, Base):
    """One published state of a practice sheet; a new edit makes a new version, old ones stay readable."""

    __tablename__ = "practice_version"
    __table_args__ = (UniqueConstraint("practice_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    practice_id: Mapped[int] = mapped_column(ForeignKey("practice.id", ondelete="CASCADE"))
    number: Mapped[int]
    title: Mapped[str] = mapped_column(String(200))
    summary: Mapped[str] = mapped_column(String(500))
    description_md: Mapped[str] = mapped_column(Text)
    # objectives, activities, resources, partners, contact, results.
    details: Mapped[dict[str, Any]] = mapped_column(default=dict)
    author_person_id: Mapped[int | None] = mapped_column(ForeignKey("person.id", ondelete="SET NULL"))

    practice: Mapped[Practice] = relationship(back_populates="versions", foreign_keys=[practice_id])


class PracticeComment(CreatedAtMixin, Base):
    """A reviewer's or an editor's comment on a sheet; a change of status may carry one."""

    __tablename__ = "practice_comment"

    id: Mapped[int] = mapped_column(primary_key=True)
    practice_id: Mapped[int] = mapped_column(ForeignKey("practice.id", ondelete="CASCADE"), index=True)
    author_person_id: Mapped[int | None] = mapped_column(ForeignKey("person.id", ondelete="SET NULL"))
    # The version the comment was written about, so a later reader knows what it refers to.
    version_number: Mapped[int]
    body: Mapped[str] = mapped_column(Text)
    # The status the sheet moved to with this comment, if it came with a change of status.
    new_status: Mapped[PracticeStatus | None] = mapped_column(default=None)
