"""Slowing down guessing (passwords, workshop join codes) by rate, so that what an attacker gains has a bound
that can be stated as a number.

Each :class:`Limit` lets ``burst`` wrong guesses through at once, then one more every ``interval`` (a leaky
bucket, kept as the single moment its count drains back to nothing). Over any period T it lets through at most
``burst + T / interval`` wrong guesses, whatever their timing: :meth:`Limit.most_failures_in`.

Callers ask :func:`refuse_if_closed` before they check a guess, and count only wrong guesses with
:func:`count_failure`. A try refused by a closed limit is never checked, so the refused client learns nothing
about what it sent; and it is not counted either, so one client hammering a closed gate does not use up the
budget of the others it shares a wider limit with (a tablet and its room's address). A success clears
nothing: an attacker cannot buy fresh guesses by also knowing one right answer.

Counts are kept under keyed hashes of what they concern (an account, a network, a browser), so every app
worker shares them while the addresses themselves are never stored. The rows a check reads are locked until
the unit of work ends, so that concurrent workers cannot both spend a limit's last guess: the bounds hold
across workers.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import math
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import delete, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from livinglab.core import audit
from livinglab.core.database import as_utc, utcnow
from livinglab.core.errors import DomainError
from livinglab.core.settings import secret_key
from livinglab.identity.models import GuessThrottle

# Rows drained for this long are deleted: they mean the same as no row at all.
PURGE_AFTER = dt.timedelta(hours=1)


@dataclass(frozen=True)
class Limit:
    """How many wrong guesses one kind of key lets through.

    ``refusal`` is the message a refused person reads, with ``{seconds}`` to wait; a limit kept only for its
    alarm (one that must never refuse anyone) has none and is only ever counted, never asked. ``alarm``, if
    set, is the audit action written once per burst: when the burst is used up, and again only after the
    count has drained to nothing.
    """

    scope: str
    burst: int
    interval: dt.timedelta
    refusal: str
    alarm: str = ""
    # What the alarm's audit entry is about (its object type); the counter names the object, if any.
    alarm_about: str = ""

    def most_failures_in(self, period: dt.timedelta) -> int:
        """At most this many wrong guesses counted under one key in any ``period``."""
        return self.burst + math.floor(period / self.interval)

    @property
    def closed_above(self) -> dt.timedelta:
        """A key is closed while its count is further than this from draining: burst - 1 intervals, so that
        ``burst`` guesses at once fill it."""
        return (self.burst - 1) * self.interval


@dataclass(frozen=True)
class Counter:
    """One key a guess is counted under: the limit that applies and the hash of what it concerns."""

    limit: Limit
    key_hash: str
    # The audit object id for the limit's alarm (the account's person, when there is one).
    about_id: int | None = None


def counter(limit: Limit, subject: str, *, about_id: int | None = None) -> Counter:
    """The counter of ``subject`` (an address, a browser token, an email…) under ``limit``."""
    digest = hmac.new(secret_key(), f"{limit.scope}:{subject}".encode(), hashlib.sha256).hexdigest()
    return Counter(limit=limit, key_hash=digest, about_id=about_id)


class TooManyTriesError(DomainError):
    """A closed limit: the try was refused before anything was checked."""


def _insert_if_missing(db: Session, key_hashes: list[str], now: dt.datetime) -> None:
    dialect = postgresql if db.get_bind().dialect.name == "postgresql" else sqlite
    db.execute(
        dialect.insert(GuessThrottle)
        .values([{"key_hash": key, "empty_at": now, "burst_recorded": False} for key in key_hashes])
        .on_conflict_do_nothing()
    )


def _locked_rows(db: Session, counters: Sequence[Counter]) -> dict[str, GuessThrottle]:
    """Each counter's row, locked for this unit of work. Missing rows are made first, so that there is a row
    to lock even for a key's first guess; keys are taken in one order everywhere, so two workers never wait
    on each other crosswise. (SQLite has no row locks: its first write locks the whole database instead.)

    Read the clock after this returns: the lock may have been a long wait, and a time read before it would
    count the others' failures as more recent than they are."""
    keys = sorted({each.key_hash for each in counters})
    _insert_if_missing(db, keys, utcnow())
    rows = db.scalars(
        select(GuessThrottle)
        .where(GuessThrottle.key_hash.in_(keys))
        .order_by(GuessThrottle.key_hash)
        .with_for_update()
        .execution_options(populate_existing=True)
    ).all()
    return {row.key_hash: row for row in rows}


def _level(row: GuessThrottle, now: dt.datetime) -> dt.timedelta:
    return max(as_utc(row.empty_at) - now, dt.timedelta(0))


def refuse_if_closed(*, db: Session, counters: Sequence[Counter]) -> None:
    """Raise TooManyTriesError, naming the longest wait, if any of ``counters`` is closed; else return, with
    their rows locked until the caller's unit of work ends."""
    rows = _locked_rows(db, counters)
    now = utcnow()
    closed = [
        (_level(rows[each.key_hash], now) - each.limit.closed_above, each.limit)
        for each in counters
        if _level(rows[each.key_hash], now) > each.limit.closed_above
    ]
    if closed:
        wait, limit = max(closed, key=lambda pair: pair[0])
        raise TooManyTriesError(limit.refusal, count=math.ceil(wait.total_seconds()))


def count_failure(*, db: Session, counters: Sequence[Counter]) -> None:
    """One wrong guess, under each of ``counters``; an alarm in the audit log for each limit whose burst it
    uses up, once per burst."""
    rows = _locked_rows(db, counters)
    now = utcnow()
    for each in counters:
        row = rows[each.key_hash]
        level = _level(row, now)
        if level == dt.timedelta(0):
            # Drained to nothing: whatever comes next is a new burst.
            row.burst_recorded = False
        level += each.limit.interval
        row.empty_at = now + level
        if each.limit.alarm and level > each.limit.closed_above and not row.burst_recorded:
            row.burst_recorded = True
            audit.record(
                db=db,
                action=each.limit.alarm,
                object_type=each.limit.alarm_about,
                object_id=each.about_id,
                detail={"scope": each.limit.scope, "failures": each.limit.burst},
            )
    _purge_drained(db, now)


def _purge_drained(db: Session, now: dt.datetime) -> None:
    # Rows another unit of work holds are left for a later purge: waiting for them could deadlock.
    drained = (
        select(GuessThrottle.key_hash)
        .where(GuessThrottle.empty_at < now - PURGE_AFTER)
        .with_for_update(skip_locked=True)
    )
    db.execute(delete(GuessThrottle).where(GuessThrottle.key_hash.in_(drained)))
