"""Posting, editing, deleting and moderating notes: the rules hold on SQLite and PostgreSQL."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from livinglab.core.errors import DomainError
from livinglab.workshops import facilitation, notes
from livinglab.workshops.models import BoardPhase, Note
from tests.workshops.conftest import LiveBoard


def _texts(db: Session) -> list[str]:
    return list(db.scalars(select(Note.text).order_by(Note.id)))


def _post(db: Session, live: LiveBoard, text: str = "Un parrainage", **options: object) -> Note:
    arguments: dict[str, object] = {"color": "yellow", "actor": live.amina, "column_id": live.column_ids[0]}
    arguments.update(options)
    return notes.post_note(db=db, board_id=live.board.id, text=text, **arguments)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("text", "key"),
    [("", "note.error.empty"), ("   \n\t ", "note.error.empty"), ("x" * 281, "note.error.too_long")],
)
def test_an_empty_or_too_long_note_is_refused_and_nothing_is_saved(
    db: Session, live: LiveBoard, text: str, key: str
) -> None:
    _post(db, live, "Déjà là")
    with pytest.raises(DomainError) as refused:
        _post(db, live, text)
    assert refused.value.key == key
    assert _texts(db) == ["Déjà là"]


def test_a_note_keeps_280_characters_once_trimmed_and_markup_as_plain_text(
    db: Session, live: LiveBoard
) -> None:
    _post(db, live, f"  {'é' * 280}  ")
    _post(db, live, "<script>alert('x')</script> **gras**", actor=live.bao)
    assert _texts(db) == ["é" * 280, "<script>alert('x')</script> **gras**"]


def test_an_unknown_color_or_another_boards_column_is_refused(db: Session, live: LiveBoard) -> None:
    with pytest.raises(DomainError) as refused:
        _post(db, live, color="url(javascript:x)")
    assert refused.value.key == "note.error.color"
    with pytest.raises(DomainError) as refused:
        _post(db, live, column_id=999_999)
    assert refused.value.key == "note.error.column"
    assert _texts(db) == []


def test_posting_to_a_frozen_board_or_after_collecting_changes_nothing(db: Session, live: LiveBoard) -> None:
    facilitation.set_modes(db=db, board_id=live.board.id, frozen=True)
    with pytest.raises(DomainError) as refused:
        _post(db, live)
    assert refused.value.key == "board.error.frozen"
    facilitation.set_modes(db=db, board_id=live.board.id, frozen=False)
    facilitation.set_phase(db=db, board_id=live.board.id, phase=BoardPhase.VOTE)
    with pytest.raises(DomainError) as refused:
        _post(db, live)
    assert refused.value.key == "board.error.not_collect"
    assert _texts(db) == []


def test_a_burst_from_one_tablet_is_slowed_without_slowing_the_others(db: Session, live: LiveBoard) -> None:
    for number in range(notes.POSTS_PER_WINDOW):
        _post(db, live, f"Idée {number}")
    with pytest.raises(DomainError) as refused:
        _post(db, live, "Une de trop")
    assert refused.value.key == "note.error.too_fast"
    _post(db, live, "Bao n'est pas ralenti", actor=live.bao)
    assert len(_texts(db)) == notes.POSTS_PER_WINDOW + 1


def test_the_same_post_sent_twice_is_stored_once(db: Session, live: LiveBoard) -> None:
    first = _post(db, live, "Un café-rencontre", request_key="tablette-1")
    again = _post(db, live, "Un café-rencontre", request_key="tablette-1")
    # Another author sending the same key (by chance or on purpose) posts their own note.
    other = _post(db, live, "Un café-rencontre", request_key="tablette-1", actor=live.bao)
    assert again.id == first.id
    assert other.id != first.id
    assert db.scalar(select(func.count(Note.id))) == 2


def test_participants_edit_and_delete_only_their_own_notes(db: Session, live: LiveBoard) -> None:
    mine = _post(db, live, "Premier jet")
    notes.edit_note(
        db=db, board_id=live.board.id, note_id=mine.id, text="Mieux dit", color="blue", actor=live.amina
    )
    with pytest.raises(DomainError) as refused:
        notes.edit_note(
            db=db, board_id=live.board.id, note_id=mine.id, text="Pirate", color="blue", actor=live.bao
        )
    assert refused.value.key == "note.error.not_yours"
    with pytest.raises(DomainError):
        notes.delete_note(db=db, board_id=live.board.id, note_id=mine.id, actor=live.bao)
    assert _texts(db) == ["Mieux dit"]
    notes.delete_note(db=db, board_id=live.board.id, note_id=mine.id, actor=live.amina)
    assert _texts(db) == []


def test_moderation_hides_with_a_listed_reason_and_restores(db: Session, live: LiveBoard) -> None:
    note = _post(db, live, "Mon numéro : 819 555-0199")
    with pytest.raises(DomainError) as refused:
        notes.hide_note(
            db=db, board_id=live.board.id, note_id=note.id, reason="<b>free</b>", by_person_id=None
        )
    assert refused.value.key == "moderation.error.reason"
    notes.hide_note(db=db, board_id=live.board.id, note_id=note.id, reason="personal_data", by_person_id=None)
    assert note.hidden_reason == "personal_data"
    notes.restore_note(db=db, board_id=live.board.id, note_id=note.id, by_person_id=None)
    assert note.hidden_reason is None
