"""What a reader sees of one sheet: every part, the description rendered safely, the evidence criteria met
and not met, and what the sheet relates to (the workshop idea it came from, its cycles, regional
adaptations and evaluations).

Visitors see published sheets only, and nothing of the lab's work in progress: not the cycles, adaptations
and evaluations (staff-only areas). Staff see every sheet and all of it, except the workshop idea a sheet came
from, which follows the rule of notes: shown to the staff of the workshop's organization while the note is in
view (livinglab/workshops/visibility.py).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session

from livinglab.adaptations.models import Adaptation
from livinglab.catalog import evidence
from livinglab.catalog.models import EvidenceLevel, Practice, PracticeStatus
from livinglab.catalog.sheets import SheetContent
from livinglab.core.database import as_utc
from livinglab.core.markdown import render_markdown
from livinglab.core.taxonomy import TaxonomyTerm
from livinglab.cycles.models import Cycle
from livinglab.evaluations.models import Evaluation
from livinglab.identity import service as identity
from livinglab.identity.sessions import Identity
from livinglab.ui import routes
from livinglab.workshops import service as workshops
from livinglab.workshops.service import IdeaOrigin


@dataclass(frozen=True)
class CriterionCheck:
    code: str
    level: str
    met: bool


@dataclass(frozen=True)
class Related:
    """One thing the sheet relates to, as a line of text (its kind's own page lists them all)."""

    label: str
    detail: str
    # Its own page, for the kinds that have one.
    href: str = ""


@dataclass(frozen=True)
class SheetView:
    id: int
    slug: str
    status: PracticeStatus
    evidence_level: EvidenceLevel
    version_number: int
    updated_at: str
    content: SheetContent
    description_html: str
    # The lead organization first, then the co-carriers.
    organization_names: list[str]
    criteria: list[CriterionCheck]
    origin: IdeaOrigin = field(default_factory=IdeaOrigin)
    cycles: list[Related] = field(default_factory=list)
    adaptations: list[Related] = field(default_factory=list)
    evaluations: list[Related] = field(default_factory=list)


def sheet_view(*, db: Session, slug: str, staff: bool, reader: Identity | None) -> SheetView | None:
    """The sheet at ``slug`` as ``reader`` (staff or not) may see it; None if it does not exist or is not
    theirs to see."""
    practice = db.scalar(select(Practice).where(Practice.slug == slug))
    if practice is None or practice.current_version is None:
        return None
    if not staff and practice.status is not PracticeStatus.PUBLISHED:
        return None
    content = SheetContent.of_version(practice.current_version)
    organizations = identity.organization_refs(db=db, ids={practice.organization_id, *content.carrier_ids})
    met = set(content.evidence_criteria)
    [origin] = workshops.idea_origins(
        db=db, ideas=[(practice.origin_note_id, practice.origin_cluster_id)], reader=reader
    )
    return SheetView(
        id=practice.id,
        slug=practice.slug,
        status=practice.status,
        evidence_level=practice.evidence_level,
        version_number=practice.current_version.number,
        updated_at=as_utc(practice.current_version.created_at).isoformat(),
        content=content,
        description_html=render_markdown(content.description_md),
        organization_names=[
            organizations[org].name
            for org in (practice.organization_id, *content.carrier_ids)
            if org in organizations
        ],
        criteria=[
            CriterionCheck(criterion.code, criterion.level.value, criterion.code in met)
            for criterion in evidence.CRITERIA
        ],
        origin=origin,
        cycles=_cycles(db, practice.id) if staff else [],
        adaptations=_adaptations(db, practice.id) if staff else [],
        evaluations=_evaluations(db, practice.id) if staff else [],
    )


def editable_content(*, db: Session, slug: str) -> tuple[int, SheetContent] | None:
    """(current version number, content) of the sheet an editor opens."""
    practice = db.scalar(select(Practice).where(Practice.slug == slug))
    if practice is None or practice.current_version is None:
        return None
    return practice.current_version.number, SheetContent.of_version(practice.current_version)


def _cycles(db: Session, practice_id: int) -> list[Related]:
    rows = db.scalars(select(Cycle).where(Cycle.practice_id == practice_id).order_by(Cycle.number))
    return [Related(f"{cycle.number}. {cycle.title}", cycle.stage.value) for cycle in rows]


def _adaptations(db: Session, practice_id: int) -> list[Related]:
    # The region's code: the page names it in the reader's language.
    rows = db.execute(
        select(TaxonomyTerm.code, Adaptation.summary, Adaptation.id)
        .join(TaxonomyTerm, TaxonomyTerm.id == Adaptation.region_id)
        .where(Adaptation.practice_id == practice_id)
        .order_by(Adaptation.created_at)
    ).all()
    return [Related(region, summary, routes.adaptation(record)) for region, summary, record in rows]


def _evaluations(db: Session, practice_id: int) -> list[Related]:
    rows = db.scalars(
        select(Evaluation).where(Evaluation.practice_id == practice_id).order_by(Evaluation.created_at)
    )
    return [
        Related(evaluation.framework, evaluation.status.value, routes.evaluation(evaluation.id))
        for evaluation in rows
    ]
