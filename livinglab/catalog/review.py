"""The life of a sheet: brouillon → en révision → publiée → archivée, with the reviewers' comments.

Practitioners of the carrying organizations submit their draft; managers publish it, or send it back with a
comment saying what to change; they archive a sheet no longer in use and may reopen it as a draft. Each move
and each comment is kept on the sheet (``PracticeComment``) and in the audit trail.
"""

from __future__ import annotations

import datetime as dt
import enum
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from livinglab.catalog.models import Practice, PracticeComment, PracticeStatus
from livinglab.core import audit
from livinglab.core.database import as_utc
from livinglab.core.errors import DomainError
from livinglab.core.text import require_text
from livinglab.identity.models import Person

COMMENT_MAX_LENGTH = 4000


class Move(enum.StrEnum):
    SUBMIT = "submit"
    PUBLISH = "publish"
    REQUEST_CHANGES = "request_changes"
    ARCHIVE = "archive"
    REOPEN = "reopen"


@dataclass(frozen=True)
class Step:
    source: PracticeStatus
    target: PracticeStatus
    # Only managers review: every move but submitting a draft.
    reviewers_only: bool
    # Sending a sheet back without saying why leaves its writers guessing.
    needs_comment: bool


_S = PracticeStatus
STEPS: dict[Move, Step] = {
    Move.SUBMIT: Step(_S.DRAFT, _S.IN_REVIEW, reviewers_only=False, needs_comment=False),
    Move.PUBLISH: Step(_S.IN_REVIEW, _S.PUBLISHED, reviewers_only=True, needs_comment=False),
    Move.REQUEST_CHANGES: Step(_S.IN_REVIEW, _S.DRAFT, reviewers_only=True, needs_comment=True),
    Move.ARCHIVE: Step(_S.PUBLISHED, _S.ARCHIVED, reviewers_only=True, needs_comment=False),
    Move.REOPEN: Step(_S.ARCHIVED, _S.DRAFT, reviewers_only=True, needs_comment=False),
}


def moves_from(status: PracticeStatus, *, reviewer: bool, editor: bool) -> list[Move]:
    """The moves a person may make on a sheet in ``status``: the buttons the sheet page shows them."""
    return [
        move
        for move, step in STEPS.items()
        if step.source is status and (reviewer if step.reviewers_only else editor or reviewer)
    ]


def make_move(*, db: Session, practice_id: int, move: Move, comment: str, by_person_id: int | None) -> None:
    """Moves the sheet to the step's status, with the comment if any. The caller has checked who may."""
    step = STEPS[move]
    practice = db.scalars(select(Practice).where(Practice.id == practice_id).with_for_update()).one_or_none()
    if practice is None or practice.current_version is None:
        raise DomainError("sheet.error.not_found")
    if practice.status is not step.source:
        raise DomainError("review.error.status", status=practice.status.value)
    body = comment.strip()
    if step.needs_comment:
        body = require_text(comment, max_length=COMMENT_MAX_LENGTH, subject="review.comment")
    elif len(body) > COMMENT_MAX_LENGTH:
        raise DomainError("review.comment.error.too_long", max_length=COMMENT_MAX_LENGTH, length=len(body))
    practice.status = step.target
    db.add(
        PracticeComment(
            practice_id=practice.id,
            author_person_id=by_person_id,
            version_number=practice.current_version.number,
            body=body,
            new_status=step.target,
        )
    )
    db.flush()
    audit.record(
        db=db,
        action=f"practice_{move.value}",
        object_type="practice",
        object_id=practice.id,
        actor_person_id=by_person_id,
        detail={"version": practice.current_version.number},
    )


def add_comment(*, db: Session, practice_id: int, body: str, by_person_id: int | None) -> None:
    text = require_text(body, max_length=COMMENT_MAX_LENGTH, subject="review.comment")
    practice = db.get(Practice, practice_id)
    if practice is None or practice.current_version is None:
        raise DomainError("sheet.error.not_found")
    db.add(
        PracticeComment(
            practice_id=practice_id,
            author_person_id=by_person_id,
            version_number=practice.current_version.number,
            body=text,
        )
    )


@dataclass(frozen=True)
class CommentEntry:
    author_name: str
    written_at: dt.datetime
    version_number: int
    body: str
    # The status the sheet moved to with this comment; "" for a comment alone.
    new_status: str


def comments(*, db: Session, practice_id: int) -> list[CommentEntry]:
    """The sheet's review trail, oldest first: a conversation reads top to bottom."""
    rows = db.execute(
        select(PracticeComment, Person.display_name)
        .outerjoin(Person, Person.id == PracticeComment.author_person_id)
        .where(PracticeComment.practice_id == practice_id)
        .order_by(PracticeComment.created_at, PracticeComment.id)
    ).all()
    return [
        CommentEntry(
            author_name=name or "",
            written_at=as_utc(comment.created_at),
            version_number=comment.version_number,
            body=comment.body,
            new_status=comment.new_status.value if comment.new_status else "",
        )
        for comment, name in rows
    ]
