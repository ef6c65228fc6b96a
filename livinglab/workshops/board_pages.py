"""The live board's pages: the tablet view (with the console for the workshop's facilitators), the
projector.

Tablet first: every action is a 44 px target reachable with one hand, nothing depends on hover, and the phase,
the modes and the countdown stay in view at the top of the screen.
"""

from __future__ import annotations

from typing import Any

import reflex as rx
from reflex.event import EventType

from livinglab.ui import routes, shell, theme
from livinglab.ui.i18n import t, t_choice, t_format, t_plural
from livinglab.ui.widgets import (
    SELECT_STYLE,
    cancel_button,
    card,
    form_actions,
    form_error,
    submit_button,
)
from livinglab.workshops.board_state import BoardLiveState
from livinglab.workshops.decisions import IdeaKind, OutcomeKind
from livinglab.workshops.models import NOTE_COLORS, NOTE_MAX_LENGTH, BoardPhase
from livinglab.workshops.notes import MODERATION_REASONS
from livinglab.workshops.snapshots import ClusterCard, ColumnCard, IdeaCard, NoteCard, OutcomeLink

S = BoardLiveState
PHASES = tuple(BoardPhase)
TIMER_CHOICES = (3, 5, 10, 15)


def _is(phase: BoardPhase) -> Any:
    return S.board.phase == phase.value


def countdown(size: str) -> rx.Component:
    """Counts down to the board's instant on every screen (assets/board.js ticks it, no round trip)."""
    return rx.cond(
        S.board.timer_ends_at != "",
        rx.hstack(
            rx.icon("timer", size=22, aria_hidden="true"),
            rx.el.span(
                class_name="countdown",
                custom_attrs={"data-countdown-to": S.board.timer_ends_at},
                font_size=size,
                font_weight="700",
                font_variant_numeric="tabular-nums",
            ),
            align="center",
            spacing="2",
            role="timer",
            aria_label=t("board.timer"),
        ),
    )


def mode_badges() -> rx.Component:
    def pill(condition: rx.Var[bool], icon: str, key: str, color: str) -> rx.Component:
        return rx.cond(
            condition,
            rx.badge(
                rx.icon(icon, size=16, aria_hidden="true"),
                t(key),
                color_scheme=color,
                size="3",
                radius="full",
            ),
        )

    return rx.hstack(
        pill(S.board.private_mode, "eye-off", "board.mode.private", "violet"),
        pill(S.board.anonymous, "venetian-mask", "board.mode.anonymous", "gray"),
        pill(S.board.frozen, "snowflake", "board.mode.frozen", "sky"),
        spacing="2",
        wrap="wrap",
    )


def status_bar() -> rx.Component:
    """Always in view: the phase and what it asks, the modes, the votes left and the countdown."""
    return rx.box(
        rx.flex(
            rx.vstack(
                rx.heading(S.board.title, as_="h1", size="6"),
                rx.hstack(
                    rx.badge(
                        rx.icon("flag", size=16, aria_hidden="true"),
                        t_choice("board.phase", PHASES, S.board.phase),
                        size="3",
                        radius="full",
                        variant="solid",
                        id="board-phase",
                    ),
                    rx.text(
                        t_choice("board.phase_help", PHASES, S.board.phase), size="3", color=theme.TEXT_MUTED
                    ),
                    spacing="2",
                    align="center",
                    wrap="wrap",
                ),
                spacing="2",
            ),
            rx.flex(
                mode_badges(),
                rx.cond(
                    _is(BoardPhase.VOTE),
                    rx.badge(
                        rx.icon("circle-dot", size=16, aria_hidden="true"),
                        t_format("board.votes_left", count=S.own.votes_left),
                        size="3",
                        radius="full",
                        id="votes-left",
                    ),
                ),
                countdown("28px"),
                spacing="3",
                align="center",
                wrap="wrap",
            ),
            justify="between",
            align="center",
            spacing="3",
            wrap="wrap",
        ),
        rx.cond(
            S.board.focus_column_id != 0,
            rx.text(
                rx.icon("crosshair", size=16, aria_hidden="true"),
                t("board.focus_banner"),
                size="3",
                color=theme.ACCENT_INK,
                display="flex",
                gap="6px",
                align_items="center",
                margin_top="6px",
            ),
        ),
        # While the composer is open, its own message (next to the field) says it.
        rx.cond(~S.composer_open, form_error(S.error_message, "board-error")),
        position="sticky",
        top="0",
        z_index="5",
        background="rgba(251, 250, 248, 0.94)",
        backdrop_filter="blur(6px)",
        padding="14px 4px",
        border_bottom=theme.BORDER,
        width="100%",
    )


def _icon_button(icon: str, label: rx.Var[str], on_click: EventType[()], **props: object) -> rx.Component:
    return rx.icon_button(
        rx.icon(icon, size=20, aria_hidden="true"),
        on_click=on_click,
        aria_label=label,
        title=label,
        variant="soft",
        color_scheme="gray",
        size="3",
        min_width=theme.TOUCH_TARGET,
        min_height=theme.TOUCH_TARGET,
        **props,
    )


