"""The sign-in page, for staff with a local account."""

from __future__ import annotations

import reflex as rx

from livinglab.identity.state import SignInState
from livinglab.ui import shell, theme
from livinglab.ui.i18n import t
from livinglab.ui.widgets import card


def field(label_key: str, name: str, kind: str, autocomplete: str, **props: object) -> rx.Component:
    return rx.vstack(
        rx.el.label(t(label_key), html_for=f"sign-in-{name}", font_weight="700"),
        rx.input(
            id=f"sign-in-{name}",
            name=name,
            type=kind,
            auto_complete=autocomplete,
            size="3",
            width="100%",
            style={"height": "48px"},
            **props,
        ),
        spacing="1",
        width="100%",
    )


def sign_in_page() -> rx.Component:
    return shell.page(
        rx.center(
            card(
                rx.form(
                    rx.vstack(
                        rx.heading(t("login.title"), as_="h1", size="7"),
                        rx.text(t("login.intro"), size="3", color=theme.TEXT_MUTED),
                        field("login.email", "email", "email", "username", default_value=SignInState.email),
                        field("login.password", "password", "password", "current-password"),
                        rx.text(SignInState.error_message, role="alert", color="var(--red-11)", size="3"),
                        rx.button(
                            t("login.submit"),
                            type="submit",
                            size="3",
                            width="100%",
                            min_height=theme.TOUCH_TARGET,
                        ),
                        spacing="4",
                        width="100%",
                    ),
                    on_submit=SignInState.sign_in,
                    reset_on_submit=False,
                ),
                width="100%",
                max_width="460px",
            ),
            width="100%",
        ),
        active="",
    )
