"""The audit trail: who did what to which object, kept for accountability to members and funders."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, Session, mapped_column

from livinglab.core.database import Base, utcnow


class AuditEvent(Base):
    __tablename__ = "audit_event"

    id: Mapped[int] = mapped_column(primary_key=True)
    occurred_at: Mapped[dt.datetime] = mapped_column(default=utcnow, index=True)
    # By table name: core cannot import identity, which builds on core. The event outlives the account.
    actor_person_id: Mapped[int | None] = mapped_column(ForeignKey("person.id", ondelete="SET NULL"))
    action: Mapped[str] = mapped_column(String(64))
    object_type: Mapped[str] = mapped_column(String(64))
    object_id: Mapped[str | None] = mapped_column(String(64))
    detail: Mapped[dict[str, Any]] = mapped_column(default=dict)


def record(
    *,
    db: Session,
    action: str,
    object_type: str,
    actor_person_id: int | None = None,
    object_id: int | str | None = None,
    detail: dict[str, Any] | None = None,
) -> AuditEvent:
    event = AuditEvent(
        action=action,
        object_type=object_type,
        actor_person_id=actor_person_id,
        object_id=None if object_id is None else str(object_id),
        detail=detail or {},
    )
    db.add(event)
    return event
