"""Administration: organizations, people, roles, sessions and one-time password links.

The rules are tested on the services, on SQLite and PostgreSQL; the handlers are called the way Reflex calls
them, by a signed-in administrator and by staff who are not, against the demo lab.
"""

from __future__ import annotations

import datetime as dt
from urllib.parse import parse_qs, urlsplit

import pytest
import reflex as rx
from sqlalchemy import select
from sqlalchemy.orm import Session

from livinglab.core import database
from livinglab.core.audit import AuditEvent
from livinglab.core.database import utcnow
from livinglab.core.errors import DomainError
from livinglab.core.taxonomy import ensure_taxonomy
from livinglab.demo import DEMO_ADMIN_EMAIL, DEMO_MANAGER_EMAIL
from livinglab.identity import passwords, sessions
from livinglab.identity import service as identity
from livinglab.identity.admin_state import AdminState, AuditState, PasswordLinkState, browser_id
from livinglab.identity.guard import SESSION_COOKIE
from livinglab.identity.models import Membership, Organization, OrganizationKind, PasswordLink, Person, Role
from livinglab.identity.passwords import LINK_REFUSED, LoginRefusedError
from livinglab.ui import routes
from tests.conftest import state_for

NEW_PASSWORD = "une phrase assez longue"


# The rules, on both engines


@pytest.fixture
def admin(db: Session) -> Person:
    ensure_taxonomy(db=db)
    return identity.create_admin(db=db, email="admin@lab.test", display_name="Sophie")


@pytest.fixture
def karim(db: Session) -> Person:
    return identity.create_person(db=db, display_name="Karim", email="karim@lab.test")


def last_event(db: Session) -> AuditEvent:
    event = db.scalars(select(AuditEvent).order_by(AuditEvent.id.desc())).first()
    assert event is not None
    return event


def test_a_member_organization_joins_the_federation_in_its_region(db: Session, admin: Person) -> None:
    federation = identity.create_organization(
        db=db, name="Réseau", slug="reseau", kind=OrganizationKind.FEDERATION
    )

    added = identity.add_member_organization(
        db=db, name="  Accueil Laval  ", region_code="13", by_person_id=admin.id
    )

    assert (added.name, added.parent_id, added.region is not None and added.region.code) == (
        "Accueil Laval",
        federation.id,
        "13",
    )
    event = last_event(db)
    assert (event.action, event.object_id, event.actor_person_id) == (
        "create_organization",
        str(added.id),
        admin.id,
    )


@pytest.mark.parametrize(
    ("name", "region", "key"),
    [
        ("  ", "13", "organization.error.empty"),
        ("x" * 201, "13", "organization.error.too_long"),
        ("ACCUEIL ESTRIE", "05", "organization.error.exists"),
        ("Accueil Laval", "", "organization.error.no_region"),
        ("Accueil Laval", "99", "taxonomy.error.unknown_term"),
    ],
)
def test_a_member_organization_needs_a_new_name_and_a_region(
    db: Session, admin: Person, name: str, region: str, key: str
) -> None:
    identity.add_member_organization(db=db, name="Accueil Estrie", region_code="05", by_person_id=admin.id)
    with pytest.raises(DomainError) as refused:
        identity.add_member_organization(db=db, name=name, region_code=region, by_person_id=admin.id)
    assert refused.value.key == key


def test_names_that_differ_by_accents_only_get_distinct_slugs(db: Session, admin: Person) -> None:
    first = identity.add_member_organization(
        db=db, name="Café Accueil", region_code="05", by_person_id=admin.id
    )
    second = identity.add_member_organization(
        db=db, name="Cafe-Accueil !", region_code="05", by_person_id=admin.id
    )
    assert (first.slug, second.slug) == ("cafe-accueil", "cafe-accueil-2")


