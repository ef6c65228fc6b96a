"""Evaluation pages: the list, the editor generated from the framework, one evaluation with its radar chart
and review, two side by side, and the managers' portfolio (with its print-ready report)."""

from __future__ import annotations

import reflex as rx

from livinglab.catalog.models import EvidenceLevel
from livinglab.core.taxonomy import TaxonomyScheme
from livinglab.evaluations.models import EvaluationDecision, EvaluationStatus, ReviewMove
from livinglab.evaluations.review import COMMENT_MAX_LENGTH, HistoryEntry
from livinglab.evaluations.service import EvaluationSummary, PortfolioEntry
from livinglab.evaluations.state import (
    Choice,
    ComparedLine,
    CoverageRow,
    EvaluationComparisonState,
    EvaluationEditorState,
    EvaluationsState,
    EvaluationState,
    PortfolioState,
)
from livinglab.frameworks.answers import AnswerLine
from livinglab.frameworks.components import framework_form, framework_name, text_of
from livinglab.frameworks.definitions import evaluation_frameworks
from livinglab.ui import routes, shell, theme
from livinglab.ui.i18n import LocaleState, t, t_choice, t_moment
from livinglab.ui.taxonomy import term_label
from livinglab.ui.widgets import (
    SELECT_STYLE,
    action_link,
    badge,
    card,
    empty_state,
    form_error,
    item_card,
    listing,
    meta,
    page_header,
    paper,
    submit_button,
)


def status_badge(status: rx.Var[str]) -> rx.Component:
    return badge(t_choice("evaluation.status", EvaluationStatus, status), status, theme.STATUS_COLORS)


def decision_text(decision: rx.Var[str]) -> rx.Var[str]:
    return t_choice("evaluation.decision", EvaluationDecision, decision)


def decision_short(decision: rx.Var[str]) -> rx.Var[str]:
    """The decision alone (« étendre »), under a heading that already says « Décision »."""
    return t_choice("evaluation.decision_short", EvaluationDecision, decision)


def evaluation_card(evaluation: rx.Var[EvaluationSummary]) -> rx.Component:
    return rx.link(
        item_card(
            status_badge(evaluation.status.to(str)),
            rx.heading(evaluation.practice_title, as_="h2", size="5"),
            meta("layout-grid", framework_name(evaluation.framework)),
            meta("building-2", evaluation.organization_name),
            rx.cond(
                evaluation.region_code != "",
                meta("map-pin", term_label(TaxonomyScheme.REGION, evaluation.region_code)),
            ),
            rx.cond(evaluation.decision, rx.text(decision_text(evaluation.decision.to(str)), weight="bold")),
        ),
        href=routes.evaluation(evaluation.id),
        underline="none",
        color="inherit",
    )


def evaluations_page() -> rx.Component:
    return shell.page(
        page_header("evaluations.title", "evaluations.intro", "clipboard-check"),
        rx.hstack(
            rx.cond(
                EvaluationsState.can_write,
                action_link("plus", "evaluation.new", routes.EVALUATION_NEW, variant="solid"),
            ),
            rx.cond(
                EvaluationsState.is_reviewer,
                action_link("briefcase", "portfolio.title", routes.PORTFOLIO),
            ),
            spacing="3",
            wrap="wrap",
        ),
        listing(EvaluationsState.evaluations, evaluation_card, "evaluations.empty"),
        active="evaluations",
    )


def choice_label(choice: rx.Var[Choice]) -> rx.Var[str]:
    return rx.cond(LocaleState.lang == "en", choice.label_en, choice.label_fr)


def select(
    name: str,
    label_key: str,
    choices: rx.Var[list[Choice]],
    value: rx.Var,
    *,
    optional: bool,
    empty_key: str = "evaluation.no_choice",
) -> rx.Component:
    """A native select; ``optional`` adds a first, empty choice named ``empty_key`` ("None" in a form, "All
    regions" in a filter)."""
    return rx.vstack(
        rx.el.label(t(label_key), html_for=f"select-{name}", font_weight="700"),
        rx.el.select(
            rx.el.option(t(empty_key), value="") if optional else rx.fragment(),
            rx.foreach(
                choices,
                lambda choice: rx.el.option(choice_label(choice), value=choice.value),
            ),
            id=f"select-{name}",
            name=name,
            default_value=value.to(str),
            style=SELECT_STYLE,
        ),
        spacing="1",
        width="100%",
    )


