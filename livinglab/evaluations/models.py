"""Scale-up evaluations of a practice (Hexagon, ISAT, RE-AIM) and the manager's review and decision."""

from __future__ import annotations

import datetime as dt
import enum
from typing import Any

from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from livinglab.core.database import Base, CreatedAtMixin, utcnow


class EvaluationStatus(enum.StrEnum):
    DRAFT = "draft"
    SUBMITTED = "submitted"
    CHANGES_REQUESTED = "changes_requested"
    APPROVED = "approved"
    DECIDED = "decided"


class ReviewMove(enum.StrEnum):
    SUBMIT = "submit"
    REQUEST_CHANGES = "request_changes"
    APPROVE = "approve"
    DECIDE = "decide"


class EvaluationDecision(enum.StrEnum):
    SCALE_OUT = "scale_out"
    ADAPT = "adapt"
    MAINTAIN = "maintain"
    STOP = "stop"


class Evaluation(CreatedAtMixin, Base):
    __tablename__ = "evaluation"

    id: Mapped[int] = mapped_column(primary_key=True)
    practice_id: Mapped[int] = mapped_column(ForeignKey("practice.id"), index=True)
    organization_id: Mapped[int] = mapped_column(ForeignKey("organization.id"))
    # The region where scaling up is considered, if the evaluation is about one.
    region_id: Mapped[int | None] = mapped_column(ForeignKey("taxonomy_term.id"))
    # A framework of livinglab/frameworks: its file's name ("hexagon", "isat", "reaim").
    framework: Mapped[str] = mapped_column(String(32))
    status: Mapped[EvaluationStatus] = mapped_column(default=EvaluationStatus.DRAFT)
    # Answers keyed by the framework's element code, e.g. {"need": {"rating": 4, "notes": "..."}}.
    ratings: Mapped[dict[str, Any]] = mapped_column(default=dict)
    decision: Mapped[EvaluationDecision | None]
    rationale: Mapped[str | None] = mapped_column(Text)
    submitted_by_id: Mapped[int] = mapped_column(ForeignKey("person.id"))
    reviewed_by_id: Mapped[int | None] = mapped_column(ForeignKey("person.id", ondelete="SET NULL"))
    updated_at: Mapped[dt.datetime | None] = mapped_column(onupdate=utcnow)


class EvaluationEvent(CreatedAtMixin, Base):
    """One step of an evaluation's review, kept for good: who moved it where, with which comment or
    decision."""

    __tablename__ = "evaluation_event"

    id: Mapped[int] = mapped_column(primary_key=True)
    evaluation_id: Mapped[int] = mapped_column(ForeignKey("evaluation.id", ondelete="CASCADE"), index=True)
    author_person_id: Mapped[int | None] = mapped_column(ForeignKey("person.id", ondelete="SET NULL"))
    move: Mapped[ReviewMove]
    new_status: Mapped[EvaluationStatus]
    comment: Mapped[str] = mapped_column(Text, default="")
    decision: Mapped[EvaluationDecision | None] = mapped_column(default=None)
