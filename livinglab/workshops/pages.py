"""Workshop pages: every workshop of the lab, and the boards of one workshop."""

from __future__ import annotations

import reflex as rx

from livinglab.core.taxonomy import TaxonomyScheme
from livinglab.identity.state import ViewerState
from livinglab.ui import routes, shell, theme
from livinglab.ui.i18n import t, t_choice, t_date, t_format
from livinglab.ui.taxonomy import term_label
from livinglab.ui.widgets import (
    SELECT_STYLE,
    badge,
    card,
    empty_state,
    form_dialog,
    form_error,
    labeled,
    listing,
    meta,
    page_header,
    submit_button,
    text_field,
)
from livinglab.workshops.facilitation import BoardTemplate
from livinglab.workshops.models import BoardPhase, WorkshopStatus
from livinglab.workshops.service import BoardSummary, WorkshopSummary
from livinglab.workshops.state import WorkshopBoardState, WorkshopsState


def workshop_card(workshop: rx.Var[WorkshopSummary]) -> rx.Component:
    return rx.link(
        card(
            rx.vstack(
                badge(
                    t_choice("workshop.status", WorkshopStatus, workshop.status),
                    workshop.status,
                    theme.STATUS_COLORS,
                ),
                rx.heading(workshop.title, as_="h2", size="5"),
                rx.text(workshop.purpose, size="3", color=theme.TEXT_MUTED),
                rx.hstack(
                    meta("calendar", t_date(workshop.scheduled_on)),
                    meta("building-2", workshop.organization_name),
                    meta("map-pin", term_label(TaxonomyScheme.REGION, workshop.region_code)),
                    meta("sticky-note", t_format("workshop.notes", count=workshop.note_count)),
                    spacing="4",
                    wrap="wrap",
                ),
                spacing="3",
                align="start",
            ),
            height="100%",
            _hover={"border_color": "var(--jade-7)"},
        ),
        href=routes.workshop(workshop.id),
        underline="none",
        color="inherit",
    )


def new_workshop_dialog() -> rx.Component:
    """For facilitators: a new workshop, as a draft of one of the organizations they facilitate."""
    return form_dialog(
        text_field(
            "workshop.field.title", "workshop-title", "title", default_value=WorkshopsState.draft_title
        ),
        labeled(
            "workshop.field.purpose",
            "workshop-purpose",
            rx.text_area(
                id="workshop-purpose",
                name="purpose",
                default_value=WorkshopsState.draft_purpose,
                size="3",
                width="100%",
                rows="3",
            ),
        ),
        text_field("workshop.field.date", "workshop-date", "scheduled_on", type="date"),
        labeled(
            "workshop.field.organization",
            "workshop-organization",
            rx.el.select(
                rx.foreach(
                    WorkshopsState.facilitated,
                    lambda organization: rx.el.option(organization.name, value=organization.id),
                ),
                id="workshop-organization",
                name="organization_id",
                style=SELECT_STYLE,
            ),
        ),
        form_error(WorkshopsState.error_message, "workshop-error"),
        trigger=rx.button(
            rx.icon("plus", aria_hidden="true"),
            t("workshop.new"),
            size="3",
            min_height=theme.TOUCH_TARGET,
            id="new-workshop",
        ),
        title_key="workshop.new",
        submit=submit_button("workshop.create", "check"),
        on_submit=WorkshopsState.create,
    )


def workshops_page() -> rx.Component:
    return shell.page(
        rx.flex(
            page_header("workshops.title", "workshops.intro", "sticky-note"),
            rx.cond(WorkshopsState.facilitated.length() > 0, new_workshop_dialog()),
            justify="between",
            align="start",
            gap="4",
            wrap="wrap",
            width="100%",
        ),
        listing(WorkshopsState.workshops, workshop_card, "workshops.empty"),
        active="workshops",
    )


def invitation_panel() -> rx.Component:
    """The facilitator's view of the room's door: open or close the workshop, and the code and QR code the
    tablets use, big enough to read from the back of the room on the projector."""
    workshop = WorkshopBoardState.workshop
    invitation = WorkshopBoardState.invitation
    return card(
        rx.cond(
            invitation,
            rx.flex(
                rx.image(
                    src=invitation.qr_code,
                    alt=t("workshop.invitation.qr_alt"),
                    width="200px",
                    height="200px",
                    min_width="200px",
                ),
                rx.vstack(
                    rx.text(t("workshop.invitation.code"), size="3", color=theme.TEXT_MUTED),
                    rx.text(
                        invitation.join_code,
                        id="join-code-shown",
                        font_size="44px",
                        font_weight="700",
                        letter_spacing="0.12em",
                        line_height="1.1",
                    ),
                    rx.text(t("workshop.invitation.address"), size="3", color=theme.TEXT_MUTED),
                    rx.text(invitation.join_url, size="3", weight="medium", overflow_wrap="anywhere"),
                    rx.button(
                        rx.icon("lock", aria_hidden="true"),
                        t("workshop.close"),
                        on_click=WorkshopBoardState.close_workshop(workshop.id),
                        variant="soft",
                        color_scheme="gray",
                        size="3",
                        min_height=theme.TOUCH_TARGET,
                    ),
                    spacing="2",
                    align="start",
                ),
                gap="6",
                align="center",
                wrap="wrap",
            ),
            rx.flex(
                rx.vstack(
                    rx.heading(t("workshop.invitation.closed_title"), as_="h2", size="5"),
                    rx.text(t("workshop.invitation.closed_text"), size="3", color=theme.TEXT_MUTED),
                    spacing="1",
                ),
                rx.button(
                    rx.icon("door-open", aria_hidden="true"),
                    t("workshop.open"),
                    on_click=WorkshopBoardState.open_workshop(workshop.id),
                    id="open-workshop",
                    size="3",
                    min_height=theme.TOUCH_TARGET,
                ),
                justify="between",
                align="center",
                gap="4",
                wrap="wrap",
            ),
        ),
        width="100%",
        aria_label=t("workshop.invitation.label"),
        role="region",
    )