def note_card(note: rx.Var[NoteCard], console: bool) -> rx.Component:
    mine = S.own.note_ids.contains(note.id)
    participant_actions = rx.hstack(
        rx.cond(
            mine & _is(BoardPhase.COLLECT) & ~S.board.frozen,
            rx.hstack(
                _icon_button("pencil", t("note.edit"), S.start_edit(note.id, note.text, note.color)),
                _icon_button("trash-2", t("note.delete"), S.delete_note(note.id), class_name="delete-note"),
                spacing="2",
            ),
        ),
        rx.cond(
            _is(BoardPhase.VOTE) & ~S.board.frozen,
            rx.hstack(
                rx.cond(
                    S.own.voted_note_ids.contains(note.id),
                    _icon_button("minus", t("vote.withdraw"), S.unvote(note.id), class_name="unvote"),
                ),
                rx.button(
                    rx.icon("circle-dot", size=18, aria_hidden="true"),
                    t("vote.cast"),
                    on_click=S.vote(note.id),
                    size="3",
                    min_height=theme.TOUCH_TARGET,
                    variant=rx.cond(S.own.voted_note_ids.contains(note.id), "solid", "outline"),
                    class_name="vote",
                ),
                spacing="2",
            ),
        ),
        spacing="2",
        justify="end",
        wrap="wrap",
    )
    return rx.el.li(
        rx.vstack(
            rx.text(note.text, size="4", class_name="note-text", white_space="pre-wrap"),
            rx.flex(
                rx.hstack(
                    rx.cond(
                        note.author != "",
                        rx.text(note.author, size="2", color=theme.TEXT_MUTED, weight="medium"),
                    ),
                    rx.cond(
                        S.board.votes_revealed | console,
                        rx.cond(
                            note.votes > 0,
                            rx.badge(t_format("vote.count", count=note.votes), radius="full", size="2"),
                        ),
                    ),
                    prototype_badge(note.to_prototype),
                    spacing="2",
                    align="center",
                    wrap="wrap",
                ),
                participant_actions if not console else console_note_actions(note),
                justify="between",
                align="center",
                spacing="2",
                wrap="wrap",
                width="100%",
            ),
            spacing="2",
            width="100%",
        ),
        list_style="none",
        background=rx.Var.create(theme.NOTE_COLORS)[note.color].to(str),
        padding="14px 16px",
        border_radius="12px",
        box_shadow="0 1px 4px rgba(45, 35, 20, 0.10)",
        overflow_wrap="anywhere",
        width="100%",
        class_name="note",
        custom_attrs={
            "data-note-id": note.id,
            "data-note-column": note.column_id,
            "data-note-cluster": note.cluster_id,
        },
    )


def prototype_badge(marked: rx.Var[bool]) -> rx.Component:
    return rx.cond(
        marked,
        rx.badge(
            rx.icon("flask-conical", size=14, aria_hidden="true"),
            t("decision.badge"),
            color_scheme="iris",
            variant="solid",
            radius="full",
            size="2",
            class_name="to-prototype",
        ),
    )


def mark_button(kind: str, idea_id: rx.Var[int], marked: rx.Var[bool]) -> rx.Component:
    """The facilitator marks a note or a cluster « à prototyper », in the « Décider » phase. An icon, pressed
    when marked: the badge beside it says it in words."""
    label = rx.cond(marked, t("decision.unmark"), t("decision.mark"))
    return rx.cond(
        _is(BoardPhase.DECIDE),
        rx.icon_button(
            rx.icon("flask-conical", size=20, aria_hidden="true"),
            on_click=S.mark_idea(kind, idea_id, ~marked),
            aria_label=label,
            title=label,
            aria_pressed=marked.to(str),
            variant=rx.cond(marked, "solid", "soft"),
            color_scheme="iris",
            size="3",
            min_width=theme.TOUCH_TARGET,
            min_height=theme.TOUCH_TARGET,
            class_name=f"mark-{kind}",
        ),
    )


def drag_handle() -> rx.Component:
    """Where a finger (or the mouse) picks up a note to drop it on a cluster; assets/board.js does the rest.
    ``touch-action: none`` keeps the browser from scrolling instead."""
    return rx.el.span(
        rx.icon("grip-vertical", size=22, aria_hidden="true"),
        class_name="drag-handle",
        title=t("cluster.drag"),
        aria_hidden="true",
    )


def console_note_actions(note: rx.Var[NoteCard]) -> rx.Component:
    return rx.hstack(
        mark_button("note", note.id, note.to_prototype),
        rx.cond(_is(BoardPhase.GROUP), drag_handle()),
        rx.cond(
            _is(BoardPhase.GROUP),
            rx.el.label(
                rx.checkbox(
                    checked=S.selected_note_ids.contains(note.id),
                    on_change=lambda _checked: S.toggle_selected(note.id),
                    size="3",
                ),
                rx.text(t("cluster.select"), size="2"),
                display="flex",
                gap="8px",
                align_items="center",
                min_height=theme.TOUCH_TARGET,
                cursor="pointer",
                class_name="select-note",
            ),
        ),
        moderation_menu(note),
        spacing="2",
        align="center",
    )


