"""The review of an evaluation: a draft is submitted, sent back with a comment, submitted again, approved, and
decided with a rationale; each step kept, audited, and refused out of turn."""

from __future__ import annotations

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from livinglab.catalog.models import Practice
from livinglab.core.audit import AuditEvent
from livinglab.core.errors import DomainError
from livinglab.demo import seed_demo
from livinglab.evaluations import review, service
from livinglab.evaluations.models import Evaluation, EvaluationDecision, EvaluationStatus, ReviewMove
from livinglab.frameworks.answers import AnswersRejected
from livinglab.identity.models import Organization, Person

COMPLETE = {code: {"rating": 3} for code in ("need", "fit", "resources", "evidence", "readiness", "capacity")}


def _draft(db: Session, answers: dict[str, dict[str, object]]) -> Evaluation:
    seed_demo(db=db)
    practice = db.scalars(select(Practice).order_by(Practice.id)).first()
    organization = db.scalars(select(Organization).order_by(Organization.id)).first()
    person = db.scalars(select(Person).order_by(Person.id)).first()
    assert practice is not None
    assert organization is not None
    assert person is not None
    return service.save_evaluation(
        db=db,
        evaluation_id=None,
        record=service.EvaluationInput(practice.id, organization.id, "05", "hexagon", answers),
        by_person_id=person.id,
    )


def _move(
    db: Session, evaluation: Evaluation, move: ReviewMove, comment: str = "", decision: str = ""
) -> None:
    review.make_move(
        db=db, evaluation_id=evaluation.id, move=move, comment=comment, decision=decision, by_person_id=None
    )


def test_an_evaluation_goes_from_draft_to_decided_with_its_whole_history(db: Session) -> None:
    evaluation = _draft(db, COMPLETE)
    _move(db, evaluation, ReviewMove.SUBMIT)
    _move(db, evaluation, ReviewMove.REQUEST_CHANGES, "Préciser les ressources.")
    assert evaluation.status is EvaluationStatus.CHANGES_REQUESTED
    service.save_evaluation(
        db=db,
        evaluation_id=evaluation.id,
        record=service.EvaluationInput(
            evaluation.practice_id,
            evaluation.organization_id,
            "05",
            "hexagon",
            {**COMPLETE, "resources": {"rating": 4}},
        ),
        by_person_id=evaluation.submitted_by_id,
    )
    _move(db, evaluation, ReviewMove.SUBMIT)
    _move(db, evaluation, ReviewMove.APPROVE)
    _move(db, evaluation, ReviewMove.DECIDE, "Les besoins sont là.", "scale_out")
    assert (evaluation.status, evaluation.decision, evaluation.rationale) == (
        EvaluationStatus.DECIDED,
        EvaluationDecision.SCALE_OUT,
        "Les besoins sont là.",
    )
    assert [
        (entry.move, entry.comment, entry.decision)
        for entry in review.history(db=db, evaluation_id=evaluation.id)
    ] == [
        (ReviewMove.SUBMIT, "", ""),
        (ReviewMove.REQUEST_CHANGES, "Préciser les ressources.", ""),
        (ReviewMove.SUBMIT, "", ""),
        (ReviewMove.APPROVE, "", ""),
        (ReviewMove.DECIDE, "Les besoins sont là.", "scale_out"),
    ]
    actions = db.scalars(
        select(AuditEvent.action).where(
            AuditEvent.object_type == "evaluation", AuditEvent.object_id == str(evaluation.id)
        )
    ).all()
    assert actions.count("submit_evaluation") == 2
    assert {"request_changes_evaluation", "approve_evaluation", "decide_evaluation"} <= set(actions)


