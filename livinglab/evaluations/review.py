"""The review of an evaluation: brouillon → soumise → (modifications demandées → soumise)* → approuvée →
décidée, with a decision (étendre, adapter, maintenir, arrêter) and its rationale.

Practitioners of the evaluating organization write and submit; managers ask for changes with a comment,
approve, and record the decision. Every step is kept (``EvaluationEvent``), shown on the evaluation and
written to the audit trail.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from livinglab.core import audit
from livinglab.core.database import as_utc
from livinglab.core.errors import DomainError
from livinglab.core.text import require_text
from livinglab.evaluations.models import (
    Evaluation,
    EvaluationDecision,
    EvaluationEvent,
    EvaluationStatus,
    ReviewMove,
)
from livinglab.frameworks import answers
from livinglab.frameworks.definitions import frameworks
from livinglab.identity.models import Person

COMMENT_MAX_LENGTH = 4000


@dataclass(frozen=True)
class Step:
    sources: tuple[EvaluationStatus, ...]
    target: EvaluationStatus
    reviewers_only: bool
    # Asking for changes without saying which, or deciding without a rationale, leaves people guessing.
    needs_comment: bool


_S = EvaluationStatus
STEPS: dict[ReviewMove, Step] = {
    ReviewMove.SUBMIT: Step(
        (_S.DRAFT, _S.CHANGES_REQUESTED), _S.SUBMITTED, reviewers_only=False, needs_comment=False
    ),
    ReviewMove.REQUEST_CHANGES: Step(
        (_S.SUBMITTED,), _S.CHANGES_REQUESTED, reviewers_only=True, needs_comment=True
    ),
    ReviewMove.APPROVE: Step((_S.SUBMITTED,), _S.APPROVED, reviewers_only=True, needs_comment=False),
    ReviewMove.DECIDE: Step((_S.APPROVED,), _S.DECIDED, reviewers_only=True, needs_comment=True),
}
# The evaluator may change an evaluation only while it is theirs: before it is submitted, or sent back.
EDITABLE = STEPS[ReviewMove.SUBMIT].sources


def moves_from(status: EvaluationStatus, *, reviewer: bool, editor: bool) -> list[ReviewMove]:
    """The moves a person may make on an evaluation in ``status``: the buttons its page shows them."""
    return [
        move
        for move, step in STEPS.items()
        if status in step.sources and (reviewer if step.reviewers_only else editor)
    ]


def make_move(
    *,
    db: Session,
    evaluation_id: int,
    move: ReviewMove,
    comment: str,
    by_person_id: int | None,
    decision: str = "",
) -> Evaluation:
    """Moves the evaluation on, keeping the step in its history. The caller has checked who may.

    Submitting checks the answers are complete (``AnswersRejected`` naming each missing field; the draft
    stays as it was); deciding needs one of the four decisions and a rationale."""
    step = STEPS[move]
    evaluation = db.scalars(
        select(Evaluation).where(Evaluation.id == evaluation_id).with_for_update()
    ).one_or_none()
    if evaluation is None:
        raise DomainError("evaluation.error.not_found")
    if evaluation.status not in step.sources:
        raise DomainError("evaluation.review.error.status")
    if move is ReviewMove.SUBMIT:
        answers.checked(frameworks()[evaluation.framework], evaluation.ratings, complete=True)
    chosen: EvaluationDecision | None = None
    if move is ReviewMove.DECIDE:
        if decision not in set(EvaluationDecision):
            raise DomainError("evaluation.review.error.decision")
        chosen = EvaluationDecision(decision)
    body = comment.strip()
    if step.needs_comment:
        body = require_text(comment, max_length=COMMENT_MAX_LENGTH, subject=f"evaluation.review.{move.value}")
    elif len(body) > COMMENT_MAX_LENGTH:
        raise DomainError("evaluation.review.error.too_long", max_length=COMMENT_MAX_LENGTH, length=len(body))
    evaluation.status = step.target
    if step.reviewers_only:
        evaluation.reviewed_by_id = by_person_id
    if chosen is not None:
        evaluation.decision, evaluation.rationale = chosen, body
    db.add(
        EvaluationEvent(
            evaluation_id=evaluation.id,
            author_person_id=by_person_id,
            move=move,
            new_status=step.target,
            comment=body,
            decision=chosen,
        )
    )
    db.flush()
    audit.record(
        db=db,
        action=f"{move.value}_evaluation",
        object_type="evaluation",
        object_id=evaluation.id,
        actor_person_id=by_person_id,
        detail={"decision": chosen.value} if chosen else None,
    )
    return evaluation


@dataclass(frozen=True)
class HistoryEntry:
    author_name: str
    at: dt.datetime
    move: ReviewMove
    new_status: EvaluationStatus
    comment: str
    # "" unless the step recorded the decision.
    decision: str


def history(*, db: Session, evaluation_id: int) -> list[HistoryEntry]:
    """Every step of the review, oldest first: it reads as the story of the evaluation."""
    rows = db.execute(
        select(EvaluationEvent, Person.display_name)
        .outerjoin(Person, Person.id == EvaluationEvent.author_person_id)
        .where(EvaluationEvent.evaluation_id == evaluation_id)
        .order_by(EvaluationEvent.created_at, EvaluationEvent.id)
    ).all()
    return [
        HistoryEntry(
            author_name=name or "",
            at=as_utc(event.created_at),
            move=event.move,
            new_status=event.new_status,
            comment=event.comment,
            decision=event.decision.value if event.decision else "",
        )
        for event, name in rows
    ]