def moderation_menu(note: rx.Var[NoteCard]) -> rx.Component:
    return rx.popover.root(
        rx.popover.trigger(
            rx.icon_button(
                rx.icon("eye-off", size=20, aria_hidden="true"),
                aria_label=t("moderation.hide"),
                title=t("moderation.hide"),
                variant="ghost",
                color_scheme="gray",
                size="3",
                min_width=theme.TOUCH_TARGET,
                min_height=theme.TOUCH_TARGET,
                class_name="hide-note",
            )
        ),
        rx.popover.content(
            rx.vstack(
                rx.text(t("moderation.reason"), size="3", weight="medium"),
                rx.hstack(
                    *[
                        rx.popover.close(
                            rx.button(
                                t(f"moderation.reason.{reason}"),
                                on_click=S.hide_note(note.id, reason),
                                variant="soft",
                                size="3",
                                min_height=theme.TOUCH_TARGET,
                            )
                        )
                        for reason in MODERATION_REASONS
                    ],
                    wrap="wrap",
                    spacing="2",
                ),
                spacing="3",
            ),
            max_width="360px",
        ),
    )


NOTE_LIST_STYLE = {
    "display": "flex",
    "flex_direction": "column",
    "gap": "10px",
    "padding": "0",
    "margin": "0",
    "width": "100%",
}


def cluster_block(cluster: rx.Var[ClusterCard], column: rx.Var[ColumnCard], console: bool) -> rx.Component:
    """Notes that say the same thing, under the name the facilitator gave them."""
    return rx.el.section(
        rx.hstack(
            rx.icon("layers", size=18, aria_hidden="true"),
            rx.heading(cluster.name, as_="h3", size="4"),
            prototype_badge(cluster.to_prototype),
            rx.spacer(),
            cluster_actions(cluster) if console else rx.fragment(),
            align="center",
            width="100%",
            wrap="wrap",
        ),
        rx.el.ul(
            rx.foreach(
                column.notes, lambda note: rx.cond(note.cluster_id == cluster.id, note_card(note, console))
            ),
            style=NOTE_LIST_STYLE,
        ),
        background="rgba(255, 255, 255, 0.6)",
        border=rx.cond(S.board.focus_cluster_id == cluster.id, "3px solid var(--jade-8)", theme.BORDER),
        border_radius="14px",
        padding="12px",
        width="100%",
        aria_label=cluster.name,
        class_name="cluster",
        custom_attrs={
            "data-drop-cluster": cluster.id,
            "data-drop-column": cluster.column_id,
            # assets/board.js scrolls every screen to the focus once.
            "data-focused": (S.board.focus_cluster_id == cluster.id).to(str),
            "data-focus-key": "cluster:" + cluster.id.to(str),
        },
    )


def cluster_actions(cluster: rx.Var[ClusterCard]) -> rx.Component:
    return rx.hstack(
        mark_button("cluster", cluster.id, cluster.to_prototype),
        rx.cond(
            _is(BoardPhase.GROUP) & (S.selected_note_ids.length() > 0),
            rx.button(
                rx.icon("list-plus", size=18, aria_hidden="true"),
                t("cluster.add_selected"),
                on_click=S.add_selected_to(cluster.id),
                variant="soft",
                size="2",
                min_height=theme.TOUCH_TARGET,
                class_name="add-selected",
            ),
        ),
        rx.cond(
            _is(BoardPhase.GROUP),
            _icon_button("ungroup", t("cluster.ungroup"), S.ungroup(cluster.id), class_name="ungroup"),
        ),
        spacing="2",
        align="center",
        wrap="wrap",
    )


