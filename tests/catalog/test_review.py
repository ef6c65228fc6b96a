"""The life of a sheet: submit, send back with a comment, publish, archive, reopen; the review trail."""

from __future__ import annotations

import pytest
from sqlalchemy.orm import Session

from livinglab.catalog import review, sheets
from livinglab.catalog.models import Practice, PracticeStatus
from livinglab.catalog.review import Move
from livinglab.core.errors import DomainError
from tests.catalog.test_sheets import CONTENT, _organization


def _draft(db: Session) -> Practice:
    return sheets.create_sheet(db=db, organization_id=_organization(db).id, content=CONTENT, author_id=None)


def test_a_sheet_goes_from_draft_to_review_to_published_to_archived_and_back(db: Session) -> None:
    practice = _draft(db)
    for move, status in (
        (Move.SUBMIT, PracticeStatus.IN_REVIEW),
        (Move.PUBLISH, PracticeStatus.PUBLISHED),
        (Move.ARCHIVE, PracticeStatus.ARCHIVED),
        (Move.REOPEN, PracticeStatus.DRAFT),
    ):
        review.make_move(db=db, practice_id=practice.id, move=move, comment="", by_person_id=None)
        assert practice.status is status
    assert [entry.new_status for entry in review.comments(db=db, practice_id=practice.id)] == [
        "in_review",
        "published",
        "archived",
        "draft",
    ]


def test_sending_back_needs_a_comment_and_keeps_it(db: Session) -> None:
    practice = _draft(db)
    review.make_move(db=db, practice_id=practice.id, move=Move.SUBMIT, comment="", by_person_id=None)
    with pytest.raises(DomainError) as refused:
        review.make_move(
            db=db, practice_id=practice.id, move=Move.REQUEST_CHANGES, comment=" ", by_person_id=None
        )
    assert refused.value.key == "review.comment.error.empty"
    assert practice.status is PracticeStatus.IN_REVIEW
    review.make_move(
        db=db,
        practice_id=practice.id,
        move=Move.REQUEST_CHANGES,
        comment="Ajoutez le budget.",
        by_person_id=None,
    )
    review.add_comment(db=db, practice_id=practice.id, body="C'est fait.", by_person_id=None)
    trail = review.comments(db=db, practice_id=practice.id)
    assert [(entry.body, entry.new_status) for entry in trail[1:]] == [
        ("Ajoutez le budget.", "draft"),
        ("C'est fait.", ""),
    ]


def test_a_move_from_the_wrong_status_is_refused(db: Session) -> None:
    practice = _draft(db)
    with pytest.raises(DomainError) as refused:
        review.make_move(db=db, practice_id=practice.id, move=Move.PUBLISH, comment="", by_person_id=None)
    assert refused.value.key == "review.error.status"
    assert practice.status is PracticeStatus.DRAFT


def test_writers_submit_and_only_reviewers_publish() -> None:
    assert review.moves_from(PracticeStatus.DRAFT, reviewer=False, editor=True) == [Move.SUBMIT]
    assert review.moves_from(PracticeStatus.DRAFT, reviewer=False, editor=False) == []
    assert review.moves_from(PracticeStatus.IN_REVIEW, reviewer=False, editor=True) == []
    assert review.moves_from(PracticeStatus.IN_REVIEW, reviewer=True, editor=False) == [
        Move.PUBLISH,
        Move.REQUEST_CHANGES,
    ]
