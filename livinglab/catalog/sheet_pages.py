"""One practice sheet: its page (with the review for staff), its history of versions, its print version."""

from __future__ import annotations

from collections.abc import Callable

import reflex as rx

from livinglab.catalog import evidence
from livinglab.catalog.models import EvidenceLevel, PracticeStatus
from livinglab.catalog.pages import level_and_status, term_chip
from livinglab.catalog.reading import CriterionCheck, Related
from livinglab.catalog.review import COMMENT_MAX_LENGTH, CommentEntry, Move
from livinglab.catalog.sheets import PARTS, TERM_PARTS, PartChange, Segment, VersionEntry
from livinglab.catalog.state import COMMENT_ONLY, SheetState
from livinglab.cycles.models import CycleStage
from livinglab.evaluations.models import EvaluationStatus
from livinglab.frameworks.components import framework_name
from livinglab.ui import routes, shell, theme
from livinglab.ui.i18n import t, t_choice, t_format, t_moment
from livinglab.ui.taxonomy import term_label
from livinglab.ui.widgets import action_link, card, empty_state, form_error, idea_origin, meta, paper

CONTENT = SheetState.sheet.content
CRITERION_CODES = [criterion.code for criterion in evidence.CRITERIA]


def small_title(key: str) -> rx.Component:
    return rx.heading(t(key), as_="h2", size="4")


def listed(part: str) -> rx.Component:
    """A listed part, left out when empty: a sheet shows what it has, not empty headings."""
    items = getattr(CONTENT, part).to(list[str])
    return rx.cond(
        items.length() > 0,
        rx.box(
            small_title(f"sheet.part.{part}"),
            rx.el.ul(rx.foreach(items, lambda item: rx.el.li(item)), class_name="sheet-list"),
            width="100%",
        ),
    )


def fact(part: str) -> rx.Component:
    value = getattr(CONTENT, part).to(str)
    return rx.cond(
        value != "",
        rx.box(
            rx.text(t(f"sheet.part.{part}"), weight="bold", size="2", color=theme.TEXT_MUTED),
            rx.text(value, size="3"),
        ),
    )


def terms(part: str) -> rx.Component:
    codes = getattr(CONTENT, part).to(list[str])
    return rx.cond(
        codes.length() > 0,
        rx.box(
            rx.text(t(f"sheet.part.{part}"), weight="bold", size="2", color=theme.TEXT_MUTED),
            rx.flex(
                rx.foreach(codes, lambda code: term_chip(TERM_PARTS[part], code)),
                gap="6px",
                wrap="wrap",
                margin_top="4px",
            ),
        ),
    )


def criterion(check: rx.Var[CriterionCheck]) -> rx.Component:
    return rx.hstack(
        rx.icon(
            rx.cond(check.met, "circle-check", "circle-dashed"),
            size=20,
            color=rx.cond(check.met, "var(--jade-10)", "var(--sand-9)"),
            aria_hidden="true",
            flex_shrink="0",
        ),
        rx.text(
            t_choice("evidence.criterion", CRITERION_CODES, check.code),
            rx.el.span(
                " — ",
                rx.cond(check.met, t("evidence.met"), t("evidence.not_met")),
                class_name="ll-visually-hidden",
            ),
            size="2",
            color=rx.cond(check.met, theme.INK, theme.TEXT_MUTED),
        ),
        align="start",
        spacing="2",
        class_name="criterion",
        data_met=rx.cond(check.met, "true", "false"),
    )


def evidence_panel(criteria: rx.Var[list[CriterionCheck]]) -> rx.Component:
    """Which criteria are met, level by level: the badge alone would not say why."""

    def level_block(level: EvidenceLevel) -> rx.Component:
        return rx.vstack(
            rx.text(t(f"evidence.level.{level.value}"), weight="bold", size="2"),
            rx.foreach(criteria, lambda check: rx.cond(check.level == level.value, criterion(check))),
            spacing="2",
            width="100%",
        )

    return card(
        rx.vstack(
            small_title("evidence.criteria_title"),
            rx.text(t("evidence.criteria_intro"), size="2", color=theme.TEXT_MUTED),
            *(level_block(level) for level in evidence.LEVELS),
            spacing="3",
        ),
        id="evidence",
        width="100%",
    )


