"""Local accounts, for organizations without an identity provider: argon2 passwords and slowed guessing.

A wrong password gets the same answer whether the account exists or not, in about the same time.
"""

from __future__ import annotations

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from livinglab.core import audit
from livinglab.core.database import utcnow
from livinglab.core.errors import DomainError, RecordedRefusal
from livinglab.identity import throttle
from livinglab.identity.models import LocalCredential, Person

PASSWORD_MIN_LENGTH = 10
PASSWORD_MAX_LENGTH = 200

_hasher = PasswordHasher()
# Verified when the account does not exist, so that both answers take the same time.
_DUMMY_HASH = _hasher.hash("living-lab-no-such-account")


class LoginRefusedError(RecordedRefusal):
    """Wrong credentials, or too many tries: the failure count and its audit entry are kept."""


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
    """The id of the person whose email and password these are; raises LoginRefusedError otherwise.

    ``address`` is the network address the attempt came from; only a keyed hash of it is kept.
    """
    email = email.strip().lower()
    keys = [throttle.key("account", email), throttle.key("address", address)]
    wait = throttle.seconds_to_wait(db=db, keys=keys)
    if wait:
        raise LoginRefusedError("login.error.slow_down", seconds=wait)

    person = db.scalars(select(Person).where(func.lower(Person.email) == email)).first()
    credential = db.get(LocalCredential, person.id) if person is not None else None
    try:
        _hasher.verify(credential.password_hash if credential else _DUMMY_HASH, password)
        accepted = credential is not None
    except (VerificationError, InvalidHashError):
        accepted = False

    if not accepted or person is None:
        throttle.count_failure(db=db, keys=keys)
        audit.record(
            db=db,
            action="login_failed",
            object_type="person",
            object_id=person.id if person is not None else None,
        )
        raise LoginRefusedError("login.error.invalid")

    throttle.clear(db=db, keys=keys)
    if credential is not None and _hasher.check_needs_rehash(credential.password_hash):
        credential.password_hash = _hasher.hash(password)
    return person.id
