"""A participant's consent: joining a workshop with a pseudonym after reading what is kept and why, and
withdrawing later, from the same tablet, with the notes anonymized or deleted as they choose.

The consent text is versioned: each version's paragraphs live in the message catalogs under
``consent.<version>.<part>``, and each record keeps the version and language that were shown. A new wording
gets a new version and new keys; the old ones stay, so every record can still show what was accepted.
"""

from __future__ import annotations

from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session

from livinglab.core import audit
from livinglab.core.database import utcnow
from livinglab.core.errors import DomainError
from livinglab.identity import revocation
from livinglab.identity.models import ConsentRecord, Guest, NotesOnWithdrawal
from livinglab.identity.service import add_guest
from livinglab.workshops.models import Note, Workshop, WorkshopStatus

CONSENT_VERSION = "v1"
# Purpose, what is kept and for how long, how to withdraw: what a participant reads before joining.
CONSENT_PARTS = ("purpose", "kept", "withdraw")


def consent_text_keys(version: str = CONSENT_VERSION) -> tuple[str, ...]:
    return tuple(f"consent.{version}.{part}" for part in CONSENT_PARTS)


def join_workshop(*, db: Session, workshop_id: int, pseudonym: str, language: str, consented: bool) -> Guest:
    """A new guest of an open workshop, with their consent on record. Nothing is stored without consent."""
    workshop = db.get(Workshop, workshop_id)
    if workshop is None or workshop.status is not WorkshopStatus.OPEN:
        raise DomainError("join.error.closed")
    if not consented:
        raise DomainError("consent.error.required")
    guest = add_guest(db=db, workshop_id=workshop_id, pseudonym=pseudonym)
    record = ConsentRecord(
        workshop_id=workshop_id, guest_id=guest.id, text_version=CONSENT_VERSION, language=language
    )
    db.add(record)
    db.flush()
    # The audit names the record, never the pseudonym: the trail must not outlive a withdrawal's erasure.
    audit.record(
        db=db,
        action="consent_given",
        object_type="consent_record",
        object_id=record.id,
        detail={"workshop_id": workshop_id, "version": CONSENT_VERSION},
    )
    return guest


def consent_of(*, db: Session, guest_id: int) -> ConsentRecord | None:
    return db.scalars(select(ConsentRecord).where(ConsentRecord.guest_id == guest_id)).first()


def withdraw_consent(*, db: Session, guest_id: int, notes: NotesOnWithdrawal) -> None:
    """Erase the guest: their pseudonym and sessions go; their notes lose their author or are deleted."""
    guest = db.get(Guest, guest_id)
    if guest is None:
        return
    record = consent_of(db=db, guest_id=guest_id)
    if notes is NotesOnWithdrawal.DELETE:
        db.execute(delete(Note).where(Note.author_guest_id == guest_id))
    else:
        # The resend key names its author too: cleared, the notes can no longer be tied back together.
        db.execute(
            update(Note)
            .where(Note.author_guest_id == guest_id)
            .values(author_guest_id=None, request_key=None)
        )
    if record is not None:
        record.withdrawn_at = utcnow()
        record.notes_on_withdrawal = notes
        record.guest_id = None
        audit.record(
            db=db,
            action="consent_withdrawn",
            object_type="consent_record",
            object_id=record.id,
            detail={"workshop_id": guest.workshop_id, "notes": notes.value},
        )
    # Deleting the guest ends their sessions and tickets too (ON DELETE CASCADE); their boards still open on
    # another tablet are told once this commits.
    revocation.access_lost(db=db, guest_id=guest_id)
    db.delete(guest)
    db.flush()