def related_list(
    title_key: str,
    items: rx.Var[list[Related]],
    label: Callable[[rx.Var[Related]], rx.Var[str]],
    detail: Callable[[rx.Var[Related]], rx.Var[str]],
) -> rx.Component:
    return rx.cond(
        items.length() > 0,
        rx.box(
            rx.text(t(title_key), weight="bold", size="2", color=theme.TEXT_MUTED),
            rx.el.ul(
                rx.foreach(
                    items,
                    lambda item: rx.el.li(
                        rx.cond(
                            item.href != "",
                            rx.link(label(item), href=item.href, weight="medium"),
                            rx.text(label(item), weight="medium"),
                        ),
                        rx.text(detail(item), size="2"),
                    ),
                ),
                class_name="sheet-list",
            ),
        ),
    )


def related_panel() -> rx.Component:
    view = SheetState.sheet
    return card(
        rx.vstack(
            small_title("sheet.related"),
            idea_origin(view.origin),
            related_list(
                "cycles.title",
                view.cycles,
                lambda item: item.label,
                lambda item: t_choice("cycle.stage", CycleStage, item.detail),
            ),
            rx.cond(
                view.cycles.length() > 0,
                rx.link(
                    t("sheet.cycles_link"), href=routes.practice(view.slug, "cycles"), id="practice-cycles"
                ),
            ),
            related_list(
                "adaptations.title",
                view.adaptations,
                lambda item: term_label(TERM_PARTS["regions"], item.label),
                lambda item: item.detail,
            ),
            rx.cond(
                view.adaptations.length() > 1,
                rx.link(
                    t("comparison.open"), href=routes.adaptation_comparison(view.slug), id="compare-regions"
                ),
            ),
            related_list(
                "evaluations.title",
                view.evaluations,
                lambda item: framework_name(item.label),
                lambda item: t_choice("evaluation.status", EvaluationStatus, item.detail),
            ),
            spacing="3",
        ),
        id="related",
        width="100%",
    )


def sheet_body() -> rx.Component:
    """The sheet itself: shared by its page and its print version."""
    view = SheetState.sheet
    return rx.grid(
        rx.vstack(
            rx.html(view.description_html, class_name="ll-prose"),
            listed("objectives"),
            listed("activities"),
            listed("results"),
            spacing="5",
            width="100%",
            min_width="0",
        ),
        rx.vstack(
            card(
                rx.vstack(
                    small_title("sheet.resources"),
                    fact("staff"),
                    fact("budget"),
                    fact("duration"),
                    spacing="3",
                ),
                width="100%",
            ),
            card(
                rx.vstack(
                    small_title("sheet.for_whom"),
                    *(terms(part) for part in TERM_PARTS),
                    spacing="3",
                ),
                width="100%",
            ),
            card(
                rx.vstack(
                    small_title("sheet.who"),
                    rx.box(
                        rx.text(t("sheet.part.carrier_ids"), weight="bold", size="2", color=theme.TEXT_MUTED),
                        rx.foreach(view.organization_names, lambda name: rx.text(name)),
                    ),
                    listed("partners"),
                    fact("contact_name"),
                    rx.cond(
                        CONTENT.contact_email != "",
                        rx.link(
                            CONTENT.contact_email,
                            href="mailto:" + CONTENT.contact_email,
                        ),
                    ),
                    spacing="3",
                ),
                width="100%",
            ),
            evidence_panel(view.criteria),
            spacing="4",
            width="100%",
        ),
        columns=rx.breakpoints(initial="1", md="minmax(0, 1fr) 360px"),
        spacing="5",
        width="100%",
        align_items="start",
    )