def test_submitting_an_incomplete_evaluation_names_each_missing_field_and_keeps_the_draft(
    db: Session,
) -> None:
    evaluation = _draft(db, {"need": {"rating": 5, "notes": "Liste d'attente"}})
    with pytest.raises(AnswersRejected) as rejected:
        _move(db, evaluation, ReviewMove.SUBMIT)
    assert {error.part for error in rejected.value.errors} == {
        "fit",
        "resources",
        "evidence",
        "readiness",
        "capacity",
    }
    assert evaluation.status is EvaluationStatus.DRAFT
    assert evaluation.ratings["need"]["notes"] == "Liste d'attente"


def test_a_draft_with_a_rating_outside_one_to_five_is_not_saved(db: Session) -> None:
    with pytest.raises(AnswersRejected) as rejected:
        _draft(db, {"need": {"rating": 0}, "fit": {"rating": "6"}})
    assert [(error.part, error.key) for error in rejected.value.errors] == [
        ("need", "framework.error.rating"),
        ("fit", "framework.error.rating"),
    ]


@pytest.mark.parametrize(
    ("moves", "refused", "key"),
    [
        ((), ReviewMove.APPROVE, "evaluation.review.error.status"),
        ((ReviewMove.SUBMIT,), ReviewMove.REQUEST_CHANGES, "evaluation.review.request_changes.error.empty"),
        ((ReviewMove.SUBMIT,), ReviewMove.DECIDE, "evaluation.review.error.status"),
        ((ReviewMove.SUBMIT, ReviewMove.APPROVE), ReviewMove.DECIDE, "evaluation.review.error.decision"),
    ],
)
def test_moves_out_of_turn_or_without_what_they_need_are_refused(
    db: Session, moves: tuple[ReviewMove, ...], refused: ReviewMove, key: str
) -> None:
    evaluation = _draft(db, COMPLETE)
    for move in moves:
        _move(db, evaluation, move)
    with pytest.raises(DomainError) as refusal:
        _move(db, evaluation, refused, decision="")
    assert refusal.value.key == key


def test_a_decided_evaluation_can_no_longer_be_changed(db: Session) -> None:
    evaluation = _draft(db, COMPLETE)
    for move in (ReviewMove.SUBMIT, ReviewMove.APPROVE):
        _move(db, evaluation, move)
    with pytest.raises(DomainError):
        service.save_evaluation(
            db=db,
            evaluation_id=evaluation.id,
            record=service.EvaluationInput(
                evaluation.practice_id, evaluation.organization_id, "", "hexagon", COMPLETE
            ),
            by_person_id=evaluation.submitted_by_id,
        )


def test_who_may_make_which_move() -> None:
    assert review.moves_from(EvaluationStatus.DRAFT, reviewer=False, editor=True) == [ReviewMove.SUBMIT]
    assert review.moves_from(EvaluationStatus.SUBMITTED, reviewer=False, editor=True) == []
    assert review.moves_from(EvaluationStatus.SUBMITTED, reviewer=True, editor=False) == [
        ReviewMove.REQUEST_CHANGES,
        ReviewMove.APPROVE,
    ]
    assert review.moves_from(EvaluationStatus.APPROVED, reviewer=True, editor=True) == [ReviewMove.DECIDE]
    assert review.moves_from(EvaluationStatus.DECIDED, reviewer=True, editor=True) == []


def test_the_portfolio_shows_each_practice_with_its_latest_evaluation_and_decision(db: Session) -> None:
    seed_demo(db=db)
    entries = {entry.slug: entry for entry in service.portfolio(db=db, filters=service.PortfolioFilters())}
    cafes = next(entry for slug, entry in entries.items() if "cafe" in slug)
    assert (cafes.decision, cafes.latest_status, cafes.pending_reviews) == ("scale_out", "decided", 0)
    assert set(cafes.adapted_region_codes) | set(cafes.region_codes) >= {"03", "05", "06"}
    assert sum(entry.pending_reviews for entry in entries.values()) == 1
    in_quebec = service.portfolio(db=db, filters=service.PortfolioFilters(region_code="03"))
    assert cafes.slug in {entry.slug for entry in in_quebec}
    assert len(in_quebec) < len(entries)