def test_a_person_is_added_with_or_without_an_email(db: Session, admin: Person) -> None:
    with_email = identity.add_person(
        db=db, display_name="Amina", email=" Amina@Lab.TEST ", by_person_id=admin.id
    )
    without = identity.add_person(db=db, display_name="Yusuf", email="", by_person_id=admin.id)

    assert (with_email.email, without.email) == ("amina@lab.test", None)
    event = last_event(db)
    assert (event.action, event.object_id, event.actor_person_id) == (
        "create_person",
        str(without.id),
        admin.id,
    )


@pytest.mark.parametrize(
    ("name", "email", "key"),
    [
        ("", "amina@lab.test", "person.error.empty"),
        ("Amina", "amina at lab", "person.error.email_invalid"),
        ("Amina", "karim@lab.test", "person.error.exists"),
    ],
)
def test_a_person_needs_a_name_and_a_free_valid_email(
    db: Session, admin: Person, karim: Person, name: str, email: str, key: str
) -> None:
    with pytest.raises(DomainError) as refused:
        identity.add_person(db=db, display_name=name, email=email, by_person_id=admin.id)
    assert refused.value.key == key


def test_granting_and_revoking_a_role_are_audited_with_who_did_it(
    db: Session, admin: Person, karim: Person
) -> None:
    organization = identity.add_member_organization(
        db=db, name="Accueil", region_code="05", by_person_id=admin.id
    )

    membership = identity.grant_role(
        db=db,
        person_id=karim.id,
        organization_id=organization.id,
        role=Role.FACILITATOR,
        by_person_id=admin.id,
    )
    granted = last_event(db)
    with pytest.raises(DomainError) as twice:
        identity.grant_role(
            db=db,
            person_id=karim.id,
            organization_id=organization.id,
            role=Role.FACILITATOR,
            by_person_id=admin.id,
        )
    identity.revoke_membership(db=db, membership_id=membership.id, by_person_id=admin.id)
    revoked = last_event(db)

    assert twice.value.key == "membership.error.exists"
    for event, action in ((granted, "grant_role"), (revoked, "revoke_role")):
        assert (event.action, event.actor_person_id, event.object_id, event.detail) == (
            action,
            admin.id,
            str(organization.id),
            {"person_id": karim.id, "role": "facilitator"},
        )
    assert db.get(Membership, membership.id) is None
    with pytest.raises(DomainError) as gone:
        identity.revoke_membership(db=db, membership_id=membership.id, by_person_id=admin.id)
    assert gone.value.key == "membership.error.not_found"


def test_people_are_listed_with_their_roles_and_open_sessions(
    db: Session, admin: Person, karim: Person
) -> None:
    organization = identity.add_member_organization(
        db=db, name="Accueil", region_code="05", by_person_id=admin.id
    )
    identity.grant_role(
        db=db, person_id=karim.id, organization_id=organization.id, role=Role.MANAGER, by_person_id=admin.id
    )
    sessions.start_session(db=db, person_id=karim.id)
    ended = sessions.start_session(db=db, person_id=karim.id)
    sessions.end_session(db=db, token=ended)

    listed = {person.display_name: person for person in identity.list_people(db=db)}

    assert [(grant.organization_name, grant.role) for grant in listed["Karim"].roles] == [
        ("Accueil", Role.MANAGER)
    ]
    assert (listed["Karim"].open_session_count, listed["Sophie"].open_session_count) == (1, 0)
    assert listed["Sophie"].is_admin


def test_a_password_link_works_once_and_ends_every_session(db: Session, admin: Person, karim: Person) -> None:
    signed_in = sessions.start_session(db=db, person_id=karim.id)
    issued = passwords.issue_password_link(db=db, person_id=karim.id, by_person_id=admin.id)

    assert issued.expires_at - utcnow() > dt.timedelta(hours=71)
    assert passwords.password_link_holder(db=db, token=issued.token) == "Karim"
    assert db.scalars(select(PasswordLink.token_hash)).all() != [issued.token]

    assert passwords.use_password_link(db=db, token=issued.token, password=NEW_PASSWORD) == karim.id

    assert passwords.authenticate(db=db, email="karim@lab.test", password=NEW_PASSWORD, address="10.0.0.1")
    assert sessions.load_identity(db=db, token=signed_in) is None
    assert last_event(db).action == "password_set"
    assert passwords.password_link_holder(db=db, token=issued.token) is None
    with pytest.raises(DomainError) as again:
        passwords.use_password_link(db=db, token=issued.token, password="une autre phrase longue")
    assert again.value.key == LINK_REFUSED


