"""Joining a workshop with a pseudonym and consent, and withdrawing that consent later."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from livinglab.core.audit import AuditEvent
from livinglab.core.errors import DomainError
from livinglab.core.i18n import LANGUAGES, catalog
from livinglab.identity import consent, sessions
from livinglab.identity import service as identity
from livinglab.identity.models import AuthSession, ConsentRecord, Guest, NotesOnWithdrawal, OrganizationKind
from livinglab.workshops import notes
from livinglab.workshops import service as workshops
from livinglab.workshops.models import BoardColumn, Note, Workshop, WorkshopStatus
from livinglab.workshops.rules import Actor


@pytest.fixture
def workshop(db: Session) -> Workshop:
    organization = identity.create_organization(
        db=db, name="Accueil test", slug="accueil-test", kind=OrganizationKind.MEMBER
    )
    return workshops.create_workshop(
        db=db,
        organization_id=organization.id,
        title="Atelier ouvert",
        purpose="Imaginer l'accueil",
        scheduled_on=dt.date(2026, 11, 21),
        status=WorkshopStatus.OPEN,
    )


@pytest.fixture
def column(db: Session, workshop: Workshop) -> BoardColumn:
    board = workshops.add_board(db=db, workshop=workshop, title="Idées")
    return workshops.add_column(db=db, board=board, title="Besoins")


def test_the_consent_text_exists_in_every_language() -> None:
    for lang in LANGUAGES:
        assert all(catalog(lang)[key].strip() for key in consent.consent_text_keys())


def test_joining_stores_the_consent_record_and_no_pseudonym_in_the_audit(
    db: Session, workshop: Workshop
) -> None:
    guest = consent.join_workshop(
        db=db, workshop_id=workshop.id, pseudonym="  Colibri ", language="en", consented=True
    )
    assert guest.pseudonym == "Colibri"
    record = consent.consent_of(db=db, guest_id=guest.id)
    assert record is not None
    assert (record.workshop_id, record.text_version, record.language, record.withdrawn_at) == (
        workshop.id,
        consent.CONSENT_VERSION,
        "en",
        None,
    )
    given = db.scalars(select(AuditEvent).where(AuditEvent.action == "consent_given")).one()
    assert given.object_id == str(record.id)
    assert "Colibri" not in str(given.detail)


@pytest.mark.parametrize(
    ("pseudonym", "consented", "key"),
    [
        ("Colibri", False, "consent.error.required"),
        ("   ", True, "guest.error.empty"),
        ("x" * 41, True, "guest.error.too_long"),
    ],
)
def test_nothing_is_stored_without_consent_or_a_valid_pseudonym(
    db: Session, workshop: Workshop, pseudonym: str, consented: bool, key: str
) -> None:
    with pytest.raises(DomainError) as refused:
        consent.join_workshop(
            db=db, workshop_id=workshop.id, pseudonym=pseudonym, language="fr", consented=consented
        )
    assert refused.value.key == key
    assert db.scalars(select(Guest).where(Guest.workshop_id == workshop.id)).all() == []
    assert db.scalars(select(ConsentRecord)).all() == []


def test_a_pseudonym_is_taken_whatever_its_case(db: Session, workshop: Workshop) -> None:
    consent.join_workshop(db=db, workshop_id=workshop.id, pseudonym="Amina", language="fr", consented=True)
    with pytest.raises(DomainError) as refused:
        consent.join_workshop(
            db=db, workshop_id=workshop.id, pseudonym="amina", language="fr", consented=True
        )
    assert refused.value.key == "guest.error.pseudonym_taken"


def test_a_closed_workshop_takes_no_one(db: Session, workshop: Workshop) -> None:
    workshops.close_workshop(db=db, workshop_id=workshop.id, by_person_id=None)
    with pytest.raises(DomainError) as refused:
        consent.join_workshop(
            db=db, workshop_id=workshop.id, pseudonym="Amina", language="fr", consented=True
        )
    assert refused.value.key == "join.error.closed"
    assert workshops.find_open_workshop(db=db, join_code=str(workshop.join_code)) is None


@pytest.mark.parametrize("choice", list(NotesOnWithdrawal))
def test_withdrawing_erases_the_guest_and_anonymizes_or_deletes_their_notes(
    db: Session, workshop: Workshop, column: BoardColumn, choice: NotesOnWithdrawal
) -> None:
    guest = consent.join_workshop(
        db=db, workshop_id=workshop.id, pseudonym="Colibri", language="fr", consented=True
    )
    other = consent.join_workshop(
        db=db, workshop_id=workshop.id, pseudonym="Héron", language="fr", consented=True
    )
    mine, theirs = (
        notes.post_note(
            db=db,
            board_id=column.board_id,
            column_id=column.id,
            text=text,
            color="yellow",
            actor=Actor(guest_id=author.id),
            request_key="tablette",
        )
        for author, text in ((guest, "Un parrainage"), (other, "Un café"))
    )
    token = sessions.start_session(db=db, guest_id=guest.id)
    record_id = consent.consent_of(db=db, guest_id=guest.id).id  # type: ignore[union-attr]

    consent.withdraw_consent(db=db, guest_id=guest.id, notes=choice)
    db.expire_all()

    assert db.get(Guest, guest.id) is None
    assert sessions.load_identity(db=db, token=token) is None
    assert db.scalars(select(AuthSession).where(AuthSession.guest_id == guest.id)).all() == []
    kept = db.get(Note, mine.id)
    if choice is NotesOnWithdrawal.DELETE:
        assert kept is None
    else:
        assert kept is not None
        assert (kept.text, kept.author_guest_id, kept.request_key) == ("Un parrainage", None, None)
    # Someone else's notes are untouched.
    assert db.get(Note, theirs.id).author_guest_id == other.id  # type: ignore[union-attr]
    record = db.get(ConsentRecord, record_id)
    assert record is not None
    assert record.guest_id is None
    assert record.withdrawn_at is not None
    assert record.notes_on_withdrawal is choice
    withdrawn = db.scalars(select(AuditEvent).where(AuditEvent.action == "consent_withdrawn")).one()
    assert withdrawn.detail == {"workshop_id": workshop.id, "notes": choice.value}
