"""Adaptation pages: the records (FRAME), one record, its editor generated from frame.toml, and how one
practice was adapted from region to region."""

from __future__ import annotations

import reflex as rx

from livinglab.adaptations.service import AdaptationSummary
from livinglab.adaptations.state import (
    AdaptationEditorState,
    AdaptationsState,
    AdaptationState,
    LinkChoice,
    MatrixRow,
    RecurrenceLine,
    RegionComparisonState,
)
from livinglab.core.taxonomy import TaxonomyScheme
from livinglab.evaluations.pages import error_under, where_fields
from livinglab.frameworks.answers import AnswerLine
from livinglab.frameworks.components import framework_form
from livinglab.frameworks.definitions import frame
from livinglab.ui import routes, shell, theme
from livinglab.ui.i18n import t, t_format
from livinglab.ui.taxonomy import term_label
from livinglab.ui.widgets import (
    action_link,
    card,
    empty_state,
    form_error,
    idea_origin,
    item_card,
    listing,
    meta,
    page_header,
    submit_button,
)


def adaptation_card(adaptation: rx.Var[AdaptationSummary]) -> rx.Component:
    return rx.link(
        item_card(
            rx.text(adaptation.practice_title, size="2", weight="medium", color=theme.ACCENT_INK),
            rx.heading(term_label(TaxonomyScheme.REGION, adaptation.region_code), as_="h2", size="5"),
            rx.text(adaptation.summary, size="3", color=theme.TEXT_MUTED),
            meta("building-2", adaptation.organization_name),
        ),
        href=routes.adaptation(adaptation.id),
        underline="none",
        color="inherit",
    )


def adaptations_page() -> rx.Component:
    return shell.page(
        page_header("adaptations.title", "adaptations.intro", "map-pinned"),
        rx.cond(
            AdaptationsState.can_write,
            action_link("plus", "adaptation.new", routes.ADAPTATION_NEW, variant="solid"),
        ),
        listing(AdaptationsState.adaptations, adaptation_card, "adaptations.empty"),
        active="adaptations",
    )


def answer_block(line: rx.Var[AnswerLine]) -> rx.Component:
    return rx.fragment(
        rx.cond(line.section != "", rx.heading(line.section, as_="h2", size="5", padding_top="12px")),
        rx.box(
            rx.text(line.label, weight="bold"),
            rx.cond(
                line.chosen.length() > 0,
                rx.flex(
                    rx.foreach(
                        line.chosen, lambda label: rx.badge(label, size="2", variant="soft", radius="full")
                    ),
                    gap="6px",
                    wrap="wrap",
                ),
                rx.text("—", color=theme.TEXT_MUTED),
            ),
            rx.foreach(
                line.texts,
                lambda text: rx.text(text, size="2", color=theme.TEXT_MUTED, white_space="pre-wrap"),
            ),
            border_top=theme.BORDER,
            padding_y="10px",
            width="100%",
        ),
    )


def adaptation_page() -> rx.Component:
    record = AdaptationState.adaptation
    return shell.page(
        rx.cond(
            record,
            rx.vstack(
                rx.link(t("adaptations.title"), href=routes.ADAPTATIONS, size="2"),
                rx.heading(term_label(TaxonomyScheme.REGION, record.region_code.to(str)), as_="h1", size="8"),
                rx.link(record.practice_title, href=routes.practice(record.practice_slug), weight="medium"),
                meta("building-2", record.organization_name),
                rx.text(record.summary, size="4", max_width="70ch"),
                rx.hstack(
                    rx.cond(
                        AdaptationState.can_edit,
                        action_link("pencil", "adaptation.edit", routes.adaptation(record.id, "modifier")),
                    ),
                    action_link(
                        "table", "comparison.open", routes.adaptation_comparison(record.practice_slug)
                    ),
                    spacing="3",
                    wrap="wrap",
                ),
                rx.grid(
                    card(rx.foreach(AdaptationState.lines, answer_block), width="100%"),
                    card(
                        rx.vstack(
                            rx.heading(t("adaptation.links"), as_="h2", size="5"),
                            rx.foreach(
                                record.cycles,
                                lambda cycle: rx.link(
                                    meta(
                                        "refresh-cw",
                                        t_format("cycle.heading", number=cycle.number, title=cycle.title),
                                    ),
                                    href=routes.CYCLES + "/" + cycle.id.to(str),
                                ),
                            ),
                            rx.foreach(
                                record.ideas,
                                lambda idea: rx.vstack(
                                    rx.text("« ", idea.text, " »"), idea_origin(idea.origin), spacing="1"
                                ),
                            ),
                            rx.cond(
                                (record.cycles.length() == 0) & (record.ideas.length() == 0),
                                rx.text(t("adaptation.no_links"), color=theme.TEXT_MUTED),
                            ),
                            spacing="3",
                            width="100%",
                        ),
                        width="100%",
                        id="links",
                    ),
                    columns=rx.breakpoints(initial="1", md="2"),
                    spacing="4",
                    width="100%",
                ),
                spacing="4",
                width="100%",
            ),
            rx.cond(AdaptationState.not_found, empty_state("adaptation.not_found")),
        ),
        active="adaptations",
    )


