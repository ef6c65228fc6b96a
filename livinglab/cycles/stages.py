"""The four stages of a PDSA cycle — Planifier, Faire, Étudier, Agir — what each one holds, and the moves
between them.

Each stage's content is saved as often as people like while the cycle is open. Moving on asks that the stage
being left is complete (a plan has an objective and a prediction for each question; a study has a result for
each); the refusal names every missing part at once. The decision closes the cycle; deciding « adapter » opens
the next cycle, its plan pre-filled from this one, so the team revises rather than retypes.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass, replace
from typing import Any

from sqlalchemy.orm import Session

from livinglab.core import audit
from livinglab.core.errors import DomainError, FieldError, FieldsRejected
from livinglab.cycles.measures import parse_day
from livinglab.cycles.models import Cycle, CycleDecision, CycleStage
from livinglab.cycles.service import create_cycle

TEXT_MAX_LENGTH = 5000
LINE_MAX_LENGTH = 300
STAGES = tuple(CycleStage)


@dataclass(frozen=True)
class Question:
    question: str
    prediction: str


@dataclass(frozen=True)
class Task:
    task: str
    who: str
    # ISO date, or "" when none was set.
    due: str


@dataclass(frozen=True)
class Plan:
    objective: str = ""
    questions: tuple[Question, ...] = ()
    who: str = ""
    where: str = ""
    when: str = ""
    tasks: tuple[Task, ...] = ()


@dataclass(frozen=True)
class Doing:
    what_happened: str = ""
    problems: tuple[str, ...] = ()


@dataclass(frozen=True)
class Study:
    # One result per question of the plan, in its order.
    results: tuple[str, ...] = ()
    learned: str = ""


def plan_of(cycle: Cycle) -> Plan:
    stored = cycle.plan or {}
    return Plan(
        objective=str(stored.get("objective", "")),
        questions=tuple(
            Question(str(q.get("question", "")), str(q.get("prediction", "")))
            for q in stored.get("questions", [])
        ),
        who=str(stored.get("who", "")),
        where=str(stored.get("where", "")),
        when=str(stored.get("when", "")),
        tasks=tuple(
            Task(str(t.get("task", "")), str(t.get("who", "")), str(t.get("due", "")))
            for t in stored.get("tasks", [])
        ),
    )


def doing_of(cycle: Cycle) -> Doing:
    stored = cycle.observations or {}
    return Doing(
        what_happened=str(stored.get("what_happened", "")),
        problems=tuple(str(line) for line in stored.get("problems", [])),
    )


def study_of(cycle: Cycle) -> Study:
    stored = cycle.study or {}
    return Study(
        results=tuple(str(r) for r in stored.get("results", [])), learned=str(stored.get("learned", ""))
    )


def open_cycle(db: Session, *, cycle_id: int) -> Cycle:
    """The cycle, if it may still change: a decided cycle is the record of what was learned."""
    cycle = db.get(Cycle, cycle_id)
    if cycle is None:
        raise DomainError("cycle.error.not_found")
    if cycle.decision is not None:
        raise DomainError("cycle.error.closed")
    return cycle


def save_plan(*, db: Session, cycle: Cycle, plan: Plan) -> Plan:
    errors: list[FieldError] = []
    plan = Plan(
        objective=checked_text(plan.objective, "objective", TEXT_MAX_LENGTH, errors),
        questions=_questions(plan.questions, errors),
        who=checked_text(plan.who, "who", LINE_MAX_LENGTH, errors),
        where=checked_text(plan.where, "where", LINE_MAX_LENGTH, errors),
        when=checked_text(plan.when, "when", LINE_MAX_LENGTH, errors),
        tasks=_tasks(plan.tasks, errors),
    )
    if errors:
        raise FieldsRejected(errors)
    cycle.plan = asdict(plan)
    db.flush()
    return plan


def save_doing(*, db: Session, cycle: Cycle, doing: Doing) -> Doing:
    errors: list[FieldError] = []
    doing = Doing(
        what_happened=checked_text(doing.what_happened, "what_happened", TEXT_MAX_LENGTH, errors),
        problems=tuple(
            checked_text(line, "problems", LINE_MAX_LENGTH, errors) for line in doing.problems if line.strip()
        ),
    )
    if errors:
        raise FieldsRejected(errors)
    cycle.observations = asdict(doing)
    db.flush()
    return doing


def save_study(*, db: Session, cycle: Cycle, study: Study) -> Study:
    errors: list[FieldError] = []
    questions = len(plan_of(cycle).questions)
    study = Study(
        results=tuple(
            checked_text(result, f"result:{index}", TEXT_MAX_LENGTH, errors)
            for index, result in enumerate(study.results[:questions])
        ),
        learned=checked_text(study.learned, "learned", TEXT_MAX_LENGTH, errors),
    )
    if errors:
        raise FieldsRejected(errors)
    cycle.study = asdict(study)
    db.flush()
    return study


def missing_to_leave(cycle: Cycle) -> list[FieldError]:
    """What the current stage still needs before the cycle moves on."""
    plan = plan_of(cycle)
    if cycle.stage is CycleStage.PLAN:
        missing = [] if plan.objective else [FieldError("objective", "cycle.error.objective_needed")]
        if not plan.questions:
            missing.append(FieldError("questions", "cycle.error.question_needed"))
        missing += [
            FieldError(f"prediction:{index}", "cycle.error.prediction_needed")
            for index, question in enumerate(plan.questions)
            if not question.prediction
        ]
        return missing
    if cycle.stage is CycleStage.DO:
        return (
            [] if doing_of(cycle).what_happened else [FieldError("what_happened", "cycle.error.doing_needed")]
        )
    if cycle.stage is CycleStage.STUDY:
        results = study_of(cycle).results
        return [
            FieldError(f"result:{index}", "cycle.error.result_needed")
            for index in range(len(plan.questions))
            if index >= len(results) or not results[index]
        ]
    return []


def advance(*, db: Session, cycle: Cycle, by: int | None, today: dt.date) -> CycleStage:
    """Moves the cycle to its next stage; the « do » stage starts the cycle's clock."""
    if cycle.stage is CycleStage.ACT:
        raise DomainError("cycle.error.decide_instead")
    missing = missing_to_leave(cycle)
    if missing:
        raise FieldsRejected(missing, "cycle.error.stage_incomplete")
    cycle.stage = STAGES[STAGES.index(cycle.stage) + 1]
    if cycle.stage is CycleStage.DO and cycle.started_on is None:
        cycle.started_on = today
    audit.record(
        db=db,
        action="advance_cycle",
        object_type="cycle",
        object_id=cycle.id,
        actor_person_id=by,
        detail={"stage": cycle.stage.value},
    )
    db.flush()
    return cycle.stage