def column_section(column: rx.Var[ColumnCard], console: bool) -> rx.Component:
    focused = S.board.focus_column_id == column.id
    unfocused = (S.board.focus_column_id != 0) & ~focused
    return rx.el.section(
        rx.vstack(
            rx.vstack(
                rx.heading(column.title, as_="h2", size="5"),
                rx.cond(column.prompt != "", rx.text(column.prompt, size="3", color=theme.TEXT_MUTED)),
                spacing="1",
            ),
            rx.cond(
                _is(BoardPhase.COLLECT) & ~S.board.frozen,
                rx.button(
                    rx.icon("plus", size=20, aria_hidden="true"),
                    t("note.add"),
                    on_click=S.start_note(column.id),
                    size="3",
                    variant="soft",
                    width="100%",
                    min_height="52px",
                    class_name="add-note",
                ),
            ),
            rx.foreach(
                S.board.clusters,
                lambda cluster: rx.cond(
                    cluster.column_id == column.id, cluster_block(cluster, column, console)
                ),
            ),
            rx.el.ul(
                # One's own notes under private mode come in one's own view, the board in the public one; the
                # two may arrive apart, so the public board's mode decides, and a revealed note never shows
                # twice while one's own view catches up.
                rx.cond(
                    S.board.private_mode,
                    rx.foreach(
                        S.own.private_notes,
                        lambda note: rx.cond(note.column_id == column.id, note_card(note, console=False)),
                    ),
                )
                if not console
                else rx.fragment(),
                rx.foreach(
                    column.notes, lambda note: rx.cond(note.cluster_id == 0, note_card(note, console))
                ),
                style=NOTE_LIST_STYLE,
                # On the console, dropping a note here takes it out of its cluster.
                custom_attrs={"data-drop-cluster": 0, "data-drop-column": column.id} if console else {},
                class_name="loose-notes",
                min_height=rx.cond(_is(BoardPhase.GROUP), "56px", "0") if console else "0",
            ),
            rx.cond(
                S.board.private_mode & (column.note_count > column.notes.length()),
                rx.text(
                    rx.icon("eye-off", size=16, aria_hidden="true"),
                    t_format("board.private_count", count=column.note_count),
                    size="2",
                    color=theme.TEXT_MUTED,
                    display="flex",
                    gap="6px",
                    align_items="center",
                ),
            ),
            spacing="3",
            width="100%",
        ),
        background=rx.cond(focused, "var(--jade-2)", "var(--sand-3)"),
        outline=rx.cond(focused, "3px solid var(--jade-8)", "none"),
        opacity=rx.cond(unfocused, "0.55", "1"),
        border_radius=theme.RADIUS_CARD,
        padding="16px",
        min_width="min(300px, 85vw)",
        flex="1 0 300px",
        scroll_snap_align="start",
        aria_label=column.title,
        class_name="board-column",
        custom_attrs={
            "data-column-id": column.id,
            # A focused cluster scrolls into view itself; its column is only highlighted.
            "data-focused": (focused & (S.board.focus_cluster_id == 0)).to(str),
            "data-focus-key": "column:" + column.id.to(str),
        },
    )


def columns_row(columns: rx.Var[list[ColumnCard]], console: bool) -> rx.Component:
    return rx.flex(
        rx.foreach(columns, lambda column: column_section(column, console)),
        gap="14px",
        overflow_x="auto",
        scroll_snap_type="x mandatory",
        padding_bottom="12px",
        width="100%",
        align="start",
    )


def composer() -> rx.Component:
    """Writing a note: a big text area, the colors as large swatches, what went wrong next to the field."""

    def swatch(color: str) -> rx.Component:
        # A native radio button, drawn as a swatch (assets/livinglab.css): picking a color is the form's
        # business and costs no round trip to the server.
        return rx.el.label(
            rx.el.input(
                type="radio",
                name="color",
                value=color,
                default_checked=S.draft_color == color,
                aria_label=t(f"note.color.{color}"),
                class_name="swatch-input",
            ),
            rx.el.span(class_name="swatch", background=theme.NOTE_COLORS[color]),
            cursor="pointer",
        )

    return rx.dialog.root(
        rx.dialog.content(
            rx.dialog.title(rx.cond(S.editing_note_id != 0, t("note.edit"), t("note.add"))),
            rx.form(
                rx.vstack(
                    rx.text_area(
                        id="note-text",
                        name="text",
                        default_value=S.draft_text,
                        # assets/board.js keeps a new note's text in the tab until it is sent; an edit is
                        # already stored.
                        custom_attrs={"data-draft": rx.cond(S.editing_note_id == 0, "new", "edit")},
                        placeholder=t("note.placeholder"),
                        aria_describedby="note-hint board-composer-error",
                        size="3",
                        rows="4",
                        width="100%",
                        auto_focus=True,
                        font_size="20px",
                    ),
                    rx.text(
                        t_format("note.hint", max_length=rx.Var.create(NOTE_MAX_LENGTH)),
                        id="note-hint",
                        size="2",
                        color=theme.TEXT_MUTED,
                    ),
                    rx.hstack(
                        *[swatch(color) for color in NOTE_COLORS],
                        spacing="3",
                        wrap="wrap",
                        role="group",
                        aria_label=t("note.color"),
                    ),
                    form_error(S.error_message, "board-composer-error"),
                    form_actions(
                        cancel_button(on_click=S.close_composer),
                        submit_button("note.post", "send", id="post-note"),
                    ),
                    spacing="4",
                ),
                on_submit=S.save_note,
                reset_on_submit=False,
            ),
            max_width="560px",
        ),
        open=S.composer_open,
        on_open_change=lambda opened: rx.cond(opened, rx.noop(), S.close_composer()),
    )


