"""Local accounts: argon2 hashes, one answer for every wrong sign-in, and guessing slowed per account and
network and per network, never for the person an attacker targets."""

from __future__ import annotations

import pytest
from argon2 import PasswordHasher
from sqlalchemy import select
from sqlalchemy.orm import Session

from livinglab.core.audit import AuditEvent
from livinglab.core.database import session_scope
from livinglab.core.errors import DomainError
from livinglab.core.i18n import translate
from livinglab.identity import passwords
from livinglab.identity import service as identity
from livinglab.identity.models import GuessThrottle, LocalCredential, Person
from livinglab.identity.passwords import (
    ACCOUNT_ALARM,
    PER_ACCOUNT_AND_NETWORK,
    PER_NETWORK,
    LoginRefusedError,
)
from livinglab.identity.throttle import TooManyTriesError
from tests.identity.conftest import Clock

PASSWORD = "un-mot-de-passe-solide"


@pytest.fixture(autouse=True)
def cheap_hashes(monkeypatch: pytest.MonkeyPatch) -> None:
    """Argon2 at its lowest cost: these tests try hundreds of passwords, and the cost is argon2's business."""
    cheap = PasswordHasher(time_cost=1, memory_cost=8, parallelism=1)
    monkeypatch.setattr(passwords, "_hasher", cheap)
    monkeypatch.setattr(passwords, "_DUMMY_HASH", cheap.hash("no-such-account"))


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


def _wrong(db: Session, *, email: str = "helene@accueil.test", address: str, times: int = 1) -> None:
    """Wrong passwords, counted or refused unchecked once the throttle closes."""
    for attempt in range(times):
        with pytest.raises(DomainError):
            passwords.authenticate(db=db, email=email, password=f"essai {attempt}", address=address)


def test_the_victim_at_another_address_signs_in_at_once(db: Session, manager: Person) -> None:
    _wrong(db, address="203.0.113.66", times=50)
    assert passwords.authenticate(
        db=db, email="helene@accueil.test", password=PASSWORD, address="10.9.9.9"
    ) == (manager.id)


def test_the_attacker_is_slowed_at_its_address_even_with_the_right_password(
    db: Session, manager: Person, clock: Clock
) -> None:
    _wrong(db, address="203.0.113.66", times=PER_ACCOUNT_AND_NETWORK.burst)
    with pytest.raises(TooManyTriesError) as slowed:
        passwords.authenticate(db=db, email="helene@accueil.test", password=PASSWORD, address="203.0.113.66")
    assert slowed.value.key == "login.error.slow_down"
    # The next try is one interval away: 5 minutes.
    assert slowed.value.params == {"count": 300}
    clock.advance(minutes=5)
    assert passwords.authenticate(
        db=db, email="helene@accueil.test", password=PASSWORD, address="203.0.113.66"
    ) == (manager.id)


def test_other_accounts_at_the_attackers_address_sign_in_at_once(db: Session, manager: Person) -> None:
    colleague = identity.create_person(db=db, display_name="Karim", email="karim@accueil.test")
    passwords.set_password(db=db, person_id=colleague.id, password=PASSWORD)
    _wrong(db, address="10.2.0.1", times=7)
    assert passwords.authenticate(
        db=db, email="karim@accueil.test", password=PASSWORD, address="10.2.0.1"
    ) == (colleague.id)


@pytest.mark.usefixtures("clock")
def test_guessing_across_accounts_is_slowed_per_address(db: Session, manager: Person) -> None:
    for attempt in range(PER_NETWORK.burst):
        _wrong(db, email=f"inconnu{attempt}@x.test", address="10.2.0.1")
    with pytest.raises(TooManyTriesError) as slowed:
        passwords.authenticate(db=db, email="helene@accueil.test", password=PASSWORD, address="10.2.0.1")
    assert slowed.value.key == "login.error.slow_down_network"
    assert "réessayez dans 60 secondes" in translate(slowed.value.key, "fr", **slowed.value.params)
    # An IPv6 attacker cannot escape by moving within its /64.
    for attempt in range(PER_NETWORK.burst):
        _wrong(db, email=f"inconnu{attempt}@x.test", address=f"2001:db8:1:2::{attempt + 1:x}")
    with pytest.raises(TooManyTriesError):
        passwords.authenticate(
            db=db, email="helene@accueil.test", password=PASSWORD, address="2001:db8:1:2::ff"
        )


def test_guessing_one_account_from_many_addresses_raises_one_alarm(db: Session, manager: Person) -> None:
    for attempt in range(3 * ACCOUNT_ALARM.burst):
        _wrong(db, address=f"198.51.100.{attempt}")
    alarms = db.scalars(select(AuditEvent).where(AuditEvent.action == "login_guessing")).all()
    assert [(alarm.object_type, alarm.object_id, alarm.detail["scope"]) for alarm in alarms] == [
        ("person", str(manager.id), "login-account")
    ]
    # Meanwhile the person signs in from their own address.
    assert passwords.authenticate(
        db=db, email="helene@accueil.test", password=PASSWORD, address="10.9.9.9"
    ) == (manager.id)


def test_the_address_itself_is_never_stored(db: Session, manager: Person) -> None:
    with pytest.raises(LoginRefusedError):
        passwords.authenticate(db=db, email="helene@accueil.test", password="x", address="192.0.2.44")
    keys = db.scalars(select(GuessThrottle.key_hash)).all()
    assert keys
    assert all("192.0.2.44" not in key for key in keys)


def test_a_success_clears_no_failure(db: Session, manager: Person) -> None:
    # Knowing one password must not buy an attacker fresh guesses at the accounts it does not know.
    _wrong(db, address="10.3.0.1", times=PER_ACCOUNT_AND_NETWORK.burst - 1)
    passwords.authenticate(db=db, email="helene@accueil.test", password=PASSWORD, address="10.3.0.1")
    _wrong(db, address="10.3.0.1")
    with pytest.raises(TooManyTriesError):
        passwords.authenticate(db=db, email="helene@accueil.test", password=PASSWORD, address="10.3.0.1")


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
    for attempt in range(PER_ACCOUNT_AND_NETWORK.burst):
        with pytest.raises(LoginRefusedError), session_scope() as db:
            passwords.authenticate(
                db=db, email="helene@accueil.test", password=f"essai {attempt}", address="10.4.0.1"
            )

    with pytest.raises(TooManyTriesError) as slowed, session_scope() as db:
        passwords.authenticate(db=db, email="helene@accueil.test", password=PASSWORD, address="10.4.0.1")

    assert slowed.value.key == "login.error.slow_down"
    with session_scope() as db:
        failures = db.scalars(select(AuditEvent.action).where(AuditEvent.action == "login_failed")).all()
    assert len(failures) == PER_ACCOUNT_AND_NETWORK.burst
