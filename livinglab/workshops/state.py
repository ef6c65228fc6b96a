"""Workshop states: the list of workshops and the read view of one workshop's boards."""

from __future__ import annotations

import reflex as rx

from livinglab.core.database import session_scope
from livinglab.ui.i18n import LocaleState
from livinglab.workshops import service
from livinglab.workshops.service import WorkshopBoards, WorkshopSummary


class WorkshopsState(LocaleState):
    workshops: list[WorkshopSummary] = []

    @rx.event
    def load(self) -> None:
        with session_scope() as db:
            self.workshops = service.list_workshops(db=db)


class WorkshopBoardState(LocaleState):
    workshop: WorkshopBoards | None = None
    not_found: bool = False

    @rx.event
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
