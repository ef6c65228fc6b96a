"""Every way access is taken away is announced once committed, and only then: ending a session (signing out),
an administrator ending a person's sessions, a password reset, a role removed, a consent withdrawn."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator

import pytest

from livinglab.core.database import session_scope
from livinglab.identity import consent, passwords, revocation, service, sessions
from livinglab.identity.models import NotesOnWithdrawal, OrganizationKind, Role
from livinglab.identity.revocation import AccessLost
from livinglab.workshops import service as workshops
from livinglab.workshops.models import WorkshopStatus


@pytest.fixture
def heard(app_database: str) -> Iterator[list[AccessLost]]:
    announcements: list[AccessLost] = []
    stop = revocation.on_access_lost(announcements.append)
    yield announcements
    stop()


def a_person_with_a_role() -> tuple[int, int, int]:
    """A facilitator of a new organization, signed in: (person id, membership id, admin id)."""
    with session_scope() as db:
        organization = service.create_organization(
            db=db, name="Accueil", slug="accueil", kind=OrganizationKind.MEMBER
        )
        person = service.create_person(db=db, display_name="Léa", email="lea@example.org")
        admin = service.create_admin(db=db, email="admin@example.org", display_name="Admin")
        membership = service.add_membership(
            db=db, person=person, organization=organization, role=Role.FACILITATOR
        )
        return person.id, membership.id, admin.id


def a_guest() -> int:
    with session_scope() as db:
        organization = service.create_organization(
            db=db, name="Autre", slug="autre", kind=OrganizationKind.MEMBER
        )
        workshop = workshops.create_workshop(
            db=db,
            organization_id=organization.id,
            title="Atelier",
            purpose="Co-concevoir",
            scheduled_on=dt.date(2026, 12, 5),
            status=WorkshopStatus.OPEN,
        )
        guest = consent.join_workshop(
            db=db, workshop_id=workshop.id, pseudonym="Amina", language="fr", consented=True
        )
        return guest.id


def test_signing_out_is_announced_after_the_commit(heard: list[AccessLost]) -> None:
    person_id, _, _ = a_person_with_a_role()
    with session_scope() as db:
        token = sessions.start_session(db=db, person_id=person_id)
    with session_scope() as db:
        sessions.end_session(db=db, token=token)
        assert heard == [], "announced before the commit: a listener would still read the open session"
    assert heard == [AccessLost(person_ids=frozenset({person_id}))]


@pytest.mark.parametrize(
    "take_away",
    [
        pytest.param(
            lambda db, person, membership, admin: sessions.end_all_sessions(
                db=db, person_id=person, by_person_id=admin
            ),
            id="sessions-ended-by-an-administrator",
        ),
        pytest.param(
            lambda db, person, membership, admin: service.revoke_membership(
                db=db, membership_id=membership, by_person_id=admin
            ),
            id="role-removed",
        ),
    ],
)
def test_an_administrators_change_is_announced(
    heard: list[AccessLost], take_away: Callable[..., object]
) -> None:
    person_id, membership_id, admin_id = a_person_with_a_role()
    with session_scope() as db:
        take_away(db, person_id, membership_id, admin_id)
    assert heard == [AccessLost(person_ids=frozenset({person_id}))]


def test_a_password_reset_is_announced(heard: list[AccessLost]) -> None:
    person_id, _, admin_id = a_person_with_a_role()
    with session_scope() as db:
        link = passwords.issue_password_link(db=db, person_id=person_id, by_person_id=admin_id)
    with session_scope() as db:
        passwords.use_password_link(db=db, token=link.token, password="une phrase assez longue")
    assert heard == [AccessLost(person_ids=frozenset({person_id}))]


def test_a_consent_withdrawn_is_announced(heard: list[AccessLost]) -> None:
    guest_id = a_guest()
    with session_scope() as db:
        consent.withdraw_consent(db=db, guest_id=guest_id, notes=NotesOnWithdrawal.ANONYMIZE)
    assert heard == [AccessLost(guest_ids=frozenset({guest_id}))]


def test_nothing_is_announced_when_the_change_is_rolled_back(heard: list[AccessLost]) -> None:
    person_id, _, admin_id = a_person_with_a_role()

    def fails_after_ending_the_sessions() -> None:
        with session_scope() as db:
            sessions.end_all_sessions(db=db, person_id=person_id, by_person_id=admin_id)
            raise RuntimeError("the transaction fails after the sessions were ended")

    with pytest.raises(RuntimeError):
        fails_after_ending_the_sessions()
    # And the next commit of that session factory does not announce it either.
    with session_scope() as db:
        sessions.start_session(db=db, person_id=person_id)
    assert heard == []


def test_a_failing_listener_does_not_fail_the_committed_change(heard: list[AccessLost]) -> None:
    def broken(_lost: AccessLost) -> None:
        raise RuntimeError("a listener's bug")

    person_id, _, admin_id = a_person_with_a_role()
    stop = revocation.on_access_lost(broken)
    try:
        with session_scope() as db:
            sessions.end_all_sessions(db=db, person_id=person_id, by_person_id=admin_id)
    finally:
        stop()
    assert heard == [AccessLost(person_ids=frozenset({person_id}))]
