"""Workshop pages: every workshop of the lab, and the boards of one workshop."""

from __future__ import annotations

import reflex as rx

from livinglab.core.taxonomy import TaxonomyScheme
from livinglab.ui import routes, shell, theme
from livinglab.ui.i18n import t, t_choice, t_date, t_format
from livinglab.ui.taxonomy import term_label
from livinglab.ui.widgets import badge, card, empty_state, meta
from livinglab.workshops.models import WorkshopStatus
from livinglab.workshops.service import BoardColumnView, NoteView, WorkshopSummary
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


def workshops_page() -> rx.Component:
    return shell.area_page("workshops", "sticky-note", WorkshopsState.workshops, workshop_card)


def note_view(note: rx.Var[NoteView]) -> rx.Component:
    return rx.el.li(
        rx.text(note.text, size="3"),
        list_style="none",
        background=rx.Var.create(theme.NOTE_COLORS)[note.color].to(str),
        padding="14px 16px",
        border_radius="10px",
        box_shadow="0 1px 4px rgba(45, 35, 20, 0.10)",
        overflow_wrap="anywhere",
    )


def column_view(column: rx.Var[BoardColumnView]) -> rx.Component:
    return rx.el.section(
        rx.vstack(
            rx.heading(column.title, as_="h3", size="4"),
            rx.cond(column.prompt, rx.text(column.prompt, size="2", color=theme.TEXT_MUTED)),
            rx.el.ul(
                rx.foreach(column.notes, note_view),
                style={
                    "display": "flex",
                    "flex_direction": "column",
                    "gap": "10px",
                    "padding": "0",
                    "margin": "0",
                },
            ),
            spacing="3",
            width="100%",
        ),
        background="var(--sand-3)",
        border_radius=theme.RADIUS_CARD,
        padding="16px",
        min_width="240px",
        aria_label=column.title,
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
                    rx.link(
                        rx.hstack(rx.icon("arrow-left", size=18, aria_hidden="true"), t("workshop.back")),
                        href=routes.WORKSHOPS,
                        min_height=theme.TOUCH_TARGET,
                        display="flex",
                        align_items="center",
                    ),
                    rx.heading(workshop.title, as_="h1", size="8"),
                    rx.text(workshop.purpose, size="4", color=theme.TEXT_MUTED),
                    rx.foreach(
                        workshop.boards,
                        lambda board: rx.vstack(
                            rx.heading(board.title, as_="h2", size="6"),
                            rx.grid(
                                rx.foreach(board.columns, column_view),
                                columns=rx.breakpoints(initial="1", sm="2", lg="4"),
                                spacing="4",
                                width="100%",
                            ),
                            spacing="3",
                            width="100%",
                        ),
                    ),
                    spacing="4",
                    width="100%",
                ),
            ),
        ),
        active="workshops",
    )
