"""The shared throttle: how many wrong guesses a limit lets through, and its alarm once per burst."""

from __future__ import annotations

import datetime as dt
import secrets
import threading
import time

import pytest
from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from livinglab.core.audit import AuditEvent
from livinglab.core.database import make_engine
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
    assert refused.value.params == {"count": 10}
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


@pytest.mark.postgres
def test_workers_checking_at_once_never_spend_a_limit_twice(migrated_postgres_url: str) -> None:
    """Twenty workers try at the same moment, each taking a while to check: the limit's rows are locked from
    the gate to the end of the unit of work, so no more than its burst get through."""
    limit = throttle.Limit(
        scope=f"race-{secrets.token_hex(4)}", burst=5, interval=dt.timedelta(hours=1), refusal="x"
    )
    engine = make_engine(migrated_postgres_url)
    checked: list[int] = []

    def worker(number: int) -> None:
        counters = [throttle.counter(limit, "everyone"), throttle.counter(limit, f"worker {number}")]
        with Session(engine) as db:
            try:
                throttle.refuse_if_closed(db=db, counters=counters)
            except throttle.TooManyTriesError:
                return
            time.sleep(0.05)
            checked.append(number)
            throttle.count_failure(db=db, counters=counters)
            db.commit()

    try:
        threads = [threading.Thread(target=worker, args=(number,)) for number in range(20)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert len(checked) == limit.burst
    finally:
        with Session(engine) as db:
            db.execute(delete(GuessThrottle))
            db.commit()
        engine.dispose()
