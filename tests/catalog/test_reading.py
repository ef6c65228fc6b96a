"""What a reader sees of a sheet: visitors only published sheets and none of the lab's work in progress."""

from __future__ import annotations

import dataclasses

from sqlalchemy.orm import Session

from livinglab.catalog import reading, review, sheets
from livinglab.catalog.review import Move
from livinglab.cycles import service as cycles
from tests.catalog.test_sheets import CONTENT, _organization


def test_visitors_see_published_sheets_without_the_labs_work_in_progress(db: Session) -> None:
    practice = sheets.create_sheet(
        db=db, organization_id=_organization(db).id, content=CONTENT, author_id=None
    )
    cycles.create_cycle(db=db, practice_id=practice.id, title="Rappel par texto", plan={})
    assert reading.sheet_view(db=db, slug=practice.slug, staff=False, reader=None) is None
    for move in (Move.SUBMIT, Move.PUBLISH):
        review.make_move(db=db, practice_id=practice.id, move=move, comment="", by_person_id=None)
    public = reading.sheet_view(db=db, slug=practice.slug, staff=False, reader=None)
    staff = reading.sheet_view(db=db, slug=practice.slug, staff=True, reader=None)
    assert public is not None
    assert staff is not None
    assert (public.cycles, staff.cycles[0].label) == ([], "1. Rappel par texto")
    assert [check.met for check in public.criteria].count(True) == len(CONTENT.evidence_criteria)


def test_the_description_is_rendered_inert(db: Session) -> None:
    hostile = dataclasses.replace(CONTENT, description_md="<img src=x onerror=alert(1)> **gras**")
    practice = sheets.create_sheet(
        db=db, organization_id=_organization(db).id, content=hostile, author_id=None
    )
    view = reading.sheet_view(db=db, slug=practice.slug, staff=True, reader=None)
    assert view is not None
    assert "<img" not in view.description_html
    assert "<strong>gras</strong>" in view.description_html
