"""Organizations, people, their roles, and workshop guests.

Privacy by design: the lab never stores a person's IP address, device fingerprint or migratory status.
Migratory status describes whom a practice serves (a taxonomy term of the catalog), never a person.
"""

from __future__ import annotations

import datetime as dt
import enum

from sqlalchemy import ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from livinglab.core.database import Base, CreatedAtMixin
from livinglab.core.taxonomy import TaxonomyTerm


class OrganizationKind(enum.StrEnum):
    FEDERATION = "federation"
    MEMBER = "member"


class Role(enum.StrEnum):
    PARTICIPANT = "participant"
    PRACTITIONER = "practitioner"
    FACILITATOR = "facilitator"
    MANAGER = "manager"


class Organization(CreatedAtMixin, Base):
    __tablename__ = "organization"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    slug: Mapped[str] = mapped_column(String(80), unique=True)
    kind: Mapped[OrganizationKind]
    # Member organizations belong to the federation.
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("organization.id"))
    region_id: Mapped[int | None] = mapped_column(ForeignKey("taxonomy_term.id"))

    parent: Mapped[Organization | None] = relationship(
        remote_side=[id], back_populates="member_organizations"
    )
    member_organizations: Mapped[list[Organization]] = relationship(back_populates="parent")
    region: Mapped[TaxonomyTerm | None] = relationship()
    memberships: Mapped[list[Membership]] = relationship(
        back_populates="organization", cascade="all, delete-orphan", passive_deletes=True
    )


class Person(CreatedAtMixin, Base):
    __tablename__ = "person"

    id: Mapped[int] = mapped_column(primary_key=True)
    display_name: Mapped[str] = mapped_column(String(120))
    # Optional: a participant may hold an account without giving an email address.
    email: Mapped[str | None] = mapped_column(String(254), unique=True)
    locale: Mapped[str] = mapped_column(String(5), default="fr")
    is_admin: Mapped[bool] = mapped_column(default=False)

    memberships: Mapped[list[Membership]] = relationship(
        back_populates="person", cascade="all, delete-orphan", passive_deletes=True
    )


