"""Sticky notes on a live board: participants post, edit and delete their own; facilitators hide them
(moderation) and restore them."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from livinglab.core import audit
from livinglab.core.database import utcnow
from livinglab.core.errors import DomainError
from livinglab.core.text import require_text
from livinglab.workshops.models import (
    NOTE_COLORS,
    NOTE_MAX_LENGTH,
    BoardColumn,
    BoardPhase,
    Note,
)
from livinglab.workshops.rules import Actor, board_for_change, require_phase

# Why a facilitator hides a note: a short fixed list, shown in every language and kept in the audit log.
MODERATION_REASONS = ("off_topic", "personal_data", "disrespectful")
# A burst from one tablet (a child tapping, a script) is slowed: at most this many posts per window.
POSTS_PER_WINDOW = 5
RATE_WINDOW = dt.timedelta(seconds=10)


def _checked_text_and_color(text: str, color: str) -> tuple[str, str]:
    if color not in NOTE_COLORS:
        raise DomainError("note.error.color", color=color)
    return require_text(text, max_length=NOTE_MAX_LENGTH, subject="note"), color


def post_note(
    *,
    db: Session,
    board_id: int,
    column_id: int,
    text: str,
    color: str,
    actor: Actor,
    request_key: str | None = None,
) -> Note:
    """Posts a note while the board collects. A post sent again with the same ``request_key`` (a double tap,
    a resend after reconnecting) returns the note already posted instead of a copy."""
    board = board_for_change(db=db, board_id=board_id)
    # The tablet's key, prefixed with the author: no other tablet can collide with it, even on purpose.
    key = f"{actor.key}:{request_key[:24]}" if request_key else None
    already = db.scalars(select(Note).where(Note.board_id == board_id, Note.request_key == key)).first()
    if key and already is not None:
        return already
    require_phase(board, BoardPhase.COLLECT)
    text, color = _checked_text_and_color(text, color)
    column = db.get(BoardColumn, column_id)
    if column is None or column.board_id != board_id:
        raise DomainError("note.error.column")
    recent = db.scalar(
        select(func.count(Note.id)).where(
            Note.board_id == board_id,
            Note.created_at > utcnow() - RATE_WINDOW,
            actor.matches(Note.author_guest_id, Note.author_person_id),
        )
    )
    if (recent or 0) >= POSTS_PER_WINDOW:
        raise DomainError("note.error.too_fast", seconds=int(RATE_WINDOW.total_seconds()))
    note = Note(
        board_id=board_id,
        column_id=column_id,
        text=text,
        color=color,
        author_guest_id=actor.guest_id,
        author_person_id=None if actor.guest_id else actor.person_id,
        request_key=key,
    )
    db.add(note)
    db.flush()
    return note


def _own_note(*, db: Session, board_id: int, note_id: int, actor: Actor) -> Note:
    note = db.scalars(
        select(Note).where(
            Note.id == note_id,
            Note.board_id == board_id,
            actor.matches(Note.author_guest_id, Note.author_person_id),
        )
    ).one_or_none()
    if note is None:
        raise DomainError("note.error.not_yours")
    return note


def edit_note(*, db: Session, board_id: int, note_id: int, text: str, color: str, actor: Actor) -> Note:
    """One's own note, while the board collects."""
    require_phase(board_for_change(db=db, board_id=board_id), BoardPhase.COLLECT)
    note = _own_note(db=db, board_id=board_id, note_id=note_id, actor=actor)
    note.text, note.color = _checked_text_and_color(text, color)
    db.flush()
    return note


def delete_note(*, db: Session, board_id: int, note_id: int, actor: Actor) -> None:
    require_phase(board_for_change(db=db, board_id=board_id), BoardPhase.COLLECT)
    db.delete(_own_note(db=db, board_id=board_id, note_id=note_id, actor=actor))
    db.flush()


def _board_note(*, db: Session, board_id: int, note_id: int) -> Note:
    board_for_change(db=db, board_id=board_id)
    note = db.get(Note, note_id)
    if note is None or note.board_id != board_id:
        raise DomainError("note.error.not_found")
    return note


def hide_note(*, db: Session, board_id: int, note_id: int, reason: str, by_person_id: int | None) -> Note:
    """Moderation: the note leaves every screen but stays on record, with the facilitator's reason."""
    if reason not in MODERATION_REASONS:
        raise DomainError("moderation.error.reason")
    note = _board_note(db=db, board_id=board_id, note_id=note_id)
    note.hidden_reason = reason
    audit.record(
        db=db,
        action="note_hidden",
        object_type="note",
        object_id=note_id,
        actor_person_id=by_person_id,
        detail={"reason": note.hidden_reason},
    )
    db.flush()
    return note


def restore_note(*, db: Session, board_id: int, note_id: int, by_person_id: int | None) -> Note:
    note = _board_note(db=db, board_id=board_id, note_id=note_id)
    note.hidden_reason = None
    audit.record(
        db=db, action="note_restored", object_type="note", object_id=note_id, actor_person_id=by_person_id
    )
    db.flush()
    return note
