"""The audit trail: who did what to which object, kept for accountability to members and funders."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy import (
    ColumnElement,
    ForeignKey,
    Integer,
    String,
    case,
    cast,
    column,
    func,
    or_,
    select,
    table,
)
from sqlalchemy.orm import Mapped, Session, mapped_column

from livinglab.core.database import Base, as_utc, utcnow


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


# The audit page shows at most this many events: enough for an inquiry, bounded for a tablet.
LISTING_LIMIT = 200

# Read by table name, like the foreign key above: core cannot import identity's models.
_person = table("person", column("id", Integer), column("display_name", String))
_organization = table("organization", column("id", Integer), column("name", String))


@dataclass(frozen=True)
class AuditEntry:
    """One event as the audit page shows it, with names instead of ids where there is a name to show."""

    id: int
    occurred_at: dt.datetime
    action: str
    # Empty when nobody signed in acted (a failed sign-in) or the account has since been deleted.
    actor_name: str
    object_type: str
    object_id: str
    # The person the event is about (signed in, was granted a role…), and the organization it touched.
    about_person_name: str
    organization_name: str
    role: str


def _about_person_id() -> ColumnElement[int | None]:
    """The person an event is about: its object when that is a person, else the ``person_id`` of its detail
    (a role granted in an organization is about the person who got it)."""
    return case(
        (AuditEvent.object_type == "person", cast(AuditEvent.object_id, Integer)),
        else_=AuditEvent.detail["person_id"].as_integer(),
    )


def list_events(
    *,
    db: Session,
    action: str | None = None,
    person_id: int | None = None,
    since: dt.datetime | None = None,
    before: dt.datetime | None = None,
    limit: int = LISTING_LIMIT,
) -> list[AuditEntry]:
    """Events newest first, at most ``limit``: of one action, by or about one person, from ``since``
    (included) to ``before`` (excluded)."""
    actor = _person.alias("actor")
    about = _person.alias("about")
    about_id = _about_person_id()
    query = (
        select(
            AuditEvent.id,
            AuditEvent.occurred_at,
            AuditEvent.action,
            func.coalesce(actor.c.display_name, "").label("actor_name"),
            AuditEvent.object_type,
            func.coalesce(AuditEvent.object_id, "").label("object_id"),
            func.coalesce(about.c.display_name, "").label("about_person_name"),
            func.coalesce(_organization.c.name, "").label("organization_name"),
            func.coalesce(AuditEvent.detail["role"].as_string(), "").label("role"),
        )
        .outerjoin(actor, actor.c.id == AuditEvent.actor_person_id)
        .outerjoin(about, about.c.id == about_id)
        .outerjoin(
            _organization,
            (AuditEvent.object_type == "organization")
            & (cast(_organization.c.id, String) == AuditEvent.object_id),
        )
        .order_by(AuditEvent.occurred_at.desc(), AuditEvent.id.desc())
        .limit(limit)
    )
    if action:
        query = query.where(AuditEvent.action == action)
    if person_id is not None:
        query = query.where(or_(AuditEvent.actor_person_id == person_id, about_id == person_id))
    # SQLite compares stored times as text written in UTC: bounds must be in UTC too.
    if since is not None:
        query = query.where(AuditEvent.occurred_at >= since.astimezone(dt.UTC))
    if before is not None:
        query = query.where(AuditEvent.occurred_at < before.astimezone(dt.UTC))
    return [
        AuditEntry(**{**row._asdict(), "occurred_at": as_utc(row.occurred_at)}) for row in db.execute(query)
    ]
