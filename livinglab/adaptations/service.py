"""Regional adaptations of practices, recorded with FRAME."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from livinglab.adaptations.models import Adaptation
from livinglab.catalog import service as catalog
from livinglab.core.errors import DomainError
from livinglab.core.taxonomy import TaxonomyTerm, resolve_region
from livinglab.identity import service as identity

# The FRAME elements (Wiltsey Stirman et al., 2019), in the order of the form.
FRAME_ELEMENTS = (
    "when",
    "planned",
    "decided_by",
    "what",
    "level",
    "type",
    "fidelity",
    "reasons",
    "permanence",
)


@dataclass(frozen=True)
class AdaptationSummary:
    id: int
    practice_title: str
    organization_name: str
    region_code: str
    summary: str


def record_adaptation(
    *,
    db: Session,
    practice_id: int,
    organization_id: int,
    region_code: str,
    summary: str,
    frame: Mapping[str, Any],
    origin_cycle_id: int | None = None,
    origin_note_id: int | None = None,
    created_by_id: int | None = None,
) -> Adaptation:
    unknown = sorted(set(frame) - set(FRAME_ELEMENTS))
    if unknown:
        raise DomainError("adaptation.error.unknown_frame_element", elements=", ".join(unknown))
    adaptation = Adaptation(
        practice_id=practice_id,
        organization_id=organization_id,
        region_id=resolve_region(db=db, code=region_code).id,
        summary=summary,
        frame=dict(frame),
        origin_cycle_id=origin_cycle_id,
        origin_note_id=origin_note_id,
        created_by_id=created_by_id,
    )
    db.add(adaptation)
    db.flush()
    return adaptation


def list_adaptations(*, db: Session) -> list[AdaptationSummary]:
    rows = db.execute(
        select(Adaptation, TaxonomyTerm.code)
        .join(TaxonomyTerm, Adaptation.region_id == TaxonomyTerm.id)
        .order_by(Adaptation.created_at.desc(), Adaptation.id)
    ).all()
    titles = catalog.practice_titles(db=db, ids={a.practice_id for a, _ in rows})
    organizations = identity.organization_refs(db=db, ids={a.organization_id for a, _ in rows})
    return [
        AdaptationSummary(
            id=a.id,
            practice_title=titles[a.practice_id],
            organization_name=organizations[a.organization_id].name,
            region_code=region,
            summary=a.summary,
        )
        for a, region in rows
    ]
