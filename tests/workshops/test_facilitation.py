"""Boards from templates or free columns, and the facilitator's settings, with their refusals."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy.orm import Session

from livinglab.core.database import as_utc
from livinglab.core.errors import DomainError
from livinglab.workshops import facilitation
from livinglab.workshops.facilitation import BoardTemplate
from tests.workshops.conftest import LiveBoard


def test_a_template_gives_its_columns_in_the_workshops_language(db: Session, live: LiveBoard) -> None:
    assert [c.title for c in live.board.columns] == ["Besoins", "Idées", "Obstacles", "Ressources"]
    live.board.workshop.language = "en"
    journey = facilitation.create_board(
        db=db, workshop_id=live.board.workshop_id, title="Journey", template=BoardTemplate.JOURNEY
    )
    assert journey.columns[0].title == "Before arriving"
    assert journey.columns[0].prompt == "What do you wish you had known before leaving?"
    assert journey.position == 1


def test_free_columns_are_one_per_line_and_bounded(db: Session, live: LiveBoard) -> None:
    board = facilitation.create_board(
        db=db,
        workshop_id=live.board.workshop_id,
        title="Libre",
        template=BoardTemplate.FREE,
        free_columns=["Logement", "", "  Emploi  "],
    )
    assert [c.title for c in board.columns] == ["Logement", "Emploi"]
    for columns, key in (([" "], "board.error.no_columns"), (["x"] * 9, "board.error.too_many_columns")):
        with pytest.raises(DomainError) as refused:
            facilitation.create_board(
                db=db,
                workshop_id=live.board.workshop_id,
                title="Libre",
                template=BoardTemplate.FREE,
                free_columns=columns,
            )
        assert refused.value.key == key


def test_settings_out_of_bounds_are_refused_and_leave_the_board_as_it_was(
    db: Session, live: LiveBoard
) -> None:
    board_id = live.board.id
    for action, key in (
        (
            lambda: facilitation.set_vote_budget(db=db, board_id=board_id, per_participant=0, per_note=1),
            "board.error.vote_budget",
        ),
        (
            lambda: facilitation.set_vote_budget(db=db, board_id=board_id, per_participant=3, per_note=4),
            "board.error.votes_per_note",
        ),
        (lambda: facilitation.start_timer(db=db, board_id=board_id, minutes=0), "board.error.timer"),
        (
            lambda: facilitation.set_focus(db=db, board_id=board_id, column_id=999_999),
            "board.error.not_found",
        ),
    ):
        with pytest.raises(DomainError) as refused:
            action()
        assert refused.value.key == key
    assert (live.board.votes_per_participant, live.board.votes_per_note) == (3, 1)
    assert live.board.timer_ends_at is None
    assert live.board.focus_column_id is None


def test_the_timer_ends_minutes_from_now_and_stops(db: Session, live: LiveBoard) -> None:
    now = dt.datetime(2026, 11, 21, 14, 0, tzinfo=dt.UTC)
    facilitation.start_timer(db=db, board_id=live.board.id, minutes=5, now=now)
    assert live.board.timer_ends_at is not None
    assert as_utc(live.board.timer_ends_at) == now + dt.timedelta(minutes=5)
    facilitation.stop_timer(db=db, board_id=live.board.id)
    assert live.board.timer_ends_at is None
