"""Building blocks shared by every area: headers, cards, badges, empty states."""

from __future__ import annotations

from collections.abc import Mapping

import reflex as rx
from reflex_components_core.el.elements.base import BaseHTML  # type: ignore[import-untyped]

from livinglab.ui import routes, theme
from livinglab.ui.i18n import reader_language, t, t_format
from livinglab.workshops.service import IdeaOrigin


class NativeForm(BaseHTML):  # type: ignore[misc]  # Reflex's element classes come untyped
    """A form the browser itself submits to ``action``. Reflex's ``rx.el.form`` always cancels the browser's
    submission to send an event instead; an HTTP route that answers with a cookie and a redirect needs the
    browser's own."""

    tag = "form"

    action: rx.Var[str]
    method: rx.Var[str]


def page_header(title_key: str, intro_key: str, icon: str) -> rx.Component:
    return rx.hstack(
        rx.center(
            rx.icon(icon, size=28, aria_hidden="true"),
            width="56px",
            height="56px",
            min_width="56px",
            border_radius="16px",
            background=theme.ACCENT_SOFT,
            color=theme.ACCENT_INK,
        ),
        rx.vstack(
            rx.heading(t(title_key), as_="h1", size="8", weight="bold"),
            rx.text(t(intro_key), size="4", color=theme.TEXT_MUTED, max_width="70ch"),
            spacing="2",
        ),
        align="start",
        spacing="4",
    )


CARD_STYLE: dict[str, object] = {
    "background": theme.SURFACE,
    "border": theme.BORDER,
    "border_radius": theme.RADIUS_CARD,
    "box_shadow": theme.SHADOW_CARD,
    "padding": ["18px", "18px", "22px"],
}


def card(*children: rx.Component, **props: object) -> rx.Component:
    """A white surface; ``props`` may override any of its defaults."""
    return rx.box(*children, **{**CARD_STYLE, **props})


def card_grid(*children: rx.Component) -> rx.Component:
    return rx.grid(*children, columns=rx.breakpoints(initial="1", sm="2", lg="3"), spacing="4", width="100%")


def badge(label: rx.Var[str] | str, code: rx.Var[str], colors: Mapping[str, str]) -> rx.Component:
    """A status pill whose colour follows the value it labels."""
    return rx.badge(
        label,
        color_scheme=rx.Var.create(dict(colors))[code].to(str),
        size="2",
        radius="full",
        variant="soft",
    )


def meta(icon: str, text: rx.Var[str] | rx.Var[int] | str) -> rx.Component:
    """One fact under a title: an icon for quick scanning, the text for everyone."""
    return rx.hstack(
        rx.icon(icon, size=16, aria_hidden="true", color=theme.TEXT_MUTED),
        rx.text(text, size="2", color=theme.TEXT_MUTED, white_space="nowrap"),
        align="center",
        spacing="1",
    )


def idea_origin(origin: rx.Var[IdeaOrigin]) -> rx.Component:
    """Where a practice or a cycle came from: a link back to its workshop board, when it has one."""
    return rx.cond(
        origin.board_id != 0,
        rx.link(
            rx.hstack(
                rx.icon("sticky-note", size=16, aria_hidden="true"),
                rx.text(
                    t_format("decision.from_board", workshop=origin.workshop_title, board=origin.board_title)
                ),
                align="center",
                spacing="1",
            ),
            href=routes.board(origin.workshop_id, origin.board_id),
            size="2",
            class_name="idea-origin",
        ),
    )


def empty_state(message_key: str) -> rx.Component:
    return card(
        rx.hstack(
            rx.icon("sprout", size=24, color=theme.ACCENT_INK, aria_hidden="true"),
            rx.text(t(message_key), size="3", color=theme.TEXT_MUTED),
            align="center",
            spacing="3",
        ),
        width="100%",
    )


def listing(items: rx.Var[list], render: object, empty_key: str) -> rx.Component:
    """Cards for ``items``, or a friendly sentence when there are none yet."""
    return rx.cond(
        items.length() > 0,
        card_grid(rx.foreach(items, render)),
        empty_state(empty_key),
    )


def item_card(*children: rx.Component) -> rx.Component:
    """One item of an area's list: its facts stacked, the card as tall as its row."""
    return card(rx.vstack(*children, spacing="3", align="start"), height="100%")