def console_panel() -> rx.Component:
    """The facilitator's controls. Each is checked again on the server: the guard, then the services."""

    def phase_button(phase: BoardPhase) -> rx.Component:
        return rx.button(
            t(f"board.phase.{phase.value}"),
            on_click=S.set_phase(phase.value),
            variant=rx.cond(_is(phase), "solid", "soft"),
            size="3",
            min_height=theme.TOUCH_TARGET,
            class_name=f"phase-{phase.value}",
        )

    def toggle(mode: str, on: rx.Var[bool], key: str) -> rx.Component:
        return rx.el.label(
            rx.switch(
                checked=on, on_change=lambda value: S.set_mode(mode, value), size="3", id=f"mode-{mode}"
            ),
            rx.text(t(key), size="3"),
            display="flex",
            gap="10px",
            align_items="center",
            min_height=theme.TOUCH_TARGET,
            cursor="pointer",
        )

    return card(
        rx.vstack(
            rx.hstack(
                rx.icon("sliders-horizontal", size=20, aria_hidden="true"),
                rx.heading(t("console.title"), as_="h2", size="4"),
                rx.spacer(),
                rx.hstack(
                    rx.link(
                        rx.hstack(
                            rx.icon("presentation", size=18, aria_hidden="true"), t("console.projector")
                        ),
                        href=routes.board(S.board.workshop_id, S.board.id, "projection"),
                        is_external=True,
                        min_height=theme.TOUCH_TARGET,
                        display="flex",
                        align_items="center",
                    ),
                    *[
                        rx.button(
                            rx.icon("download", size=18, aria_hidden="true"),
                            t(f"console.export_{name}"),
                            # A download, not a page: the app's router would otherwise keep the click.
                            on_click=rx.download(url=routes.board_export(S.board.id, extension)),
                            id=f"export-{extension}",
                            variant="ghost",
                            size="3",
                            min_height=theme.TOUCH_TARGET,
                        )
                        for name, extension in (("markdown", "md"), ("csv", "csv"))
                    ],
                    spacing="5",
                    align="center",
                    wrap="wrap",
                ),
                align="center",
                width="100%",
            ),
            rx.hstack(
                *[phase_button(phase) for phase in PHASES],
                spacing="2",
                wrap="wrap",
                aria_label=t("console.phases"),
                role="group",
            ),
            rx.flex(
                toggle("private_mode", S.board.private_mode, "console.private"),
                toggle("anonymous", S.board.anonymous, "console.anonymous"),
                toggle("frozen", S.board.frozen, "console.frozen"),
                toggle("votes_revealed", S.board.votes_revealed, "console.votes_revealed"),
                spacing="5",
                wrap="wrap",
            ),
            rx.flex(
                rx.hstack(
                    rx.text(t("console.timer"), size="3", weight="medium"),
                    *[
                        rx.button(
                            t_format("console.minutes", count=rx.Var.create(minutes)),
                            on_click=S.start_timer(minutes),
                            variant="soft",
                            size="3",
                            min_height=theme.TOUCH_TARGET,
                        )
                        for minutes in TIMER_CHOICES
                    ],
                    rx.cond(
                        S.board.timer_ends_at != "",
                        _icon_button("timer-off", t("console.timer_stop"), S.stop_timer()),
                    ),
                    align="center",
                    spacing="2",
                    wrap="wrap",
                ),
                focus_picker(),
                spacing="5",
                wrap="wrap",
            ),
            rx.cond(
                _is(BoardPhase.GROUP),
                rx.form(
                    rx.hstack(
                        rx.text(
                            t_format("cluster.selected", count=S.selected_note_ids.length()),
                            size="3",
                            weight="medium",
                        ),
                        rx.input(
                            name="name",
                            id="cluster-name",
                            placeholder=t("cluster.name"),
                            aria_label=t("cluster.name"),
                            size="3",
                            min_width="220px",
                        ),
                        submit_button("cluster.group", "layers", id="group-notes"),
                        align="center",
                        spacing="3",
                        wrap="wrap",
                    ),
                    on_submit=S.group_selected,
                    reset_on_submit=False,
                ),
            ),
            rx.text(
                t_plural("console.votes", S.console.voters, votes=S.console.votes_cast),
                size="2",
                color=theme.TEXT_MUTED,
            ),
            spacing="4",
            width="100%",
        ),
        width="100%",
        role="region",
        aria_label=t("console.title"),
    )


def focus_picker() -> rx.Component:
    """« Amener tout le monde à » a column or a cluster: every screen highlights it and scrolls to it."""
    current = rx.cond(
        S.board.focus_cluster_id != 0,
        "cluster:" + S.board.focus_cluster_id.to(str),
        rx.cond(S.board.focus_column_id != 0, "column:" + S.board.focus_column_id.to(str), ""),
    )
    return rx.hstack(
        rx.el.label(t("console.focus"), html_for="focus-picker", font_size="16px", font_weight="500"),
        rx.el.select(
            rx.el.option(t("console.focus_none"), value=""),
            rx.el.optgroup(
                rx.foreach(S.board.columns, lambda c: rx.el.option(c.title, value="column:" + c.id.to(str))),
                label=t("console.focus_columns"),
            ),
            rx.cond(
                S.board.clusters.length() > 0,
                rx.el.optgroup(
                    rx.foreach(
                        S.board.clusters, lambda c: rx.el.option(c.name, value="cluster:" + c.id.to(str))
                    ),
                    label=t("console.focus_clusters"),
                ),
            ),
            id="focus-picker",
            value=current,
            on_change=S.set_focus,
            style=SELECT_STYLE | {"width": "auto", "max_width": "320px"},
        ),
        align="center",
        spacing="2",
    )


