"""Iteration cycles (PDSA), measures and data points."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from livinglab.catalog import service as catalog
from livinglab.core.database import count_of
from livinglab.core.errors import DomainError
from livinglab.cycles.models import (
    Cycle,
    CycleDecision,
    CycleStage,
    DataPoint,
    Direction,
    Measure,
    MeasureKind,
)
from livinglab.workshops import service as workshops
from livinglab.workshops.service import IdeaOrigin

_STAGE_ORDER = list(CycleStage)


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


def advance_cycle(
    *, db: Session, cycle: Cycle, stage: CycleStage, observations: dict[str, Any] | None = None
) -> Cycle:
    """Moves a cycle on to ``stage``; a cycle never goes back (a new cycle is planned instead)."""
    if _STAGE_ORDER.index(stage) < _STAGE_ORDER.index(cycle.stage):
        raise DomainError("cycle.error.stage_backwards", stage=stage.value, current=cycle.stage.value)
    cycle.stage = stage
    if observations is not None:
        cycle.observations = observations
    db.flush()
    return cycle


def add_measure(
    *,
    db: Session,
    practice_id: int,
    name: str,
    kind: MeasureKind,
    unit: str,
    direction: Direction,
    cycle: Cycle | None = None,
) -> Measure:
    measure = Measure(
        practice_id=practice_id, name=name, kind=kind, unit=unit, direction=direction, cycle=cycle
    )
    db.add(measure)
    db.flush()
    return measure


def record_data_point(
    *,
    db: Session,
    measure: Measure,
    observed_on: dt.date,
    value: float,
    cycle: Cycle | None = None,
    annotation: str | None = None,
) -> DataPoint:
    """Records the measure's value for a date; recording the same date again corrects it."""
    point = db.scalars(
        select(DataPoint).where(DataPoint.measure_id == measure.id, DataPoint.observed_on == observed_on)
    ).one_or_none()
    if point is None:
        point = DataPoint(measure=measure, observed_on=observed_on)
        db.add(point)
    point.value = value
    point.cycle_id = None if cycle is None else cycle.id
    point.annotation = annotation
    db.flush()
    return point


def list_cycles(*, db: Session) -> list[CycleSummary]:
    measure_count = count_of(Measure.id, Measure.cycle_id == Cycle.id)
    data_point_count = count_of(
        DataPoint.id, DataPoint.measure_id == Measure.id, Measure.cycle_id == Cycle.id
    )
    rows = db.execute(
        select(Cycle, measure_count, data_point_count).order_by(Cycle.practice_id, Cycle.number)
    ).all()
    titles = catalog.practice_titles(db=db, ids={c.practice_id for c, _, _ in rows})
    origins = workshops.idea_origins(
        db=db, ideas=[(c.origin_note_id, c.origin_cluster_id) for c, _, _ in rows]
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