# Forms: a visible label tied to each control, 48 px controls, errors read out by screen readers.
FIELD_STYLE = {"height": "48px"}
# Native selects: on a tablet they open the system's own picker, large and familiar.
SELECT_STYLE = {
    "height": "48px",
    "width": "100%",
    "padding": "0 12px",
    "border": "1px solid var(--gray-a7)",
    "border_radius": "var(--radius-3)",
    "background": "white",
    "color": theme.INK,
    "font_size": "var(--font-size-3)",
    "font_family": "inherit",
}
ERROR_COLOR = "var(--red-11)"


def labeled(label_key: str, control_id: str, control: rx.Component) -> rx.Component:
    return rx.vstack(
        rx.el.label(t(label_key), html_for=control_id, font_weight="700"),
        control,
        spacing="1",
        width="100%",
    )


def text_field(label_key: str, control_id: str, name: str, **props: object) -> rx.Component:
    return labeled(
        label_key,
        control_id,
        rx.input(id=control_id, name=name, size="3", width="100%", style=FIELD_STYLE, **props),
    )


def form_error(message: rx.Var[str], error_id: str) -> rx.Component:
    return rx.text(message, id=error_id, role="alert", color=ERROR_COLOR, size="3")


def submit_button(label_key: str, icon: str, **props: object) -> rx.Component:
    return rx.button(
        rx.icon(icon, size=18, aria_hidden="true"),
        t(label_key),
        type="submit",
        size="3",
        min_height=theme.TOUCH_TARGET,
        **props,
    )


def cancel_button(label_key: str = "workshop.cancel", **props: object) -> rx.Component:
    """The quiet button beside a form's submit: it never submits."""
    defaults: dict[str, object] = {
        "type": "button",
        "variant": "soft",
        "color_scheme": "gray",
        "size": "3",
        "min_height": theme.TOUCH_TARGET,
    }
    return rx.button(t(label_key), **{**defaults, **props})


def form_actions(*buttons: rx.Component) -> rx.Component:
    """A form's buttons, at its end: cancel first, the action last, where the thumb ends."""
    return rx.hstack(*buttons, justify="end", width="100%", spacing="3")


def form_dialog(
    *fields: rx.Component,
    trigger: rx.Component,
    title_key: str,
    submit: rx.Component,
    on_submit: object,
) -> rx.Component:
    """A form in a dialog opened by ``trigger``; what was typed stays when the server refuses it."""
    return rx.dialog.root(
        rx.dialog.trigger(trigger),
        rx.dialog.content(
            rx.dialog.title(t(title_key)),
            rx.form(
                rx.vstack(*fields, form_actions(rx.dialog.close(cancel_button()), submit), spacing="4"),
                on_submit=on_submit,
                reset_on_submit=False,
            ),
            max_width="560px",
        ),
    )


def action_link(
    icon: str, key: str, href: rx.Var[str] | str, *, download: bool = False, **props: object
) -> rx.Component:
    """A quiet button that goes somewhere: history, print version, a download (outside the app's router)."""
    return rx.link(
        rx.button(
            rx.icon(icon, size=18, aria_hidden="true"),
            t(key),
            size="3",
            min_height=theme.TOUCH_TARGET,
            **{"variant": "soft", **props},
        ),
        href=href,
        is_external=download,
    )


def paper(area_key: str, *children: rx.Component) -> rx.Component:
    """A page for paper or a PDF: white, no navigation, the area's name and one button, « Imprimer »."""
    return rx.box(
        rx.vstack(
            rx.hstack(
                rx.text("Living Lab · ", t(area_key), size="2", color=theme.TEXT_MUTED),
                rx.spacer(),
                rx.button(
                    rx.icon("printer", size=18, aria_hidden="true"),
                    t("sheet.print"),
                    on_click=rx.call_script("window.print()"),
                    size="3",
                    min_height=theme.TOUCH_TARGET,
                    class_name="ll-no-print",
                ),
                width="100%",
                align="center",
            ),
            *children,
            spacing="5",
            width="100%",
        ),
        # Outside the shell, which sets it on every other page: screen readers and hyphenation need it.
        lang=reader_language(),
        class_name="print-sheet",
        max_width="1000px",
        margin_x="auto",
        padding="32px",
        background="white",
        min_height="100vh",
    )
