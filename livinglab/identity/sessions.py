"""Sign-in sessions: who is acting, loaded on the server from the session cookie at every event.

A session starts only through a ticket (see LoginTicket) and ends at logout, at an administrator's request,
after IDLE_TIMEOUT without activity, or at its absolute expiry — whichever comes first.

A ticket is a link (``/auth/session?ticket=…``), and a link can be handed to someone else: someone who signs
in with their own account and gets another person to open their ticket link would sign that person into
their account (login CSRF), and everything the victim then writes would be theirs. So a ticket is bound to
the browser that asked for it, by the secret of that browser's own cookie (livinglab/identity/browser.py):
only its hash is stored with the ticket, and only the same browser's cookie redeems it.
"""

from __future__ import annotations

import datetime as dt
import enum
import hashlib
import hmac
import secrets
from dataclasses import dataclass
from typing import Any

from sqlalchemy import CursorResult, select, update
from sqlalchemy.orm import Session

from livinglab.core import audit
from livinglab.core.database import as_utc, utcnow
from livinglab.core.errors import DomainError, RecordedRefusal
from livinglab.identity import revocation
from livinglab.identity.models import AuthSession, Guest, LoginTicket, Membership, Person, Role

IDLE_TIMEOUT = dt.timedelta(hours=4)
ABSOLUTE_TIMEOUT = dt.timedelta(hours=12)
TICKET_LIFETIME = dt.timedelta(seconds=60)
# Recording activity at every event would write to the database for every keystroke: a few minutes' precision
# is plenty for an idle timeout measured in hours.
TOUCH_INTERVAL = dt.timedelta(minutes=5)


@dataclass(frozen=True)
class Identity:
    """The acting person or guest, as the guard sees it."""

    session_id: int
    display_name: str
    person_id: int | None = None
    guest_id: int | None = None
    guest_workshop_id: int | None = None
    is_admin: bool = False
    # (organization id, role) pairs.
    roles: frozenset[tuple[int, Role]] = frozenset()

    def has_role(self, *roles: Role, organization_id: int | None = None) -> bool:
        """Holds one of ``roles``, in ``organization_id`` if given, anywhere otherwise."""
        return any(
            role in roles and (organization_id is None or organization == organization_id)
            for organization, role in self.roles
        )


# The roles of an organization's staff: workshop participants are not staff.
STAFF_ROLES = (Role.PRACTITIONER, Role.FACILITATOR, Role.MANAGER)


def staff_organizations(identity: Identity | None) -> frozenset[int] | None:
    """The organizations ``identity`` is staff of; None for an administrator, who is staff of every one."""
    if identity is not None and identity.is_admin:
        return None
    roles = identity.roles if identity is not None else frozenset()
    return frozenset(organization for organization, role in roles if role in STAFF_ROLES)


def _digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


class TicketRefused(enum.StrEnum):
    """Why a ticket opened no session."""

    # Used, forged, or more than a minute old (a tablet left on the way).
    EXPIRED = "expired"
    # Opened in a browser other than the one that signed in.
    OTHER_BROWSER = "other_browser"


# What the sign-in page says of each.
TICKET_REFUSAL_MESSAGES = {
    TicketRefused.EXPIRED: "login.oidc.error.expired",
    TicketRefused.OTHER_BROWSER: "login.error.other_browser",
}


class TicketRefusedError(RecordedRefusal):
    """A recorded refusal: the ticket stays used up, and another browser's attempt stays in the audit log."""

    def __init__(self, reason: TicketRefused) -> None:
        super().__init__(TICKET_REFUSAL_MESSAGES[reason])
        self.reason = reason


def issue_ticket(
    *, db: Session, browser_secret: str | None, person_id: int | None = None, guest_id: int | None = None
) -> str:
    """A ticket for ``person_id`` or ``guest_id``, that only the browser holding ``browser_secret`` redeems.

    A browser without a secret (a page loaded before the app set it) is asked to reload: nothing is issued,
    and the caller's unit of work (the sign-in, the guest just made) is rolled back.
    """
    if (person_id is None) == (guest_id is None):
        raise ValueError("a ticket is for exactly one person or one guest")
    if not browser_secret:
        raise DomainError("login.error.no_browser_secret")
    ticket = secrets.token_urlsafe(32)
    db.add(
        LoginTicket(
            ticket_hash=_digest(ticket),
            browser_hash=_digest(browser_secret),
            person_id=person_id,
            guest_id=guest_id,
            expires_at=utcnow() + TICKET_LIFETIME,
        )
    )
    db.flush()
    return ticket