def decisions_panel() -> rx.Component:
    """In the « Décider » phase: the ideas marked « à prototyper », and what each has become."""
    return rx.cond(
        _is(BoardPhase.DECIDE) | (S.console.ideas.length() > 0),
        card(
            rx.vstack(
                rx.hstack(
                    rx.icon("flask-conical", size=20, aria_hidden="true"),
                    rx.heading(t("decision.title"), as_="h2", size="4"),
                    align="center",
                ),
                rx.text(t("decision.intro"), size="3", color=theme.TEXT_MUTED),
                rx.cond(
                    S.console.ideas.length() > 0,
                    rx.el.ul(rx.foreach(S.console.ideas, idea_row), padding="0", margin="0", width="100%"),
                    rx.text(t("decision.empty"), size="3", color=theme.TEXT_MUTED),
                ),
                spacing="3",
                width="100%",
            ),
            width="100%",
            role="region",
            aria_label=t("decision.title"),
            id="decisions",
        ),
    )


def idea_row(idea: rx.Var[IdeaCard]) -> rx.Component:
    deciding = _is(BoardPhase.DECIDE) & idea.to_prototype
    return rx.el.li(
        rx.vstack(
            rx.hstack(
                rx.badge(t_choice("decision.kind", IdeaKind, idea.kind), variant="outline", size="2"),
                rx.text(idea.text, size="3", weight="medium", class_name="idea-text"),
                align="center",
                spacing="2",
                wrap="wrap",
            ),
            rx.cond(
                idea.outcomes.length() > 0,
                rx.hstack(rx.foreach(idea.outcomes, outcome_link), spacing="3", wrap="wrap"),
            ),
            rx.cond(
                deciding,
                rx.flex(
                    rx.cond(
                        ~idea.has_practice,
                        rx.button(
                            rx.icon("file-plus-2", size=18, aria_hidden="true"),
                            t("decision.create_practice"),
                            on_click=S.create_practice(idea.kind, idea.id),
                            size="3",
                            min_height=theme.TOUCH_TARGET,
                            class_name="create-practice",
                        ),
                    ),
                    cycle_form(idea),
                    spacing="3",
                    align="center",
                    wrap="wrap",
                ),
            ),
            spacing="2",
            width="100%",
        ),
        list_style="none",
        padding="12px 0",
        border_top=theme.BORDER,
        class_name="idea",
        custom_attrs={"data-idea": idea.kind + ":" + idea.id.to(str)},
    )


def outcome_link(outcome: rx.Var[OutcomeLink]) -> rx.Component:
    is_practice = outcome.kind == OutcomeKind.PRACTICE.value
    return rx.link(
        rx.hstack(
            rx.icon(rx.cond(is_practice, "library-big", "refresh-cw"), size=16, aria_hidden="true"),
            rx.cond(
                is_practice,
                t_format("decision.practice_link", title=outcome.title),
                t_format("decision.cycle_link", number=outcome.number, title=outcome.title),
            ),
            align="center",
            spacing="1",
        ),
        href=rx.cond(is_practice, routes.CATALOG, routes.CYCLES + "/" + outcome.id.to(str)),
        size="3",
        class_name="outcome",
    )


def cycle_form(idea: rx.Var[IdeaCard]) -> rx.Component:
    """A cycle belongs to a practice: the facilitator picks one of the organization's."""
    return rx.cond(
        S.console.practices.length() > 0,
        rx.form(
            rx.hstack(
                rx.el.input(type="hidden", name="kind", value=idea.kind),
                rx.el.input(type="hidden", name="idea_id", value=idea.id.to(str)),
                rx.el.select(
                    rx.foreach(S.console.practices, lambda p: rx.el.option(p.title, value=p.id.to(str))),
                    name="practice_id",
                    aria_label=t("decision.cycle_practice"),
                    style=SELECT_STYLE | {"width": "auto", "max_width": "280px"},
                ),
                submit_button("decision.create_cycle", "refresh-cw", class_name="create-cycle"),
                spacing="2",
                align="center",
                wrap="wrap",
            ),
            on_submit=S.create_cycle,
            reset_on_submit=False,
        ),
        rx.text(t("decision.no_practices"), size="2", color=theme.TEXT_MUTED),
    )


