"""Scale-up evaluations and their review."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from livinglab.catalog import service as catalog
from livinglab.core import audit
from livinglab.core.errors import DomainError
from livinglab.core.taxonomy import resolve_region
from livinglab.evaluations.models import Evaluation, EvaluationDecision, EvaluationStatus
from livinglab.identity import service as identity

# The evaluator may still change an evaluation in these statuses; after that it belongs to the reviewer.
_EDITABLE = (EvaluationStatus.DRAFT, EvaluationStatus.CHANGES_REQUESTED)


@dataclass(frozen=True)
class EvaluationSummary:
    id: int
    practice_title: str
    organization_name: str
    framework: str
    status: EvaluationStatus
    decision: EvaluationDecision | None


def create_evaluation(
    *,
    db: Session,
    practice_id: int,
    organization_id: int,
    framework: str,
    submitted_by_id: int,
    ratings: Mapping[str, Any],
    region_code: str | None = None,
) -> Evaluation:
    """A draft evaluation of a practice with a framework; ``submit_evaluation`` sends it for review."""
    evaluation = Evaluation(
        practice_id=practice_id,
        organization_id=organization_id,
        region_id=None if region_code is None else resolve_region(db=db, code=region_code).id,
        framework=framework,
        ratings=dict(ratings),
        submitted_by_id=submitted_by_id,
    )
    db.add(evaluation)
    db.flush()
    return evaluation


def submit_evaluation(*, db: Session, evaluation: Evaluation) -> Evaluation:
    if evaluation.status not in _EDITABLE:
        raise DomainError("evaluation.error.not_editable", status=evaluation.status.value)
    evaluation.status = EvaluationStatus.SUBMITTED
    db.flush()
    audit.record(
        db=db,
        action="submit_evaluation",
        object_type="evaluation",
        object_id=evaluation.id,
        actor_person_id=evaluation.submitted_by_id,
    )
    return evaluation


def list_evaluations(*, db: Session) -> list[EvaluationSummary]:
    evaluations = db.scalars(select(Evaluation).order_by(Evaluation.created_at.desc(), Evaluation.id)).all()
    titles = catalog.practice_titles(db=db, ids={e.practice_id for e in evaluations})
    organizations = identity.organization_refs(db=db, ids={e.organization_id for e in evaluations})
    return [
        EvaluationSummary(
            id=e.id,
            practice_title=titles[e.practice_id],
            organization_name=organizations[e.organization_id].name,
            framework=e.framework,
            status=e.status,
            decision=e.decision,
        )
        for e in evaluations
    ]
