from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from livinglab.core.errors import DomainError
from livinglab.identity import service as identity
from livinglab.identity.models import OrganizationKind
from livinglab.workshops import service
from livinglab.workshops.models import BoardColumn, Note, WorkshopStatus


@pytest.fixture
def column(db: Session) -> BoardColumn:
    organization = identity.create_organization(
        db=db, name="Organisme test", slug="organisme-test", kind=OrganizationKind.MEMBER
    )
    workshop = service.create_workshop(
        db=db,
        organization_id=organization.id,
        title="Atelier",
        purpose="Tester",
        scheduled_on=dt.date(2025, 1, 1),
    )
    board = service.add_board(db=db, workshop=workshop, title="Tableau")
    return service.add_column(db=db, board=board, title="Idées")


def _note_count(db: Session) -> int:
    return db.scalar(select(func.count(Note.id))) or 0


@pytest.mark.parametrize(
    ("text", "key"),
    [("", "note.error.empty"), ("   \n\t ", "note.error.empty"), ("x" * 281, "note.error.too_long")],
)
def test_post_note_refuses_empty_or_too_long_text_and_saves_nothing(
    db: Session, column: BoardColumn, text: str, key: str
) -> None:
    with pytest.raises(DomainError) as refused:
        service.post_note(db=db, column=column, text=text)
    assert refused.value.key == key
    assert _note_count(db) == 0


def test_post_note_keeps_280_characters_once_trimmed(db: Session, column: BoardColumn) -> None:
    note = service.post_note(db=db, column=column, text=f"  {'é' * 280}  ", color="green")
    assert note.text == "é" * 280
    assert note.board_id == column.board_id
    assert _note_count(db) == 1


def test_post_note_refuses_an_unknown_color(db: Session, column: BoardColumn) -> None:
    with pytest.raises(DomainError) as refused:
        service.post_note(db=db, column=column, text="Une idée", color="url(javascript:x)")
    assert refused.value.key == "note.error.color"
    assert _note_count(db) == 0


def test_an_open_workshop_is_found_by_its_code_as_people_type_it(db: Session, column: BoardColumn) -> None:
    workshop = service.create_workshop(
        db=db,
        organization_id=column.board.workshop.organization_id,
        title="Atelier ouvert",
        purpose="Se joindre",
        scheduled_on=dt.date(2025, 1, 2),
        status=WorkshopStatus.OPEN,
    )
    assert workshop.join_code is not None
    typed = f" {workshop.join_code[:3].lower()}-{workshop.join_code[3:]} "
    assert service.find_open_workshop(db=db, join_code=typed) == (workshop.id, "Atelier ouvert")
    # A draft workshop has no code to find.
    assert column.board.workshop.join_code is None