def move_note_form() -> rx.Component:
    """Filled and submitted by assets/board.js when a note is dropped on a cluster (or out of one)."""
    return rx.form(
        rx.el.input(type="hidden", name="note_id", id="move-note-id"),
        rx.el.input(type="hidden", name="cluster_id", id="move-cluster-id"),
        id="move-note-form",
        on_submit=S.move_note,
        reset_on_submit=True,
        display="none",
    )


def hidden_notes() -> rx.Component:
    return rx.cond(
        S.console.hidden_notes.length() > 0,
        card(
            rx.heading(t("moderation.hidden_title"), as_="h2", size="4"),
            rx.el.ul(
                rx.foreach(
                    S.console.hidden_notes,
                    lambda note: rx.el.li(
                        rx.hstack(
                            rx.vstack(
                                rx.text(note.text, size="3", color=theme.TEXT_MUTED),
                                rx.text(
                                    t_choice("moderation.reason", MODERATION_REASONS, note.hidden_reason),
                                    size="2",
                                    weight="medium",
                                ),
                                spacing="1",
                            ),
                            rx.button(
                                t("moderation.restore"),
                                on_click=S.restore_note(note.id),
                                variant="soft",
                                size="3",
                                min_height=theme.TOUCH_TARGET,
                            ),
                            justify="between",
                            align="center",
                            width="100%",
                        ),
                        list_style="none",
                        padding="10px 0",
                        border_top=theme.BORDER,
                    ),
                ),
                padding="0",
                margin="8px 0 0",
            ),
            width="100%",
        ),
    )


def board_page() -> rx.Component:
    return shell.page(
        rx.cond(
            S.board.id == 0,
            rx.center(rx.spinner(size="3"), padding="80px"),
            rx.vstack(
                status_bar(),
                rx.cond(
                    S.can_run,
                    rx.vstack(
                        console_panel(),
                        decisions_panel(),
                        columns_row(S.console.columns, console=True),
                        hidden_notes(),
                        move_note_form(),
                        spacing="4",
                        width="100%",
                    ),
                    columns_row(S.board.columns, console=False),
                ),
                rx.link(
                    t("board.outline_link"),
                    href=routes.board(S.board.workshop_id, S.board.id, "plan"),
                    size="2",
                ),
                composer(),
                spacing="4",
                width="100%",
            ),
        ),
        rx.fragment(on_unmount=S.leave),
        active="workshops",
    )


def projection_page() -> rx.Component:
    """The room's screen: read-only, large type, the join code and QR code while collecting."""
    return rx.box(
        rx.cond(
            S.board.id == 0,
            rx.center(rx.spinner(size="3"), padding="80px"),
            rx.vstack(
                rx.flex(
                    rx.vstack(
                        rx.text(S.board.title, font_size="28px", color=theme.TEXT_MUTED),
                        rx.heading(
                            t_choice("board.phase", PHASES, S.board.phase), as_="h1", font_size="56px"
                        ),
                        mode_badges(),
                        spacing="2",
                    ),
                    rx.hstack(
                        countdown("72px"),
                        rx.cond(
                            _is(BoardPhase.COLLECT) & S.invitation,
                            rx.hstack(
                                rx.vstack(
                                    rx.text(
                                        t("workshop.invitation.code"),
                                        font_size="22px",
                                        color=theme.TEXT_MUTED,
                                    ),
                                    rx.text(
                                        S.invitation.join_code,
                                        font_size="64px",
                                        font_weight="800",
                                        letter_spacing="0.12em",
                                        id="projection-code",
                                    ),
                                    rx.text(S.invitation.join_url, font_size="20px"),
                                    spacing="1",
                                    align="end",
                                ),
                                rx.image(
                                    src=S.invitation.qr_code,
                                    alt=t("workshop.invitation.qr_alt"),
                                    width="200px",
                                    height="200px",
                                ),
                                spacing="5",
                                align="center",
                            ),
                        ),
                        spacing="8",
                        align="center",
                    ),
                    justify="between",
                    align="center",
                    width="100%",
                    spacing="6",
                ),
                rx.flex(
                    rx.foreach(
                        S.board.columns,
                        lambda column: rx.el.section(
                            rx.heading(column.title, as_="h2", font_size="32px", margin_bottom="16px"),
                            rx.el.ul(
                                rx.foreach(
                                    column.notes,
                                    lambda note: rx.el.li(
                                        rx.text(note.text, font_size="26px", line_height="1.3"),
                                        rx.hstack(
                                            rx.cond(
                                                S.board.votes_revealed & (note.votes > 0),
                                                rx.badge(
                                                    t_format("vote.count", count=note.votes),
                                                    size="3",
                                                    radius="full",
                                                ),
                                            ),
                                            prototype_badge(note.to_prototype),
                                            spacing="2",
                                            margin_top="8px",
                                        ),
                                        list_style="none",
                                        background=rx.Var.create(theme.NOTE_COLORS)[note.color].to(str),
                                        padding="18px 22px",
                                        border_radius="14px",
                                        class_name="note",
                                    ),
                                ),
                                style={
                                    "display": "flex",
                                    "flex_direction": "column",
                                    "gap": "14px",
                                    "padding": "0",
                                },
                            ),
                            rx.cond(
                                S.board.private_mode,
                                rx.text(
                                    t_format("board.private_count", count=column.note_count),
                                    font_size="24px",
                                    color=theme.TEXT_MUTED,
                                ),
                            ),
                            background=rx.cond(
                                S.board.focus_column_id == column.id, "var(--jade-3)", "var(--sand-3)"
                            ),
                            outline=rx.cond(
                                S.board.focus_column_id == column.id, "4px solid var(--jade-8)", "none"
                            ),
                            border_radius="22px",
                            padding="24px",
                            flex="1 1 0",
                            min_width="0",
                        ),
                    ),
                    gap="20px",
                    align="start",
                    width="100%",
                ),
                spacing="6",
                width="100%",
            ),
        ),
        rx.fragment(on_unmount=S.leave),
        background=theme.PAGE_BACKGROUND,
        min_height="100vh",
        padding="40px 48px",
        lang=S.lang,
    )