def sheet_header(with_actions: bool) -> rx.Component:
    view = SheetState.sheet
    return rx.vstack(
        level_and_status(view.evidence_level, view.status),
        rx.heading(view.content.title, as_="h1", size="8", id="sheet-title"),
        rx.text(view.content.summary, size="4", color=theme.TEXT_MUTED, max_width="75ch"),
        rx.hstack(
            meta("building-2", view.organization_names[0]),
            meta("languages", t_choice("language", ["fr", "en"], view.content.language)),
            meta("history", t_format("sheet.version", number=view.version_number)),
            meta("calendar", t_moment(view.updated_at)),
            spacing="4",
            wrap="wrap",
        ),
        sheet_actions() if with_actions else rx.fragment(),
        spacing="3",
        width="100%",
    )


def sheet_actions() -> rx.Component:
    slug = SheetState.sheet.slug
    return rx.hstack(
        rx.cond(
            SheetState.can_edit,
            rx.link(
                rx.button(
                    rx.icon("pencil", size=18, aria_hidden="true"),
                    t("sheet.edit"),
                    size="3",
                    min_height=theme.TOUCH_TARGET,
                ),
                href=routes.practice(slug, "modifier"),
                id="edit-sheet",
            ),
        ),
        rx.cond(
            SheetState.is_staff, action_link("history", "sheet.history", routes.practice(slug, "historique"))
        ),
        action_link("printer", "sheet.print", routes.practice(slug, "imprimer")),
        spacing="3",
        wrap="wrap",
        class_name="ll-no-print",
    )


def comment_entry(entry: rx.Var[CommentEntry]) -> rx.Component:
    return rx.box(
        rx.hstack(
            rx.text(entry.author_name, weight="bold"),
            rx.text(t_moment(entry.written_at), size="2", color=theme.TEXT_MUTED),
            rx.text(t_format("sheet.version", number=entry.version_number), size="2", color=theme.TEXT_MUTED),
            rx.cond(
                entry.new_status != "",
                rx.badge(
                    rx.icon("arrow-right", size=14, aria_hidden="true"),
                    t_choice("practice.status", PracticeStatus, entry.new_status),
                    radius="full",
                    variant="soft",
                ),
            ),
            spacing="3",
            align="center",
            wrap="wrap",
        ),
        rx.cond(entry.body != "", rx.text(entry.body, size="3", white_space="pre-wrap")),
        class_name="review-entry",
        padding_y="10px",
        border_bottom=theme.BORDER,
        width="100%",
    )


def move_choice(move: rx.Var[str]) -> rx.Component:
    return rx.el.label(
        rx.el.input(type="radio", name="move", value=move, class_name="move-input"),
        rx.text(t_choice("review.move", [*(m.value for m in Move), COMMENT_ONLY], move)),
        class_name="move-choice",
    )


def review_panel() -> rx.Component:
    """The review trail and, for whoever may act, what they may do now."""
    return rx.cond(
        SheetState.is_staff,
        card(
            rx.vstack(
                small_title("review.title"),
                rx.cond(
                    SheetState.comments.length() > 0,
                    rx.vstack(rx.foreach(SheetState.comments, comment_entry), spacing="0", width="100%"),
                    rx.text(t("review.empty"), color=theme.TEXT_MUTED),
                ),
                rx.cond(
                    SheetState.can_edit,
                    rx.form(
                        rx.vstack(
                            rx.el.fieldset(
                                rx.el.legend(t("review.what_now"), class_name="ll-legend"),
                                rx.flex(
                                    rx.foreach(SheetState.moves, move_choice),
                                    move_choice(rx.Var.create(COMMENT_ONLY)),
                                    gap="8px",
                                    wrap="wrap",
                                ),
                                class_name="ll-fieldset",
                            ),
                            rx.el.label(t("review.comment"), html_for="review-comment", font_weight="700"),
                            rx.text_area(
                                id="review-comment",
                                name="comment",
                                default_value=SheetState.draft_comment,
                                max_length=COMMENT_MAX_LENGTH * 2,
                                rows="3",
                                size="3",
                                width="100%",
                            ),
                            rx.cond(
                                SheetState.review_error != "",
                                form_error(SheetState.review_error, "review-error"),
                            ),
                            rx.button(
                                rx.icon("send", size=18, aria_hidden="true"),
                                t("review.send"),
                                type="submit",
                                size="3",
                                min_height=theme.TOUCH_TARGET,
                                id="review-send",
                            ),
                            spacing="3",
                            width="100%",
                            align="start",
                        ),
                        on_submit=SheetState.review,
                        reset_on_submit=False,
                        id="review-form",
                        width="100%",
                    ),
                ),
                spacing="3",
                width="100%",
            ),
            id="review",
            class_name="ll-no-print",
            width="100%",
        ),
    )


