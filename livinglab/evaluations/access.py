"""Who may do what with an evaluation: practitioners and facilitators of the evaluating organization write
and submit it; managers review and decide (``catalog.access.is_reviewer``). Handlers name the evaluation by
the ``evaluation_id`` of the page's route."""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from livinglab.catalog.access import can_write_for, is_reviewer
from livinglab.evaluations import service
from livinglab.identity.guard import Rule
from livinglab.identity.sessions import Identity


def evaluation_id(arguments: dict[str, Any]) -> int | None:
    raw = str(arguments.get("evaluation_id", ""))
    return int(raw) if raw.isdigit() else None


def can_edit(identity: Identity | None, db: Session, arguments: dict[str, Any]) -> bool:
    evaluation = evaluation_id(arguments)
    organization = (
        service.organization_of(db=db, evaluation_id=evaluation) if evaluation is not None else None
    )
    return organization is not None and can_write_for(identity, organization)


def _takes_part(identity: Identity | None, db: Session, arguments: dict[str, Any]) -> bool:
    return is_reviewer(identity) or can_edit(identity, db, arguments)


EVALUATION_EDITOR = Rule("evaluation_editor", can_edit)
# The evaluation's writers (to submit it) and the reviewers (every other move).
EVALUATION_REVIEW = Rule("evaluation_review", _takes_part)
