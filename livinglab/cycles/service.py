"""Iteration cycles (PDSA), measures and data points."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from livinglab.catalog import service as catalog
from livinglab.core.database import count_of
from livinglab.core.errors import DomainError, FieldError, FieldsRejected
from livinglab.cycles.models import Cycle, CycleComment, CycleDecision, CycleStage, DataPoint, Measure
from livinglab.identity.sessions import Identity
from livinglab.workshops import service as workshops
from livinglab.workshops.service import IdeaOrigin

COMMENT_MAX_LENGTH = 4000


@dataclass(frozen=True)
class CycleSummary:
    id: int
    practice_title: str
    number: int
    title: str
    stage: CycleStage
    decision: CycleDecision | None
    # Measures the cycle introduced, and all their data points.
    measure_count: int
    data_point_count: int
    # The workshop board whose idea it tests (IdeaOrigin() when none).
    origin: IdeaOrigin = field(default_factory=IdeaOrigin)


def create_cycle(
    *,
    db: Session,
    practice_id: int,
    title: str,
    plan: dict[str, Any],
    started_on: dt.date | None = None,
    origin_note_id: int | None = None,
    origin_cluster_id: int | None = None,
) -> Cycle:
    """The practice's next cycle, in the plan stage, following on from its latest one."""
    previous = db.scalars(
        select(Cycle).where(Cycle.practice_id == practice_id).order_by(Cycle.number.desc()).limit(1)
    ).first()
    cycle = Cycle(
        practice_id=practice_id,
        number=previous.number + 1 if previous else 1,
        title=title,
        plan=plan,
        started_on=started_on,
        previous_cycle=previous,
        origin_note_id=origin_note_id,
        origin_cluster_id=origin_cluster_id,
    )
    db.add(cycle)
    db.flush()
    return cycle


def add_comment(*, db: Session, cycle_id: int, body: str, by: int | None) -> CycleComment:
    """Comments stay open after the decision: a manager may still ask about it."""
    if db.get(Cycle, cycle_id) is None:
        raise DomainError("cycle.error.not_found")
    text = body.strip()
    if not text:
        raise FieldsRejected([FieldError("comment", "cycle.error.comment_empty")])
    if len(text) > COMMENT_MAX_LENGTH:
        raise FieldsRejected(
            [FieldError("comment", "cycle.error.too_long", {"max_length": str(COMMENT_MAX_LENGTH)})]
        )
    comment = CycleComment(cycle_id=cycle_id, body=text, author_person_id=by)
    db.add(comment)
    db.flush()
    return comment


def list_cycles(*, db: Session, reader: Identity | None) -> list[CycleSummary]:
    """Every cycle, with the workshop idea it tests if ``reader`` may read it."""
    measure_count = count_of(Measure.id, Measure.cycle_id == Cycle.id)
    data_point_count = count_of(
        DataPoint.id, DataPoint.measure_id == Measure.id, Measure.cycle_id == Cycle.id
    )
    rows = db.execute(
        select(Cycle, measure_count, data_point_count).order_by(Cycle.practice_id, Cycle.number)
    ).all()
    titles = catalog.practice_titles(db=db, ids={c.practice_id for c, _, _ in rows})
    origins = workshops.idea_origins(
        db=db, ideas=[(c.origin_note_id, c.origin_cluster_id) for c, _, _ in rows], reader=reader
    )
    return [
        CycleSummary(
            id=c.id,
            practice_title=titles[c.practice_id],
            number=c.number,
            title=c.title,
            stage=c.stage,
            decision=c.decision,
            measure_count=measures,
            data_point_count=points,
            origin=origin,
        )
        for (c, measures, points), origin in zip(rows, origins, strict=True)
    ]