def redeem_ticket(*, db: Session, ticket: str, browser_secret: str | None) -> str:
    """Trade a valid, unused ticket, presented by the browser it was issued to, for a new session token.

    Raises TicketRefusedError. A ticket presented by another browser is used up all the same, and the
    attempt is in the audit log: whoever handed the link out may try again, the ticket may not.
    """
    found = db.scalars(select(LoginTicket).where(LoginTicket.ticket_hash == _digest(ticket))).first()
    if found is None or found.used_at is not None or as_utc(found.expires_at) <= utcnow():
        raise TicketRefusedError(TicketRefused.EXPIRED)
    found.used_at = utcnow()
    if found.browser_hash is None or not hmac.compare_digest(
        found.browser_hash, _digest(browser_secret or "")
    ):
        audit.record(
            db=db,
            action="login_failed",
            object_type="person",
            object_id=found.person_id,
            detail={"reason": "ticket_from_another_browser"},
        )
        raise TicketRefusedError(TicketRefused.OTHER_BROWSER)
    return start_session(db=db, person_id=found.person_id, guest_id=found.guest_id)


def start_session(*, db: Session, person_id: int | None = None, guest_id: int | None = None) -> str:
    """A new session with a new random token: never reuse a token across sign-ins (session fixation)."""
    token = secrets.token_urlsafe(32)
    now = utcnow()
    db.add(
        AuthSession(
            token_hash=_digest(token),
            person_id=person_id,
            guest_id=guest_id,
            last_seen_at=now,
            expires_at=now + ABSOLUTE_TIMEOUT,
        )
    )
    if person_id is not None:
        audit.record(
            db=db, action="login", object_type="person", object_id=person_id, actor_person_id=person_id
        )
    db.flush()
    return token


def _timed_out(session: AuthSession, now: dt.datetime) -> bool:
    return as_utc(session.expires_at) <= now or as_utc(session.last_seen_at) + IDLE_TIMEOUT <= now


def _active(db: Session, token: str) -> AuthSession | None:
    session = db.scalars(select(AuthSession).where(AuthSession.token_hash == _digest(token))).first()
    if session is None or session.ended_at is not None:
        return None
    now = utcnow()
    if _timed_out(session, now):
        session.ended_at = now
        return None
    if as_utc(session.last_seen_at) + TOUCH_INTERVAL <= now:
        session.last_seen_at = now
    return session


def load_identity(*, db: Session, token: str | None) -> Identity | None:
    """Who holds ``token`` now, or None if it is unknown, ended or timed out."""
    session = _active(db, token) if token else None
    return None if session is None else _identity(db, session)


def identity_of_session(*, db: Session, session_id: int) -> Identity | None:
    """Who the session ``session_id`` acts for now, or None if it is gone, ended or timed out.

    For the server's own checks of a screen already open (see livinglab.workshops.live), not for a browser's
    request: it writes nothing, so it neither counts as activity nor marks a timed-out session ended.
    """
    session = db.get(AuthSession, session_id)
    if session is None or session.ended_at is not None or _timed_out(session, utcnow()):
        return None
    return _identity(db, session)


def _identity(db: Session, session: AuthSession) -> Identity | None:
    if session.person_id is not None:
        person = db.get(Person, session.person_id)
        if person is None:
            return None
        roles = db.execute(
            select(Membership.organization_id, Membership.role).where(Membership.person_id == person.id)
        ).all()
        return Identity(
            session_id=session.id,
            display_name=person.display_name,
            person_id=person.id,
            is_admin=person.is_admin,
            roles=frozenset((organization_id, role) for organization_id, role in roles),
        )
    guest = db.get(Guest, session.guest_id)
    if guest is None:
        return None
    return Identity(
        session_id=session.id,
        display_name=guest.pseudonym,
        guest_id=guest.id,
        guest_workshop_id=guest.workshop_id,
    )


def end_session(*, db: Session, token: str) -> None:
    session = db.scalars(select(AuthSession).where(AuthSession.token_hash == _digest(token))).first()
    if session is None or session.ended_at is not None:
        return
    session.ended_at = utcnow()
    # Its screens still open (a board in another tab) are told once this commits.
    revocation.access_lost(db=db, person_id=session.person_id, guest_id=session.guest_id)
    if session.person_id is not None:
        audit.record(
            db=db,
            action="logout",
            object_type="person",
            object_id=session.person_id,
            actor_person_id=session.person_id,
        )


def end_all_sessions(*, db: Session, person_id: int, by_person_id: int) -> int:
    """End every open session of a person (an administrator's action); how many were open."""
    ended: CursorResult[Any] = db.execute(  # type: ignore[assignment]  # an UPDATE's result has a rowcount
        update(AuthSession)
        .where(AuthSession.person_id == person_id, AuthSession.ended_at.is_(None))
        .values(ended_at=utcnow())
    )
    revocation.access_lost(db=db, person_id=person_id)
    audit.record(
        db=db,
        action="sessions_ended",
        object_type="person",
        object_id=person_id,
        actor_person_id=by_person_id,
        detail={"count": ended.rowcount},
    )
    return int(ended.rowcount)
