"""Scale-up evaluations of practices with the frameworks of livinglab/frameworks, and the manager's
portfolio. Their review is in ``review.py``."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from livinglab.adaptations import service as adaptations
from livinglab.catalog import service as catalog
from livinglab.catalog.models import EvidenceLevel, Practice
from livinglab.core import audit
from livinglab.core.database import as_utc
from livinglab.core.errors import DomainError, FieldError
from livinglab.core.taxonomy import TaxonomyScheme, TaxonomyTerm
from livinglab.evaluations.models import Evaluation, EvaluationDecision, EvaluationStatus
from livinglab.evaluations.review import EDITABLE
from livinglab.frameworks import answers as framework_answers
from livinglab.frameworks.answers import AnswersRejected
from livinglab.frameworks.definitions import evaluation_frameworks
from livinglab.identity import service as identity
from livinglab.identity.models import Person


@dataclass(frozen=True)
class EvaluationSummary:
    id: int
    practice_id: int
    practice_title: str
    organization_name: str
    framework: str
    status: EvaluationStatus
    decision: EvaluationDecision | None
    region_code: str = ""


@dataclass(frozen=True)
class EvaluationInput:
    """What a person writes on an evaluation."""

    practice_id: int
    organization_id: int
    # "" when the evaluation is not about one region.
    region_code: str
    framework: str
    # Answers by field code (livinglab/frameworks/answers.py), as typed or as stored.
    answers: Mapping[str, Mapping[str, Any]]


def save_evaluation(
    *, db: Session, evaluation_id: int | None, record: EvaluationInput, by_person_id: int
) -> Evaluation:
    """A new draft (``evaluation_id`` None) or the draft changed. A draft may be incomplete but not wrong: a
    rating outside 1–5 is refused, with every other refused field, and nothing is written."""
    errors: list[FieldError] = []
    framework = evaluation_frameworks().get(record.framework)
    if framework is None:
        raise DomainError("evaluation.error.framework")
    region_id = None
    if record.region_code:
        region_id = db.scalar(
            select(TaxonomyTerm.id).where(
                TaxonomyTerm.scheme == TaxonomyScheme.REGION, TaxonomyTerm.code == record.region_code
            )
        )
        if region_id is None:
            errors.append(
                FieldError("region", "framework.error.unknown_option", {"code": record.region_code})
            )
    if db.get(Practice, record.practice_id) is None:
        errors.append(FieldError("practice", "framework.error.required"))
    if record.organization_id not in identity.organization_refs(db=db, ids={record.organization_id}):
        errors.append(FieldError("organization", "framework.error.required"))
    try:
        answers = framework_answers.checked(framework, record.answers, complete=False)
    except AnswersRejected as rejected:
        errors.extend(rejected.errors)
    if errors:
        raise AnswersRejected(errors)
    if evaluation_id is None:
        evaluation = Evaluation(submitted_by_id=by_person_id, framework=framework.code)
        db.add(evaluation)
    else:
        found = db.get(Evaluation, evaluation_id)
        if found is None:
            raise DomainError("evaluation.error.not_found")
        if found.status not in EDITABLE:
            raise DomainError("evaluation.review.error.status")
        evaluation = found
    # The framework of an evaluation never changes: its answers would mean nothing in another.
    if evaluation.framework != framework.code:
        raise DomainError("evaluation.error.framework")
    evaluation.practice_id = record.practice_id
    evaluation.organization_id = record.organization_id
    evaluation.region_id = region_id
    evaluation.ratings = answers
    db.flush()
    audit.record(
        db=db,
        action="save_evaluation",
        object_type="evaluation",
        object_id=evaluation.id,
        actor_person_id=by_person_id,
    )
    return evaluation


def organization_of(*, db: Session, evaluation_id: int) -> int | None:
    """The evaluating organization: whose practitioners may change and submit the evaluation."""
    return db.scalar(select(Evaluation.organization_id).where(Evaluation.id == evaluation_id))


@dataclass(frozen=True)
class EvaluationDetail:
    id: int
    practice_id: int
    practice_slug: str
    practice_title: str
    organization_id: int
    organization_name: str
    region_code: str
    framework: str
    status: EvaluationStatus
    answers: dict[str, Any]
    decision: str
    rationale: str
    evaluator_name: str
    created_at: str


def detail(*, db: Session, evaluation_id: int) -> EvaluationDetail | None:
    row = db.execute(
        select(Evaluation, TaxonomyTerm.code, Practice.slug, Person.display_name)
        .outerjoin(TaxonomyTerm, Evaluation.region_id == TaxonomyTerm.id)
        .join(Practice, Practice.id == Evaluation.practice_id)
        .outerjoin(Person, Person.id == Evaluation.submitted_by_id)
        .where(Evaluation.id == evaluation_id)
    ).one_or_none()
    if row is None:
        return None
    evaluation, region, slug, evaluator = row
    return EvaluationDetail(
        id=evaluation.id,
        practice_id=evaluation.practice_id,
        practice_slug=slug,
        practice_title=catalog.practice_titles(db=db, ids={evaluation.practice_id})[evaluation.practice_id],
        organization_id=evaluation.organization_id,
        organization_name=identity.organization_refs(db=db, ids={evaluation.organization_id})[
            evaluation.organization_id
        ].name,
        region_code=region or "",
        framework=evaluation.framework,
        status=evaluation.status,
        answers=evaluation.ratings,
        decision=evaluation.decision.value if evaluation.decision else "",
        rationale=evaluation.rationale or "",
        evaluator_name=evaluator or "",
        created_at=as_utc(evaluation.created_at).isoformat(),
    )


def list_evaluations(*, db: Session) -> list[EvaluationSummary]:
    rows = db.execute(
        select(Evaluation, TaxonomyTerm.code)
        .outerjoin(TaxonomyTerm, Evaluation.region_id == TaxonomyTerm.id)
        .order_by(Evaluation.created_at.desc(), Evaluation.id)
    ).all()
    titles = catalog.practice_titles(db=db, ids={e.practice_id for e, _ in rows})
    organizations = identity.organization_refs(db=db, ids={e.organization_id for e, _ in rows})
    return [
        EvaluationSummary(
            id=e.id,
            practice_id=e.practice_id,
            practice_title=titles[e.practice_id],
            organization_name=organizations[e.organization_id].name,
            framework=e.framework,
            status=e.status,
            decision=e.decision,
            region_code=region or "",
        )
        for e, region in rows
    ]


# The manager's portfolio: every practice in use, where it runs, how it was evaluated and what was decided.


@dataclass(frozen=True)
class PortfolioFilters:
    region_code: str = ""
    area_code: str = ""
    organization_id: int = 0


@dataclass(frozen=True)
class PortfolioEntry:
    practice_id: int
    slug: str
    title: str
    organization_name: str
    evidence_level: EvidenceLevel
    # Where it runs: the sheet's regions and the regions it was adapted to.
    region_codes: list[str]
    adapted_region_codes: list[str]
    area_codes: list[str]
    latest_evaluation_id: int = 0
    latest_framework: str = ""
    latest_status: str = ""
    # The latest decision recorded on any of its evaluations, and why.
    decision: str = ""
    rationale: str = ""
    pending_reviews: int = 0
    # The latest ratings of each evaluation framework, by framework then field: the export's columns.
    ratings: dict[str, dict[str, int]] = field(default_factory=dict)


def portfolio(*, db: Session, filters: PortfolioFilters) -> list[PortfolioEntry]:
    ids = catalog.practices_in_use(db=db)
    summaries = catalog.summaries(db=db, ids=ids)
    organization_ids = dict(
        db.execute(select(Practice.id, Practice.organization_id).where(Practice.id.in_(ids))).all()
    )
    adapted = adaptations.adapted_regions(db=db, practice_ids=ids)
    by_practice: dict[int, list[Evaluation]] = {}
    for evaluation in db.scalars(
        select(Evaluation)
        .where(Evaluation.practice_id.in_(ids))
        .order_by(Evaluation.created_at, Evaluation.id)
    ):
        by_practice.setdefault(evaluation.practice_id, []).append(evaluation)
    entries = []
    for summary in summaries:
        mine = by_practice.get(summary.id, [])
        latest = mine[-1] if mine else None
        decided = [evaluation for evaluation in mine if evaluation.decision is not None]
        ratings = {
            evaluation.framework: {
                code: answer["rating"]
                for code, answer in evaluation.ratings.items()
                if isinstance(answer, dict) and answer.get("rating") is not None
            }
            for evaluation in mine
        }
        adapted_regions = sorted(adapted.get(summary.id, set()) - set(summary.region_codes))
        entry = PortfolioEntry(
            practice_id=summary.id,
            slug=summary.slug,
            title=summary.title,
            organization_name=summary.organization_name,
            evidence_level=summary.evidence_level,
            region_codes=list(summary.region_codes),
            adapted_region_codes=adapted_regions,
            area_codes=list(summary.area_codes),
            latest_evaluation_id=latest.id if latest else 0,
            latest_framework=latest.framework if latest else "",
            latest_status=latest.status.value if latest else "",
            decision=decided[-1].decision.value if decided and decided[-1].decision else "",
            rationale=(decided[-1].rationale or "") if decided else "",
            pending_reviews=sum(evaluation.status is EvaluationStatus.SUBMITTED for evaluation in mine),
            ratings=ratings,
        )
        if _matches(entry, organization_ids[summary.id], filters):
            entries.append(entry)
    return entries


def _matches(entry: PortfolioEntry, organization_id: int, filters: PortfolioFilters) -> bool:
    return (
        (not filters.region_code or filters.region_code in (*entry.region_codes, *entry.adapted_region_codes))
        and (not filters.area_code or filters.area_code in entry.area_codes)
        and (not filters.organization_id or filters.organization_id == organization_id)
    )
