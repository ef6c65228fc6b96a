"""Who may do what with an evaluation: practitioners and facilitators of the evaluating organization write
and submit it; managers review and decide (``catalog.access.is_reviewer``). Handlers name the evaluation by
the ``evaluation_id`` of the page's route.

Writing is for the evaluating organization's own staff only (its practitioners, facilitators and managers,
and administrators): a manager reviews every organization's evaluations, but writes and submits none in
another organization's name, or they could write, submit, approve and decide an evaluation alone, in the name
of an organization that never saw it.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from livinglab.catalog.access import WRITER_ROLES, is_reviewer
from livinglab.evaluations import service
from livinglab.identity.guard import Rule
from livinglab.identity.models import Role
from livinglab.identity.sessions import Identity

EVALUATOR_ROLES = (*WRITER_ROLES, Role.MANAGER)


def evaluation_id(arguments: dict[str, Any]) -> int | None:
    raw = str(arguments.get("evaluation_id", ""))
    return int(raw) if raw.isdigit() else None


def evaluates_for(identity: Identity | None, organization_id: int) -> bool:
    """May write and submit evaluations in the name of ``organization_id``."""
    return identity is not None and (
        identity.is_admin or identity.has_role(*EVALUATOR_ROLES, organization_id=organization_id)
    )


def evaluating_organizations(identity: Identity | None) -> set[int] | None:
    """The organizations ``identity`` may evaluate for; None means every one (administrators)."""
    if identity is not None and identity.is_admin:
        return None
    return {org for org, role in (identity.roles if identity else ()) if role in EVALUATOR_ROLES}


def can_edit(identity: Identity | None, db: Session, arguments: dict[str, Any]) -> bool:
    evaluation = evaluation_id(arguments)
    organization = (
        service.organization_of(db=db, evaluation_id=evaluation) if evaluation is not None else None
    )
    return organization is not None and evaluates_for(identity, organization)


def _takes_part(identity: Identity | None, db: Session, arguments: dict[str, Any]) -> bool:
    return is_reviewer(identity) or can_edit(identity, db, arguments)


EVALUATION_EDITOR = Rule("evaluation_editor", can_edit)
# The evaluation's writers (to submit it) and the reviewers (every other move).
EVALUATION_REVIEW = Rule("evaluation_review", _takes_part)
