"""What the cycle page shows: the cycle's four stages, its participants' feedback and comments, and a run
chart for each of the practice's measures; and a practice's timeline of cycles."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from babel.dates import format_date
from babel.numbers import format_decimal
from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from livinglab.catalog import service as catalog
from livinglab.catalog.models import Practice
from livinglab.core.database import as_utc
from livinglab.cycles import runchart
from livinglab.cycles.models import Cycle, CycleComment, CycleFeedback, DataPoint, Measure
from livinglab.cycles.stages import Doing, Plan, Study, doing_of, plan_of, study_of
from livinglab.identity.models import Person
from livinglab.identity.sessions import Identity
from livinglab.workshops import service as workshops
from livinglab.workshops import visibility
from livinglab.workshops.service import IdeaOrigin

_BABEL_LOCALES = {"fr": "fr_CA", "en": "en_CA"}


@dataclass(frozen=True)
class ChartPoint:
    id: int
    day: str
    # The day as the chart's axis writes it, in the reader's language (« 7 oct. »).
    label: str
    value: float
    # The value as the reader writes numbers (« 12,5 » in French).
    value_text: str
    # What changed that day: the point's own note, or the start of a cycle.
    annotation: str
    # The value again when the point belongs to a shift going the measure's better way, the worse way, or to
    # a trend, else None: the chart draws each as a highlighted series under the first, broken where the
    # pattern is.
    good_shift: float | None
    bad_shift: float | None
    trend: float | None


@dataclass(frozen=True)
class SignalView:
    kind: str
    upward: bool
    favourable: bool
    first_day: str
    last_day: str
    points: int


@dataclass(frozen=True)
class MeasureView:
    id: int
    name: str
    kind: str
    unit: str
    direction: str
    # 0 with no point yet (has_median tells).
    median: float
    median_text: str
    has_median: bool
    enough_points: bool
    points: list[ChartPoint]
    signals: list[SignalView]


@dataclass(frozen=True)
class FeedbackItem:
    id: int
    text: str
    # The board of the note it was pulled from; board_id 0 when typed in.
    source: IdeaOrigin = field(default_factory=IdeaOrigin)


@dataclass(frozen=True)
class CommentItem:
    id: int
    author: str
    body: str
    created_at: str


@dataclass(frozen=True)
class CycleLink:
    """Another cycle of the same practice; id 0 when there is none."""

    id: int = 0
    number: int = 0
    title: str = ""
    stage: str = ""
    decision: str = ""
    rationale: str = ""
    started_on: str = ""
    objective: str = ""


@dataclass(frozen=True)
class CycleView:
    id: int
    number: int
    title: str
    stage: str
    decision: str
    rationale: str
    started_on: str
    practice_slug: str
    practice_title: str
    plan: Plan
    doing: Doing
    study: Study
    feedback: list[FeedbackItem]
    comments: list[CommentItem]
    measures: list[MeasureView]
    previous: CycleLink = field(default_factory=CycleLink)
    next: CycleLink = field(default_factory=CycleLink)
    origin: IdeaOrigin = field(default_factory=IdeaOrigin)


def cycle_view(*, db: Session, cycle_id: int, lang: str, reader: Identity | None) -> CycleView | None:
    """The cycle, with the workshop idea it tests and the feedback quoted from notes as far as ``reader`` may
    read them (see visibility)."""
    cycle = db.get(Cycle, cycle_id)
    if cycle is None:
        return None
    practice = db.get_one(Practice, cycle.practice_id)
    siblings = timeline(db=db, practice_id=cycle.practice_id)
    [origin] = workshops.idea_origins(
        db=db, ideas=[(cycle.origin_note_id, cycle.origin_cluster_id)], reader=reader
    )
    return CycleView(
        id=cycle.id,
        number=cycle.number,
        title=cycle.title,
        stage=cycle.stage.value,
        decision=cycle.decision.value if cycle.decision else "",
        rationale=cycle.rationale or "",
        started_on=cycle.started_on.isoformat() if cycle.started_on else "",
        practice_slug=practice.slug,
        practice_title=catalog.practice_titles(db=db, ids={practice.id})[practice.id],
        plan=plan_of(cycle),
        doing=doing_of(cycle),
        study=study_of(cycle),
        feedback=_feedback(db, cycle.id, reader),
        comments=_comments(db, cycle.id),
        measures=measure_views(db=db, practice_id=cycle.practice_id, lang=lang),
        previous=next((link for link in siblings if link.number == cycle.number - 1), CycleLink()),
        next=next((link for link in siblings if link.number == cycle.number + 1), CycleLink()),
        origin=origin,
    )


def timeline(*, db: Session, practice_id: int) -> list[CycleLink]:
    """The practice's cycles, first to last."""
    cycles = db.scalars(select(Cycle).where(Cycle.practice_id == practice_id).order_by(Cycle.number))
    return [
        CycleLink(
            id=cycle.id,
            number=cycle.number,
            title=cycle.title,
            stage=cycle.stage.value,
            decision=cycle.decision.value if cycle.decision else "",
            rationale=cycle.rationale or "",
            started_on=cycle.started_on.isoformat() if cycle.started_on else "",
            objective=plan_of(cycle).objective,
        )
        for cycle in cycles
    ]


