"""Local accounts, for organizations without an identity provider: argon2 passwords and slowed guessing.

A wrong password gets the same answer whether the account exists or not, in about the same time.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from livinglab.core import audit
from livinglab.core.database import as_utc, utcnow
from livinglab.core.errors import DomainError
from livinglab.core.settings import secret_key
from livinglab.identity.models import LocalCredential, LoginThrottle, Person

PASSWORD_MIN_LENGTH = 10
PASSWORD_MAX_LENGTH = 200
# Failures allowed before slowing down, then the wait doubles with each failure up to MAX_DELAY.
FREE_FAILURES = 3
MAX_DELAY = dt.timedelta(minutes=5)

_hasher = PasswordHasher()
# Verified when the account does not exist, so that both answers take the same time.
_DUMMY_HASH = _hasher.hash("living-lab-no-such-account")


class LoginRefusedError(DomainError):
    pass


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


def _throttle_key(kind: str, value: str) -> str:
    return hmac.new(secret_key(), f"{kind}:{value}".encode(), hashlib.sha256).hexdigest()


def _wait_left(throttle: LoginThrottle | None, now: dt.datetime) -> dt.timedelta:
    if throttle is None or throttle.failures < FREE_FAILURES:
        return dt.timedelta(0)
    delay = min(dt.timedelta(seconds=2 ** (throttle.failures - FREE_FAILURES)), MAX_DELAY)
    return max(as_utc(throttle.last_failure_at) + delay - now, dt.timedelta(0))


def _count_failure(db: Session, key: str, now: dt.datetime) -> None:
    throttle = db.get(LoginThrottle, key)
    if throttle is None:
        db.add(LoginThrottle(key_hash=key, failures=1, last_failure_at=now))
    else:
        throttle.failures += 1
        throttle.last_failure_at = now


def authenticate(*, db: Session, email: str, password: str, address: str) -> int:
    """The id of the person whose email and password these are; raises LoginRefusedError otherwise.

    ``address`` is the network address the attempt came from; only a keyed hash of it is kept.
    """
    now = utcnow()
    keys = [_throttle_key("account", email.strip().lower()), _throttle_key("address", address)]
    wait = max(_wait_left(db.get(LoginThrottle, key), now) for key in keys)
    if wait > dt.timedelta(0):
        raise LoginRefusedError("login.error.slow_down", seconds=int(wait.total_seconds()) + 1)

    person = db.scalars(select(Person).where(func.lower(Person.email) == email.strip().lower())).first()
    credential = db.get(LocalCredential, person.id) if person is not None else None
    try:
        _hasher.verify(credential.password_hash if credential else _DUMMY_HASH, password)
        accepted = credential is not None
    except (VerificationError, InvalidHashError):
        accepted = False

    if not accepted or person is None:
        for key in keys:
            _count_failure(db, key, now)
        audit.record(
            db=db,
            action="login_failed",
            object_type="person",
            object_id=person.id if person is not None else None,
        )
        raise LoginRefusedError("login.error.invalid")

    for key in keys:
        throttle = db.get(LoginThrottle, key)
        if throttle is not None:
            db.delete(throttle)
    if credential is not None and _hasher.check_needs_rehash(credential.password_hash):
        credential.password_hash = _hasher.hash(password)
    return person.id
