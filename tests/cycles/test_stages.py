"""A cycle's four stages: what each holds, what leaving it asks, the decision, and « adapter » opening
the next cycle pre-filled; participants' feedback pulled from board notes with the link kept; who runs and
follows."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from livinglab.catalog import sheets
from livinglab.catalog.models import Practice
from livinglab.core.errors import DomainError, FieldError, FieldsRejected
from livinglab.cycles import access, feedback, reading, service, stages
from livinglab.cycles.models import Cycle, CycleDecision, CycleFeedback, CycleStage
from livinglab.cycles.stages import Doing, Plan, Question, Study, Task
from livinglab.identity.models import Role
from livinglab.identity.sessions import Identity
from livinglab.workshops import facilitation, notes
from tests.workshops.conftest import LiveBoard

TODAY = dt.date(2026, 11, 21)
PLAN = Plan(
    objective="Plus de personnes aux cafés-rencontres",
    questions=(Question("Le rappel augmente-t-il la présence ?", "De 8 à 12 personnes"),),
    who="Marie-Ève",
    where="Sherbrooke",
    when="6 semaines",
    tasks=(Task("Écrire le texto", "Bénévoles", "2026-11-30"),),
)


def _to_act(db: Session, cycle: Cycle) -> None:
    stages.save_plan(db=db, cycle=cycle, plan=PLAN)
    stages.advance(db=db, cycle=cycle, by=None, today=TODAY)
    stages.save_doing(
        db=db, cycle=cycle, doing=Doing("Rappels envoyés chaque lundi", ("Deux numéros muets",))
    )
    stages.advance(db=db, cycle=cycle, by=None, today=TODAY)
    stages.save_study(
        db=db, cycle=cycle, study=Study(("14 en moyenne : mieux que prévu",), "Le texto marche")
    )
    stages.advance(db=db, cycle=cycle, by=None, today=TODAY)


def test_a_plan_keeps_every_part_and_drops_empty_rows(db: Session, cycle: Cycle) -> None:
    typed = dataclasses.replace(
        PLAN,
        questions=(*PLAN.questions, Question(" ", " ")),
        tasks=(*PLAN.tasks, Task("", "", "")),
    )
    assert stages.save_plan(db=db, cycle=cycle, plan=typed) == PLAN
    assert stages.plan_of(db.get_one(Cycle, cycle.id)) == PLAN


def test_a_plan_refuses_orphan_predictions_tasks_and_bad_dates_at_their_row(
    db: Session, cycle: Cycle
) -> None:
    typed = Plan(
        objective="Objectif",
        questions=(Question("", "Une prédiction sans question"),),
        tasks=(Task("Tâche", "", "30 novembre"), Task("", "Quelqu'un", "")),
    )
    with pytest.raises(FieldsRejected) as refused:
        stages.save_plan(db=db, cycle=cycle, plan=typed)
    assert [(error.part, error.key) for error in refused.value.errors] == [
        ("question:0", "cycle.error.question_missing"),
        ("task_due:0", "measure.error.date_invalid"),
        ("task:1", "cycle.error.task_missing"),
    ]
    assert stages.plan_of(cycle) == Plan()


def test_leaving_the_plan_needs_an_objective_and_a_prediction_per_question(db: Session, cycle: Cycle) -> None:
    stages.save_plan(db=db, cycle=cycle, plan=Plan(questions=(Question("Une question ?", ""),)))
    with pytest.raises(FieldsRejected) as refused:
        stages.advance(db=db, cycle=cycle, by=None, today=TODAY)
    assert refused.value.errors == [
        FieldError("objective", "cycle.error.objective_needed"),
        FieldError("prediction:0", "cycle.error.prediction_needed"),
    ]
    assert cycle.stage is CycleStage.PLAN


def test_the_four_stages_in_order_and_the_do_stage_starts_the_clock(db: Session, cycle: Cycle) -> None:
    stages.save_plan(db=db, cycle=cycle, plan=PLAN)
    assert stages.advance(db=db, cycle=cycle, by=None, today=TODAY) is CycleStage.DO
    assert cycle.started_on == TODAY
    with pytest.raises(FieldsRejected) as refused:
        stages.advance(db=db, cycle=cycle, by=None, today=TODAY)
    assert refused.value.errors == [FieldError("what_happened", "cycle.error.doing_needed")]
    stages.save_doing(db=db, cycle=cycle, doing=Doing("Rappels envoyés"))
    assert stages.advance(db=db, cycle=cycle, by=None, today=TODAY) is CycleStage.STUDY
    with pytest.raises(FieldsRejected) as missing:
        stages.advance(db=db, cycle=cycle, by=None, today=TODAY)
    assert missing.value.errors == [FieldError("result:0", "cycle.error.result_needed")]
    stages.save_study(db=db, cycle=cycle, study=Study(("14 en moyenne",)))
    assert stages.advance(db=db, cycle=cycle, by=None, today=TODAY) is CycleStage.ACT
    with pytest.raises(DomainError, match=r"cycle.error.decide_instead"):
        stages.advance(db=db, cycle=cycle, by=None, today=TODAY)


def test_a_decision_needs_its_rationale_and_closes_the_cycle(db: Session, cycle: Cycle) -> None:
    _to_act(db, cycle)
    with pytest.raises(FieldsRejected) as refused:
        stages.decide(db=db, cycle=cycle, decision="peut-être", rationale=" ", by=None)
    assert [error.part for error in refused.value.errors] == ["decision", "rationale"]
    assert stages.decide(db=db, cycle=cycle, decision="adopt", rationale="Ça marche", by=None) is None
    assert (cycle.decision, cycle.rationale) == (CycleDecision.ADOPT, "Ça marche")
    with pytest.raises(DomainError, match=r"cycle.error.closed"):
        stages.open_cycle(db, cycle_id=cycle.id)


def test_deciding_adapt_opens_the_next_cycle_pre_filled(db: Session, cycle: Cycle) -> None:
    _to_act(db, cycle)
    following = stages.decide(db=db, cycle=cycle, decision="adapt", rationale="Texto en arabe aussi", by=None)
    assert following is not None
    assert (following.number, following.stage, following.previous_cycle_id) == (2, CycleStage.PLAN, cycle.id)
    assert stages.plan_of(following) == dataclasses.replace(PLAN, when="", tasks=())
    timeline = reading.timeline(db=db, practice_id=cycle.practice_id)
    assert [(link.number, link.decision) for link in timeline] == [(1, "adapt"), (2, "")]


def test_a_decision_waits_for_the_act_stage(db: Session, cycle: Cycle) -> None:
    with pytest.raises(DomainError, match=r"cycle.error.not_yet_act"):
        stages.decide(db=db, cycle=cycle, decision="adopt", rationale="Trop tôt", by=None)


def test_feedback_is_pulled_from_a_board_note_with_the_link_kept(
    db: Session, cycle: Cycle, live: LiveBoard
) -> None:
    note = notes.post_note(
        db=db,
        board_id=live.board.id,
        column_id=live.column_ids[0],
        text="Le texto en arabe m'aiderait",
        color="yellow",
        actor=live.amina,
    )
    boards = feedback.source_boards(db=db, practice_id=cycle.practice_id, reader=live.staff)
    assert [board.board_id for board in boards] == [live.board.id]
    item = feedback.pull_note(db=db, cycle=cycle, board_id=live.board.id, note_id=note.id, by=live.staff)
    assert (item.text, item.note_id) == ("Le texto en arabe m'aiderait", note.id)
    with pytest.raises(DomainError, match=r"cycle.error.note_already_pulled"):
        feedback.pull_note(db=db, cycle=cycle, board_id=live.board.id, note_id=note.id, by=live.staff)
    view = reading.cycle_view(db=db, cycle_id=cycle.id, lang="fr", reader=live.staff)
    [shown] = view.feedback  # type: ignore[union-attr]
    assert (shown.text, shown.source.board_id) == ("Le texto en arabe m'aiderait", live.board.id)


def test_private_or_moderated_notes_cannot_be_pulled(db: Session, cycle: Cycle, live: LiveBoard) -> None:
    note = notes.post_note(
        db=db,
        board_id=live.board.id,
        column_id=live.column_ids[0],
        text="Secret",
        color="yellow",
        actor=live.amina,
    )
    facilitation.set_modes(db=db, board_id=live.board.id, private_mode=True)
    shown = feedback.board_notes(
        db=db, practice_id=cycle.practice_id, board_id=live.board.id, reader=live.staff
    )
    assert shown == []
    with pytest.raises(DomainError, match=r"note.error.not_readable"):
        feedback.pull_note(db=db, cycle=cycle, board_id=live.board.id, note_id=note.id, by=live.staff)
    assert db.scalars(select(CycleFeedback)).all() == []


def test_a_board_of_another_organization_is_not_a_source(db: Session, cycle: Cycle) -> None:
    with pytest.raises(DomainError, match=r"cycle.error.board_not_found"):
        feedback.board_notes(db=db, practice_id=cycle.practice_id, board_id=999_999, reader=None)


def test_comments_are_kept_in_order_and_an_empty_one_is_refused(db: Session, cycle: Cycle) -> None:
    with pytest.raises(FieldsRejected):
        service.add_comment(db=db, cycle_id=cycle.id, body="  ", by=None)
    service.add_comment(db=db, cycle_id=cycle.id, body="Pourquoi le lundi ?", by=None)
    view = reading.cycle_view(db=db, cycle_id=cycle.id, lang="fr", reader=None)
    assert view is not None
    assert [c.body for c in view.comments] == ["Pourquoi le lundi ?"]


def _identity(*roles: tuple[int, Role]) -> Identity:
    return Identity(session_id=1, display_name="Quelqu'un", person_id=1, roles=frozenset(roles))


def test_practitioners_of_the_practice_run_it_managers_comment(db: Session, cycle: Cycle) -> None:
    [carrier] = sheets.carrier_ids(db=db, practice_id=cycle.practice_id)
    arguments = {"cycle_id": str(cycle.id)}
    runner, commenter = access.CYCLE_RUNNER.check, access.CYCLE_COMMENTER.check
    assert runner is not None
    assert commenter is not None
    assert runner(_identity((carrier, Role.PRACTITIONER)), db, arguments)
    assert runner(_identity((carrier, Role.FACILITATOR)), db, arguments)
    assert not runner(_identity((carrier, Role.MANAGER)), db, arguments)
    assert not runner(_identity((carrier + 1000, Role.PRACTITIONER)), db, arguments)
    assert not runner(None, db, arguments)
    assert not runner(_identity((carrier, Role.PRACTITIONER)), db, {"cycle_id": "abc"})
    assert commenter(_identity((carrier + 1000, Role.MANAGER)), db, arguments)
    assert commenter(_identity((carrier, Role.PRACTITIONER)), db, arguments)
    assert not commenter(_identity((carrier + 1000, Role.PRACTITIONER)), db, arguments)


def test_the_practice_page_lets_its_runners_start_a_cycle(db: Session, cycle: Cycle) -> None:
    [carrier] = sheets.carrier_ids(db=db, practice_id=cycle.practice_id)
    slug = db.get_one(Practice, cycle.practice_id).slug
    rule = access.PRACTICE_RUNNER.check
    assert rule is not None
    assert rule(_identity((carrier, Role.PRACTITIONER)), db, {"slug": slug})
    assert not rule(_identity((carrier, Role.MANAGER)), db, {"slug": slug})
    assert not rule(_identity((carrier, Role.PRACTITIONER)), db, {"slug": "inconnue"})
