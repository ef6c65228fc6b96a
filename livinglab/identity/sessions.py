"""Sign-in sessions: who is acting, loaded on the server from the session cookie at every event.

A session starts only through a ticket (see LoginTicket) and ends at logout, at an administrator's request,
after IDLE_TIMEOUT without activity, or at its absolute expiry — whichever comes first.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from dataclasses import dataclass
from typing import Any

from sqlalchemy import CursorResult, select, update
from sqlalchemy.orm import Session

from livinglab.core import audit
from livinglab.core.database import as_utc, utcnow
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


def _digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def issue_ticket(*, db: Session, person_id: int | None = None, guest_id: int | None = None) -> str:
    if (person_id is None) == (guest_id is None):
        raise ValueError("a ticket is for exactly one person or one guest")
    ticket = secrets.token_urlsafe(32)
    db.add(
        LoginTicket(
            ticket_hash=_digest(ticket),
            person_id=person_id,
            guest_id=guest_id,
            expires_at=utcnow() + TICKET_LIFETIME,
        )
    )
    db.flush()
    return ticket


def redeem_ticket(*, db: Session, ticket: str) -> str | None:
    """Trade a valid, unused ticket for a new session; the new session token, or None."""
    found = db.scalars(select(LoginTicket).where(LoginTicket.ticket_hash == _digest(ticket))).first()
    if found is None or found.used_at is not None or as_utc(found.expires_at) <= utcnow():
        return None
    found.used_at = utcnow()
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
