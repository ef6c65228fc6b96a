"""What every change to a live board checks first: who acts, on which board, and whether the board allows it.

A change locks its board row (on PostgreSQL) for the length of its transaction: two posts at the same instant
are serialized, so a rate limit or a vote budget cannot be passed by racing, and a post that races a freeze
gets
one clear answer.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import ColumnElement, select
from sqlalchemy.orm import InstrumentedAttribute, Session

from livinglab.core.errors import DomainError
from livinglab.identity.sessions import Identity
from livinglab.workshops import visibility
from livinglab.workshops.models import Board, BoardPhase, Note


@dataclass(frozen=True)
class Actor:
    """Who posts or votes: a participant (guest) or a staff person."""

    guest_id: int | None = None
    person_id: int | None = None

    @classmethod
    def of(cls, identity: Identity) -> Actor:
        return cls(guest_id=identity.guest_id, person_id=identity.person_id)

    @property
    def key(self) -> str:
        return f"g{self.guest_id}" if self.guest_id is not None else f"p{self.person_id}"

    def wrote(self, guest_id: int | None, person_id: int | None) -> bool:
        """Whether a row's guest and person columns (a note's author, a vote's voter) name this actor."""
        if self.guest_id is not None:
            return guest_id == self.guest_id
        return person_id == self.person_id

    def matches(
        self,
        guest_column: InstrumentedAttribute[int | None],
        person_column: InstrumentedAttribute[int | None],
    ) -> ColumnElement[bool]:
        """SQL: "written (or cast) by this actor", for a table with a guest and a person column."""
        if self.guest_id is not None:
            return guest_column == self.guest_id
        return person_column == self.person_id


def board_for_change(*, db: Session, board_id: int) -> Board:
    board = db.scalars(select(Board).where(Board.id == board_id).with_for_update()).one_or_none()
    if board is None:
        raise DomainError("board.error.not_found")
    return board


def require_phase(board: Board, phase: BoardPhase) -> None:
    """Participants act only in the phase made for it, and never on a frozen board."""
    if board.frozen:
        raise DomainError("board.error.frozen")
    if board.phase is not phase:
        raise DomainError(f"board.error.not_{phase.value}")


def shown_to(board: Board, note: Note, actor: Actor | None) -> bool:
    """Whether ``actor`` (None: anyone, the projector) may see the note: not moderated, and in private mode a
    participant's note only to its author (what facilitators post stays in view): see visibility."""
    if visibility.is_moderated(note):
        return False
    if visibility.is_private(board, note):
        return actor is not None and actor.wrote(note.author_guest_id, note.author_person_id)
    return True
