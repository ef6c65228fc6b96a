"""A practice of the live board's organization, and its first cycle, planned from nothing."""

from __future__ import annotations

import pytest
from sqlalchemy.orm import Session

from livinglab.catalog import sheets
from livinglab.core.taxonomy import ensure_taxonomy
from livinglab.cycles import service
from livinglab.cycles.models import Cycle
from livinglab.workshops.models import Board
from tests.catalog.test_sheets import CONTENT, _organization
from tests.workshops.conftest import LiveBoard, live  # noqa: F401  (the fixture, for these tests too)


def new_cycle(db: Session, organization_id: int | None = None) -> Cycle:
    """The first cycle of a new practice of ``organization_id`` (a new organization's by default)."""
    ensure_taxonomy(db=db)
    carrier = organization_id if organization_id is not None else _organization(db).id
    practice = sheets.create_sheet(db=db, organization_id=carrier, content=CONTENT, author_id=None)
    return service.create_cycle(db=db, practice_id=practice.id, title="Rappel par texto", plan={})


@pytest.fixture
def cycle(db: Session, live: LiveBoard) -> Cycle:  # noqa: F811
    return new_cycle(db, db.get_one(Board, live.board.id).workshop.organization_id)