def not_found() -> rx.Component:
    return empty_state("sheet.error.not_found")


def back_to_catalog() -> rx.Component:
    return rx.link(
        rx.hstack(
            rx.icon("arrow-left", size=18, aria_hidden="true"), t("sheet.back"), align="center", spacing="1"
        ),
        href=routes.CATALOG,
        class_name="ll-no-print",
    )


def sheet_page() -> rx.Component:
    return shell.page(
        back_to_catalog(),
        rx.cond(
            SheetState.sheet,
            rx.vstack(
                sheet_header(with_actions=True),
                review_panel(),
                sheet_body(),
                rx.cond(SheetState.is_staff, related_panel()),
                spacing="6",
                width="100%",
            ),
            rx.cond(SheetState.not_found, not_found()),
        ),
        active="catalog",
    )


def print_page() -> rx.Component:
    """The sheet alone on white, for paper or a PDF."""
    return paper(
        "catalog.title",
        rx.cond(
            SheetState.sheet,
            rx.vstack(sheet_header(with_actions=False), sheet_body(), spacing="5", width="100%"),
            rx.cond(SheetState.not_found, not_found()),
        ),
    )


def segment(piece: rx.Var[Segment]) -> rx.Component:
    return rx.match(
        piece.kind,
        ("added", rx.el.ins(piece.text, class_name="diff-added")),
        ("removed", rx.el.del_(piece.text, class_name="diff-removed")),
        rx.el.span(piece.text, class_name="diff-same"),
    )


def part_change(change: rx.Var[PartChange]) -> rx.Component:
    return rx.box(
        rx.text(t_choice("sheet.part", PARTS, change.part), weight="bold", size="2", color=theme.TEXT_MUTED),
        rx.box(rx.foreach(change.segments, segment), class_name="diff"),
        class_name="part-change",
        width="100%",
    )


def changes_list(changes: rx.Var[list[PartChange]]) -> rx.Component:
    return rx.vstack(rx.foreach(changes, part_change), spacing="3", width="100%")


def version_entry(entry: rx.Var[VersionEntry]) -> rx.Component:
    return card(
        rx.vstack(
            rx.hstack(
                rx.heading(t_format("sheet.version", number=entry.number), as_="h2", size="4"),
                rx.text(entry.author_name, weight="bold"),
                rx.text(t_moment(entry.saved_at), color=theme.TEXT_MUTED, size="2"),
                spacing="3",
                align="baseline",
                wrap="wrap",
            ),
            rx.cond(
                entry.changes.length() > 0,
                changes_list(entry.changes),
                rx.text(t("sheet.first_version"), color=theme.TEXT_MUTED),
            ),
            spacing="3",
            width="100%",
        ),
        class_name="version-entry",
        width="100%",
    )


def history_page() -> rx.Component:
    return shell.page(
        rx.cond(
            SheetState.sheet,
            rx.vstack(
                rx.link(
                    rx.hstack(
                        rx.icon("arrow-left", size=18, aria_hidden="true"), SheetState.sheet.content.title
                    ),
                    href=routes.practice(SheetState.sheet.slug),
                ),
                rx.heading(t("sheet.history"), as_="h1", size="7"),
                rx.text(t("sheet.history_intro"), color=theme.TEXT_MUTED),
                rx.vstack(rx.foreach(SheetState.history, version_entry), spacing="4", width="100%"),
                spacing="4",
                width="100%",
            ),
            rx.cond(SheetState.not_found, not_found()),
        ),
        active="catalog",
    )
