"""A participant's pages, on a shared tablet: the code box, the join page (pseudonym and consent), and their
own consent with the way to withdraw it. Plain words, big targets, nothing to sign up for."""

from __future__ import annotations

import reflex as rx

from livinglab.identity.models import NotesOnWithdrawal
from livinglab.identity.service import PSEUDONYM_MAX_LENGTH
from livinglab.identity.state import JOIN_CODE_MAX_LENGTH, JoinState, ParticipationState
from livinglab.ui import shell, theme
from livinglab.ui.i18n import t
from livinglab.ui.widgets import card, form_error

CONSENT_ICONS = ("target", "archive", "undo-2")


def join_card() -> rx.Component:
    """The code box: on the home page and, for a tablet that lands on the join page without a code, there."""
    return card(
        rx.form(
            rx.vstack(
                rx.icon("qr-code", size=28, color=theme.ACCENT_INK, aria_hidden="true"),
                rx.heading(t("home.participant.title"), as_="h2", size="5"),
                rx.text(t("home.participant.text"), size="3", color=theme.TEXT_MUTED),
                rx.el.label(t("join.code.label"), html_for="join-code", font_weight="700"),
                rx.input(
                    id="join-code",
                    name="code",
                    max_length=JOIN_CODE_MAX_LENGTH,
                    placeholder=t("join.code.placeholder"),
                    auto_complete="off",
                    auto_capitalize="characters",
                    spell_check=False,
                    size="3",
                    width="100%",
                    aria_invalid=rx.cond(JoinState.error_key != "", "true", "false"),
                    aria_describedby="join-code-error",
                    style={"font_size": "22px", "letter_spacing": "0.15em", "height": "52px"},
                ),
                form_error(JoinState.error_message, "join-code-error"),
                rx.button(
                    t("join.submit"),
                    rx.icon("arrow-right", aria_hidden="true"),
                    type="submit",
                    size="3",
                    width="100%",
                    min_height=theme.TOUCH_TARGET,
                ),
                spacing="3",
                align="start",
            ),
            on_submit=JoinState.join,
            reset_on_submit=False,
        ),
        height="100%",
    )


def step_heading(number: str, key: str) -> rx.Component:
    return rx.hstack(
        rx.center(
            number,
            width="32px",
            height="32px",
            min_width="32px",
            border_radius="999px",
            background=theme.ACCENT_SOFT,
            color=theme.ACCENT_INK,
            font_weight="700",
            aria_hidden="true",
        ),
        rx.heading(t(key), as_="h2", size="5"),
        align="center",
        spacing="3",
    )


def consent_text(paragraphs: rx.Var[list[str]]) -> rx.Component:
    # Purpose, what is kept, how to withdraw: one icon each, the order of the consent's parts.
    consent_icons = [(i, rx.icon(icon, size=22, aria_hidden="true")) for i, icon in enumerate(CONSENT_ICONS)]
    return rx.el.ul(
        rx.foreach(
            paragraphs,
            lambda paragraph, index: rx.el.li(
                rx.hstack(
                    rx.box(
                        rx.match(index, *consent_icons, rx.icon("info", size=22, aria_hidden="true")),
                        flex_shrink="0",
                        color=theme.ACCENT_INK,
                        padding_top="1px",
                    ),
                    rx.text(paragraph, size="3"),
                    align="start",
                    spacing="3",
                    color=theme.INK,
                ),
                list_style="none",
            ),
        ),
        style={
            "display": "flex",
            "flex_direction": "column",
            "gap": "14px",
            "margin": "0",
            "padding": "18px",
            "background": "var(--sand-3)",
            "border_radius": "14px",
        },
    )


