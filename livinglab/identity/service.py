"""Organizations, people, roles and workshop guests."""

from __future__ import annotations

import re
from collections.abc import Collection
from dataclasses import dataclass

from sqlalchemy import Select, distinct, func, select
from sqlalchemy.orm import Session

from livinglab.core import audit
from livinglab.core.database import count_of, utcnow
from livinglab.core.errors import DomainError
from livinglab.core.taxonomy import TaxonomyTerm, resolve_region
from livinglab.core.text import first_free_slug, require_text, slugify
from livinglab.identity import revocation
from livinglab.identity.models import (
    AuthSession,
    Guest,
    Membership,
    Organization,
    OrganizationKind,
    Person,
    Role,
)
from livinglab.identity.sessions import IDLE_TIMEOUT

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


def add_membership(
    *, db: Session, person: Person, organization: Organization, role: Role, by_person_id: int | None = None
) -> Membership:
    membership = Membership(person=person, organization=organization, role=role)
    db.add(membership)
    db.flush()
    audit.record(
        db=db,
        action="grant_role",
        object_type="organization",
        object_id=organization.id,
        actor_person_id=by_person_id,
        detail={"person_id": person.id, "role": role.value},
    )
    return membership


def add_guest(*, db: Session, workshop_id: int, pseudonym: str) -> Guest:
    name = require_text(pseudonym, max_length=PSEUDONYM_MAX_LENGTH, subject="guest")
    # « Amina » and « amina » on the same board would be two people no one can tell apart.
    taken = select(Guest.id).where(
        Guest.workshop_id == workshop_id, func.lower(Guest.pseudonym) == name.lower()
    )
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


def all_organizations(*, db: Session) -> list[OrganizationRef]:
    """Every organization, the federation first: the choices of a form."""
    return _refs(db, select(Organization))


def facilitated_organizations(*, db: Session, person_id: int, everywhere: bool) -> list[OrganizationRef]:
    """The organizations whose workshops a person runs: where they facilitate, or all (``everywhere``)."""
    if everywhere:
        return all_organizations(db=db)
    return _refs(
        db,
        select(Organization)
        .join(Membership)
        .where(Membership.person_id == person_id, Membership.role == Role.FACILITATOR),
    )


def _refs(db: Session, organizations: Select[Organization]) -> list[OrganizationRef]:
    """``organizations`` as refs, the federation first, then by name."""
    chosen = organizations.subquery()
    rows = db.execute(
        select(chosen.c.id, chosen.c.name, TaxonomyTerm.code)
        .outerjoin(TaxonomyTerm, chosen.c.region_id == TaxonomyTerm.id)
        .order_by(chosen.c.kind, chosen.c.name)
    )
    return [OrganizationRef(id=id_, name=name, region_code=region) for id_, name, region in rows]


def organization_refs(*, db: Session, ids: Collection[int]) -> dict[int, OrganizationRef]:
    rows = db.execute(
        select(Organization.id, Organization.name, TaxonomyTerm.code)
        .outerjoin(TaxonomyTerm, Organization.region_id == TaxonomyTerm.id)
        .where(Organization.id.in_(ids))
    )
    return {id_: OrganizationRef(id=id_, name=name, region_code=region) for id_, name, region in rows}


# The administration page: organizations, people and their roles. Every change names the administrator who
# made it in the audit trail.

ORGANIZATION_NAME_MAX_LENGTH = 200
PERSON_NAME_MAX_LENGTH = 120
EMAIL_MAX_LENGTH = 254
# One "@" with something on both sides and a dot in the domain: enough to catch a typo, without pretending
# to know every address a mail server accepts.
EMAIL_PATTERN = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")


@dataclass(frozen=True)
class RoleGrant:
    membership_id: int
    organization_id: int
    organization_name: str
    role: Role


@dataclass(frozen=True)
class PersonSummary:
    id: int
    display_name: str
    email: str
    is_admin: bool
    roles: list[RoleGrant]
    # Sessions that would still let a browser act now: not ended, not expired, not idle too long.
    open_session_count: int


@dataclass(frozen=True)
class PersonRef:
    id: int
    display_name: str