def test_an_expired_link_is_refused(db: Session, admin: Person, karim: Person) -> None:
    issued = passwords.issue_password_link(db=db, person_id=karim.id, by_person_id=admin.id)
    for link in db.scalars(select(PasswordLink).where(PasswordLink.person_id == karim.id)):
        link.expires_at = utcnow() - dt.timedelta(seconds=1)

    with pytest.raises(DomainError) as refused:
        passwords.use_password_link(db=db, token=issued.token, password=NEW_PASSWORD)
    assert refused.value.key == LINK_REFUSED


def test_a_refused_password_leaves_the_link_usable_and_a_newer_link_voids_it(
    db: Session, admin: Person, karim: Person
) -> None:
    first = passwords.issue_password_link(db=db, person_id=karim.id, by_person_id=admin.id)
    with pytest.raises(DomainError) as short:
        passwords.use_password_link(db=db, token=first.token, password="court")
    assert short.value.key == "password.error.too_short"
    assert passwords.password_link_holder(db=db, token=first.token) == "Karim"

    second = passwords.issue_password_link(db=db, person_id=karim.id, by_person_id=admin.id)

    assert passwords.password_link_holder(db=db, token=first.token) is None
    assert passwords.password_link_holder(db=db, token=second.token) == "Karim"


@pytest.mark.parametrize(
    ("sent", "parsed"),
    [
        (7, 7),
        ("7", 7),
        (" 12 ", 12),
        ("", None),
        ("7; drop", None),
        ("²", None),
        (str(2**40), None),
        (True, None),
        (0, None),
        (None, None),
    ],
)
def test_ids_from_the_browser_are_parsed_not_trusted(sent: object, parsed: int | None) -> None:
    assert browser_id(sent) == parsed


# The handlers, as Reflex calls them, on the demo lab


def cookie_of(email: str) -> str:
    with database.session_scope() as db:
        person = db.scalars(select(Person).where(Person.email == email)).one()
        return f"{SESSION_COOKIE}={sessions.start_session(db=db, person_id=person.id)}"


def person_id_of(name: str) -> int:
    with database.session_scope() as db:
        return db.scalars(select(Person.id).where(Person.display_name == name)).one()


def organization_id_of(name: str) -> int:
    with database.session_scope() as db:
        return db.scalars(select(Organization.id).where(Organization.name.startswith(name))).one()


def roles_of(person_id: int) -> set[tuple[int, Role]]:
    with database.session_scope() as db:
        rows = db.execute(
            select(Membership.organization_id, Membership.role).where(Membership.person_id == person_id)
        )
        return {(organization, role) for organization, role in rows}


def newest_event() -> AuditEvent:
    with database.session_scope() as db:
        return last_event(db)


def call(state: rx.State, handler: str, *args: object) -> object:
    return type(state).event_handlers[handler].fn(state, *args)


def admin_state() -> AdminState:
    state = state_for(AdminState, cookie=cookie_of(DEMO_ADMIN_EMAIL), path=routes.ADMIN)
    assert isinstance(state, AdminState)
    return state


def a_facilitator_email() -> str:
    with database.session_scope() as db:
        email = db.scalars(
            select(Person.email).join(Membership).where(Membership.role == Role.FACILITATOR)
        ).first()
    assert email is not None
    return email


