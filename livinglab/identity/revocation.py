"""Access taken away, announced once it is true: sessions ended, roles removed, consents withdrawn.

A screen that is already open keeps what it was given until someone tells it otherwise: a live board keeps its
socket in the board's rooms (``livinglab.workshops.live``) and would go on sending it every new note. So the
services that take access away call ``access_lost`` inside their transaction, and once that transaction
commits every listener hears whose access shrank. Not before the commit: a listener that re-read the database
then would still find the old rights. Never after a rollback: nothing changed.

The services stay free of Reflex and of the live layer, which sits above them: the live layer subscribes here
(``on_access_lost``) when the app starts, the same direction as a state calling the fan-out after a service
committed. A listener runs inside the commit, on the committing thread: it schedules its work, it does not
block or query.

An announcement may be broader than the change (one session of a person ended, a savepoint rolled back after
``access_lost``): listeners re-read the truth for the people named, so announcing too much costs a check,
never a wrong answer.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy import event
from sqlalchemy.orm import Session

logger = logging.getLogger(__name__)

# Where a transaction keeps what it will announce (Session.info lives as long as the session).
_PENDING = "livinglab.access_lost"


@dataclass(frozen=True)
class AccessLost:
    """Whose access may have shrunk: people and workshop guests, by id."""

    person_ids: frozenset[int] = frozenset()
    guest_ids: frozenset[int] = frozenset()

    def __or__(self, other: AccessLost) -> AccessLost:
        return AccessLost(self.person_ids | other.person_ids, self.guest_ids | other.guest_ids)


Listener = Callable[[AccessLost], None]
_listeners: list[Listener] = []


def on_access_lost(listener: Listener) -> Callable[[], None]:
    """Calls ``listener`` after every commit that took access away; returns how to stop."""
    _listeners.append(listener)
    return lambda: _listeners.remove(listener)


def access_lost(*, db: Session, person_id: int | None = None, guest_id: int | None = None) -> None:
    """Inside the transaction that ends a session or removes a right: announce it once committed."""
    lost = AccessLost(
        frozenset() if person_id is None else frozenset({person_id}),
        frozenset() if guest_id is None else frozenset({guest_id}),
    )
    db.info[_PENDING] = db.info.get(_PENDING, AccessLost()) | lost


@event.listens_for(Session, "after_commit")
def _announce(db: Session) -> None:
    lost = db.info.pop(_PENDING, None)
    if lost is None:
        return
    for listener in list(_listeners):
        try:
            listener(lost)
        except Exception:
            # The change is committed whatever a listener does: the caller must not see it fail.
            logger.exception("a listener failed to hear that access was lost")


@event.listens_for(Session, "after_rollback")
def _forget(db: Session) -> None:
    db.info.pop(_PENDING, None)
