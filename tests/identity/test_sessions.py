"""Sessions: started only through a one-use ticket, loaded from the token, ended by logout, by an
administrator, or by the idle and absolute time-outs."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from livinglab.core.audit import AuditEvent
from livinglab.core.errors import DomainError
from livinglab.identity import service as identity
from livinglab.identity import sessions
from livinglab.identity.models import AuthSession, OrganizationKind, Person, Role


@pytest.fixture
def facilitator(db: Session) -> Person:
    organization = identity.create_organization(
        db=db, name="Accueil test", slug="accueil-test", kind=OrganizationKind.MEMBER
    )
    person = identity.create_person(db=db, display_name="Fatou", email="fatou@accueil.test")
    identity.add_membership(db=db, person=person, organization=organization, role=Role.FACILITATOR)
    return person


LAPTOP = "secret-du-portable"


def redeem(db: Session, ticket: str, browser_secret: str | None = LAPTOP) -> str:
    return sessions.redeem_ticket(db=db, ticket=ticket, browser_secret=browser_secret)


def test_a_ticket_is_redeemed_once_for_a_fresh_session(db: Session, facilitator: Person) -> None:
    ticket = sessions.issue_ticket(db=db, person_id=facilitator.id, browser_secret=LAPTOP)

    token = redeem(db, ticket)
    with pytest.raises(sessions.TicketRefusedError) as again:
        redeem(db, ticket)
    assert again.value.reason == sessions.TicketRefused.EXPIRED

    identity_now = sessions.load_identity(db=db, token=token)
    assert identity_now is not None
    assert identity_now.person_id == facilitator.id
    assert identity_now.has_role(Role.FACILITATOR)
    assert not identity_now.has_role(Role.MANAGER)
    assert not identity_now.is_admin
    # Only digests of the token and of the browser's secret are stored.
    assert db.scalars(select(AuthSession.token_hash)).all() != [token]
    assert LAPTOP not in db.scalars(select(sessions.LoginTicket.browser_hash)).all()


def test_every_sign_in_gets_a_new_token(db: Session, facilitator: Person) -> None:
    first = redeem(db, sessions.issue_ticket(db=db, person_id=facilitator.id, browser_secret=LAPTOP))
    second = redeem(db, sessions.issue_ticket(db=db, person_id=facilitator.id, browser_secret=LAPTOP))
    assert first != second


def test_an_expired_ticket_is_refused(db: Session, facilitator: Person) -> None:
    ticket = sessions.issue_ticket(db=db, person_id=facilitator.id, browser_secret=LAPTOP)
    for pending in db.scalars(select(sessions.LoginTicket)):
        pending.expires_at = sessions.utcnow() - dt.timedelta(seconds=1)
    with pytest.raises(sessions.TicketRefusedError) as refused:
        redeem(db, ticket)
    assert refused.value.reason == sessions.TicketRefused.EXPIRED


@pytest.mark.parametrize("victim", ["secret-du-navigateur-de-la-victime", None], ids=["other", "none"])
def test_a_ticket_opened_in_another_browser_signs_nobody_in(
    db: Session, facilitator: Person, victim: str | None
) -> None:
    # Login CSRF: the ticket of the facilitator's own sign-in, sent to someone else as a link.
    ticket = sessions.issue_ticket(db=db, person_id=facilitator.id, browser_secret=LAPTOP)
    with pytest.raises(sessions.TicketRefusedError) as refused:
        redeem(db, ticket, browser_secret=victim)
    assert refused.value.reason == sessions.TicketRefused.OTHER_BROWSER
    assert db.scalars(select(AuthSession)).all() == []
    # Used up: the browser that asked for it cannot use it after another did.
    with pytest.raises(sessions.TicketRefusedError):
        redeem(db, ticket)
    refusal = db.scalars(select(AuditEvent).where(AuditEvent.action == "login_failed")).one()
    assert refusal.detail == {"reason": "ticket_from_another_browser"}


def test_a_browser_without_its_secret_is_asked_to_reload(db: Session, facilitator: Person) -> None:
    with pytest.raises(DomainError) as refused:
        sessions.issue_ticket(db=db, person_id=facilitator.id, browser_secret=None)
    assert refused.value.key == "login.error.no_browser_secret"


def test_unknown_or_missing_tokens_are_nobody(db: Session) -> None:
    assert sessions.load_identity(db=db, token=None) is None
    assert sessions.load_identity(db=db, token="forged-token") is None


def test_logout_ends_the_session_and_is_audited(db: Session, facilitator: Person) -> None:
    token = sessions.start_session(db=db, person_id=facilitator.id)
    sessions.end_session(db=db, token=token)
    assert sessions.load_identity(db=db, token=token) is None
    actions = db.scalars(select(AuditEvent.action).where(AuditEvent.object_id == str(facilitator.id))).all()
    assert actions[-2:] == ["login", "logout"]


def test_an_administrator_ends_every_session_of_a_person(db: Session, facilitator: Person) -> None:
    admin = identity.create_admin(db=db, email="admin@lab.test", display_name="Admin")
    tablet = sessions.start_session(db=db, person_id=facilitator.id)
    laptop = sessions.start_session(db=db, person_id=facilitator.id)

    assert sessions.end_all_sessions(db=db, person_id=facilitator.id, by_person_id=admin.id) == 2

    assert sessions.load_identity(db=db, token=tablet) is None
    assert sessions.load_identity(db=db, token=laptop) is None


@pytest.mark.parametrize(
    ("field", "age"),
    [("last_seen_at", sessions.IDLE_TIMEOUT), ("expires_at", dt.timedelta(0))],
    ids=["idle", "absolute"],
)
def test_time_outs_end_the_session(db: Session, facilitator: Person, field: str, age: dt.timedelta) -> None:
    token = sessions.start_session(db=db, person_id=facilitator.id)
    stored = db.scalars(select(AuthSession)).one()
    setattr(stored, field, sessions.utcnow() - age - dt.timedelta(seconds=1))
    assert sessions.load_identity(db=db, token=token) is None
    assert stored.ended_at is not None