def link_tick(prefix: str, choice: rx.Var[LinkChoice]) -> rx.Component:
    values = AdaptationEditorState.values
    return rx.fragment(
        rx.cond(
            choice.group_start,
            rx.text(
                rx.cond(
                    choice.board != "",
                    t_format("decision.from_board", workshop=choice.group, board=choice.board),
                    choice.group,
                ),
                size="2",
                weight="medium",
                color=theme.TEXT_MUTED,
                width="100%",
                padding_top="4px",
            ),
        ),
        rx.el.label(
            rx.el.input(
                type="checkbox",
                name=prefix + choice.value,
                default_checked=values.contains(prefix + choice.value),
                class_name="tick-input",
            ),
            rx.text(
                rx.cond(
                    choice.number != "",
                    t_format("cycle.heading", number=choice.number, title=choice.text),
                    choice.text,
                )
            ),
            class_name="tick",
        ),
    )


def link_ticks(legend_key: str, prefix: str, choices: rx.Var[list[LinkChoice]]) -> rx.Component:
    return rx.el.fieldset(
        rx.el.legend(t(legend_key), class_name="ll-legend"),
        rx.cond(
            choices.length() > 0,
            rx.flex(rx.foreach(choices, lambda choice: link_tick(prefix, choice)), gap="8px", wrap="wrap"),
            rx.text(t("adaptation.no_choices"), color=theme.TEXT_MUTED),
        ),
        class_name="ll-fieldset",
    )


def editor_page() -> rx.Component:
    state = AdaptationEditorState
    return shell.page(
        page_header("adaptation.editor_title", "adaptation.editor_intro", "map-pinned"),
        rx.cond(
            state.loaded,
            rx.form(
                rx.vstack(
                    card(
                        rx.vstack(
                            where_fields(state),
                            rx.el.label(
                                t("adaptation.summary"), html_for="adaptation-summary", font_weight="700"
                            ),
                            rx.text_area(
                                id="adaptation-summary",
                                name="summary",
                                default_value=state.values["summary"].to(str),
                                rows="3",
                                size="3",
                                width="100%",
                            ),
                            error_under(state.field_errors, "summary"),
                            spacing="3",
                            width="100%",
                        ),
                        width="100%",
                    ),
                    framework_form(frame(), state.values, state.field_errors),
                    card(
                        rx.vstack(
                            rx.heading(t("adaptation.links"), as_="h2", size="5"),
                            link_ticks("adaptation.cycles", "cycle:", state.cycles),
                            error_under(state.field_errors, "cycles"),
                            link_ticks("adaptation.ideas", "idea:", state.ideas),
                            error_under(state.field_errors, "ideas"),
                            spacing="4",
                            width="100%",
                        ),
                        width="100%",
                    ),
                    rx.cond(state.error_message != "", form_error(state.error_message, "adaptation-error")),
                    rx.hstack(
                        submit_button("adaptation.save", "save", id="save-adaptation"),
                        justify="end",
                        width="100%",
                    ),
                    spacing="4",
                    width="100%",
                ),
                on_submit=state.save,
                reset_on_submit=False,
                key=state.form_key,
                width="100%",
            ),
        ),
        active="adaptations",
    )


def matrix_row(row: rx.Var[MatrixRow]) -> rx.Component:
    return rx.el.tr(rx.el.th(row.element, scope="row"), rx.foreach(row.cells, lambda cell: rx.el.td(cell)))


def recurrence(line: rx.Var[RecurrenceLine]) -> rx.Component:
    return rx.hstack(
        rx.badge(line.count.to(str), size="2", radius="full", color_scheme="jade"),
        rx.text(rx.text.strong(line.option), " — ", line.element),
        rx.text(line.regions, size="2", color=theme.TEXT_MUTED),
        spacing="2",
        wrap="wrap",
        align="center",
    )


def comparison_page() -> rx.Component:
    state = RegionComparisonState
    return shell.page(
        page_header("comparison.regions_title", "comparison.regions_intro", "table"),
        rx.cond(
            state.comparison,
            rx.vstack(
                rx.link(
                    state.comparison.practice_title,
                    href=routes.practice(state.comparison.practice_slug),
                    size="4",
                ),
                card(
                    rx.vstack(
                        rx.heading(t("comparison.recurring"), as_="h2", size="5"),
                        rx.text(t("comparison.recurring_intro"), size="2", color=theme.TEXT_MUTED),
                        rx.cond(
                            state.recurrences.length() > 0,
                            rx.foreach(state.recurrences, recurrence),
                            rx.text(t("comparison.no_recurrence"), color=theme.TEXT_MUTED),
                        ),
                        spacing="3",
                        width="100%",
                    ),
                    width="100%",
                    id="recurring",
                ),
                card(
                    rx.box(
                        rx.el.table(
                            rx.el.thead(
                                rx.el.tr(
                                    rx.el.th(t("comparison.element")),
                                    rx.foreach(state.regions, lambda region: rx.el.th(region, scope="col")),
                                )
                            ),
                            rx.el.tbody(rx.foreach(state.rows, matrix_row)),
                            class_name="ll-matrix",
                            id="region-matrix",
                        ),
                        overflow_x="auto",
                        width="100%",
                    ),
                    width="100%",
                ),
                spacing="4",
                width="100%",
            ),
            rx.cond(state.not_found, empty_state("comparison.empty")),
        ),
        active="adaptations",
    )
