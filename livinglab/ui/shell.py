"""The frame around every page: brand, language switch, navigation to the five areas of the lab."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import reflex as rx

from livinglab.core.i18n import LANGUAGES
from livinglab.identity.state import ViewerState
from livinglab.ui import routes, theme
from livinglab.ui.i18n import LocaleState, reader_language, t
from livinglab.ui.widgets import NativeForm, listing, page_header


@dataclass(frozen=True)
class Section:
    key: str
    route: str
    icon: str


# The brand links home, so the navigation holds only the five areas: they fit a portrait tablet on one row.
SECTIONS = (
    Section("workshops", routes.WORKSHOPS, "sticky-note"),
    Section("catalog", routes.CATALOG, "library-big"),
    Section("cycles", routes.CYCLES, "refresh-cw"),
    Section("adaptations", routes.ADAPTATIONS, "map-pinned"),
    Section("evaluations", routes.EVALUATIONS, "clipboard-check"),
)


def language_switch() -> rx.Component:
    def option(lang: str) -> rx.Component:
        selected = LocaleState.lang == lang
        return rx.el.button(
            lang.upper(),
            on_click=LocaleState.set_language(lang),
            aria_pressed=rx.cond(selected, "true", "false"),
            lang=lang,
            title=t(f"language.{lang}"),
            id=f"language-{lang}",
            style={
                "min_width": theme.TOUCH_TARGET,
                "min_height": theme.TOUCH_TARGET,
                "padding": "0 14px",
                "border_radius": "999px",
                "border": "none",
                "font_weight": "700",
                "font_size": "15px",
                "cursor": "pointer",
                "background": rx.cond(selected, "var(--jade-9)", "transparent"),
                "color": rx.cond(selected, "white", theme.INK),
            },
        )

    return rx.hstack(
        *(option(lang) for lang in LANGUAGES),
        role="group",
        aria_label=t("language.switch"),
        spacing="1",
        padding="3px",
        border_radius="999px",
        background="var(--sand-3)",
        border=theme.BORDER,
    )


def brand() -> rx.Component:
    return rx.link(
        rx.hstack(
            rx.image(src="/logo.svg", alt="", width="44px", height="44px"),
            rx.vstack(
                rx.text("Living Lab", weight="bold", size="5", color=theme.INK, line_height="1.1"),
                rx.text(t("app.tagline"), size="2", color=theme.TEXT_MUTED, line_height="1.2"),
                spacing="0",
            ),
            align="center",
            spacing="3",
        ),
        href=routes.HOME,
        underline="none",
        aria_label=t("nav.home"),
    )


def account() -> rx.Component:
    """Sign in, or the signed-in person's name and a way out."""
    return rx.cond(
        ViewerState.viewer_name != "",
        rx.hstack(
            rx.text(
                ViewerState.viewer_name, size="2", color=theme.TEXT_MUTED, display=["none", "none", "block"]
            ),
            # A form POST, not a link: the route signs out only on a POST (livinglab/identity/routes.py).
            NativeForm.create(
                rx.button(
                    t("login.sign_out"),
                    type="submit",
                    id="sign-out",
                    variant="ghost",
                    size="3",
                    min_height=theme.TOUCH_TARGET,
                ),
                action=routes.AUTH_LOGOUT,
                method="post",
            ),
            align="center",
            spacing="2",
        ),
        rx.link(
            t("login.sign_in"),
            href=routes.SIGN_IN,
            id="sign-in",
            display="flex",
            align_items="center",
            min_height=theme.TOUCH_TARGET,
            padding_x="12px",
            font_weight="700",
        ),
    )


