"""Who may run and follow iteration cycles: the rules the cycle page's handlers declare with ``@guarded``.

Practitioners and facilitators of an organization carrying the practice run its cycles (plan, record, decide);
managers follow them: they read every cycle and comment, they do not fill them in. Every other staff member
reads. Handlers name the cycle by the ``cycle_id`` of the page's route.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from livinglab.catalog import sheets
from livinglab.catalog.access import WRITER_ROLES, is_reviewer, sheet_id
from livinglab.cycles.models import Cycle
from livinglab.identity.guard import Rule
from livinglab.identity.sessions import Identity


def runs_cycles(identity: Identity | None, carrier_ids: set[int]) -> bool:
    return identity is not None and any(
        identity.has_role(*WRITER_ROLES, organization_id=organization_id) for organization_id in carrier_ids
    )


def cycle_practice_id(db: Session, arguments: dict[str, Any]) -> int | None:
    """The practice of the cycle a handler touches, from the ``cycle_id`` of its page's route."""
    try:
        cycle_id = int(arguments.get("cycle_id", 0))
    except (TypeError, ValueError):
        return None
    return db.scalar(select(Cycle.practice_id).where(Cycle.id == cycle_id))


def _runs_practice(identity: Identity | None, db: Session, practice_id: int | None) -> bool:
    return practice_id is not None and runs_cycles(
        identity, sheets.carrier_ids(db=db, practice_id=practice_id)
    )


def _runs_the_cycle(identity: Identity | None, db: Session, arguments: dict[str, Any]) -> bool:
    return _runs_practice(identity, db, cycle_practice_id(db, arguments))


def _runs_the_practice(identity: Identity | None, db: Session, arguments: dict[str, Any]) -> bool:
    """For a practice's page (its ``slug``): may start its next cycle."""
    return _runs_practice(identity, db, sheet_id(db, arguments))


def _comments_on_the_cycle(identity: Identity | None, db: Session, arguments: dict[str, Any]) -> bool:
    return is_reviewer(identity) or _runs_the_cycle(identity, db, arguments)


CYCLE_RUNNER = Rule("cycle_runner", _runs_the_cycle)
CYCLE_COMMENTER = Rule("cycle_commenter", _comments_on_the_cycle)
PRACTICE_RUNNER = Rule("practice_runner", _runs_the_practice)