def decide(*, db: Session, cycle: Cycle, decision: str, rationale: str, by: int | None) -> Cycle | None:
    """Records the decision and closes the cycle; « adapter » returns the next cycle, opened pre-filled."""
    if cycle.stage is not CycleStage.ACT:
        raise DomainError("cycle.error.not_yet_act")
    errors: list[FieldError] = []
    if decision not in set(CycleDecision):
        errors.append(FieldError("decision", "cycle.error.decision_needed"))
    reason = checked_text(rationale, "rationale", TEXT_MAX_LENGTH, errors)
    if not reason:
        errors.append(FieldError("rationale", "cycle.error.rationale_needed"))
    if errors:
        raise FieldsRejected(errors)
    cycle.decision = CycleDecision(decision)
    cycle.rationale = reason
    audit.record(
        db=db,
        action="decide_cycle",
        object_type="cycle",
        object_id=cycle.id,
        actor_person_id=by,
        detail={"decision": decision},
    )
    if cycle.decision is not CycleDecision.ADAPT:
        db.flush()
        return None
    return create_cycle(
        db=db,
        practice_id=cycle.practice_id,
        title=cycle.title,
        plan=_next_plan(cycle),
        origin_note_id=cycle.origin_note_id,
        origin_cluster_id=cycle.origin_cluster_id,
    )


def _next_plan(cycle: Cycle) -> dict[str, Any]:
    """The plan of the cycle that adapts this one: the same objective, questions and predictions to revise
    against what was found (the previous cycle's results sit beside them on its page), who and where to
    confirm; when and the tasks start afresh."""
    return asdict(replace(plan_of(cycle), when="", tasks=()))


def checked_text(value: str, part: str, max_length: int, errors: list[FieldError]) -> str:
    """The trimmed text; a refusal of ``part`` added to ``errors`` when it is too long."""
    text = value.strip()
    if len(text) > max_length:
        errors.append(FieldError(part, "cycle.error.too_long", {"max_length": str(max_length)}))
    return text


def _questions(questions: tuple[Question, ...], errors: list[FieldError]) -> tuple[Question, ...]:
    """The filled rows; a prediction without its question is refused (it would be lost)."""
    kept: list[Question] = []
    for index, row in enumerate(questions):
        question = checked_text(row.question, f"question:{index}", LINE_MAX_LENGTH, errors)
        prediction = checked_text(row.prediction, f"prediction:{index}", LINE_MAX_LENGTH, errors)
        if prediction and not question:
            errors.append(FieldError(f"question:{index}", "cycle.error.question_missing"))
        if question:
            kept.append(Question(question, prediction))
    return tuple(kept)


def _tasks(tasks: tuple[Task, ...], errors: list[FieldError]) -> tuple[Task, ...]:
    kept: list[Task] = []
    for index, row in enumerate(tasks):
        task = checked_text(row.task, f"task:{index}", LINE_MAX_LENGTH, errors)
        who = checked_text(row.who, f"task_who:{index}", LINE_MAX_LENGTH, errors)
        due = row.due.strip()
        if due and parse_day(due) is None:
            errors.append(FieldError(f"task_due:{index}", "measure.error.date_invalid", {"text": due[:40]}))
        if (who or due) and not task:
            errors.append(FieldError(f"task:{index}", "cycle.error.task_missing"))
        if task:
            day = parse_day(due) if due else None
            kept.append(Task(task, who, day.isoformat() if day else ""))
    return tuple(kept)
