"""Dot voting: each participant has a budget of votes for the board, and a limit per note."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from livinglab.core.errors import DomainError
from livinglab.workshops.models import BoardPhase, Note, Vote
from livinglab.workshops.rules import Actor, board_for_change, require_phase, shown_to


def cast_vote(*, db: Session, board_id: int, note_id: int, actor: Actor) -> Vote:
    """One more vote on a note that the voter can see, within both limits. The board row is locked while
    counting, so two taps at the same instant cannot pass the budget."""
    board = board_for_change(db=db, board_id=board_id)
    require_phase(board, BoardPhase.VOTE)
    note = db.get(Note, note_id)
    visible = note is not None and note.board_id == board_id and shown_to(board, note, actor)
    if not visible:
        raise DomainError("vote.error.note")
    mine = select(func.count(Vote.id)).where(
        Vote.board_id == board_id, actor.matches(Vote.guest_id, Vote.person_id)
    )
    if (db.scalar(mine) or 0) >= board.votes_per_participant:
        raise DomainError("vote.error.budget", budget=board.votes_per_participant)
    if (db.scalar(mine.where(Vote.note_id == note_id)) or 0) >= board.votes_per_note:
        raise DomainError("vote.error.per_note", count=board.votes_per_note)
    vote = Vote(
        board_id=board_id,
        note_id=note_id,
        guest_id=actor.guest_id,
        person_id=None if actor.guest_id else actor.person_id,
    )
    db.add(vote)
    db.flush()
    return vote


def withdraw_vote(*, db: Session, board_id: int, note_id: int, actor: Actor) -> None:
    """Takes back one of one's votes on the note, while voting is open."""
    require_phase(board_for_change(db=db, board_id=board_id), BoardPhase.VOTE)
    vote = db.scalars(
        select(Vote)
        .where(
            Vote.board_id == board_id, Vote.note_id == note_id, actor.matches(Vote.guest_id, Vote.person_id)
        )
        .order_by(Vote.id.desc())
    ).first()
    if vote is None:
        raise DomainError("vote.error.none")
    db.delete(vote)
    db.flush()