def add_member_organization(*, db: Session, name: str, region_code: str, by_person_id: int) -> Organization:
    """A new member of the federation, in a region; its name must not be another organization's."""
    name = require_text(name, max_length=ORGANIZATION_NAME_MAX_LENGTH, subject="organization")
    if db.scalars(select(Organization.id).where(func.lower(Organization.name) == name.lower())).first():
        raise DomainError("organization.error.exists", name=name)
    if not region_code:
        raise DomainError("organization.error.no_region")
    federation = db.scalars(
        select(Organization).where(Organization.kind == OrganizationKind.FEDERATION)
    ).first()
    organization = create_organization(
        db=db,
        name=name,
        slug=_free_organization_slug(db=db, name=name),
        kind=OrganizationKind.MEMBER,
        region_code=region_code,
        parent=federation,
    )
    audit.record(
        db=db,
        action="create_organization",
        object_type="organization",
        object_id=organization.id,
        actor_person_id=by_person_id,
    )
    return organization


def _free_organization_slug(*, db: Session, name: str) -> str:
    # Names differ but may share a slug once accents and punctuation are gone (« Café » and « Cafe! »).
    base = slugify(name, max_length=70) or "organisation"
    return first_free_slug(
        base, db.scalars(select(Organization.slug).where(Organization.slug.startswith(base, autoescape=True)))
    )


def add_person(*, db: Session, display_name: str, email: str, by_person_id: int) -> Person:
    """A new person, with an email address to sign in with, or none (a participant who gave none)."""
    name = require_text(display_name, max_length=PERSON_NAME_MAX_LENGTH, subject="person")
    address = email.strip()
    if address and (len(address) > EMAIL_MAX_LENGTH or not EMAIL_PATTERN.fullmatch(address)):
        raise DomainError("person.error.email_invalid", email=address)
    person = create_person(db=db, display_name=name, email=address or None)
    audit.record(
        db=db, action="create_person", object_type="person", object_id=person.id, actor_person_id=by_person_id
    )
    return person


def grant_role(
    *, db: Session, person_id: int, organization_id: int, role: Role, by_person_id: int
) -> Membership:
    person = db.get(Person, person_id)
    organization = db.get(Organization, organization_id)
    if person is None:
        raise DomainError("person.error.not_found")
    if organization is None:
        raise DomainError("organization.error.not_found")
    held = select(Membership.id).where(
        Membership.person_id == person_id,
        Membership.organization_id == organization_id,
        Membership.role == role,
    )
    if db.scalars(held).first():
        raise DomainError(
            "membership.error.exists", person=person.display_name, organization=organization.name
        )
    return add_membership(
        db=db, person=person, organization=organization, role=role, by_person_id=by_person_id
    )


def revoke_membership(*, db: Session, membership_id: int, by_person_id: int) -> None:
    membership = db.get(Membership, membership_id)
    if membership is None:
        raise DomainError("membership.error.not_found")
    audit.record(
        db=db,
        action="revoke_role",
        object_type="organization",
        object_id=membership.organization_id,
        actor_person_id=by_person_id,
        detail={"person_id": membership.person_id, "role": membership.role.value},
    )
    # The boards of that organization the person has open re-check what they may still show.
    revocation.access_lost(db=db, person_id=membership.person_id)
    db.delete(membership)
    db.flush()


def list_people(*, db: Session) -> list[PersonSummary]:
    """Every person by name, with their roles and how many browsers are signed in as them right now."""
    now = utcnow()
    open_sessions = count_of(
        AuthSession.id,
        AuthSession.person_id == Person.id,
        AuthSession.ended_at.is_(None),
        AuthSession.expires_at > now,
        AuthSession.last_seen_at > now - IDLE_TIMEOUT,
    )
    people = db.execute(
        select(Person.id, Person.display_name, Person.email, Person.is_admin, open_sessions).order_by(
            Person.display_name, Person.id
        )
    ).all()
    roles: dict[int, list[RoleGrant]] = {}
    for person_id, membership_id, organization_id, organization_name, role in db.execute(
        select(Membership.person_id, Membership.id, Organization.id, Organization.name, Membership.role)
        .join(Organization, Membership.organization_id == Organization.id)
        .order_by(Organization.name, Membership.role)
    ):
        roles.setdefault(person_id, []).append(
            RoleGrant(membership_id, organization_id, organization_name, role)
        )
    return [
        PersonSummary(
            id=id_,
            display_name=name,
            email=email or "",
            is_admin=is_admin,
            roles=roles.get(id_, []),
            open_session_count=sessions_open,
        )
        for id_, name, email, is_admin, sessions_open in people
    ]


def list_person_refs(*, db: Session) -> list[PersonRef]:
    rows = db.execute(select(Person.id, Person.display_name).order_by(Person.display_name, Person.id))
    return [PersonRef(id=id_, display_name=name) for id_, name in rows]
