"""Dot voting: a budget per participant and a limit per note, only while voting is open."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from livinglab.core.errors import DomainError
from livinglab.workshops import facilitation, notes, votes
from livinglab.workshops.models import BoardPhase, Vote
from tests.workshops.conftest import LiveBoard


def _notes(db: Session, live: LiveBoard, count: int) -> list[int]:
    return [
        notes.post_note(
            db=db,
            board_id=live.board.id,
            column_id=live.column_ids[1],
            text=f"Idée {number}",
            color="green",
            actor=live.bao if number % 2 else live.facilitator,
        ).id
        for number in range(count)
    ]


def _vote_count(db: Session) -> int:
    return db.scalar(select(func.count(Vote.id))) or 0


def test_votes_stay_within_the_budget_and_the_limit_per_note(db: Session, live: LiveBoard) -> None:
    ideas = _notes(db, live, 4)
    facilitation.set_vote_budget(db=db, board_id=live.board.id, per_participant=3, per_note=2)
    facilitation.set_phase(db=db, board_id=live.board.id, phase=BoardPhase.VOTE)
    votes.cast_vote(db=db, board_id=live.board.id, note_id=ideas[0], actor=live.amina)
    votes.cast_vote(db=db, board_id=live.board.id, note_id=ideas[0], actor=live.amina)
    with pytest.raises(DomainError) as refused:
        votes.cast_vote(db=db, board_id=live.board.id, note_id=ideas[0], actor=live.amina)
    assert (refused.value.key, refused.value.params) == ("vote.error.per_note", {"count": 2})
    votes.cast_vote(db=db, board_id=live.board.id, note_id=ideas[1], actor=live.amina)
    with pytest.raises(DomainError) as refused:
        votes.cast_vote(db=db, board_id=live.board.id, note_id=ideas[2], actor=live.amina)
    assert (refused.value.key, refused.value.params) == ("vote.error.budget", {"budget": 3})
    assert _vote_count(db) == 3
    # Taking one back frees it for another note.
    votes.withdraw_vote(db=db, board_id=live.board.id, note_id=ideas[0], actor=live.amina)
    votes.cast_vote(db=db, board_id=live.board.id, note_id=ideas[2], actor=live.amina)
    assert _vote_count(db) == 3


def test_no_vote_outside_the_vote_phase_on_a_frozen_board_or_on_a_hidden_note(
    db: Session, live: LiveBoard
) -> None:
    [idea, hidden] = _notes(db, live, 2)
    with pytest.raises(DomainError) as refused:
        votes.cast_vote(db=db, board_id=live.board.id, note_id=idea, actor=live.amina)
    assert refused.value.key == "board.error.not_vote"
    facilitation.set_phase(db=db, board_id=live.board.id, phase=BoardPhase.VOTE)
    notes.hide_note(db=db, board_id=live.board.id, note_id=hidden, reason="off_topic", by_person_id=None)
    with pytest.raises(DomainError) as refused:
        votes.cast_vote(db=db, board_id=live.board.id, note_id=hidden, actor=live.amina)
    assert refused.value.key == "vote.error.note"
    facilitation.set_modes(db=db, board_id=live.board.id, frozen=True)
    with pytest.raises(DomainError) as refused:
        votes.cast_vote(db=db, board_id=live.board.id, note_id=idea, actor=live.amina)
    assert refused.value.key == "board.error.frozen"
    assert _vote_count(db) == 0


def test_in_private_mode_one_votes_only_for_the_notes_one_can_see(db: Session, live: LiveBoard) -> None:
    [from_facilitator, theirs] = _notes(db, live, 2)
    mine = notes.post_note(
        db=db,
        board_id=live.board.id,
        column_id=live.column_ids[0],
        text="À moi",
        color="pink",
        actor=live.amina,
    )
    facilitation.set_modes(db=db, board_id=live.board.id, private_mode=True)
    facilitation.set_phase(db=db, board_id=live.board.id, phase=BoardPhase.VOTE)
    with pytest.raises(DomainError):
        votes.cast_vote(db=db, board_id=live.board.id, note_id=theirs, actor=live.amina)
    votes.cast_vote(db=db, board_id=live.board.id, note_id=mine.id, actor=live.amina)
    # What a facilitator posts stays in view in private mode, and open to votes.
    votes.cast_vote(db=db, board_id=live.board.id, note_id=from_facilitator, actor=live.amina)
    assert _vote_count(db) == 2
