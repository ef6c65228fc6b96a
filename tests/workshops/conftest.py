"""A live board to test on: an open workshop, a board from the « Besoins » template, two participants and the
workshop's facilitator (as an actor on the board, and as the staff identity services see outside it)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pytest
from sqlalchemy.orm import Session

from livinglab.identity import consent
from livinglab.identity import service as identity
from livinglab.identity.models import OrganizationKind, Person, Role
from livinglab.identity.sessions import Identity
from livinglab.workshops import facilitation, service
from livinglab.workshops.models import Board, WorkshopStatus
from livinglab.workshops.rules import Actor


@dataclass(frozen=True)
class LiveBoard:
    board: Board
    column_ids: list[int]
    amina: Actor
    bao: Actor
    facilitator: Actor
    staff: Identity


@pytest.fixture
def live(db: Session) -> LiveBoard:
    organization = identity.create_organization(
        db=db, name="Accueil test", slug="accueil-test", kind=OrganizationKind.MEMBER
    )
    workshop = service.create_workshop(
        db=db,
        organization_id=organization.id,
        title="Atelier",
        purpose="Co-concevoir",
        scheduled_on=dt.date(2026, 11, 21),
        status=WorkshopStatus.OPEN,
    )
    board = facilitation.create_board(
        db=db, workshop_id=workshop.id, title="Nos besoins", template=facilitation.BoardTemplate.NEEDS
    )
    guests = [
        consent.join_workshop(db=db, workshop_id=workshop.id, pseudonym=name, language="fr", consented=True)
        for name in ("Amina", "Bao")
    ]
    person = Person(display_name="Léa Tremblay", email="lea@example.org")
    db.add(person)
    identity.add_membership(db=db, person=person, organization=organization, role=Role.FACILITATOR)
    return LiveBoard(
        board=board,
        column_ids=[column.id for column in board.columns],
        amina=Actor(guest_id=guests[0].id),
        bao=Actor(guest_id=guests[1].id),
        facilitator=Actor(person_id=person.id),
        staff=Identity(
            session_id=0,
            display_name=person.display_name,
            person_id=person.id,
            roles=frozenset({(organization.id, Role.FACILITATOR)}),
        ),
    )
