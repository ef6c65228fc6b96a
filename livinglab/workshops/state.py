"""Workshop states: the list of workshops and the read view of one workshop's boards."""

from __future__ import annotations

import reflex as rx

from livinglab.core.database import session_scope
from livinglab.identity.guard import PUBLIC, STAFF, guarded
from livinglab.ui.i18n import LocaleState
from livinglab.workshops import service
from livinglab.workshops.service import WorkshopBoards, WorkshopSummary


class WorkshopsState(LocaleState):
    workshops: list[WorkshopSummary] = []

    @rx.event
    @guarded(STAFF)
    def load(self) -> None:
        with session_scope() as db:
            self.workshops = service.list_workshops(db=db)


class WorkshopBoardState(LocaleState):
    """A workshop's boards, read-only and without authors' names: reached with the workshop's join code.

    It stays public until participants join with a pseudonym and consent (their own guest session).
    """

    workshop: WorkshopBoards | None = None
    not_found: bool = False

    @rx.event
    @guarded(PUBLIC)
    def load(self) -> None:
        # workshop_id is the dynamic segment of the route, a string the browser controls: parse, never trust.
        raw_id = str(self.workshop_id)
        workshop_id = int(raw_id) if raw_id.isdigit() else None
        with session_scope() as db:
            self.workshop = (
                service.get_workshop_boards(db=db, workshop_id=workshop_id)
                if workshop_id is not None
                else None
            )
        self.not_found = self.workshop is None