def practice_of(*, db: Session, slug: str) -> tuple[int, str] | None:
    """(id, title) of the practice at ``slug``."""
    practice_id = db.scalar(select(Practice.id).where(Practice.slug == slug))
    if practice_id is None:
        return None
    return practice_id, catalog.practice_titles(db=db, ids={practice_id})[practice_id]


def measure_views(*, db: Session, practice_id: int, lang: str) -> list[MeasureView]:
    measures = db.scalars(
        select(Measure)
        .where(Measure.practice_id == practice_id)
        .order_by(Measure.id)
        # Every measure's points in one more query, not one per measure.
        .options(selectinload(Measure.data_points))
    ).all()
    starts: dict[dt.date, int] = {
        started_on: number
        for number, started_on in db.execute(
            select(Cycle.number, Cycle.started_on).where(
                Cycle.practice_id == practice_id, Cycle.started_on.is_not(None)
            )
        )
        if started_on is not None
    }
    return [_measure_view(measure, starts, lang) for measure in measures]


def _measure_view(measure: Measure, cycle_starts: dict[dt.date, int], lang: str) -> MeasureView:
    points: list[DataPoint] = list(measure.data_points)
    chart = runchart.analyse([point.value for point in points], measure.direction)
    shifts = [s for s in chart.signals if s.kind is runchart.SignalKind.SHIFT]
    good_shift = {p for s in shifts if s.favourable for p in s.counted}
    bad_shift = {p for s in shifts if not s.favourable for p in s.counted}
    trend = {p for s in chart.signals if s.kind is runchart.SignalKind.TREND for p in s.counted}
    # A cycle's start marks the first point on or after it: that is when its change shows in the series.
    marks: dict[int, str] = {}
    for started_on, number in sorted(cycle_starts.items()):
        first = next((i for i, point in enumerate(points) if point.observed_on >= started_on), None)
        if first is not None:
            # « Cycle » is the same word in French and English.
            marks.setdefault(first, f"Cycle {number}")
    locale = _BABEL_LOCALES.get(lang, "fr_CA")
    # The axis names days briefly; with a series over a new year, the year tells the two 7 Jan apart.
    labels = [format_date(point.observed_on, "d MMM", locale=locale) for point in points]
    if len(set(labels)) < len(labels):
        labels = [format_date(point.observed_on, "d MMM y", locale=locale) for point in points]
    return MeasureView(
        id=measure.id,
        name=measure.name,
        kind=measure.kind.value,
        unit=measure.unit,
        direction=measure.direction.value,
        median=chart.median or 0.0,
        median_text=format_decimal(chart.median or 0.0, locale=locale),
        has_median=chart.median is not None,
        enough_points=chart.enough_points,
        points=[
            ChartPoint(
                id=point.id,
                day=point.observed_on.isoformat(),
                label=labels[i],
                value=point.value,
                value_text=format_decimal(point.value, locale=locale),
                annotation=" · ".join(text for text in (marks.get(i, ""), point.annotation or "") if text),
                good_shift=point.value if i in good_shift else None,
                bad_shift=point.value if i in bad_shift else None,
                trend=point.value if i in trend else None,
            )
            for i, point in enumerate(points)
        ],
        signals=[
            SignalView(
                kind=signal.kind.value,
                upward=signal.upward,
                favourable=signal.favourable,
                first_day=points[signal.first].observed_on.isoformat(),
                last_day=points[signal.last].observed_on.isoformat(),
                points=len(signal.counted),
            )
            for signal in chart.signals
        ],
    )


def _feedback(db: Session, cycle_id: int, reader: Identity | None) -> list[FeedbackItem]:
    """What was typed in, and what was quoted from notes ``reader`` may still read: a quote is the note's
    text, so it leaves the reader's view with the note (moderated later, or back in private mode)."""
    rows = db.execute(
        select(CycleFeedback.id, CycleFeedback.text, CycleFeedback.note_id)
        .where(
            CycleFeedback.cycle_id == cycle_id,
            CycleFeedback.note_id.is_(None) | visibility.readable(CycleFeedback.note_id, reader),
        )
        .order_by(CycleFeedback.id)
    ).all()
    sources = workshops.idea_origins(db=db, ideas=[(note_id, None) for _, _, note_id in rows], reader=reader)
    return [
        FeedbackItem(id=id_, text=text, source=source)
        for (id_, text, _), source in zip(rows, sources, strict=True)
    ]


def _comments(db: Session, cycle_id: int) -> list[CommentItem]:
    rows = db.execute(
        select(CycleComment.id, Person.display_name, CycleComment.body, CycleComment.created_at)
        .outerjoin(Person, Person.id == CycleComment.author_person_id)
        .where(CycleComment.cycle_id == cycle_id)
        .order_by(CycleComment.id)
    ).all()
    return [CommentItem(id_, author or "", body, as_utc(at).isoformat()) for id_, author, body, at in rows]
