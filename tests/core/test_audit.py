"""The audit log as administrators read it: newest first, bounded, with names, and filtered by action, by the
person who acted or whom the event is about, and by a range of days."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from sqlalchemy.orm import Session

from livinglab.core import audit
from livinglab.core.audit import AuditEvent
from livinglab.identity import service as identity
from livinglab.identity.models import Organization, OrganizationKind, Person, Role

NOON = dt.datetime(2025, 10, 18, 12, 0, tzinfo=dt.UTC)


@pytest.fixture
def admin(db: Session) -> Person:
    return identity.create_person(db=db, display_name="Sophie", email="sophie@audit.test", is_admin=True)


@pytest.fixture
def karim(db: Session) -> Person:
    return identity.create_person(db=db, display_name="Karim", email="karim@audit.test")


@pytest.fixture
def organization(db: Session) -> Organization:
    return identity.create_organization(
        db=db, name="Accueil Estrie", slug="accueil-estrie-audit", kind=OrganizationKind.MEMBER
    )


def at(db: Session, moment: dt.datetime, **event: Any) -> AuditEvent:
    """An event recorded at ``moment`` rather than now."""
    recorded = audit.record(db=db, **event)
    recorded.occurred_at = moment
    db.flush()
    return recorded


def test_events_come_newest_first_with_the_names_of_who_and_whom(
    db: Session, admin: Person, karim: Person, organization: Organization
) -> None:
    at(db, NOON, action="login", object_type="person", object_id=karim.id, actor_person_id=karim.id)
    grant = at(
        db,
        NOON + dt.timedelta(minutes=5),
        action="grant_role",
        object_type="organization",
        object_id=organization.id,
        actor_person_id=admin.id,
        detail={"person_id": karim.id, "role": Role.FACILITATOR.value},
    )
    at(db, NOON + dt.timedelta(minutes=9), action="login_failed", object_type="person")

    newest, granted, signed_in = audit.list_events(db=db)[:3]

    assert (newest.action, newest.actor_name, newest.about_person_name) == ("login_failed", "", "")
    assert granted.id == grant.id
    assert granted.occurred_at == NOON + dt.timedelta(minutes=5)
    assert (granted.actor_name, granted.about_person_name, granted.organization_name, granted.role) == (
        "Sophie",
        "Karim",
        "Accueil Estrie",
        "facilitator",
    )
    assert (signed_in.actor_name, signed_in.about_person_name) == ("Karim", "Karim")


def test_the_listing_is_bounded(db: Session) -> None:
    for minute in range(5):
        at(db, NOON + dt.timedelta(minutes=minute), action="logout", object_type="person", object_id="1")

    listed = audit.list_events(db=db, action="logout", limit=3)

    assert [entry.occurred_at.minute for entry in listed] == [4, 3, 2]


def test_filters_by_action(db: Session, karim: Person) -> None:
    at(db, NOON, action="login", object_type="person", object_id=karim.id, actor_person_id=karim.id)
    at(db, NOON, action="logout", object_type="person", object_id=karim.id, actor_person_id=karim.id)

    assert {entry.action for entry in audit.list_events(db=db, action="logout")} == {"logout"}


def test_a_person_filter_finds_what_they_did_and_what_was_done_to_them(
    db: Session, admin: Person, karim: Person, organization: Organization
) -> None:
    at(db, NOON, action="login", object_type="person", object_id=admin.id, actor_person_id=admin.id)
    at(
        db,
        NOON,
        action="grant_role",
        object_type="organization",
        object_id=organization.id,
        actor_person_id=admin.id,
        detail={"person_id": karim.id, "role": "manager"},
    )
    at(db, NOON, action="sessions_ended", object_type="person", object_id=karim.id, actor_person_id=admin.id)
    at(db, NOON, action="login_failed", object_type="person", object_id=karim.id)

    about_karim = audit.list_events(db=db, person_id=karim.id)
    by_or_about_admin = audit.list_events(db=db, person_id=admin.id)

    assert sorted(entry.action for entry in about_karim) == ["grant_role", "login_failed", "sessions_ended"]
    assert sorted(entry.action for entry in by_or_about_admin) == ["grant_role", "login", "sessions_ended"]


def test_filters_by_a_range_of_time(db: Session) -> None:
    for day in (17, 18, 19):
        at(db, NOON.replace(day=day), action="logout", object_type="person", object_id=str(day))
    montreal = dt.timezone(dt.timedelta(hours=-4))

    listed = audit.list_events(
        db=db,
        action="logout",
        since=dt.datetime(2025, 10, 18, tzinfo=montreal),
        before=dt.datetime(2025, 10, 19, tzinfo=montreal),
    )

    assert [entry.object_id for entry in listed] == ["18"]
