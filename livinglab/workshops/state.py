"""Workshop states: the list of workshops (and a new one), and one workshop's boards with, for its
facilitators, the code and QR code that let the room's tablets in."""

from __future__ import annotations

import datetime as dt

import reflex as rx
from reflex.event import EventSpec

from livinglab.core.database import session_scope
from livinglab.core.errors import DomainError
from livinglab.core.i18n import translate_or_empty
from livinglab.identity import service as identity_service
from livinglab.identity import sessions
from livinglab.identity.guard import STAFF, current_identity, guarded
from livinglab.identity.service import OrganizationRef
from livinglab.ui import routes
from livinglab.ui.i18n import LocaleState
from livinglab.workshops import access, facilitation, service
from livinglab.workshops.invitation import Invitation, room_invitation
from livinglab.workshops.service import WorkshopBoards, WorkshopSummary


class WorkshopsState(LocaleState):
    workshops: list[WorkshopSummary] = []
    # Where the signed-in person may create a workshop: the organizations they facilitate.
    facilitated: list[OrganizationRef] = []
    error_key: str = ""
    draft_title: str = ""
    draft_purpose: str = ""

    @rx.event
    @guarded(STAFF)
    def load(self) -> None:
        identity = current_identity()
        with session_scope() as db:
            # Only the workshops this person may open: those of their own organizations (see access).
            self.workshops = service.list_workshops(
                db=db, organization_ids=sessions.staff_organizations(identity)
            )
            self.facilitated = (
                identity_service.facilitated_organizations(
                    db=db, person_id=identity.person_id, everywhere=identity.is_admin
                )
                if identity and identity.person_id
                else []
            )

    @rx.event
    @guarded(access.FACILITATOR)
    def create(self, form_data: dict[str, str]) -> EventSpec | None:
        # What was typed stays in the form whatever goes wrong.
        self.draft_title = form_data.get("title", "")[: service.TITLE_MAX_LENGTH * 2]
        self.draft_purpose = form_data.get("purpose", "")[: service.PURPOSE_MAX_LENGTH * 2]
        raw_organization = form_data.get("organization_id", "")
        organization_id = int(raw_organization) if raw_organization.isdigit() else 0
        try:
            scheduled_on = dt.date.fromisoformat(form_data.get("scheduled_on", ""))
        except ValueError:
            self.error_key = "workshop.error.date"
            return None
        if not access.can_facilitate(current_identity(), organization_id):
            self.error_key = "workshop.error.organization"
            return None
        identity = current_identity()
        try:
            with session_scope() as db:
                workshop = service.create_workshop(
                    db=db,
                    organization_id=organization_id,
                    title=self.draft_title,
                    purpose=self.draft_purpose,
                    scheduled_on=scheduled_on,
                    created_by_id=identity.person_id if identity else None,
                )
                workshop_id = workshop.id
        except DomainError as refused:
            self.error_key = refused.key
            return None
        self.error_key, self.draft_title, self.draft_purpose = "", "", ""
        return rx.redirect(routes.workshop(workshop_id))

    @rx.var
    def error_message(self) -> str:
        return translate_or_empty(self.error_key, self.lang)


class WorkshopBoardState(LocaleState):
    """A workshop's boards, without authors' names, for its organization's staff and the participants who
    joined it."""

    workshop: WorkshopBoards | None = None
    not_found: bool = False
    # Only for the workshop's facilitators: the buttons that open and close it, and the invitation.
    can_run: bool = False
    invitation: Invitation | None = None

    board_error_key: str = ""
    draft_board_title: str = ""
    draft_columns: str = ""

    @rx.event
    @guarded(access.WORKSHOP_VIEWER)
    def load(self) -> EventSpec | None:
        workshop_id = access.workshop_id_argument(self.router.page.params)
        self._show(workshop_id)
        identity = current_identity()
        # A participant goes straight to the board when there is only one: one screen less on the tablet.
        if self.workshop and identity and identity.guest_id and len(self.workshop.boards) == 1:
            return rx.redirect(routes.board(self.workshop.id, self.workshop.boards[0].id))
        return None

    @rx.event
    @guarded(access.FACILITATOR_OF_WORKSHOP)
    def create_board(self, form_data: dict[str, str]) -> EventSpec | None:
        workshop_id = access.workshop_id_argument(self.router.page.params)
        self.draft_board_title = form_data.get("title", "")[: facilitation.BOARD_TITLE_MAX_LENGTH * 2]
        self.draft_columns = form_data.get("columns", "")[:2000]
        template = form_data.get("template", "")
        if workshop_id is None or template not in {t.value for t in facilitation.BoardTemplate}:
            return None
        try:
            with session_scope() as db:
                board = facilitation.create_board(
                    db=db,
                    workshop_id=workshop_id,
                    title=self.draft_board_title,
                    template=facilitation.BoardTemplate(template),
                    free_columns=self.draft_columns.splitlines(),
                )
                board_id = board.id
        except DomainError as refused:
            self.board_error_key = refused.key
            return None
        self.board_error_key, self.draft_board_title, self.draft_columns = "", "", ""
        return rx.redirect(routes.board(workshop_id, board_id))

    @rx.var
    def board_error_message(self) -> str:
        return translate_or_empty(self.board_error_key, self.lang)

    @rx.event
    @guarded(access.FACILITATOR_OF_WORKSHOP)
    def open_workshop(self, workshop_id: int) -> None:
        identity = current_identity()
        with session_scope() as db:
            service.open_workshop(
                db=db, workshop_id=int(workshop_id), by_person_id=identity.person_id if identity else None
            )
        self._show(int(workshop_id))

    @rx.event
    @guarded(access.FACILITATOR_OF_WORKSHOP)
    def close_workshop(self, workshop_id: int) -> None:
        identity = current_identity()
        with session_scope() as db:
            service.close_workshop(
                db=db, workshop_id=int(workshop_id), by_person_id=identity.person_id if identity else None
            )
        self._show(int(workshop_id))

    def _show(self, workshop_id: int | None) -> None:
        with session_scope() as db:
            self.workshop = (
                None if workshop_id is None else service.get_workshop_boards(db=db, workshop_id=workshop_id)
            )
            self.can_run = self.workshop is not None and access.can_facilitate(
                current_identity(), self.workshop.organization_id
            )
            # The code goes to the facilitator's screen only; participants are already in.
            code = service.open_join_code(db=db, workshop_id=workshop_id) if self.can_run else None
        self.not_found = self.workshop is None
        self.invitation = room_invitation(join_code=code, request_host=self.router.headers.host)
