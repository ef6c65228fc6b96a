"""Who may write adaptation records: practitioners and facilitators of the recording organization, and
managers. Handlers name the record by the ``adaptation_id`` of the page's route."""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from livinglab.adaptations import service
from livinglab.catalog.access import can_write_for
from livinglab.identity.guard import Rule
from livinglab.identity.sessions import Identity


def adaptation_id(arguments: dict[str, Any]) -> int | None:
    raw = str(arguments.get("adaptation_id", ""))
    return int(raw) if raw.isdigit() else None


def can_edit(identity: Identity | None, db: Session, arguments: dict[str, Any]) -> bool:
    record = adaptation_id(arguments)
    organization = service.organization_of(db=db, adaptation_id=record) if record is not None else None
    return organization is not None and can_write_for(identity, organization)


ADAPTATION_EDITOR = Rule("adaptation_editor", can_edit)