def where_fields(state: type[rx.State]) -> rx.Component:
    """Which practice, by which organization, in which region: the head of an evaluation's and an
    adaptation's editor."""
    return rx.fragment(
        rx.grid(
            select(
                "practice_id",
                "evaluation.practice",
                state.practices,
                state.values["practice_id"],
                optional=False,
            ),
            select(
                "organization_id",
                "evaluation.organization",
                state.organizations,
                state.values["organization_id"],
                optional=False,
            ),
            select("region", "evaluation.region", state.regions, state.values["region"], optional=True),
            columns=rx.breakpoints(initial="1", md="3"),
            spacing="4",
            width="100%",
        ),
        error_under(state.field_errors, "organization"),
        error_under(state.field_errors, "region"),
    )


def error_under(errors: rx.Var, part: str) -> rx.Component:
    return rx.cond(errors.contains(part), form_error(errors[part].to(str), f"{part}-error"))


def editor_page() -> rx.Component:
    state = EvaluationEditorState
    frameworks = evaluation_frameworks()
    return shell.page(
        page_header("evaluation.editor_title", "evaluation.editor_intro", "clipboard-pen"),
        rx.cond(
            state.evaluation_id == 0,
            rx.hstack(
                *(
                    rx.link(
                        text_of(fw.name),
                        href=f"{routes.EVALUATION_NEW}?cadre={code}",
                        class_name="tick",
                        aria_current=rx.cond(state.framework == code, "page", None),
                        id=f"framework-{code}",
                    )
                    for code, fw in frameworks.items()
                ),
                spacing="2",
                wrap="wrap",
            ),
        ),
        rx.cond(
            state.loaded,
            rx.form(
                rx.vstack(
                    card(
                        where_fields(state),
                        width="100%",
                    ),
                    rx.match(
                        state.framework,
                        *(
                            (code, framework_form(fw, state.values, state.field_errors))
                            for code, fw in frameworks.items()
                        ),
                        rx.fragment(),
                    ),
                    rx.cond(state.error_message != "", form_error(state.error_message, "evaluation-error")),
                    rx.hstack(
                        submit_button("evaluation.save_draft", "save", id="save-evaluation"),
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
        active="evaluations",
    )


# Jade and a deep orange: told apart by people with the common colour-vision deficiencies, AA on white.
RADAR_COLORS = ("var(--jade-9)", "var(--orange-10)")


def radar(data: rx.Var, *series: tuple[str, str, rx.Var[str]]) -> rx.Component:
    """The ratings as a radar chart (ISAT's part C: strengths and weaknesses at a glance). Still, so a page
    photographed or printed shows it whole; labels small enough that the longest factor fits beside it; the
    series named in the page's own text rather than inside the picture."""
    return rx.vstack(
        rx.box(
            rx.recharts.radar_chart(
                rx.recharts.polar_grid(stroke="var(--sand-6)"),
                rx.recharts.polar_angle_axis(
                    data_key="label", tick={"fontSize": 13, "fill": "var(--sand-12)"}
                ),
                rx.recharts.polar_radius_axis(
                    domain=[0, 5],
                    tick_count=6,
                    angle=60,
                    axis_line=False,
                    tick={"fontSize": 11, "fill": "var(--sand-11)"},
                ),
                *(
                    rx.recharts.radar(
                        data_key=key,
                        stroke=color,
                        fill=color,
                        fill_opacity=0.25,
                        is_animation_active=False,
                        dot=True,
                    )
                    for key, color, _name in series
                ),
                data=data,
                outer_radius="58%",
                width="100%",
                height=360,
            ),
            width="100%",
            role="img",
            aria_label=t("evaluation.radar"),
        ),
        (
            rx.flex(
                *(
                    rx.hstack(
                        rx.box(width="14px", height="14px", border_radius="4px", background=color),
                        rx.text(name, size="2"),
                        spacing="2",
                        align="center",
                    )
                    for _key, color, name in series
                ),
                gap="16px",
                wrap="wrap",
                justify="center",
                class_name="radar-legend",
            )
            if len(series) > 1
            else rx.fragment()
        ),
        width="100%",
        max_width="600px",
        margin_x="auto",
        align="center",
        spacing="2",
    )


def answer_line(line: rx.Var[AnswerLine], errors: rx.Var) -> rx.Component:
    return rx.fragment(
        rx.cond(line.section != "", rx.heading(line.section, as_="h3", size="4", padding_top="8px")),
        rx.box(
            rx.hstack(
                rx.text(line.label, weight="bold"),
                rx.spacer(),
                rx.cond(line.rating > 0, rx.badge(line.rating.to(str) + " / 5", size="2", radius="full")),
                width="100%",
                align="center",
            ),
            rx.cond(line.chosen.length() > 0, rx.text(line.chosen.join(", "), color=theme.ACCENT_INK)),
            rx.foreach(
                line.texts,
                lambda text: rx.text(text, size="2", color=theme.TEXT_MUTED, white_space="pre-wrap"),
            ),
            error_under(errors, line.code),
            border_top=theme.BORDER,
            padding_y="10px",
            width="100%",
        ),
    )


def history_entry(entry: rx.Var[HistoryEntry]) -> rx.Component:
    return rx.box(
        rx.hstack(
            status_badge(entry.new_status.to(str)),
            rx.text(entry.author_name, weight="medium"),
            rx.text(t_moment(entry.at), size="2", color=theme.TEXT_MUTED),
            spacing="2",
            wrap="wrap",
            align="center",
        ),
        rx.cond(entry.decision != "", rx.text(decision_text(entry.decision), weight="bold")),
        rx.cond(entry.comment != "", rx.text(entry.comment, white_space="pre-wrap")),
        padding_y="8px",
        border_top=theme.BORDER,
        width="100%",
        class_name="history-entry",
    )


def review_panel() -> rx.Component:
    state = EvaluationState
    moves = state.moves
    return rx.cond(
        moves.length() > 0,
        card(
            rx.form(
                rx.vstack(
                    rx.heading(t("evaluation.review_title"), as_="h2", size="5"),
                    rx.flex(
                        *(
                            rx.cond(
                                moves.contains(move.value),
                                rx.el.label(
                                    rx.el.input(
                                        type="radio", name="move", value=move.value, class_name="tick-input"
                                    ),
                                    rx.text(t(f"evaluation.move.{move.value}")),
                                    class_name="move-choice",
                                    id=f"move-{move.value}",
                                ),
                            )
                            for move in ReviewMove
                        ),
                        gap="8px",
                        wrap="wrap",
                    ),
                    rx.cond(
                        moves.contains(ReviewMove.DECIDE.value),
                        rx.flex(
                            *(
                                rx.el.label(
                                    rx.el.input(
                                        type="radio",
                                        name="decision",
                                        value=decision.value,
                                        class_name="tick-input",
                                    ),
                                    rx.text(t(f"evaluation.decision.{decision.value}")),
                                    class_name="tick",
                                    id=f"decision-{decision.value}",
                                )
                                for decision in EvaluationDecision
                            ),
                            gap="8px",
                            wrap="wrap",
                        ),
                    ),
                    rx.el.label(t("evaluation.comment"), html_for="review-comment", font_weight="700"),
                    rx.text_area(
                        id="review-comment",
                        name="comment",
                        default_value=state.draft_comment,
                        max_length=COMMENT_MAX_LENGTH,
                        rows="3",
                        size="3",
                        width="100%",
                    ),
                    rx.cond(state.error_message != "", form_error(state.error_message, "review-error")),
                    rx.hstack(
                        submit_button("evaluation.send", "send", id="send-review"),
                        justify="end",
                        width="100%",
                    ),
                    spacing="3",
                    width="100%",
                ),
                on_submit=state.review,
                reset_on_submit=False,
                key=state.history.length(),
            ),
            width="100%",
        ),
    )


def evaluation_page() -> rx.Component:
    state = EvaluationState
    evaluation = state.evaluation
    return shell.page(
        rx.cond(
            evaluation,
            rx.vstack(
                rx.link(t("evaluations.title"), href=routes.EVALUATIONS, size="2"),
                rx.hstack(
                    status_badge(evaluation.status.to(str)),
                    rx.text(framework_name(evaluation.framework), weight="bold", color=theme.ACCENT_INK),
                    spacing="3",
                    align="center",
                    id="evaluation-heading",
                ),
                rx.heading(
                    rx.link(evaluation.practice_title, href=routes.practice(evaluation.practice_slug)),
                    as_="h1",
                    size="8",
                ),
                rx.hstack(
                    meta("building-2", evaluation.organization_name),
                    rx.cond(
                        evaluation.region_code != "",
                        meta("map-pin", term_label(TaxonomyScheme.REGION, evaluation.region_code.to(str))),
                    ),
                    meta("user", evaluation.evaluator_name),
                    spacing="4",
                    wrap="wrap",
                ),
                rx.cond(
                    evaluation.decision != "",
                    card(
                        rx.text(t("evaluation.decision_title"), size="2", color=theme.TEXT_MUTED),
                        rx.heading(
                            t_choice(
                                "evaluation.decision_short", EvaluationDecision, evaluation.decision.to(str)
                            ),
                            as_="h2",
                            size="6",
                            id="decision",
                        ),
                        rx.text(evaluation.rationale, white_space="pre-wrap"),
                        width="100%",
                        background=theme.ACCENT_SOFT,
                    ),
                ),
                rx.hstack(
                    rx.cond(
                        state.can_edit & state.moves.contains(ReviewMove.SUBMIT.value),
                        action_link(
                            "pencil", "evaluation.edit", routes.evaluation(evaluation.id, "modifier")
                        ),
                    ),
                    rx.foreach(
                        state.siblings,
                        lambda other: rx.link(
                            t("evaluation.compare_with")
                            + " "
                            + framework_name(other.framework)
                            + " · "
                            + other.organization_name,
                            href=f"{routes.EVALUATION_COMPARISON}?a="
                            + evaluation.id.to(str)
                            + "&b="
                            + other.id.to(str),
                            size="2",
                        ),
                    ),
                    spacing="3",
                    wrap="wrap",
                    align="center",
                ),
                rx.grid(
                    card(
                        rx.vstack(
                            rx.heading(t("evaluation.answers"), as_="h2", size="5"),
                            rx.foreach(state.lines, lambda line: answer_line(line, state.field_errors)),
                            spacing="1",
                            width="100%",
                        ),
                        width="100%",
                    ),
                    rx.vstack(
                        rx.cond(
                            state.radar.length() > 0,
                            card(
                                radar(state.radar, ("a", RADAR_COLORS[0], t("evaluation.ratings"))),
                                width="100%",
                            ),
                        ),
                        review_panel(),
                        card(
                            rx.heading(t("evaluation.history"), as_="h2", size="5"),
                            rx.foreach(state.history, history_entry),
                            width="100%",
                            id="history",
                        ),
                        spacing="4",
                        width="100%",
                    ),
                    # Side by side from a laptop's width up: in half a tablet the radar's labels do not fit.
                    columns=rx.breakpoints(initial="1", lg="2"),
                    spacing="4",
                    width="100%",
                ),
                spacing="4",
                width="100%",
            ),
            rx.cond(state.not_found, empty_state("evaluation.not_found")),
        ),
        active="evaluations",
    )


def compared_line(line: rx.Var[ComparedLine]) -> rx.Component:
    return rx.el.tr(
        rx.el.th(line.label, scope="row"),
        rx.el.td(line.first),
        rx.el.td(line.second),
        rx.el.td(rx.cond(line.gap != 0, rx.cond(line.gap > 0, "+", "") + line.gap.to(str), "")),
    )


def compared_name(evaluation: rx.Var) -> rx.Var[str]:
    """Which evaluation a series or a column is: the practice, where, by whom."""
    return rx.cond(
        evaluation.region_code != "",
        evaluation.practice_title
        + " · "
        + term_label(TaxonomyScheme.REGION, evaluation.region_code.to(str))
        + " · "
        + evaluation.organization_name,
        evaluation.practice_title + " · " + evaluation.organization_name,
    )


def compared_header(evaluation: rx.Var, color: str) -> rx.Component:
    return rx.el.th(
        rx.hstack(
            rx.box(width="12px", height="12px", border_radius="3px", background=color, flex_shrink="0"),
            rx.link(compared_name(evaluation), href=routes.evaluation(evaluation.id)),
            spacing="2",
            align="center",
        ),
        scope="col",
        class_name="compared-col",
    )


def comparison_page() -> rx.Component:
    state = EvaluationComparisonState
    return shell.page(
        page_header("comparison.evaluations_title", "comparison.evaluations_intro", "git-compare"),
        rx.cond(
            state.lines.length() > 0,
            rx.vstack(
                rx.cond(
                    state.radar.length() > 0,
                    card(
                        radar(
                            state.radar,
                            ("a", RADAR_COLORS[0], compared_name(state.first)),
                            ("b", RADAR_COLORS[1], compared_name(state.second)),
                        ),
                        width="100%",
                    ),
                ),
                card(
                    rx.el.table(
                        rx.el.thead(
                            rx.el.tr(
                                rx.el.th(t("comparison.element")),
                                compared_header(state.first, RADAR_COLORS[0]),
                                compared_header(state.second, RADAR_COLORS[1]),
                                rx.el.th(t("comparison.gap")),
                            )
                        ),
                        rx.el.tbody(rx.foreach(state.lines, compared_line)),
                        class_name="ll-matrix",
                        id="compared",
                    ),
                    width="100%",
                    overflow_x="auto",
                ),
                spacing="4",
                width="100%",
            ),
            empty_state("comparison.empty"),
        ),
        active="evaluations",
    )


def portfolio_row(entry: rx.Var[PortfolioEntry]) -> rx.Component:
    return rx.el.tr(
        rx.el.th(
            rx.link(entry.title, href=routes.practice(entry.slug)),
            rx.text(entry.organization_name, size="1"),
            scope="row",
        ),
        rx.el.td(t_choice("evidence.level", EvidenceLevel, entry.evidence_level.to(str))),
        rx.el.td(
            rx.foreach(
                entry.region_codes, lambda code: rx.text(term_label(TaxonomyScheme.REGION, code), size="2")
            ),
            rx.foreach(
                entry.adapted_region_codes,
                lambda code: rx.text(
                    term_label(TaxonomyScheme.REGION, code), " ", t("portfolio.adapted_mark"), size="2"
                ),
            ),
        ),
        rx.el.td(
            rx.cond(
                entry.latest_evaluation_id != 0,
                rx.link(
                    framework_name(entry.latest_framework),
                    " · ",
                    t_choice("evaluation.status", EvaluationStatus, entry.latest_status),
                    href=routes.evaluation(entry.latest_evaluation_id),
                ),
            )
        ),
        # Under the « Decision » heading, the decision alone: « étendre », not « Décision : étendre ».
        rx.el.td(
            rx.cond(
                entry.decision != "",
                rx.text(decision_short(entry.decision), weight="bold"),
            )
        ),
        rx.el.td(
            rx.cond(entry.pending_reviews > 0, rx.badge(entry.pending_reviews.to(str), color_scheme="amber"))
        ),
    )


def portfolio_table() -> rx.Component:
    return rx.el.table(
        rx.el.thead(
            rx.el.tr(
                *(
                    rx.el.th(t(f"portfolio.column.{column}"))
                    for column in (
                        "title",
                        "evidence_level",
                        "regions",
                        "latest_framework",
                        "decision",
                        "pending_reviews",
                    )
                )
            )
        ),
        rx.el.tbody(rx.foreach(PortfolioState.entries, portfolio_row)),
        class_name="ll-matrix",
        id="portfolio",
    )


def coverage_row(row: rx.Var[CoverageRow]) -> rx.Component:
    return rx.el.tr(
        rx.el.th(row.title, scope="row"),
        rx.foreach(
            row.cells,
            lambda cell: rx.el.td(
                rx.cond(cell == "runs", "●", rx.cond(cell == "adapted", "◐", "")),
                class_name="coverage-" + cell,
                title=rx.cond(cell != "", t_choice("portfolio.coverage", ("runs", "adapted"), cell), ""),
            ),
        ),
    )


def coverage_matrix() -> rx.Component:
    return rx.vstack(
        rx.heading(t("portfolio.coverage_title"), as_="h2", size="5"),
        rx.text(t("portfolio.coverage_legend"), size="2", color=theme.TEXT_MUTED),
        rx.box(
            rx.el.table(
                rx.el.thead(
                    rx.el.tr(
                        rx.el.th(t("portfolio.column.title")),
                        rx.foreach(
                            PortfolioState.regions,
                            lambda region: rx.el.th(
                                rx.el.span(
                                    rx.cond(LocaleState.lang == "en", region.label_en, region.label_fr)
                                ),
                                scope="col",
                                class_name="coverage-region",
                            ),
                        ),
                    )
                ),
                rx.el.tbody(rx.foreach(PortfolioState.coverage, coverage_row)),
                class_name="ll-matrix ll-coverage",
                id="coverage",
            ),
            overflow_x="auto",
            width="100%",
        ),
        spacing="2",
        width="100%",
    )


def portfolio_filters() -> rx.Component:
    state = PortfolioState
    return rx.form(
        rx.grid(
            select(
                "region",
                "portfolio.filter.region",
                state.regions,
                state.region,
                optional=True,
                empty_key="portfolio.filter.all_regions",
            ),
            select(
                "domaine",
                "portfolio.filter.area",
                state.areas,
                state.area,
                optional=True,
                empty_key="portfolio.filter.all_areas",
            ),
            select(
                "organisme",
                "portfolio.filter.organization",
                state.organizations,
                state.organization,
                optional=True,
                empty_key="portfolio.filter.all_organizations",
            ),
            rx.flex(submit_button("portfolio.filter.apply", "filter", id="apply-filters"), align="end"),
            columns=rx.breakpoints(initial="1", sm="2", lg="4"),
            spacing="4",
            width="100%",
        ),
        on_submit=state.filter,
        reset_on_submit=False,
        key=state.region + state.area + state.organization,
        class_name="ll-no-print",
        width="100%",
    )


def portfolio_page() -> rx.Component:
    state = PortfolioState
    return shell.page(
        page_header("portfolio.title", "portfolio.intro", "briefcase"),
        card(portfolio_filters(), width="100%"),
        rx.hstack(
            rx.text(
                t("portfolio.pending"), " ", state.pending_total.to(str), weight="bold", id="pending-total"
            ),
            rx.spacer(),
            action_link(
                "download", "portfolio.export", state.export_href, download=True, id="export-portfolio"
            ),
            action_link("printer", "portfolio.print", state.print_href, id="print-portfolio"),
            spacing="4",
            width="100%",
            wrap="wrap",
            align="center",
            class_name="ll-no-print",
        ),
        card(rx.box(portfolio_table(), overflow_x="auto", width="100%"), width="100%"),
        card(coverage_matrix(), width="100%"),
        active="evaluations",
    )


def portfolio_print_page() -> rx.Component:
    """The portfolio alone on white, for paper or a PDF."""
    return paper(
        "portfolio.title",
        rx.heading(t("portfolio.title"), as_="h1", size="7"),
        portfolio_table(),
        coverage_matrix(),
    )
