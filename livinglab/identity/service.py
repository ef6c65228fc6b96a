"""Organizations, people, roles and workshop guests."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass

from sqlalchemy import distinct, select
from sqlalchemy.orm import Session

from livinglab.core import audit
from livinglab.core.database import count_of
from livinglab.core.errors import DomainError
from livinglab.core.taxonomy import TaxonomyTerm, resolve_region
from livinglab.core.text import require_text
from livinglab.identity.models import Guest, Membership, Organization, OrganizationKind, Person, Role

PSEUDONYM_MAX_LENGTH = 40


# The name the CLI and the UI catch; an Error suffix would say nothing more.
class PersonExists(DomainError):  # noqa: N818
    def __init__(self, email: str) -> None:
        super().__init__("person.error.exists", email=email)


@dataclass(frozen=True)
class OrganizationSummary:
    id: int
    name: str
    kind: OrganizationKind
    region_code: str | None
    # People holding at least one role in the organization.
    member_count: int


@dataclass(frozen=True)
class OrganizationRef:
    """What other domains show of an organization."""

    id: int
    name: str
    region_code: str | None


def create_organization(
    *,
    db: Session,
    name: str,
    slug: str,
    kind: OrganizationKind,
    region_code: str | None = None,
    parent: Organization | None = None,
) -> Organization:
    organization = Organization(
        name=name,
        slug=slug,
        kind=kind,
        region=None if region_code is None else resolve_region(db=db, code=region_code),
        parent=parent,
    )
    db.add(organization)
    db.flush()
    return organization


def find_organization(*, db: Session, slug: str) -> Organization | None:
    return db.scalars(select(Organization).where(Organization.slug == slug)).one_or_none()


def create_person(
    *, db: Session, display_name: str, email: str | None = None, is_admin: bool = False
) -> Person:
    # Addresses are compared case-insensitively, as mail servers do.
    normalized = None if email is None else email.strip().lower()
    if normalized is not None and db.scalars(select(Person.id).where(Person.email == normalized)).first():
        raise PersonExists(normalized)
    person = Person(display_name=display_name, email=normalized, is_admin=is_admin)
    db.add(person)
    db.flush()
    return person


def create_admin(*, db: Session, email: str, display_name: str) -> Person:
    person = create_person(db=db, display_name=display_name, email=email, is_admin=True)
    audit.record(db=db, action="create_admin", object_type="person", object_id=person.id)
    return person


def add_membership(*, db: Session, person: Person, organization: Organization, role: Role) -> Membership:
    membership = Membership(person=person, organization=organization, role=role)
    db.add(membership)
    db.flush()
    audit.record(
        db=db,
        action="grant_role",
        object_type="organization",
        object_id=organization.id,
        detail={"person_id": person.id, "role": role.value},
    )
    return membership


def add_guest(*, db: Session, workshop_id: int, pseudonym: str) -> Guest:
    name = require_text(pseudonym, max_length=PSEUDONYM_MAX_LENGTH, subject="guest")
    taken = select(Guest.id).where(Guest.workshop_id == workshop_id, Guest.pseudonym == name)
    if db.scalars(taken).first():
        raise DomainError("guest.error.pseudonym_taken", pseudonym=name)
    guest = Guest(workshop_id=workshop_id, pseudonym=name)
    db.add(guest)
    db.flush()
    return guest


def list_organizations(*, db: Session) -> list[OrganizationSummary]:
    # The federation first, then its members by name.
    member_count = count_of(distinct(Membership.person_id), Membership.organization_id == Organization.id)
    rows = db.execute(
        select(Organization.id, Organization.name, Organization.kind, TaxonomyTerm.code, member_count)
        .outerjoin(TaxonomyTerm, Organization.region_id == TaxonomyTerm.id)
        .order_by(Organization.kind, Organization.name)
    )
    return [
        OrganizationSummary(id=id_, name=name, kind=kind, region_code=region, member_count=count)
        for id_, name, kind, region, count in rows
    ]


def organization_refs(*, db: Session, ids: Collection[int]) -> dict[int, OrganizationRef]:
    rows = db.execute(
        select(Organization.id, Organization.name, TaxonomyTerm.code)
        .outerjoin(TaxonomyTerm, Organization.region_id == TaxonomyTerm.id)
        .where(Organization.id.in_(ids))
    )
    return {id_: OrganizationRef(id=id_, name=name, region_code=region) for id_, name, region in rows}