def pseudonym_and_consent() -> rx.Component:
    return card(
        rx.form(
            rx.vstack(
                rx.text(t("join.workshop"), size="2", color=theme.TEXT_MUTED, weight="medium"),
                rx.heading(JoinState.workshop_title, as_="h1", size="7"),
                step_heading("1", "join.pseudonym.title"),
                rx.el.label(t("join.pseudonym.label"), html_for="join-pseudonym", font_weight="700"),
                rx.input(
                    id="join-pseudonym",
                    name="pseudonym",
                    default_value=JoinState.pseudonym,
                    max_length=PSEUDONYM_MAX_LENGTH,
                    auto_complete="off",
                    size="3",
                    width="100%",
                    aria_describedby="join-pseudonym-hint",
                    style={"height": "52px", "font_size": "20px"},
                ),
                rx.text(t("join.pseudonym.hint"), id="join-pseudonym-hint", size="2", color=theme.TEXT_MUTED),
                step_heading("2", "join.consent.title"),
                consent_text(JoinState.consent_paragraphs),
                rx.el.label(
                    rx.el.input(
                        type="checkbox",
                        name="consent",
                        id="join-consent",
                        style={"width": "26px", "height": "26px", "accent_color": "var(--jade-9)"},
                    ),
                    rx.text(t("join.consent.accept"), size="3", weight="bold"),
                    html_for="join-consent",
                    style={
                        "display": "flex",
                        "align_items": "center",
                        "gap": "12px",
                        "min_height": theme.TOUCH_TARGET,
                        "cursor": "pointer",
                    },
                ),
                form_error(JoinState.error_message, "join-error"),
                rx.button(
                    t("join.enter"),
                    rx.icon("arrow-right", aria_hidden="true"),
                    type="submit",
                    size="4",
                    width="100%",
                    min_height="52px",
                ),
                rx.button(
                    t("join.change_code"),
                    type="button",
                    on_click=JoinState.change_code,
                    variant="ghost",
                    size="3",
                    min_height=theme.TOUCH_TARGET,
                ),
                spacing="4",
                width="100%",
            ),
            on_submit=JoinState.enter,
            reset_on_submit=False,
        ),
        width="100%",
        max_width="620px",
    )


def join_page() -> rx.Component:
    return shell.page(
        rx.center(
            rx.cond(
                JoinState.workshop_title != "",
                pseudonym_and_consent(),
                rx.box(join_card(), width="100%", max_width="460px"),
            ),
            width="100%",
        ),
        active="",
    )


def withdrawal_choice(choice: NotesOnWithdrawal) -> rx.Component:
    element_id = f"withdraw-{choice.value}"
    return rx.el.label(
        rx.el.input(
            type="radio",
            name="notes",
            value=choice.value,
            id=element_id,
            default_checked=choice is NotesOnWithdrawal.ANONYMIZE,
            style={"width": "24px", "height": "24px", "accent_color": "var(--jade-9)", "flex_shrink": "0"},
        ),
        rx.vstack(
            rx.text(t(f"participation.notes.{choice.value}"), size="3", weight="bold"),
            rx.text(t(f"participation.notes.{choice.value}.detail"), size="2", color=theme.TEXT_MUTED),
            spacing="1",
        ),
        html_for=element_id,
        style={
            "display": "flex",
            "align_items": "center",
            "gap": "14px",
            "padding": "14px 16px",
            "min_height": theme.TOUCH_TARGET,
            "border": theme.BORDER,
            "border_radius": "14px",
            "cursor": "pointer",
            "background": "white",
        },
    )


def participation_page() -> rx.Component:
    return shell.page(
        rx.center(
            card(
                rx.vstack(
                    rx.heading(t("participation.title"), as_="h1", size="7"),
                    rx.text(
                        t("participation.as"), " ", rx.text.strong(ParticipationState.pseudonym), size="3"
                    ),
                    rx.heading(t("participation.accepted"), as_="h2", size="4"),
                    consent_text(ParticipationState.accepted_paragraphs),
                    rx.form(
                        rx.vstack(
                            rx.heading(t("participation.withdraw.title"), as_="h2", size="5"),
                            rx.text(t("participation.withdraw.intro"), size="3", color=theme.TEXT_MUTED),
                            rx.el.fieldset(
                                rx.el.legend(t("participation.notes.legend"), style={"font_weight": "700"}),
                                *(withdrawal_choice(choice) for choice in NotesOnWithdrawal),
                                style={
                                    "display": "flex",
                                    "flex_direction": "column",
                                    "gap": "10px",
                                    "border": "none",
                                    "padding": "0",
                                    "margin": "0",
                                },
                            ),
                            form_error(ParticipationState.error_message, "withdraw-error"),
                            rx.button(
                                t("participation.withdraw.submit"),
                                type="submit",
                                color_scheme="red",
                                size="3",
                                width="100%",
                                min_height=theme.TOUCH_TARGET,
                            ),
                            spacing="4",
                            width="100%",
                        ),
                        on_submit=ParticipationState.withdraw,
                        reset_on_submit=False,
                        width="100%",
                    ),
                    spacing="4",
                    width="100%",
                ),
                width="100%",
                max_width="620px",
            ),
            width="100%",
        ),
        active="",
    )
