"""Slowing down guessing (passwords, workshop join codes): after a few failures, each new try waits longer.

Failures are counted under keyed hashes of what they concern (an account, a network address, a browser), so
the counts can be shared by every app worker while the addresses themselves are never stored.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac

from sqlalchemy.orm import Session

from livinglab.core.database import as_utc, utcnow
from livinglab.core.settings import secret_key
from livinglab.identity.models import LoginThrottle

# Failures allowed before slowing down; then the wait doubles with each failure, up to MAX_DELAY.
FREE_FAILURES = 3
MAX_DELAY = dt.timedelta(minutes=5)


def key(kind: str, value: str) -> str:
    return hmac.new(secret_key(), f"{kind}:{value}".encode(), hashlib.sha256).hexdigest()


def _wait_for(throttle: LoginThrottle | None, now: dt.datetime) -> dt.timedelta:
    if throttle is None or throttle.failures < FREE_FAILURES:
        return dt.timedelta(0)
    delay = min(dt.timedelta(seconds=2 ** (throttle.failures - FREE_FAILURES)), MAX_DELAY)
    return max(as_utc(throttle.last_failure_at) + delay - now, dt.timedelta(0))


def seconds_to_wait(*, db: Session, keys: list[str]) -> int:
    """0 if a new try may go ahead now, else how many whole seconds are left to wait."""
    now = utcnow()
    wait = max(_wait_for(db.get(LoginThrottle, throttle_key), now) for throttle_key in keys)
    return 0 if wait <= dt.timedelta(0) else int(wait.total_seconds()) + 1


def count_failure(*, db: Session, keys: list[str]) -> None:
    now = utcnow()
    for throttle_key in keys:
        throttle = db.get(LoginThrottle, throttle_key)
        if throttle is None:
            db.add(LoginThrottle(key_hash=throttle_key, failures=1, last_failure_at=now))
        else:
            throttle.failures += 1
            throttle.last_failure_at = now
    db.flush()


def clear(*, db: Session, keys: list[str]) -> None:
    for throttle_key in keys:
        throttle = db.get(LoginThrottle, throttle_key)
        if throttle is not None:
            db.delete(throttle)