@pytest.mark.parametrize("staff", ["manager", "facilitator"])
@pytest.mark.usefixtures("demo_database")
def test_staff_who_are_not_admins_are_refused_and_change_nothing(staff: str) -> None:
    email = DEMO_MANAGER_EMAIL if staff == "manager" else a_facilitator_email()
    yusuf = person_id_of("Yusuf Haddad")
    before = roles_of(yusuf)
    state = state_for(AdminState, cookie=cookie_of(email), path=routes.ADMIN)

    refusal = call(
        state,
        "grant_role",
        {"person_id": str(yusuf), "organization_id": str(organization_id_of("Réseau")), "role": "manager"},
    )

    # Signed in already: sent home, not to sign in.
    assert "_var_value='/'" in str(refusal)
    assert roles_of(yusuf) == before
    refused = newest_event()
    assert (refused.action, refused.object_id) == ("authorization_refused", "AdminState.grant_role")


@pytest.mark.usefixtures("demo_database")
def test_an_admin_grants_then_revokes_a_role_and_both_are_audited() -> None:
    state = admin_state()
    yusuf, federation = person_id_of("Yusuf Haddad"), organization_id_of("Réseau")
    admin_id = person_id_of("Sophie Tremblay")

    call(
        state,
        "grant_role",
        {"person_id": str(yusuf), "organization_id": str(federation), "role": "facilitator"},
    )

    assert (federation, Role.FACILITATOR) in roles_of(yusuf)
    granted = newest_event()
    assert (granted.action, granted.actor_person_id, granted.detail["person_id"]) == (
        "grant_role",
        admin_id,
        yusuf,
    )
    listed = next(person for person in state.people if person.id == yusuf)
    grant = next(grant for grant in listed.roles if grant.role == Role.FACILITATOR)

    call(state, "revoke_role", str(grant.membership_id))

    assert (federation, Role.FACILITATOR) not in roles_of(yusuf)
    revoked = newest_event()
    assert (revoked.action, revoked.actor_person_id, revoked.detail) == (
        "revoke_role",
        admin_id,
        {"person_id": yusuf, "role": "facilitator"},
    )


@pytest.mark.parametrize(
    "form",
    [
        {"person_id": "x", "organization_id": "1", "role": "manager"},
        {"organization_id": "1", "role": "manager"},
        {"person_id": "1", "organization_id": "", "role": "manager"},
        {"person_id": "1", "organization_id": "1", "role": "superuser"},
    ],
)
@pytest.mark.usefixtures("demo_database")
def test_a_malformed_grant_is_refused_with_a_message(form: dict[str, str]) -> None:
    state = admin_state()
    before = newest_event().id

    toast = call(state, "grant_role", form)

    assert "Choisissez une organisation et un rôle." in str(toast)
    assert newest_event().id == before


@pytest.mark.usefixtures("demo_database")
def test_a_refused_form_keeps_its_message_translated() -> None:
    state = admin_state()

    call(state, "add_organization", {"name": "Réseau Accueil Québec", "region": "05"})

    assert state.organization_error == "Une organisation s'appelle déjà « Réseau Accueil Québec »."
    state.lang = "en"
    assert state.organization_error == "An organization is already called “Réseau Accueil Québec”."


@pytest.mark.usefixtures("demo_database")
def test_an_admin_adds_an_organization_and_a_person() -> None:
    state = admin_state()
    call(state, "load")

    call(state, "add_organization", {"name": "Accueil Gatineau", "region": "07"})
    call(state, "add_person", {"name": "Amina Rahmani", "email": "amina@example.org"})

    added = next(
        organization for organization in state.organizations if organization.name == "Accueil Gatineau"
    )
    assert (added.region_code, added.member_count) == ("07", 0)
    assert any(person.email == "amina@example.org" for person in state.people)
    assert (state.organization_error, state.person_error) == ("", "")


