from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy.orm import Session

from livinglab.identity import service as identity
from livinglab.identity.models import OrganizationKind
from livinglab.workshops import service
from livinglab.workshops.models import BoardColumn, WorkshopStatus


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
