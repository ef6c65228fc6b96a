"""The home page: the lab in two sentences, a participant's code box first, and a door for staff."""

from __future__ import annotations

import reflex as rx

from livinglab.identity.participant_pages import join_card
from livinglab.ui import routes, shell, theme
from livinglab.ui.i18n import t
from livinglab.ui.widgets import card

JOURNEY = (
    ("workshops", routes.WORKSHOPS, "sticky-note"),
    ("catalog", routes.CATALOG, "library-big"),
    ("cycles", routes.CYCLES, "refresh-cw"),
    ("adaptations", routes.ADAPTATIONS, "map-pinned"),
    ("evaluations", routes.EVALUATIONS, "clipboard-check"),
)


def hero() -> rx.Component:
    """The lab in two sentences, and beside them (below them on a portrait tablet) the code box: most people
    who open the app are participants holding a workshop's code, and the box is the first thing they need."""
    return rx.grid(
        rx.vstack(
            rx.heading(
                t("home.title"),
                as_="h1",
                size=rx.breakpoints(initial="8", md="9"),
                weight="bold",
                line_height="1.1",
            ),
            rx.text(t("home.intro"), size="5", color=theme.TEXT_MUTED, max_width="60ch"),
            spacing="4",
            justify="center",
        ),
        # A ring in the accent around the card: the one place on the page to start from.
        rx.box(join_card(), box_shadow=f"0 0 0 3px {theme.ACCENT_INK}", border_radius=theme.RADIUS_CARD),
        columns=rx.breakpoints(initial="1", md="2"),
        spacing="6",
        align="center",
        width="100%",
    )


def door(icon: str, title_key: str, text_key: str, action_key: str, href: str) -> rx.Component:
    return card(
        rx.vstack(
            rx.icon(icon, size=28, color=theme.ACCENT_INK, aria_hidden="true"),
            rx.heading(t(title_key), as_="h2", size="5"),
            rx.text(t(text_key), size="3", color=theme.TEXT_MUTED, flex="1"),
            rx.link(
                rx.button(
                    t(action_key),
                    rx.icon("arrow-right", aria_hidden="true"),
                    variant="soft",
                    size="3",
                    width="100%",
                    min_height=theme.TOUCH_TARGET,
                ),
                href=href,
                width="100%",
            ),
            spacing="3",
            align="start",
            height="100%",
        ),
        height="100%",
    )


def journey() -> rx.Component:
    return rx.vstack(
        rx.heading(t("home.journey.title"), as_="h2", size="6"),
        rx.text(t("home.journey.text"), size="3", color=theme.TEXT_MUTED),
        rx.el.ol(
            *(
                rx.el.li(
                    rx.link(
                        rx.hstack(
                            rx.center(
                                rx.text(str(position), weight="bold", size="2"),
                                width="28px",
                                height="28px",
                                min_width="28px",
                                border_radius="999px",
                                background="var(--jade-9)",
                                color="white",
                            ),
                            rx.icon(icon, size=20, color=theme.ACCENT_INK, aria_hidden="true"),
                            rx.text(t(f"nav.{key}"), size="3", weight="medium", color=theme.INK),
                            align="center",
                            spacing="2",
                        ),
                        href=href,
                        underline="none",
                        display="flex",
                        min_height=theme.TOUCH_TARGET,
                        padding="8px 14px",
                        border_radius="999px",
                        background="white",
                        border=theme.BORDER,
                    ),
                    list_style="none",
                )
                for position, (key, href, icon) in enumerate(JOURNEY, start=1)
            ),
            style={"display": "flex", "flex_wrap": "wrap", "gap": "12px", "padding": "0", "margin": "0"},
        ),
        spacing="3",
        width="100%",
    )


def home_page() -> rx.Component:
    return shell.page(
        hero(),
        rx.grid(
            door(
                "presentation",
                "home.facilitator.title",
                "home.facilitator.text",
                "home.facilitator.action",
                routes.WORKSHOPS,
            ),
            door(
                "chart-no-axes-combined",
                "home.manager.title",
                "home.manager.text",
                "home.manager.action",
                routes.EVALUATIONS,
            ),
            columns=rx.breakpoints(initial="1", sm="2"),
            spacing="4",
            width="100%",
        ),
        journey(),
        active="home",
    )
