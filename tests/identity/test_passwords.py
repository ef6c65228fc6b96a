"""Local accounts: argon2 hashes, one answer for every wrong sign-in, and guessing slowed per account and
per address."""

from __future__ import annotations

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from livinglab.core.audit import AuditEvent
from livinglab.core.database import session_scope
from livinglab.core.errors import DomainError
from livinglab.identity import passwords, throttle
from livinglab.identity import service as identity
from livinglab.identity.models import LocalCredential, LoginThrottle, Person
from livinglab.identity.passwords import LoginRefusedError

PASSWORD = "un-mot-de-passe-solide"


@pytest.fixture
def manager(db: Session) -> Person:
    person = identity.create_person(db=db, display_name="Hélène", email="helene@accueil.test")
    passwords.set_password(db=db, person_id=person.id, password=PASSWORD)
    return person


def test_the_password_is_stored_as_an_argon2_hash(db: Session, manager: Person) -> None:
    stored = db.get(LocalCredential, manager.id)
    assert stored is not None
    assert stored.password_hash.startswith("$argon2id$")
    assert PASSWORD not in stored.password_hash


def test_the_right_password_signs_in_whatever_the_email_case(db: Session, manager: Person) -> None:
    assert passwords.authenticate(
        db=db, email=" Helene@Accueil.test ", password=PASSWORD, address="10.0.0.1"
    ) == (manager.id)


def test_a_wrong_password_and_an_unknown_account_get_the_same_answer(db: Session, manager: Person) -> None:
    with pytest.raises(LoginRefusedError) as wrong_password:
        passwords.authenticate(db=db, email=manager.email or "", password="pas le bon", address="10.0.0.2")
    with pytest.raises(LoginRefusedError) as unknown_account:
        passwords.authenticate(db=db, email="personne@nulle.part", password="pas le bon", address="10.0.0.3")
    assert wrong_password.value.key == unknown_account.value.key == "login.error.invalid"
    assert wrong_password.value.params == unknown_account.value.params == {}


def test_guessing_is_slowed_per_account_even_with_the_right_password(db: Session, manager: Person) -> None:
    for attempt in range(throttle.FREE_FAILURES):
        with pytest.raises(LoginRefusedError):
            passwords.authenticate(
                db=db, email="helene@accueil.test", password=f"essai {attempt}", address=f"10.1.0.{attempt}"
            )
    with pytest.raises(LoginRefusedError) as slowed:
        passwords.authenticate(db=db, email="helene@accueil.test", password=PASSWORD, address="10.9.9.9")
    assert slowed.value.key == "login.error.slow_down"
    assert int(str(slowed.value.params["seconds"])) >= 1


def test_guessing_is_slowed_per_address_across_accounts(db: Session, manager: Person) -> None:
    for attempt in range(throttle.FREE_FAILURES):
        with pytest.raises(LoginRefusedError):
            passwords.authenticate(db=db, email=f"inconnu{attempt}@x.test", password="x", address="10.2.0.1")
    with pytest.raises(LoginRefusedError) as slowed:
        passwords.authenticate(db=db, email="helene@accueil.test", password=PASSWORD, address="10.2.0.1")
    assert slowed.value.key == "login.error.slow_down"


def test_the_address_itself_is_never_stored(db: Session, manager: Person) -> None:
    with pytest.raises(LoginRefusedError):
        passwords.authenticate(db=db, email="helene@accueil.test", password="x", address="192.0.2.44")
    keys = db.scalars(select(LoginThrottle.key_hash)).all()
    assert keys
    assert all("192.0.2.44" not in key for key in keys)


def test_a_success_clears_the_account_count(db: Session, manager: Person) -> None:
    with pytest.raises(LoginRefusedError):
        passwords.authenticate(db=db, email="helene@accueil.test", password="x", address="10.3.0.1")
    passwords.authenticate(db=db, email="helene@accueil.test", password=PASSWORD, address="10.3.0.1")
    assert db.scalars(select(LoginThrottle)).all() == []


@pytest.mark.parametrize(
    ("password", "key"), [("court", "password.error.too_short"), ("x" * 201, "password.error.too_long")]
)
def test_weak_or_absurd_passwords_are_refused(db: Session, manager: Person, password: str, key: str) -> None:
    with pytest.raises(DomainError) as refused:
        passwords.set_password(db=db, person_id=manager.id, password=password)
    assert refused.value.key == key


@pytest.mark.usefixtures("app_database")
def test_failures_are_kept_from_one_sign_in_attempt_to_the_next() -> None:
    # Each attempt is its own unit of work, as in the app: the counts must survive the refusal.
    with session_scope() as db:
        person = identity.create_person(db=db, display_name="Hélène", email="helene@accueil.test")
        passwords.set_password(db=db, person_id=person.id, password=PASSWORD)
    for attempt in range(throttle.FREE_FAILURES):
        with pytest.raises(LoginRefusedError), session_scope() as db:
            passwords.authenticate(
                db=db, email="helene@accueil.test", password=f"essai {attempt}", address="10.4.0.1"
            )

    with pytest.raises(LoginRefusedError) as slowed, session_scope() as db:
        passwords.authenticate(db=db, email="helene@accueil.test", password=PASSWORD, address="10.4.0.1")

    assert slowed.value.key == "login.error.slow_down"
    with session_scope() as db:
        failures = db.scalars(select(AuditEvent.action).where(AuditEvent.action == "login_failed")).all()
    assert len(failures) == throttle.FREE_FAILURES
