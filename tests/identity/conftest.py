"""The throttles' clock, pinned: a test says when time passes instead of sleeping, and a slow machine running
it changes nothing."""

from __future__ import annotations

import datetime as dt

import pytest

from livinglab.core.database import utcnow
from livinglab.identity import throttle


class Clock:
    def __init__(self) -> None:
        self.now = utcnow()

    def __call__(self) -> dt.datetime:
        return self.now

    def advance(self, **duration: float) -> None:
        self.now += dt.timedelta(**duration)


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> Clock:
    pinned = Clock()
    monkeypatch.setattr(throttle, "utcnow", pinned)
    return pinned
