"""The sign-in page, for staff with a local account."""

from __future__ import annotations

import reflex as rx
from reflex.vars.function import FunctionStringVar

from livinglab.core.settings import get_settings
from livinglab.identity import oidc
from livinglab.identity.state import SignInState
from livinglab.ui import routes, shell, theme
from livinglab.ui.i18n import t, t_format
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
    query = SignInState.router.url.query_parameters
    # Set by the OpenID routes after a failed sign-in: a code of the allow-list picks a catalog message, and
    # anything else in the address shows nothing.
    provider_error = rx.match(
        query["erreur"].to(str),
        *((code.value, t(key)) for code, key in oidc.LOGIN_ERROR_MESSAGES.items()),
        "",
    )
    # Read when the app compiles, which the served app does with the deployment's environment.
    client = oidc.configured_client(get_settings())
    provider_door: list[rx.Component] = []
    if client is not None:
        next_path = query["suite"].to(str) | routes.HOME
        start = rx.Var.create(f"{routes.AUTH_OIDC_START}?suite=") + (
            FunctionStringVar.create("encodeURIComponent").call(next_path).to(str)
        )
        provider_door = [
            rx.button(
                rx.el.a(
                    t_format("login.oidc.button", provider=rx.Var.create(client.label)),
                    href=start,
                    # A document load, not the router's navigation: the start route is HTTP and sets a cookie.
                    reload_document=True,
                ),
                as_child=True,
                id="sign-in-provider",
                size="3",
                width="100%",
                min_height=theme.TOUCH_TARGET,
            ),
            rx.hstack(
                rx.separator(size="4", flex="1"),
                rx.text(t("login.oidc.or"), size="3", color=theme.TEXT_MUTED),
                rx.separator(size="4", flex="1"),
                align="center",
                width="100%",
            ),
        ]
    return shell.page(
        rx.center(
            card(
                rx.form(
                    rx.vstack(
                        rx.heading(t("login.title"), as_="h1", size="7"),
                        rx.text(t("login.intro"), size="3", color=theme.TEXT_MUTED),
                        rx.cond(
                            provider_error != "",
                            rx.text(provider_error, role="alert", color="var(--red-11)", size="3"),
                        ),
                        *provider_door,
                        field("login.email", "email", "email", "username", default_value=SignInState.email),
                        field("login.password", "password", "password", "current-password"),
                        rx.text(SignInState.error_message, role="alert", color="var(--red-11)", size="3"),
                        rx.button(
                            t("login.submit"),
                            type="submit",
                            size="3",
                            # The provider's button comes first where there is one: the local form is the
                            # way for people outside the organization.
                            variant="outline" if provider_door else "solid",
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
