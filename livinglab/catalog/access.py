"""Who may write and review practice sheets: the rules the catalogue's handlers declare with ``@guarded``.

Practitioners (and facilitators) of a carrying organization edit its sheets and submit them for review;
managers review, comment, publish and archive every sheet of the network, and may edit them too. Handlers
name the sheet by the ``slug`` of the page's route.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from livinglab.catalog import sheets
from livinglab.catalog.models import Practice
from livinglab.identity.guard import Rule
from livinglab.identity.models import Role
from livinglab.identity.sessions import Identity

WRITER_ROLES = (Role.PRACTITIONER, Role.FACILITATOR)


def is_reviewer(identity: Identity | None) -> bool:
    return identity is not None and (identity.is_admin or identity.has_role(Role.MANAGER))


def can_write_for(identity: Identity | None, organization_id: int) -> bool:
    """May write a new sheet carried by ``organization_id``."""
    return is_reviewer(identity) or (
        identity is not None and identity.has_role(*WRITER_ROLES, organization_id=organization_id)
    )


def writable_organizations(identity: Identity | None) -> set[int] | None:
    """The organizations ``identity`` may write sheets for; None means every one (reviewers)."""
    if is_reviewer(identity):
        return None
    return {org for org, role in (identity.roles if identity else ()) if role in WRITER_ROLES}


def can_edit(identity: Identity | None, carrier_ids: set[int]) -> bool:
    return any(can_write_for(identity, organization_id) for organization_id in carrier_ids) or is_reviewer(
        identity
    )


def sheet_id(db: Session, arguments: dict[str, Any]) -> int | None:
    """The sheet a handler touches, from the ``slug`` of its page's route."""
    slug = str(arguments.get("slug", ""))
    return db.scalar(select(Practice.id).where(Practice.slug == slug)) if slug else None


def _edits_the_sheet(identity: Identity | None, db: Session, arguments: dict[str, Any]) -> bool:
    practice_id = sheet_id(db, arguments)
    return practice_id is not None and can_edit(identity, sheets.carrier_ids(db=db, practice_id=practice_id))


def _writes_somewhere(identity: Identity | None, _db: Session, _arguments: dict[str, Any]) -> bool:
    return is_reviewer(identity) or (identity is not None and identity.has_role(*WRITER_ROLES))


def _reviews(identity: Identity | None, _db: Session, _arguments: dict[str, Any]) -> bool:
    return is_reviewer(identity)


SHEET_EDITOR = Rule("sheet_editor", _edits_the_sheet)
WRITER = Rule("sheet_writer", _writes_somewhere)
REVIEWER = Rule("reviewer", _reviews)