@pytest.mark.usefixtures("demo_database")
def test_ending_all_sessions_really_ends_them() -> None:
    marie_eve = person_id_of("Marie-Ève Gagnon")
    her_cookie = cookie_of("marie-eve.gagnon@example.org")
    state = admin_state()

    call(state, "end_sessions", marie_eve)

    with database.session_scope() as db:
        assert sessions.load_identity(db=db, token=her_cookie.split("=", 1)[1]) is None
    assert next(person for person in state.people if person.id == marie_eve).open_session_count == 0
    assert newest_event().action == "sessions_ended"


@pytest.mark.usefixtures("demo_database")
def test_a_password_link_from_the_admin_page_works_once() -> None:
    daniel = person_id_of("Daniel Côté")
    state = admin_state()
    call(state, "create_password_link", str(daniel))

    link = urlsplit(state.password_link)
    assert (link.path, list(parse_qs(link.query))) == (routes.PASSWORD_LINK, ["jeton"])
    assert state.password_link_person_id == daniel
    path = f"{link.path}?{link.query}"

    first = state_for(PasswordLinkState, path=path)
    assert isinstance(first, PasswordLinkState)
    call(first, "load")
    assert (first.link_status, first.holder_name) == ("valid", "Daniel Côté")
    call(first, "choose_password", {"password": NEW_PASSWORD, "confirmation": "pas la même phrase"})
    assert (first.link_status, first.error_message) == (
        "valid",
        "Les deux mots de passe ne sont pas identiques. Tapez-les de nouveau.",
    )
    call(first, "choose_password", {"password": NEW_PASSWORD, "confirmation": NEW_PASSWORD})
    assert first.link_status == "done"
    with database.session_scope() as db:
        assert passwords.authenticate(
            db=db, email="daniel.cote@example.org", password=NEW_PASSWORD, address="10.0.0.9"
        )

    again = state_for(PasswordLinkState, path=path)
    assert isinstance(again, PasswordLinkState)
    call(again, "load")
    assert again.link_status == "invalid"
    call(
        again,
        "choose_password",
        {"password": "une autre phrase longue", "confirmation": "une autre phrase longue"},
    )
    assert again.link_status == "invalid"
    with database.session_scope() as db, pytest.raises(LoginRefusedError):
        passwords.authenticate(
            db=db, email="daniel.cote@example.org", password="une autre phrase longue", address="10.0.0.9"
        )


@pytest.mark.usefixtures("demo_database")
def test_an_expired_link_is_refused_on_the_page() -> None:
    state = admin_state()
    call(state, "create_password_link", person_id_of("Luc Pelletier"))
    with database.session_scope() as db:
        for stored in db.scalars(select(PasswordLink).where(PasswordLink.used_at.is_(None))):
            stored.expires_at = utcnow() - dt.timedelta(minutes=1)
    link = urlsplit(state.password_link)

    page = state_for(PasswordLinkState, path=f"{link.path}?{link.query}")
    assert isinstance(page, PasswordLinkState)
    call(page, "load")
    assert page.link_status == "invalid"


@pytest.mark.usefixtures("demo_database")
def test_the_audit_page_filters_by_action_and_person() -> None:
    state = state_for(AuditState, cookie=cookie_of(DEMO_ADMIN_EMAIL), path=routes.ADMIN_AUDIT)
    assert isinstance(state, AuditState)
    call(state, "load")
    assert 0 < len(state.events) <= 200
    karim = person_id_of("Karim Benali")

    call(state, "filter", {"action": "grant_role", "person_id": str(karim), "since": "", "until": ""})

    assert state.events
    assert {(event.action, event.about_person_name) for event in state.events} == {
        ("grant_role", "Karim Benali")
    }

    call(state, "filter", {"action": "", "person_id": "", "since": "2025-10-19", "until": "2025-10-18"})
    assert state.filter_error == "La date de fin précède la date de début."
    call(state, "filter", {"action": "", "person_id": "", "since": "hier", "until": ""})
    assert state.filter_error_key == "audit.error.date_invalid"
