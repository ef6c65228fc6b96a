"""Iteration cycles (Plan-Do-Study-Act) on a practice, with the measures and data points that judge them."""

from __future__ import annotations

import datetime as dt
import enum
from typing import Any

from sqlalchemy import ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from livinglab.core.database import Base, CreatedAtMixin, utcnow


class CycleStage(enum.StrEnum):
    PLAN = "plan"
    DO = "do"
    STUDY = "study"
    ACT = "act"


class CycleDecision(enum.StrEnum):
    ADOPT = "adopt"
    ADAPT = "adapt"
    ABANDON = "abandon"
    SCALE = "scale"


class MeasureKind(enum.StrEnum):
    OUTCOME = "outcome"
    PROCESS = "process"
    BALANCING = "balancing"


class Direction(enum.StrEnum):
    """Which way is better for a measure, so a run chart knows whether a shift is good news."""

    UP = "up"
    DOWN = "down"


class Cycle(CreatedAtMixin, Base):
    __tablename__ = "cycle"
    __table_args__ = (UniqueConstraint("practice_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    practice_id: Mapped[int] = mapped_column(ForeignKey("practice.id"))
    number: Mapped[int]
    title: Mapped[str] = mapped_column(String(200))
    stage: Mapped[CycleStage] = mapped_column(default=CycleStage.PLAN)
    # objective, questions (each with its prediction), who/where/when, tasks.
    plan: Mapped[dict[str, Any]] = mapped_column(default=dict)
    # Do: what happened and the problems met (participants' feedback has its own rows, linked to notes).
    observations: Mapped[dict[str, Any]] = mapped_column(default=dict)
    # Study: a result for each question of the plan, set against its prediction, and what was learned.
    study: Mapped[dict[str, Any]] = mapped_column(default=dict)
    decision: Mapped[CycleDecision | None]
    rationale: Mapped[str | None] = mapped_column(Text)
    previous_cycle_id: Mapped[int | None] = mapped_column(ForeignKey("cycle.id", ondelete="SET NULL"))
    # A cycle may test an idea straight from a workshop board: a note, or a cluster of notes.
    origin_note_id: Mapped[int | None] = mapped_column(ForeignKey("note.id", ondelete="SET NULL"))
    origin_cluster_id: Mapped[int | None] = mapped_column(ForeignKey("cluster.id", ondelete="SET NULL"))
    started_on: Mapped[dt.date | None]
    updated_at: Mapped[dt.datetime | None] = mapped_column(onupdate=utcnow)

    previous_cycle: Mapped[Cycle | None] = relationship(remote_side=[id], back_populates="next_cycles")
    next_cycles: Mapped[list[Cycle]] = relationship(back_populates="previous_cycle")
    measures: Mapped[list[Measure]] = relationship(back_populates="cycle", order_by="Measure.id")
    feedback: Mapped[list[CycleFeedback]] = relationship(
        back_populates="cycle",
        order_by="CycleFeedback.id",
        cascade="all, delete-orphan",
        passive_deletes=True,
    )


class CycleFeedback(CreatedAtMixin, Base):
    """What a participant said about the change: typed in, or pulled from a note of a workshop board."""

    __tablename__ = "cycle_feedback"
    __table_args__ = (UniqueConstraint("cycle_id", "note_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    cycle_id: Mapped[int] = mapped_column(ForeignKey("cycle.id", ondelete="CASCADE"), index=True)
    # The note's text at the time it was pulled: the cycle's record stands even if the board is edited later.
    text: Mapped[str] = mapped_column(Text)
    note_id: Mapped[int | None] = mapped_column(ForeignKey("note.id", ondelete="SET NULL"))
    added_by_id: Mapped[int | None] = mapped_column(ForeignKey("person.id", ondelete="SET NULL"))

    cycle: Mapped[Cycle] = relationship(back_populates="feedback")


class CycleComment(CreatedAtMixin, Base):
    """A manager's (or the team's) comment on a cycle: managers follow cycles, they do not run them."""

    __tablename__ = "cycle_comment"

    id: Mapped[int] = mapped_column(primary_key=True)
    cycle_id: Mapped[int] = mapped_column(ForeignKey("cycle.id", ondelete="CASCADE"), index=True)
    author_person_id: Mapped[int | None] = mapped_column(ForeignKey("person.id", ondelete="SET NULL"))
    body: Mapped[str] = mapped_column(Text)


class Measure(Base):
    """A measure belongs to the practice, so later cycles keep plotting it; ``cycle`` introduced it."""

    __tablename__ = "measure"

    id: Mapped[int] = mapped_column(primary_key=True)
    practice_id: Mapped[int] = mapped_column(ForeignKey("practice.id"), index=True)
    cycle_id: Mapped[int | None] = mapped_column(ForeignKey("cycle.id", ondelete="SET NULL"))
    name: Mapped[str] = mapped_column(String(200))
    kind: Mapped[MeasureKind]
    unit: Mapped[str] = mapped_column(String(40))
    direction: Mapped[Direction]

    cycle: Mapped[Cycle | None] = relationship(back_populates="measures")
    data_points: Mapped[list[DataPoint]] = relationship(
        back_populates="measure",
        order_by="DataPoint.observed_on",
        cascade="all, delete-orphan",
        passive_deletes=True,
    )


class DataPoint(Base):
    __tablename__ = "data_point"
    __table_args__ = (UniqueConstraint("measure_id", "observed_on"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    measure_id: Mapped[int] = mapped_column(ForeignKey("measure.id", ondelete="CASCADE"))
    observed_on: Mapped[dt.date]
    value: Mapped[float]
    # The cycle whose change was in effect when the point was observed; none for the baseline.
    cycle_id: Mapped[int | None] = mapped_column(ForeignKey("cycle.id", ondelete="SET NULL"))
    # A note on the run chart, such as the week a change started.
    annotation: Mapped[str | None] = mapped_column(String(280))

    measure: Mapped[Measure] = relationship(back_populates="data_points")