class Membership(Base):
    __tablename__ = "membership"
    __table_args__ = (UniqueConstraint("person_id", "organization_id", "role"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id", ondelete="CASCADE"))
    organization_id: Mapped[int] = mapped_column(ForeignKey("organization.id", ondelete="CASCADE"))
    role: Mapped[Role]

    person: Mapped[Person] = relationship(back_populates="memberships")
    organization: Mapped[Organization] = relationship(back_populates="memberships")


class Guest(CreatedAtMixin, Base):
    """A workshop participant without an account, known only by the pseudonym they chose."""

    __tablename__ = "guest"
    __table_args__ = (UniqueConstraint("workshop_id", "pseudonym"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    # Guests exist only for their workshop: deleting it erases them, which is what participants are promised.
    workshop_id: Mapped[int] = mapped_column(ForeignKey("workshop.id", ondelete="CASCADE"))
    pseudonym: Mapped[str] = mapped_column(String(40))


class AuthSession(CreatedAtMixin, Base):
    """A signed-in browser: a staff person, or a guest on a workshop tablet.

    The browser holds the random token in an HttpOnly cookie; only its SHA-256 is stored, so a copy of the
    database does not let anyone sign in.
    """

    __tablename__ = "auth_session"

    id: Mapped[int] = mapped_column(primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    person_id: Mapped[int | None] = mapped_column(ForeignKey("person.id", ondelete="CASCADE"), index=True)
    guest_id: Mapped[int | None] = mapped_column(ForeignKey("guest.id", ondelete="CASCADE"), index=True)
    last_seen_at: Mapped[dt.datetime]
    # The absolute end, whatever the activity: a session forgotten on a shared tablet does not live on.
    expires_at: Mapped[dt.datetime]
    ended_at: Mapped[dt.datetime | None]


class LocalCredential(Base):
    """The password of a person whose organization has no identity provider (argon2 hash)."""

    __tablename__ = "local_credential"

    person_id: Mapped[int] = mapped_column(ForeignKey("person.id", ondelete="CASCADE"), primary_key=True)
    password_hash: Mapped[str] = mapped_column(String(255))
    updated_at: Mapped[dt.datetime]


class LoginTicket(CreatedAtMixin, Base):
    """A one-use, short-lived pass from a successful sign-in to the HTTP route that sets the session cookie.

    Event handlers talk over the websocket and cannot set an HttpOnly cookie; the browser follows the ticket
    to /auth/session, which can. Only the browser that signed in may (``browser_hash``, see sessions.py).
    """

    __tablename__ = "login_ticket"

    id: Mapped[int] = mapped_column(primary_key=True)
    ticket_hash: Mapped[str] = mapped_column(String(64), unique=True)
    # SHA-256 of the secret in the asking browser's cookie; empty only for tickets older than the binding.
    browser_hash: Mapped[str | None] = mapped_column(String(64))
    person_id: Mapped[int | None] = mapped_column(ForeignKey("person.id", ondelete="CASCADE"))
    guest_id: Mapped[int | None] = mapped_column(ForeignKey("guest.id", ondelete="CASCADE"))
    expires_at: Mapped[dt.datetime]
    used_at: Mapped[dt.datetime | None]


class GuessThrottle(Base):
    """Wrong guesses (passwords, join codes) counted under one key: a browser, a network, an account and a
    network, or everyone at once. See livinglab/identity/throttle.py for how they are read.

    The key is a keyed hash: the address or email it concerns is never stored.
    """

    __tablename__ = "guess_throttle"

    key_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    # The moment the count has drained back to nothing; each wrong guess pushes it one interval later.
    # Indexed: drained rows are purged by it.
    empty_at: Mapped[dt.datetime] = mapped_column(index=True)
    # Whether this burst has been written to the audit log; a burst ends when the count has drained.
    burst_recorded: Mapped[bool] = mapped_column(default=False)


class ExternalIdentity(CreatedAtMixin, Base):
    """A person's account at an OpenID provider, by the provider's issuer and its stable subject id.

    The email only links the first sign-in to a person an administrator created; after that the subject
    alone counts, so a changed address at the provider does not lock anyone out or in.
    """

    __tablename__ = "external_identity"
    __table_args__ = (UniqueConstraint("issuer", "subject"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id", ondelete="CASCADE"), index=True)
    issuer: Mapped[str] = mapped_column(String(255))
    subject: Mapped[str] = mapped_column(String(255))


class OidcLogin(CreatedAtMixin, Base):
    """A sign-in under way at the OpenID provider: its state, nonce and PKCE verifier.

    Bound to the browser that started it: the callback must come with the cookie whose hash is kept here,
    so a state lifted from one browser's address bar is worthless in another.
    """

    __tablename__ = "oidc_login"

    id: Mapped[int] = mapped_column(primary_key=True)
    state_hash: Mapped[str] = mapped_column(String(64), unique=True)
    browser_hash: Mapped[str] = mapped_column(String(64))
    nonce: Mapped[str] = mapped_column(String(64))
    code_verifier: Mapped[str] = mapped_column(String(128))
    next_path: Mapped[str] = mapped_column(String(500))
    expires_at: Mapped[dt.datetime]


class PasswordLink(CreatedAtMixin, Base):
    """An administrator's one-time link for a person to set or reset their password."""

    __tablename__ = "password_link"

    id: Mapped[int] = mapped_column(primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id", ondelete="CASCADE"), index=True)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("person.id", ondelete="SET NULL"))
    expires_at: Mapped[dt.datetime]
    used_at: Mapped[dt.datetime | None]


class NotesOnWithdrawal(enum.StrEnum):
    """What a participant who withdraws consent chooses for the notes they wrote."""

    ANONYMIZE = "anonymize"
    DELETE = "delete"


class ConsentRecord(CreatedAtMixin, Base):
    """A participant's consent: which text (version and language) they accepted, when, and its withdrawal.

    It outlives the guest: after a withdrawal the pseudonym is gone but the record still shows that consent
    was asked, given and withdrawn. It holds no pseudonym, address or device information.
    """

    __tablename__ = "consent_record"

    id: Mapped[int] = mapped_column(primary_key=True)
    workshop_id: Mapped[int] = mapped_column(ForeignKey("workshop.id", ondelete="CASCADE"), index=True)
    guest_id: Mapped[int | None] = mapped_column(ForeignKey("guest.id", ondelete="SET NULL"), index=True)
    text_version: Mapped[str] = mapped_column(String(32))
    language: Mapped[str] = mapped_column(String(2))
    withdrawn_at: Mapped[dt.datetime | None]
    notes_on_withdrawal: Mapped[NotesOnWithdrawal | None]
