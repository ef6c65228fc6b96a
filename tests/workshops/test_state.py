"""Workshop handlers as Reflex calls them: who may open, close and see a workshop, on the demo lab."""

from __future__ import annotations

from typing import Any

import pytest
import reflex as rx
from sqlalchemy import select

from livinglab.core import database
from livinglab.core.audit import AuditEvent
from livinglab.demo import DEMO_JOIN_CODE, MONTREAL
from livinglab.identity import consent, sessions
from livinglab.identity import service as identity
from livinglab.identity.guard import SESSION_COOKIE
from livinglab.identity.models import Person, Role
from livinglab.ui import routes
from livinglab.workshops import service
from livinglab.workshops.models import Workshop, WorkshopStatus
from livinglab.workshops.state import WorkshopBoardState, WorkshopsState
from tests.conftest import state_for


def signed_in(
    state_class: type[rx.State],
    *,
    person_email: str | None = None,
    guest_id: int | None = None,
    workshop_id: int | None = None,
) -> Any:
    """A state for an event from a browser signed in as the person or guest, on a workshop's page if given."""
    with database.session_scope() as db:
        person_id = (
            db.scalars(select(Person.id).where(Person.email == person_email)).one() if person_email else None
        )
        token = sessions.start_session(db=db, person_id=person_id, guest_id=guest_id)
    if workshop_id is None:
        return state_for(state_class, cookie=f"{SESSION_COOKIE}={token}")
    return state_for(
        state_class,
        cookie=f"{SESSION_COOKIE}={token}",
        path=routes.workshop(workshop_id),
        params={"workshop_id": str(workshop_id)},
    )


def demo_workshop_id() -> int:
    with database.session_scope() as db:
        found = service.find_open_workshop(db=db, join_code=DEMO_JOIN_CODE)
    assert found is not None
    return found[0]


@pytest.fixture
def other_facilitator(demo_database: str) -> str:
    """A facilitator of an organization other than the demo workshop's."""
    email = "autre.facilitatrice@example.org"
    with database.session_scope() as db:
        if db.scalars(select(Person).where(Person.email == email)).first() is None:
            montreal = identity.find_organization(db=db, slug=MONTREAL)
            assert montreal is not None
            person = identity.create_person(db=db, display_name="Autre", email=email)
            identity.add_membership(db=db, person=person, organization=montreal, role=Role.FACILITATOR)
    return email


def test_the_workshops_facilitator_closes_and_reopens_it(demo_database: str) -> None:
    workshop_id = demo_workshop_id()
    board = signed_in(WorkshopBoardState, person_email="karim.benali@example.org")

    board.close_workshop(workshop_id)
    assert board.invitation is None
    with database.session_scope() as db:
        assert db.get(Workshop, workshop_id).status is WorkshopStatus.CLOSED  # type: ignore[union-attr]

    board.open_workshop(workshop_id)
    assert board.can_run
    assert board.invitation.join_code == DEMO_JOIN_CODE
    assert board.invitation.join_url.endswith(f"{routes.JOIN}?code={DEMO_JOIN_CODE}")
    assert board.invitation.qr_code.startswith("data:image/svg+xml")


def test_a_facilitator_of_another_organization_cannot_close_it(
    demo_database: str, other_facilitator: str
) -> None:
    workshop_id = demo_workshop_id()
    board = signed_in(WorkshopBoardState, person_email=other_facilitator)
    refusal = WorkshopBoardState.event_handlers["close_workshop"].fn(board, workshop_id=workshop_id)
    assert "_var_value='/'" in str(refusal)
    with database.session_scope() as db:
        assert db.get(Workshop, workshop_id).status is WorkshopStatus.OPEN  # type: ignore[union-attr]
        refused = db.scalars(select(AuditEvent).order_by(AuditEvent.id.desc())).first()
    assert refused is not None
    assert (refused.action, refused.detail) == ("authorization_refused", {"rule": "facilitator_of_workshop"})


def test_a_participant_sees_only_the_workshop_they_joined(demo_database: str) -> None:
    workshop_id = demo_workshop_id()
    with database.session_scope() as db:
        guest = consent.join_workshop(
            db=db, workshop_id=workshop_id, pseudonym="Visiteur", language="fr", consented=True
        )
        guest_id = guest.id
    board = signed_in(WorkshopBoardState, guest_id=guest_id, workshop_id=workshop_id)
    WorkshopBoardState.event_handlers["load"].fn(board)
    assert board.workshop is not None
    assert board.workshop.title.startswith("Premiers pas")
    # Participants are in already: the code and QR code are for the facilitator's screen only.
    assert (board.can_run, board.invitation) == (False, None)

    elsewhere = signed_in(WorkshopBoardState, guest_id=guest_id, workshop_id=workshop_id + 1)
    refusal = WorkshopBoardState.event_handlers["load"].fn(elsewhere)
    assert "_var_value='/'" in str(refusal)
    assert elsewhere.workshop is None


def test_a_new_workshop_needs_a_date_and_an_organization_the_person_facilitates(
    demo_database: str, other_facilitator: str
) -> None:
    workshops = signed_in(WorkshopsState, person_email=other_facilitator)
    WorkshopsState.event_handlers["load"].fn(workshops)
    assert [organization.name for organization in workshops.facilitated] == [
        "Carrefour d'accueil de Montréal-Nord"
    ]
    form = {"title": "Café-rencontre", "purpose": "Se rencontrer", "scheduled_on": "", "organization_id": "1"}

    WorkshopsState.event_handlers["create"].fn(workshops, form_data=form)
    assert workshops.error_key == "workshop.error.date"
    assert workshops.draft_title == "Café-rencontre"

    outcome = WorkshopsState.event_handlers["create"].fn(
        workshops, form_data={**form, "scheduled_on": "2026-12-01", "organization_id": "1"}
    )
    # Organization 1 is the federation, which this facilitator does not facilitate.
    assert (outcome, workshops.error_key) == (None, "workshop.error.organization")

    outcome = WorkshopsState.event_handlers["create"].fn(
        workshops,
        form_data={**form, "scheduled_on": "2026-12-01", "organization_id": str(workshops.facilitated[0].id)},
    )
    assert workshops.error_key == ""
    with database.session_scope() as db:
        created = db.scalars(select(Workshop).where(Workshop.title == "Café-rencontre")).one()
    assert created.status is WorkshopStatus.DRAFT
    assert f"/ateliers/{created.id}" in str(outcome)
