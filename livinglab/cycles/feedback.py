"""Participants' feedback on a cycle's change: typed in by the team, or pulled from the notes of a workshop
board of the practice's organizations — the note's text is copied (the cycle's record stands) and the link to
the note kept, so anyone can go back to where it was said.

A note is quoted only if the person pulling it may read it outside the board, and the quote is shown only to
those who may still read the note (a note moderated later takes its quote out of view): see
livinglab/workshops/visibility.py.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from livinglab.catalog import sheets
from livinglab.core.errors import DomainError, FieldError, FieldsRejected
from livinglab.cycles.models import Cycle, CycleFeedback
from livinglab.cycles.stages import TEXT_MAX_LENGTH, checked_text
from livinglab.identity.sessions import Identity
from livinglab.workshops import service as workshops
from livinglab.workshops import visibility
from livinglab.workshops.service import IdeaOrigin, PublicNote


def add_feedback(*, db: Session, cycle: Cycle, text: str, by: int | None) -> CycleFeedback:
    errors: list[FieldError] = []
    said = checked_text(text, "feedback", TEXT_MAX_LENGTH, errors)
    if not said and not errors:
        errors.append(FieldError("feedback", "cycle.error.feedback_empty"))
    if errors:
        raise FieldsRejected(errors)
    item = CycleFeedback(cycle=cycle, text=said, added_by_id=by)
    db.add(item)
    db.flush()
    return item


def source_boards(*, db: Session, practice_id: int, reader: Identity | None) -> list[IdeaOrigin]:
    """The boards feedback may be pulled from: those of the workshops of the practice's organizations that
    ``reader`` is staff of."""
    return workshops.organization_boards(
        db=db,
        organization_ids={
            organization
            for organization in sheets.carrier_ids(db=db, practice_id=practice_id)
            if visibility.is_staff_of(reader, organization)
        },
    )


def board_notes(*, db: Session, practice_id: int, board_id: int, reader: Identity | None) -> list[PublicNote]:
    if board_id not in {
        board.board_id for board in source_boards(db=db, practice_id=practice_id, reader=reader)
    }:
        raise DomainError("cycle.error.board_not_found")
    return workshops.public_notes(db=db, board_id=board_id, reader=reader)


def pull_note(
    *, db: Session, cycle: Cycle, board_id: int, note_id: int, by: Identity | None
) -> CycleFeedback:
    note = next(
        (
            note
            for note in board_notes(db=db, practice_id=cycle.practice_id, board_id=board_id, reader=by)
            if note.id == note_id
        ),
        None,
    )
    if note is None:
        raise DomainError(visibility.LINK_REFUSED)
    if db.scalar(
        select(CycleFeedback.id).where(CycleFeedback.cycle_id == cycle.id, CycleFeedback.note_id == note_id)
    ):
        raise DomainError("cycle.error.note_already_pulled")
    item = CycleFeedback(
        cycle=cycle, text=note.text, note_id=note.id, added_by_id=by.person_id if by else None
    )
    db.add(item)
    db.flush()
    return item


def remove_feedback(*, db: Session, cycle: Cycle, feedback_id: int) -> None:
    item = db.get(CycleFeedback, feedback_id)
    if item is None or item.cycle_id != cycle.id:
        raise DomainError("cycle.error.feedback_not_found")
    db.delete(item)
    db.flush()