def _outline_notes(notes: rx.Var[list[NoteCard]], cluster_id: rx.Var[int] | int | None) -> rx.Component:
    """The notes of one cluster (0: in no cluster; None: all of them) as a plain list."""

    def item(note: rx.Var[NoteCard]) -> rx.Component:
        return rx.el.li(
            note.text,
            rx.cond(note.author != "", rx.el.span(" — ", note.author)),
            rx.cond(
                (S.board.votes_revealed | S.can_run) & (note.votes > 0),
                rx.el.span(" (", t_format("vote.count", count=note.votes), ")"),
            ),
            _outline_mark(note.to_prototype),
            margin_bottom="6px",
        )

    return rx.el.ul(
        rx.foreach(
            notes,
            item if cluster_id is None else lambda note: rx.cond(note.cluster_id == cluster_id, item(note)),
        ),
        padding_left="1.4em",
        list_style_type="disc",
    )


def _outline_mark(marked: rx.Var[bool]) -> rx.Component:
    return rx.cond(marked, rx.el.strong(" — ", t("decision.badge")))


def outline_page() -> rx.Component:
    """The board as text: headings for the columns and lists of notes, which a screen reader reads in order.
    It is also the printable summary of the session."""
    columns = rx.cond(S.can_run, S.console.columns, S.board.columns)
    return shell.page(
        rx.cond(
            S.board.id == 0,
            rx.center(rx.spinner(size="3"), padding="80px"),
            rx.el.article(
                rx.flex(
                    rx.link(
                        rx.hstack(rx.icon("arrow-left", size=18, aria_hidden="true"), t("outline.back")),
                        href=routes.board(S.board.workshop_id, S.board.id),
                        min_height=theme.TOUCH_TARGET,
                        display="flex",
                        align_items="center",
                    ),
                    rx.button(
                        rx.icon("printer", size=18, aria_hidden="true"),
                        t("outline.print"),
                        on_click=rx.call_script("window.print()"),
                        variant="soft",
                        size="3",
                        min_height=theme.TOUCH_TARGET,
                    ),
                    justify="between",
                    align="center",
                    width="100%",
                    class_name="no-print",
                ),
                rx.heading(S.board.title, as_="h1", size="7", margin_top="12px"),
                rx.text(
                    t("outline.phase"),
                    " ",
                    t_choice("board.phase", PHASES, S.board.phase),
                    size="3",
                    color=theme.TEXT_MUTED,
                ),
                rx.foreach(
                    columns,
                    lambda column: rx.el.section(
                        rx.heading(column.title, as_="h2", size="5", margin_top="24px"),
                        rx.cond(
                            column.prompt != "", rx.text(column.prompt, size="3", color=theme.TEXT_MUTED)
                        ),
                        rx.foreach(
                            S.board.clusters,
                            lambda cluster: rx.cond(
                                cluster.column_id == column.id,
                                rx.el.section(
                                    rx.heading(
                                        cluster.name,
                                        _outline_mark(cluster.to_prototype),
                                        as_="h3",
                                        size="4",
                                        margin_top="12px",
                                    ),
                                    _outline_notes(column.notes, cluster.id),
                                    aria_label=cluster.name,
                                ),
                            ),
                        ),
                        rx.cond(
                            column.notes.length() > 0,
                            _outline_notes(column.notes, 0),
                            rx.text(t("outline.no_notes"), size="3", color=theme.TEXT_MUTED),
                        ),
                        aria_label=column.title,
                    ),
                ),
                rx.cond(
                    S.board.private_mode & (S.own.private_notes.length() > 0),
                    rx.el.section(
                        rx.heading(t("outline.my_private_notes"), as_="h2", size="5", margin_top="24px"),
                        _outline_notes(S.own.private_notes, None),
                    ),
                ),
                max_width="72ch",
                width="100%",
                font_size="18px",
                line_height="1.6",
            ),
        ),
        rx.fragment(on_unmount=S.leave),
        active="workshops",
    )
