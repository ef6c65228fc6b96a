"""The shared throttle: how many wrong guesses a limit lets through, and its alarm once per burst."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from livinglab.core.audit import AuditEvent
from livinglab.identity import throttle
from livinglab.identity.models import GuessThrottle
from tests.identity.conftest import Clock

LIMIT = throttle.Limit(
    scope="test",
    burst=3,
    interval=dt.timedelta(seconds=10),
    refusal="join.error.slow_down",
    alarm="join_guessing",
)


def _try(db: Session, subject: str = "a") -> bool:
    """One wrong guess if the limit lets it through; whether it did."""
    counters = [throttle.counter(LIMIT, subject)]
    try:
        throttle.refuse_if_closed(db=db, counters=counters)
    except throttle.TooManyTriesError:
        return False
    throttle.count_failure(db=db, counters=counters)
    return True


def test_a_limit_lets_its_burst_through_then_one_per_interval(db: Session, clock: Clock) -> None:
    assert [_try(db) for _ in range(5)] == [True, True, True, False, False]
    with pytest.raises(throttle.TooManyTriesError) as refused:
        throttle.refuse_if_closed(db=db, counters=[throttle.counter(LIMIT, "a")])
    assert refused.value.params == {"seconds": 10}
    clock.advance(seconds=9)
    assert not _try(db)
    clock.advance(seconds=1)
    assert [_try(db), _try(db)] == [True, False]
    # Another key is counted apart.
    assert _try(db, "b")
    # In any period T, at most burst + T / interval.
    assert LIMIT.most_failures_in(dt.timedelta(minutes=1)) == 3 + 6


def test_the_alarm_is_recorded_once_per_burst(db: Session, clock: Clock) -> None:
    for _ in range(20):
        _try(db)
        clock.advance(seconds=5)
    # Still within one burst: the count never drained.
    alarms = select(AuditEvent).where(AuditEvent.action == "join_guessing")
    assert len(db.scalars(alarms).all()) == 1
    clock.advance(minutes=5)
    for _ in range(3):
        _try(db)
    assert len(db.scalars(alarms).all()) == 2


def test_drained_rows_are_purged(db: Session, clock: Clock) -> None:
    _try(db, "old")
    clock.advance(hours=2)
    _try(db, "new")
    assert db.scalars(select(GuessThrottle.key_hash)).all() == [throttle.counter(LIMIT, "new").key_hash]