def admin_link(active: bool) -> rx.Component:
    """The administration, for administrators only: it sits by their name, apart from the lab's areas. A
    portrait tablet has room for its icon only."""
    section = Section("admin", routes.ADMIN, "shield-check")
    return rx.cond(
        ViewerState.viewer_is_admin,
        rx.fragment(
            rx.box(nav_item(section, active), display=["none", "none", "none", "block"]),
            rx.link(
                rx.icon(section.icon, size=22, aria_hidden="true"),
                href=section.route,
                aria_label=t("nav.admin"),
                title=t("nav.admin"),
                aria_current="page" if active else None,
                display=["flex", "flex", "flex", "none"],
                align_items="center",
                justify_content="center",
                min_width=theme.TOUCH_TARGET,
                min_height=theme.TOUCH_TARGET,
                border_radius="999px",
                color=theme.ACCENT_INK,
                background=theme.ACCENT_SOFT if active else "transparent",
            ),
        ),
    )


def nav_item(section: Section, active: bool) -> rx.Component:
    return rx.link(
        rx.hstack(
            rx.icon(section.icon, size=20, aria_hidden="true"),
            rx.text(t(f"nav.{section.key}"), size="3", weight="medium"),
            align="center",
            spacing="2",
        ),
        href=section.route,
        underline="none",
        aria_current="page" if active else None,
        display="flex",
        align_items="center",
        min_height=theme.TOUCH_TARGET,
        padding_x="14px",
        border_radius="999px",
        white_space="nowrap",
        color=theme.ACCENT_INK if active else theme.INK,
        background=theme.ACCENT_SOFT if active else "transparent",
        _hover={"background": "var(--sand-4)"},
    )


def navigation(active: str) -> rx.Component:
    """The five areas; a workshop participant, who may open none of them, gets their workshop and their
    consent instead."""
    return rx.el.nav(
        rx.hstack(
            rx.cond(
                ViewerState.viewer_workshop_id != 0,
                rx.fragment(
                    nav_item(
                        Section(
                            "participant.workshop",
                            routes.workshop(ViewerState.viewer_workshop_id),
                            "sticky-note",
                        ),
                        active == "workshops",
                    ),
                    nav_item(
                        Section("participant.consent", routes.PARTICIPATION, "shield-check"),
                        active == "consent",
                    ),
                ),
                rx.fragment(*(nav_item(section, section.key == active) for section in SECTIONS)),
            ),
            spacing="1",
            overflow_x="auto",
            padding_y="6px",
        ),
        aria_label=t("nav.label"),
    )


def page(*children: rx.Component, active: str) -> rx.Component:
    """A full page: skip link, header with navigation, the content, a quiet footer."""
    return rx.box(
        rx.el.a(t("nav.skip"), href="#contenu", class_name="ll-skip-link"),
        rx.el.header(
            rx.box(
                rx.hstack(
                    brand(),
                    rx.spacer(),
                    admin_link(active == "admin"),
                    account(),
                    language_switch(),
                    align="center",
                    width="100%",
                ),
                navigation(active),
                max_width=theme.CONTENT_MAX_WIDTH,
                margin_x="auto",
                padding_x=["16px", "16px", "24px", "32px"],
                padding_top="14px",
            ),
            background="white",
            border_bottom=theme.BORDER,
            class_name="ll-no-print",
        ),
        rx.el.main(
            rx.vstack(*children, spacing="6", width="100%"),
            id="contenu",
            flex="1",
            width="100%",
            max_width=theme.CONTENT_MAX_WIDTH,
            margin_x="auto",
            padding_x=["16px", "16px", "24px", "32px"],
            padding_y=["24px", "24px", "32px", "40px"],
        ),
        rx.el.footer(
            rx.text(t("app.footer"), size="2", color=theme.TEXT_MUTED, text_align="center"),
            padding="24px",
            class_name="ll-no-print",
        ),
        lang=reader_language(),
        # A column as tall as the screen keeps the footer at the bottom of short pages.
        display="flex",
        flex_direction="column",
        min_height="100vh",
        background=theme.PAGE_BACKGROUND,
        color=theme.INK,
    )


def area_page(
    section: str, icon: str, items: rx.Var[list], render: Callable[[rx.Var], rx.Component]
) -> rx.Component:
    """The page of one area of the lab: its title and purpose (``<section>.title``, ``.intro``), its items."""
    return page(
        page_header(f"{section}.title", f"{section}.intro", icon),
        listing(items, render, f"{section}.empty"),
        active=section,
    )