def board_card(board: rx.Var[BoardSummary]) -> rx.Component:
    workshop = WorkshopBoardState.workshop
    return rx.link(
        card(
            rx.hstack(
                rx.center(
                    rx.icon("layout-dashboard", size=26, aria_hidden="true"),
                    width="52px",
                    height="52px",
                    min_width="52px",
                    border_radius="14px",
                    background=theme.ACCENT_SOFT,
                    color=theme.ACCENT_INK,
                ),
                rx.vstack(
                    rx.heading(board.title, as_="h3", size="5"),
                    rx.hstack(
                        meta("flag", t_choice("board.phase", tuple(BoardPhase), board.phase)),
                        meta("sticky-note", t_format("workshop.notes", count=board.note_count)),
                        spacing="4",
                        wrap="wrap",
                    ),
                    spacing="1",
                ),
                rx.spacer(),
                rx.icon("chevron-right", size=24, aria_hidden="true", color=theme.TEXT_MUTED),
                align="center",
                spacing="4",
                width="100%",
            ),
            _hover={"border_color": "var(--jade-7)"},
        ),
        href=routes.board(workshop.id, board.id),
        underline="none",
        color="inherit",
        class_name="board-link",
    )


def new_board_dialog() -> rx.Component:
    """For the workshop's facilitators: a board from a co-design template, or with columns of their own."""
    return form_dialog(
        text_field(
            "board.field.title", "board-title", "title", default_value=WorkshopBoardState.draft_board_title
        ),
        labeled(
            "board.field.template",
            "board-template",
            rx.el.select(
                *[
                    rx.el.option(t(f"template.{template.value}"), value=template.value)
                    for template in BoardTemplate
                ],
                id="board-template",
                name="template",
                style=SELECT_STYLE,
            ),
        ),
        labeled(
            "board.field.columns",
            "board-columns",
            rx.text_area(
                id="board-columns",
                name="columns",
                default_value=WorkshopBoardState.draft_columns,
                size="3",
                width="100%",
                rows="4",
            ),
        ),
        form_error(WorkshopBoardState.board_error_message, "board-error"),
        trigger=rx.button(
            rx.icon("plus", aria_hidden="true"),
            t("board.new"),
            size="3",
            variant="soft",
            min_height=theme.TOUCH_TARGET,
            id="new-board",
        ),
        title_key="board.new",
        submit=submit_button("board.create", "check"),
        on_submit=WorkshopBoardState.create_board,
    )


def workshop_board_page() -> rx.Component:
    workshop = WorkshopBoardState.workshop
    return shell.page(
        rx.cond(
            WorkshopBoardState.not_found,
            empty_state("workshop.not_found"),
            rx.cond(
                workshop,
                rx.vstack(
                    # Participants have no list of workshops to go back to.
                    rx.cond(
                        ViewerState.viewer_workshop_id == 0,
                        rx.link(
                            rx.hstack(rx.icon("arrow-left", size=18, aria_hidden="true"), t("workshop.back")),
                            href=routes.WORKSHOPS,
                            min_height=theme.TOUCH_TARGET,
                            display="flex",
                            align_items="center",
                        ),
                    ),
                    rx.hstack(
                        rx.heading(workshop.title, as_="h1", size="8"),
                        badge(
                            t_choice("workshop.status", WorkshopStatus, workshop.status),
                            workshop.status,
                            theme.STATUS_COLORS,
                        ),
                        align="center",
                        spacing="3",
                        wrap="wrap",
                    ),
                    rx.text(workshop.purpose, size="4", color=theme.TEXT_MUTED),
                    rx.cond(WorkshopBoardState.can_run, invitation_panel()),
                    rx.hstack(
                        rx.heading(t("board.list_title"), as_="h2", size="6"),
                        rx.cond(WorkshopBoardState.can_run, new_board_dialog()),
                        justify="between",
                        align="center",
                        width="100%",
                    ),
                    rx.cond(
                        workshop.boards.length() > 0,
                        rx.vstack(rx.foreach(workshop.boards, board_card), spacing="3", width="100%"),
                        empty_state("board.none"),
                    ),
                    spacing="4",
                    width="100%",
                ),
            ),
        ),
        active="workshops",
    )
