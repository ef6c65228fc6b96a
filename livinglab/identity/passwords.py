"""Local accounts, for organizations without an identity provider: argon2 passwords and slowed guessing.

A wrong password gets the same answer whether the account exists or not, in about the same time.

Guessing is slowed per account and network together, and per network: an attacker is slowed where it is,
while the person it targets signs in at once from anywhere else. What an attacker can do against one account
from many networks is not refused (that would hand it the power to lock anyone out) but raised as an alarm in
the audit log, once per burst.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from dataclasses import dataclass

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from livinglab.core import audit
from livinglab.core.database import as_utc, utcnow
from livinglab.core.errors import DomainError, RecordedRefusal
from livinglab.identity import sessions, throttle
from livinglab.identity.models import LocalCredential, PasswordLink, Person
from livinglab.identity.network import network_of

# Long enough to be a phrase rather than a word (NIST SP 800-63B asks for at least 8, more is better).
PASSWORD_MIN_LENGTH = 12
PASSWORD_MAX_LENGTH = 200

_hasher = PasswordHasher()
# Verified when the account does not exist, so that both answers take the same time.
_DUMMY_HASH = _hasher.hash("living-lab-no-such-account")

# One account from one network: a few typos, then one try every 5 minutes (17 in any hour).
PER_ACCOUNT_AND_NETWORK = throttle.Limit(
    scope="login-account-network",
    burst=5,
    interval=dt.timedelta(minutes=5),
    refusal="login.error.slow_down",
)
# Every account from one network (an office behind one address): 30 at once, then one a minute.
PER_NETWORK = throttle.Limit(
    scope="login-network",
    burst=30,
    interval=dt.timedelta(minutes=1),
    refusal="login.error.slow_down_network",
    alarm="login_guessing",
    alarm_about="person",
)
# One account from anywhere: never refuses, only raises the alarm (10 wrong passwords in quick succession).
ACCOUNT_ALARM = throttle.Limit(
    scope="login-account",
    burst=10,
    interval=dt.timedelta(minutes=5),
    refusal="",
    alarm="login_guessing",
    alarm_about="person",
)


class LoginRefusedError(RecordedRefusal):
    """Wrong credentials: the failure counts and the audit entry are kept, though the sign-in is refused."""


def set_password(*, db: Session, person_id: int, password: str) -> None:
    if len(password) < PASSWORD_MIN_LENGTH:
        raise DomainError("password.error.too_short", minimum=PASSWORD_MIN_LENGTH)
    if len(password) > PASSWORD_MAX_LENGTH:
        raise DomainError("password.error.too_long", maximum=PASSWORD_MAX_LENGTH)
    credential = db.get(LocalCredential, person_id)
    if credential is None:
        credential = LocalCredential(person_id=person_id, password_hash="", updated_at=utcnow())
        db.add(credential)
    credential.password_hash = _hasher.hash(password)
    credential.updated_at = utcnow()
    db.flush()


def authenticate(*, db: Session, email: str, password: str, address: str) -> int:
    """The id of the person whose email and password these are. Otherwise raises LoginRefusedError (counted),
    or TooManyTriesError when this account or network is slowed down (nothing was checked).

    ``address`` is the network address the attempt came from; only keyed hashes of it are kept.
    """
    email = email.strip().lower()
    network = network_of(address)
    gates = [
        throttle.counter(PER_ACCOUNT_AND_NETWORK, f"{email}\n{network}"),
        throttle.counter(PER_NETWORK, network),
    ]
    throttle.refuse_if_closed(db=db, counters=gates)

    person = db.scalars(select(Person).where(func.lower(Person.email) == email)).first()
    credential = db.get(LocalCredential, person.id) if person is not None else None
    try:
        _hasher.verify(credential.password_hash if credential else _DUMMY_HASH, password)
        accepted = credential is not None
    except (VerificationError, InvalidHashError):
        accepted = False

    if not accepted or person is None:
        person_id = person.id if person is not None else None
        throttle.count_failure(
            db=db, counters=[*gates, throttle.counter(ACCOUNT_ALARM, email, about_id=person_id)]
        )
        audit.record(db=db, action="login_failed", object_type="person", object_id=person_id)
        raise LoginRefusedError("login.error.invalid")

    if credential is not None and _hasher.check_needs_rehash(credential.password_hash):
        credential.password_hash = _hasher.hash(password)
    return person.id


# One-time links an administrator gives a person to set or reset their password (a new account, a forgotten
# password). The link is the only secret: whoever holds it chooses the password, so it is short-lived, works
# once, and only its SHA-256 is stored.

PASSWORD_LINK_LIFETIME = dt.timedelta(hours=72)
LINK_REFUSED = "password_link.error.invalid"


@dataclass(frozen=True)
class IssuedPasswordLink:
    """What the administrator sees once: the raw token (never stored) and when it stops working."""

    token: str
    expires_at: dt.datetime


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _void_open_links(db: Session, person_id: int) -> None:
    """Only the newest link counts: an older one, perhaps sent to a wrong address, stops working."""
    db.execute(
        update(PasswordLink)
        .where(PasswordLink.person_id == person_id, PasswordLink.used_at.is_(None))
        .values(used_at=utcnow())
    )


def issue_password_link(*, db: Session, person_id: int, by_person_id: int) -> IssuedPasswordLink:
    if db.get(Person, person_id) is None:
        raise DomainError("person.error.not_found")
    _void_open_links(db, person_id)
    token = secrets.token_urlsafe(32)
    expires_at = utcnow() + PASSWORD_LINK_LIFETIME
    db.add(
        PasswordLink(
            token_hash=_token_hash(token),
            person_id=person_id,
            created_by_id=by_person_id,
            expires_at=expires_at,
        )
    )
    audit.record(
        db=db,
        action="password_link_issued",
        object_type="person",
        object_id=person_id,
        actor_person_id=by_person_id,
    )
    db.flush()
    return IssuedPasswordLink(token=token, expires_at=expires_at)


def _valid_link(db: Session, token: str) -> PasswordLink | None:
    link = db.scalars(select(PasswordLink).where(PasswordLink.token_hash == _token_hash(token))).first()
    if link is None or link.used_at is not None or as_utc(link.expires_at) <= utcnow():
        return None
    return link


def password_link_holder(*, db: Session, token: str) -> str | None:
    """The name of the person a still-valid link is for, to greet them; None for any other token."""
    link = _valid_link(db, token)
    person = db.get(Person, link.person_id) if link is not None else None
    return person.display_name if person is not None else None


def use_password_link(*, db: Session, token: str, password: str) -> int:
    """Set the password of the link's person and end their sessions, everywhere; the person's id.

    A refused password (too short) leaves the link usable; a used or expired link is refused.
    """
    link = _valid_link(db, token)
    if link is None:
        raise DomainError(LINK_REFUSED)
    set_password(db=db, person_id=link.person_id, password=password)
    _void_open_links(db, link.person_id)
    # Whoever knew the old password, on whatever device, is signed out.
    sessions.end_all_sessions(db=db, person_id=link.person_id, by_person_id=link.person_id)
    audit.record(
        db=db,
        action="password_set",
        object_type="person",
        object_id=link.person_id,
        actor_person_id=link.person_id,
    )
    return link.person_id
