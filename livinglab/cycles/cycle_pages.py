"""One cycle's page — its four stages in order, the run chart of each measure, feedback and comments — and a
practice's timeline of cycles, with their printable reports.

The team running the cycle fills each stage in place; everyone else on staff reads it, and managers comment.
Each form is uncontrolled (what is typed stays when the server refuses it) and remounts after a change, with
what was saved.
"""

from __future__ import annotations

from typing import Any

import reflex as rx

from livinglab.cycles.models import CycleDecision, Direction, MeasureKind
from livinglab.cycles.reading import ChartPoint, CommentItem, CycleLink, FeedbackItem, MeasureView, SignalView
from livinglab.cycles.stages import STAGES, Question, Task
from livinglab.cycles.state import CycleReportState, CycleState, TimelineState
from livinglab.ui import routes, shell, theme
from livinglab.ui.i18n import t, t_choice, t_date, t_format, t_moment, t_plural
from livinglab.ui.widgets import (
    ERROR_COLOR,
    SELECT_STYLE,
    action_link,
    card,
    empty_state,
    idea_origin,
    meta,
    paper,
    submit_button,
)
from livinglab.workshops.service import IdeaOrigin, PublicNote

VIEW = CycleState.cycle
STAGE_POSITION = rx.Var.create({stage.value: index for index, stage in enumerate(STAGES)})
# The forms can change while the cycle is open and the reader runs it.
EDITABLE = CycleState.can_run & (VIEW.decision == "")
FIELD_HEIGHT = {"min_height": "48px"}
SIGNAL_KEYS = ("shift.up", "shift.down", "trend.up", "trend.down")


def reached(position: int) -> rx.Var[bool]:
    return STAGE_POSITION[VIEW.stage].to(int) >= position


def error_at(key: rx.Var[str] | str) -> rx.Component:
    return rx.cond(
        CycleState.field_errors.contains(key),
        # One message per line: a pasted column may have several bad lines.
        rx.text(
            CycleState.field_errors[key], role="alert", color=ERROR_COLOR, size="3", white_space="pre-line"
        ),
        rx.fragment(),
    )


def field_label(key: str, control_id: str | rx.Var[str]) -> rx.Component:
    return rx.el.label(t(key), html_for=control_id, font_weight="700")


def text_box(form: str, part: str, value: rx.Var[str], rows: str = "3") -> rx.Component:
    control_id = f"{form}-{part}"
    return rx.vstack(
        field_label(f"cycle.part.{part}", control_id),
        rx.text_area(id=control_id, name=part, default_value=value, rows=rows, size="3", width="100%"),
        error_at(f"{form}/{part}"),
        spacing="1",
        width="100%",
    )


def line_box(form: str, part: str, value: rx.Var[str]) -> rx.Component:
    control_id = f"{form}-{part}"
    return rx.vstack(
        field_label(f"cycle.part.{part}", control_id),
        rx.input(id=control_id, name=part, default_value=value, size="3", width="100%", style=FIELD_HEIGHT),
        error_at(f"{form}/{part}"),
        spacing="1",
        width="100%",
    )


def read_text(key: str, value: rx.Var[str]) -> rx.Component:
    return rx.cond(
        value != "",
        rx.vstack(
            rx.text(t(key), weight="bold", size="2", color=theme.TEXT_MUTED),
            rx.text(value, white_space="pre-wrap"),
            spacing="1",
        ),
    )


def stage_card(position: int, *children: rx.Component) -> rx.Component:
    stage = STAGES[position].value
    current = VIEW.stage == stage
    return card(
        rx.vstack(
            rx.hstack(
                rx.center(
                    rx.text(str(position + 1), weight="bold"),
                    width="36px",
                    height="36px",
                    border_radius="999px",
                    background=rx.cond(
                        current, "var(--jade-9)", rx.cond(reached(position), "var(--jade-3)", "var(--sand-3)")
                    ),
                    color=rx.cond(current, "white", theme.INK),
                ),
                rx.heading(t(f"cycle.stage.{stage}"), as_="h2", size="5"),
                rx.text(t(f"cycle.stage_hint.{stage}"), size="2", color=theme.TEXT_MUTED),
                align="center",
                spacing="3",
                wrap="wrap",
            ),
            rx.cond(reached(position), rx.vstack(*children, spacing="4", width="100%"), upcoming()),
            spacing="4",
            width="100%",
        ),
        id=f"stage-{stage}",
        width="100%",
        border=rx.cond(current, "2px solid var(--jade-8)", theme.BORDER),
    )


def upcoming() -> rx.Component:
    return rx.text(t("cycle.upcoming"), color=theme.TEXT_MUTED)


def save_button(form: str) -> rx.Component:
    return rx.hstack(submit_button("cycle.save", "save", id=f"save-{form}"), justify="end", width="100%")


def stage_form(form: str, handler: object, *fields: rx.Component) -> rx.Component:
    return rx.form(
        rx.vstack(*fields, save_button(form), spacing="4", width="100%"),
        on_submit=handler,
        reset_on_submit=False,
        key=CycleState.form_version.to(str) + form,
        id=f"form-{form}",
        width="100%",
    )


# --- Planifier -------------------------------------------------------------------------------------------


def row_field(
    label: rx.Var[str], control_id: rx.Var[str], name: rx.Var[str], value: rx.Var[str] | str, **props: object
) -> rx.Component:
    """One labelled control of a numbered row (``question:0``…), its refusal under it."""
    return rx.vstack(
        rx.el.label(label, html_for=control_id, font_weight="700"),
        rx.input(
            id=control_id, name=name, default_value=value, size="3", style=FIELD_HEIGHT, width="100%", **props
        ),
        error_at("plan/" + name),
        spacing="1",
        width="100%",
    )


def question_row(question: rx.Var[Question] | Question, index: rx.Var[int]) -> rx.Component:
    suffix = index.to(str)
    return rx.grid(
        row_field(
            t_format("cycle.question_n", number=(index + 1).to(str)),
            "question-" + suffix,
            "question:" + suffix,
            question.question,
        ),
        row_field(
            t("cycle.part.prediction"), "prediction-" + suffix, "prediction:" + suffix, question.prediction
        ),
        columns=rx.breakpoints(initial="1", sm="2"),
        spacing="3",
        width="100%",
        class_name="question-row",
        padding="12px 14px",
        border_radius="14px",
        background="var(--sand-2)",
    )


def task_row(task: rx.Var[Task] | Task, index: rx.Var[int]) -> rx.Component:
    suffix = index.to(str)
    return rx.grid(
        row_field(t("cycle.part.task"), "task-" + suffix, "task:" + suffix, task.task),
        row_field(t("cycle.part.task_who"), "task-who-" + suffix, "task_who:" + suffix, task.who),
        row_field(
            t("cycle.part.task_due"), "task-due-" + suffix, "task_due:" + suffix, task.due, type="date"
        ),
        columns=rx.breakpoints(initial="1", sm="3"),
        spacing="3",
        width="100%",
        class_name="task-row",
    )


def plan_form() -> rx.Component:
    plan = VIEW.plan
    blank = rx.Var.create(0)
    return stage_form(
        "plan",
        CycleState.save_plan,
        text_box("plan", "objective", plan.objective),
        error_at("plan/questions"),
        rx.foreach(plan.questions, question_row),
        # One empty row more: the way to add a question on a tablet, with no « add » button to find.
        question_row(Question("", ""), blank + plan.questions.length()),
        rx.grid(
            line_box("plan", "who", plan.who),
            line_box("plan", "where", plan.where),
            line_box("plan", "when", plan.when),
            columns=rx.breakpoints(initial="1", md="3"),
            spacing="3",
            width="100%",
        ),
        rx.text(t("cycle.part.tasks"), weight="bold"),
        rx.foreach(plan.tasks, task_row),
        task_row(Task("", "", ""), blank + plan.tasks.length()),
    )


def plan_read() -> rx.Component:
    plan = VIEW.plan
    return rx.vstack(
        read_text("cycle.part.objective", plan.objective),
        rx.el.ol(
            rx.foreach(
                plan.questions,
                lambda q: rx.el.li(
                    rx.text(q.question, weight="medium"),
                    rx.text(
                        t_format("cycle.prediction_is", text=q.prediction), size="2", color=theme.TEXT_MUTED
                    ),
                ),
            ),
            class_name="sheet-list",
        ),
        rx.hstack(
            meta("users", plan.who),
            meta("map-pin", plan.where),
            meta("calendar", plan.when),
            spacing="4",
            wrap="wrap",
        ),
        rx.el.ul(
            rx.foreach(
                plan.tasks,
                lambda task: rx.el.li(
                    task.task,
                    rx.cond(task.who != "", " — " + task.who, ""),
                    rx.cond(task.due != "", rx.fragment(" (", t_date(task.due), ")")),
                ),
            ),
            class_name="sheet-list",
        ),
        spacing="3",
        width="100%",
    )


# --- Faire -----------------------------------------------------------------------------------------------


def feedback_item(item: rx.Var[FeedbackItem]) -> rx.Component:
    return rx.hstack(
        rx.icon("message-circle", size=18, aria_hidden="true", color=theme.ACCENT_INK),
        rx.vstack(
            rx.text("« ", item.text, " »"),
            rx.cond(
                item.source.board_id != 0,
                rx.link(
                    t_format("cycle.feedback_from", board=item.source.board_title),
                    href=routes.board(item.source.workshop_id, item.source.board_id),
                    size="2",
                ),
            ),
            spacing="1",
            flex="1",
        ),
        rx.cond(
            EDITABLE,
            rx.icon_button(
                rx.icon("x", size=16),
                on_click=CycleState.remove_feedback(item.id),
                variant="ghost",
                color_scheme="gray",
                aria_label=t("cycle.feedback_remove"),
            ),
        ),
        align="start",
        width="100%",
        class_name="feedback-item",
    )


def note_choice(note: rx.Var[PublicNote]) -> rx.Component:
    return rx.hstack(
        rx.text(note.text, flex="1"),
        rx.button(
            rx.icon("plus", size=16, aria_hidden="true"),
            t("cycle.feedback_pull"),
            on_click=CycleState.pull_note(note.id),
            variant="soft",
            size="2",
            min_height=theme.TOUCH_TARGET,
        ),
        align="center",
        width="100%",
        padding="8px 12px",
        border_radius="12px",
        background="var(--amber-2)",
        class_name="note-choice",
    )


def board_option(board: rx.Var[IdeaOrigin]) -> rx.Component:
    return rx.el.option(board.workshop_title + " · " + board.board_title, value=board.board_id.to(str))


def feedback_panel() -> rx.Component:
    return rx.vstack(
        rx.text(t("cycle.part.feedback"), weight="bold"),
        rx.cond(
            VIEW.feedback.length() > 0,
            rx.vstack(rx.foreach(VIEW.feedback, feedback_item), spacing="3", width="100%"),
            rx.text(t("cycle.feedback_none"), color=theme.TEXT_MUTED, size="2"),
        ),
        rx.cond(
            EDITABLE,
            rx.vstack(
                rx.form(
                    rx.hstack(
                        rx.input(
                            name="feedback",
                            id="feedback-text",
                            placeholder=t("cycle.feedback_placeholder"),
                            aria_label=t("cycle.part.feedback"),
                            size="3",
                            flex="1",
                            style=FIELD_HEIGHT,
                        ),
                        submit_button("cycle.feedback_add", "plus", variant="soft"),
                        width="100%",
                    ),
                    error_at("feedback/feedback"),
                    error_at("feedback/"),
                    on_submit=CycleState.add_feedback,
                    reset_on_submit=False,
                    key=CycleState.form_version.to(str) + "feedback",
                    width="100%",
                ),
                rx.cond(
                    CycleState.boards.length() > 0,
                    rx.vstack(
                        rx.el.label(t("cycle.feedback_board"), html_for="feedback-board", font_weight="700"),
                        rx.el.select(
                            rx.el.option(t("cycle.feedback_board_choose"), value=""),
                            rx.foreach(CycleState.boards, board_option),
                            id="feedback-board",
                            on_change=CycleState.choose_board,
                            style=SELECT_STYLE,
                        ),
                        rx.foreach(CycleState.board_notes, note_choice),
                        spacing="2",
                        width="100%",
                    ),
                ),
                spacing="3",
                width="100%",
            ),
        ),
        spacing="3",
        width="100%",
    )


def doing_section() -> rx.Component:
    doing = VIEW.doing
    return rx.vstack(
        rx.cond(
            EDITABLE,
            stage_form(
                "doing",
                CycleState.save_doing,
                text_box("doing", "what_happened", doing.what_happened, rows="4"),
                text_box("doing", "problems", doing.problems.join("\n")),
            ),
            rx.vstack(
                read_text("cycle.part.what_happened", doing.what_happened),
                rx.el.ul(rx.foreach(doing.problems, lambda line: rx.el.li(line)), class_name="sheet-list"),
                spacing="3",
            ),
        ),
        feedback_panel(),
        spacing="5",
        width="100%",
    )


# --- Étudier ---------------------------------------------------------------------------------------------


def result_row(question: rx.Var[Question], index: rx.Var[int]) -> rx.Component:
    suffix = index.to(str)
    result = rx.cond(index < VIEW.study.results.length(), VIEW.study.results[index], "")
    return rx.vstack(
        rx.text(question.question, weight="bold"),
        rx.text(t_format("cycle.prediction_is", text=question.prediction), color=theme.TEXT_MUTED),
        rx.cond(
            EDITABLE,
            rx.vstack(
                rx.el.label(t("cycle.part.result"), html_for="result-" + suffix, font_weight="700"),
                rx.text_area(
                    id="result-" + suffix,
                    name="result:" + suffix,
                    default_value=result,
                    rows="2",
                    size="3",
                    width="100%",
                ),
                error_at("study/result:" + suffix),
                spacing="1",
                width="100%",
            ),
            rx.text(t_format("cycle.result_is", text=result)),
        ),
        spacing="1",
        width="100%",
        padding="12px 14px",
        border_radius="14px",
        background="var(--sand-2)",
    )


def study_section() -> rx.Component:
    rows = rx.foreach(VIEW.plan.questions, result_row)
    return rx.cond(
        EDITABLE,
        stage_form("study", CycleState.save_study, rows, text_box("study", "learned", VIEW.study.learned)),
        rx.vstack(rows, read_text("cycle.part.learned", VIEW.study.learned), spacing="3", width="100%"),
    )


# --- Agir ------------------------------------------------------------------------------------------------


def decision_choice(decision: CycleDecision) -> rx.Component:
    return rx.el.label(
        rx.el.input(type="radio", name="decision", value=decision.value, class_name="tick-input"),
        rx.vstack(
            rx.text(t(f"cycle.decision.{decision.value}"), weight="bold"),
            rx.text(t(f"cycle.decision_hint.{decision.value}"), size="2", color=theme.TEXT_MUTED),
            spacing="0",
        ),
        class_name="move-choice",
    )


def act_section() -> rx.Component:
    return rx.cond(
        VIEW.decision != "",
        rx.vstack(
            rx.badge(
                t_choice("cycle.decision", CycleDecision, VIEW.decision),
                size="3",
                color_scheme="jade",
                id="decision",
            ),
            rx.text(VIEW.rationale, white_space="pre-wrap"),
            rx.cond(
                VIEW.next.id != 0,
                rx.link(
                    t_format("cycle.next_link", number=VIEW.next.number.to(str)),
                    href=routes.CYCLES + "/" + VIEW.next.id.to(str),
                    id="next-cycle",
                ),
            ),
            spacing="3",
        ),
        rx.cond(
            EDITABLE,
            rx.form(
                rx.vstack(
                    rx.el.fieldset(
                        rx.el.legend(t("cycle.part.decision"), class_name="ll-legend"),
                        rx.grid(
                            *(decision_choice(d) for d in CycleDecision),
                            columns=rx.breakpoints(initial="1", md="2"),
                            spacing="3",
                        ),
                        error_at("decide/decision"),
                        class_name="ll-fieldset",
                    ),
                    text_box("decide", "rationale", rx.Var.create("")),
                    rx.hstack(
                        submit_button("cycle.decide", "gavel", id="decide"), justify="end", width="100%"
                    ),
                    spacing="4",
                    width="100%",
                ),
                on_submit=CycleState.decide,
                reset_on_submit=False,
                width="100%",
            ),
            rx.text(t("cycle.no_decision_yet"), color=theme.TEXT_MUTED),
        ),
    )


# --- Mesures ---------------------------------------------------------------------------------------------


def highlight(data_key: str, name_key: str, color: str, width: int, class_name: str) -> rx.Component:
    return rx.recharts.line(
        data_key=data_key,
        name=t(name_key),
        stroke=color,
        stroke_width=width,
        stroke_linecap="round",
        dot=False,
        active_dot=False,
        is_animation_active=False,
        class_name=class_name,
    )


def run_chart(measure: rx.Var[MeasureView]) -> rx.Component:
    return rx.box(
        rx.recharts.line_chart(
            rx.recharts.cartesian_grid(stroke_dasharray="3 3", vertical=False, stroke="var(--sand-4)"),
            rx.recharts.x_axis(data_key="label", tick_line=False, stroke="var(--sand-10)", font_size=13),
            rx.recharts.y_axis(width=44, stroke="var(--sand-10)", font_size=13),
            rx.recharts.graphing_tooltip(),
            rx.foreach(
                measure.points,
                lambda point: rx.cond(
                    point.annotation != "",
                    rx.recharts.reference_line(
                        rx.recharts.label(value=point.annotation, position="top", fill="var(--blue-11)"),
                        x=point.label,
                        stroke="var(--blue-8)",
                        stroke_dasharray="3 4",
                    ),
                ),
            ),
            rx.cond(
                measure.has_median,
                rx.recharts.reference_line(
                    y=measure.median.to(str), stroke="var(--sand-9)", stroke_dasharray="8 5", stroke_width=2
                ),
            ),
            # The patterns first, as broad highlighter strokes under the series, which is drawn on top.
            highlight("good_shift", "signal.shift", "var(--jade-5)", 14, "shift-line"),
            highlight("bad_shift", "signal.shift", "var(--red-5)", 14, "shift-line"),
            highlight("trend", "signal.trend", "var(--amber-7)", 6, "trend-line"),
            rx.recharts.line(
                data_key="value",
                name=t("measure.value"),
                stroke="var(--sand-12)",
                stroke_width=2,
                is_animation_active=False,
                dot={"r": 4, "fill": "white", "strokeWidth": 2},
            ),
            data=measure.points.to(list[dict[str, Any]]),
            height=300,
            width="100%",
            margin={"top": 32, "right": 24, "left": 0, "bottom": 8},
        ),
        role="img",
        aria_label=t_format("measure.chart_label", name=measure.name),
        width="100%",
        class_name="run-chart",
    )


def signal_line(signal: rx.Var[SignalView]) -> rx.Component:
    key = signal.kind + "." + rx.cond(signal.upward, "up", "down")
    return rx.hstack(
        rx.cond(
            signal.favourable,
            rx.icon("circle-check", size=18, color="var(--jade-10)", aria_hidden="true"),
            rx.icon("triangle-alert", size=18, color="var(--orange-10)", aria_hidden="true"),
        ),
        rx.text(
            t_choice("signal", SIGNAL_KEYS, key).replace("{points}", signal.points.to(str)),
            " · ",
            t_date(signal.first_day),
            " → ",
            t_date(signal.last_day),
        ),
        align="center",
        class_name="signal",
    )


def chart_legend(measure: rx.Var[MeasureView]) -> rx.Component:
    return rx.vstack(
        rx.cond(
            measure.has_median,
            rx.text(t_format("measure.median", median=measure.median_text), size="2", color=theme.TEXT_MUTED),
        ),
        rx.cond(
            ~measure.enough_points,
            rx.callout(
                t_plural("measure.few_points", measure.points.length()),
                icon="info",
                color_scheme="gray",
                size="1",
            ),
        ),
        rx.foreach(measure.signals, signal_line),
        rx.cond(
            measure.enough_points & (measure.signals.length() == 0),
            rx.text(t("measure.no_signal"), size="2", color=theme.TEXT_MUTED),
        ),
        spacing="2",
        width="100%",
    )


def point_row(point: rx.Var[ChartPoint]) -> rx.Component:
    asking = CycleState.point_to_delete == point.id
    return rx.el.tr(
        rx.el.td(t_date(point.day)),
        rx.el.td(point.value_text, text_align="right"),
        rx.el.td(point.annotation),
        rx.cond(
            EDITABLE,
            rx.el.td(
                rx.cond(
                    asking,
                    rx.hstack(
                        rx.text(t("measure.delete_ask"), size="2", weight="bold"),
                        rx.button(
                            t("measure.delete_yes"),
                            on_click=CycleState.delete_point,
                            color_scheme="red",
                            size="2",
                            class_name="confirm-delete",
                        ),
                        rx.button(
                            t("workshop.cancel"),
                            on_click=CycleState.cancel_delete_point,
                            variant="soft",
                            color_scheme="gray",
                            size="2",
                        ),
                        align="center",
                        spacing="2",
                    ),
                    rx.icon_button(
                        rx.icon("trash-2", size=16),
                        on_click=CycleState.ask_delete_point(point.id),
                        variant="ghost",
                        color_scheme="gray",
                        aria_label=t("measure.delete"),
                        class_name="delete-point",
                    ),
                ),
                text_align="right",
            ),
        ),
    )


def point_forms(measure: rx.Var[MeasureView]) -> rx.Component:
    point_form = "point-" + measure.id.to(str)
    paste_form = "paste-" + measure.id.to(str)
    hidden = rx.el.input(type="hidden", name="measure_id", value=measure.id.to(str))
    return rx.grid(
        rx.form(
            rx.vstack(
                rx.text(t("measure.add_point"), weight="bold"),
                hidden,
                rx.grid(
                    rx.vstack(
                        rx.el.label(t("measure.date"), html_for=point_form + "-date", font_weight="700"),
                        rx.input(
                            id=point_form + "-date",
                            name="observed_on",
                            type="date",
                            size="3",
                            style=FIELD_HEIGHT,
                        ),
                        error_at(point_form + "/observed_on"),
                        spacing="1",
                    ),
                    rx.vstack(
                        rx.el.label(t("measure.value"), html_for=point_form + "-value", font_weight="700"),
                        rx.input(
                            id=point_form + "-value",
                            name="value",
                            input_mode="decimal",
                            size="3",
                            style=FIELD_HEIGHT,
                        ),
                        error_at(point_form + "/value"),
                        spacing="1",
                    ),
                    columns="2",
                    spacing="3",
                    width="100%",
                ),
                rx.el.label(
                    t("measure.annotation_hint"), html_for=point_form + "-annotation", font_weight="700"
                ),
                rx.input(
                    id=point_form + "-annotation",
                    name="annotation",
                    size="3",
                    width="100%",
                    style=FIELD_HEIGHT,
                ),
                error_at(point_form + "/annotation"),
                error_at(point_form + "/"),
                rx.hstack(
                    submit_button("measure.record", "plus", class_name="record-point"),
                    justify="end",
                    width="100%",
                ),
                spacing="2",
                width="100%",
            ),
            on_submit=CycleState.record_point,
            reset_on_submit=False,
            key=CycleState.form_version.to(str) + point_form,
            class_name="point-form",
        ),
        rx.form(
            rx.vstack(
                rx.el.label(t("measure.paste"), html_for=paste_form + "-text", font_weight="700"),
                rx.text(t("measure.paste_hint"), size="2", color=theme.TEXT_MUTED),
                hidden,
                rx.text_area(
                    id=paste_form + "-text",
                    name="pasted",
                    rows="5",
                    size="3",
                    width="100%",
                    font_family="monospace",
                ),
                error_at(paste_form + "/pasted"),
                rx.hstack(
                    submit_button(
                        "measure.paste_save", "clipboard-paste", variant="soft", class_name="paste-points"
                    ),
                    justify="end",
                    width="100%",
                ),
                spacing="2",
                width="100%",
            ),
            on_submit=CycleState.paste_points,
            reset_on_submit=False,
            key=CycleState.form_version.to(str) + paste_form,
            class_name="paste-form",
        ),
        columns=rx.breakpoints(initial="1", md="2"),
        spacing="5",
        width="100%",
    )


def measure_card(measure: rx.Var[MeasureView]) -> rx.Component:
    return card(
        rx.vstack(
            rx.hstack(
                rx.vstack(
                    rx.heading(measure.name, as_="h3", size="4"),
                    rx.hstack(
                        meta("tag", t_choice("measure.kind", MeasureKind, measure.kind)),
                        meta("ruler", measure.unit),
                        meta("arrow-up-down", t_choice("measure.direction", Direction, measure.direction)),
                        spacing="4",
                        wrap="wrap",
                    ),
                    spacing="1",
                ),
                width="100%",
            ),
            rx.cond(
                measure.points.length() > 0,
                rx.vstack(run_chart(measure), chart_legend(measure), spacing="3", width="100%"),
                rx.text(t("measure.no_points"), color=theme.TEXT_MUTED),
            ),
            rx.cond(EDITABLE, point_forms(measure)),
            rx.cond(
                measure.points.length() > 0,
                rx.el.details(
                    rx.el.summary(t_format("measure.points_count", count=measure.points.length().to(str))),
                    rx.el.table(
                        rx.el.thead(
                            rx.el.tr(
                                rx.el.th(t("measure.date")),
                                rx.el.th(t("measure.value")),
                                rx.el.th(t("measure.annotation")),
                                rx.cond(EDITABLE, rx.el.th("")),
                            )
                        ),
                        rx.el.tbody(rx.foreach(measure.points, point_row)),
                        class_name="ll-table",
                    ),
                    class_name="points-table",
                ),
            ),
            spacing="4",
            width="100%",
        ),
        width="100%",
        class_name="measure",
    )


def undo_banner() -> rx.Component:
    removed = CycleState.removed
    return rx.cond(
        removed,
        rx.callout(
            rx.hstack(
                rx.text(t_format("measure.deleted", date=t_date(removed.observed_on))),
                rx.button(
                    t("measure.undo"),
                    on_click=CycleState.undo_delete_point,
                    variant="soft",
                    size="2",
                    id="undo-delete",
                ),
                align="center",
                spacing="3",
                wrap="wrap",
            ),
            icon="undo-2",
            color_scheme="gray",
            width="100%",
            role="status",
        ),
    )


def new_measure_form() -> rx.Component:
    def radio(name: str, value: str, key: str) -> rx.Component:
        return rx.el.label(
            rx.el.input(type="radio", name=name, value=value, class_name="tick-input"),
            rx.text(t(key)),
            class_name="tick",
        )

    return rx.el.details(
        rx.el.summary(t("measure.new"), class_name="new-measure"),
        rx.form(
            rx.vstack(
                rx.grid(
                    rx.vstack(
                        field_label("measure.name", "measure-name"),
                        rx.input(id="measure-name", name="name", size="3", style=FIELD_HEIGHT),
                        error_at("measure/name"),
                        spacing="1",
                    ),
                    rx.vstack(
                        field_label("measure.unit", "measure-unit"),
                        rx.input(id="measure-unit", name="unit", size="3", style=FIELD_HEIGHT),
                        error_at("measure/unit"),
                        spacing="1",
                    ),
                    columns=rx.breakpoints(initial="1", md="2"),
                    spacing="3",
                    width="100%",
                ),
                rx.el.fieldset(
                    rx.el.legend(t("measure.kind_legend"), class_name="ll-legend"),
                    rx.flex(
                        *(radio("kind", kind.value, f"measure.kind.{kind.value}") for kind in MeasureKind),
                        gap="8px",
                        wrap="wrap",
                    ),
                    error_at("measure/kind"),
                    class_name="ll-fieldset",
                ),
                rx.el.fieldset(
                    rx.el.legend(t("measure.direction_legend"), class_name="ll-legend"),
                    rx.flex(
                        *(radio("direction", d.value, f"measure.direction.{d.value}") for d in Direction),
                        gap="8px",
                        wrap="wrap",
                    ),
                    error_at("measure/direction"),
                    class_name="ll-fieldset",
                ),
                rx.hstack(
                    submit_button("measure.create", "plus", id="create-measure"), justify="end", width="100%"
                ),
                spacing="4",
                width="100%",
                padding_top="12px",
            ),
            on_submit=CycleState.define_measure,
            reset_on_submit=False,
            key=CycleState.form_version.to(str) + "measure",
        ),
        width="100%",
    )


def measures_section() -> rx.Component:
    return rx.vstack(
        rx.heading(t("measure.title"), as_="h2", size="6"),
        rx.text(t("measure.intro"), color=theme.TEXT_MUTED, max_width="75ch"),
        undo_banner(),
        error_at("points/"),
        rx.foreach(VIEW.measures, measure_card),
        rx.cond(EDITABLE, card(new_measure_form(), width="100%")),
        spacing="4",
        width="100%",
        id="measures",
    )


# --- Commentaires ----------------------------------------------------------------------------------------


def comment_line(comment: rx.Var[CommentItem]) -> rx.Component:
    return rx.vstack(
        rx.hstack(
            rx.text(comment.author, weight="bold"),
            rx.text(t_moment(comment.created_at), size="2", color=theme.TEXT_MUTED),
            spacing="3",
            align="baseline",
        ),
        rx.text(comment.body, white_space="pre-wrap"),
        spacing="1",
        width="100%",
        padding_y="8px",
        border_top=theme.BORDER,
        class_name="cycle-comment",
    )


def comments_section() -> rx.Component:
    return card(
        rx.vstack(
            rx.heading(t("cycle.comments"), as_="h2", size="5"),
            rx.foreach(VIEW.comments, comment_line),
            rx.cond(VIEW.comments.length() == 0, rx.text(t("cycle.comments_none"), color=theme.TEXT_MUTED)),
            rx.cond(
                CycleState.can_comment,
                rx.form(
                    rx.vstack(
                        rx.text_area(
                            name="comment",
                            id="comment",
                            rows="3",
                            size="3",
                            width="100%",
                            aria_label=t("cycle.comment_add"),
                        ),
                        error_at("comment/comment"),
                        rx.hstack(
                            submit_button("cycle.comment_add", "send", variant="soft"),
                            justify="end",
                            width="100%",
                        ),
                        spacing="2",
                        width="100%",
                    ),
                    on_submit=CycleState.add_comment,
                    reset_on_submit=False,
                    key=CycleState.form_version.to(str) + "comment",
                    width="100%",
                ),
            ),
            spacing="3",
            width="100%",
        ),
        width="100%",
    )


# --- La page ---------------------------------------------------------------------------------------------


def stepper() -> rx.Component:
    def step(position: int) -> rx.Component:
        stage = STAGES[position].value
        current = VIEW.stage == stage
        return rx.el.li(
            rx.link(
                rx.text(str(position + 1), ". ", t(f"cycle.stage.{stage}"), size="2", weight="medium"),
                href=f"#stage-{stage}",
                color="inherit",
                underline="none",
            ),
            aria_current=rx.cond(current, "step", None),
            list_style="none",
            padding="8px 14px",
            border_radius="999px",
            background=rx.cond(
                current, "var(--jade-9)", rx.cond(reached(position), "var(--jade-3)", "var(--sand-3)")
            ),
            color=rx.cond(current, "white", theme.INK),
        )

    return rx.el.ol(
        *(step(position) for position in range(len(STAGES))),
        aria_label=t("cycle.stages"),
        style={"display": "flex", "flex_wrap": "wrap", "gap": "8px", "padding": "0", "margin": "0"},
    )


def advance_button() -> rx.Component:
    return rx.cond(
        EDITABLE & (VIEW.stage != "act"),
        rx.button(
            rx.icon("arrow-right", size=18, aria_hidden="true"),
            t_choice("cycle.advance_to", ("plan", "do", "study"), VIEW.stage),
            on_click=CycleState.advance,
            size="3",
            min_height=theme.TOUCH_TARGET,
            id="advance",
        ),
    )


def report_links(markdown_href: rx.Var[str], print_href: rx.Var[str]) -> rx.Component:
    """The report as a Markdown file, and its print version."""
    return rx.fragment(
        action_link("download", "cycle.markdown", markdown_href, download=True),
        action_link("printer", "cycle.print", print_href),
    )


def cycle_header() -> rx.Component:
    return rx.vstack(
        rx.link(
            rx.hstack(
                rx.icon("arrow-left", size=18, aria_hidden="true"),
                VIEW.practice_title,
                align="center",
                spacing="1",
            ),
            href=routes.CATALOG + "/fiches/" + VIEW.practice_slug + "/cycles",
            class_name="ll-no-print",
        ),
        rx.heading(
            t_format("cycle.heading", number=VIEW.number.to(str), title=VIEW.title),
            as_="h1",
            size="8",
            id="cycle-title",
        ),
        rx.hstack(
            rx.cond(
                VIEW.started_on != "",
                meta("calendar", t_format("cycle.started", date=t_date(VIEW.started_on))),
            ),
            rx.cond(
                VIEW.previous.id != 0,
                rx.link(
                    t_format("cycle.previous_link", number=VIEW.previous.number.to(str)),
                    href=routes.CYCLES + "/" + VIEW.previous.id.to(str),
                ),
            ),
            idea_origin(VIEW.origin),
            spacing="4",
            wrap="wrap",
            align="center",
        ),
        stepper(),
        rx.hstack(
            advance_button(),
            report_links(CycleState.markdown_href, routes.CYCLES + "/" + VIEW.id.to(str) + "/imprimer"),
            spacing="3",
            wrap="wrap",
            class_name="ll-no-print",
        ),
        rx.cond(
            CycleState.error_message != "",
            rx.callout(
                CycleState.error_message,
                icon="triangle-alert",
                color_scheme="red",
                role="alert",
                width="100%",
                id="cycle-error",
            ),
        ),
        spacing="3",
        width="100%",
    )


def cycle_body() -> rx.Component:
    return rx.vstack(
        cycle_header(),
        stage_card(0, rx.cond(EDITABLE, plan_form(), plan_read())),
        stage_card(1, doing_section()),
        stage_card(2, study_section()),
        stage_card(3, act_section()),
        measures_section(),
        comments_section(),
        spacing="5",
        width="100%",
    )


def cycle_page() -> rx.Component:
    return shell.page(
        rx.cond(
            CycleState.loaded,
            rx.cond(VIEW, cycle_body(), empty_state("cycle.error.not_found")),
        ),
        active="cycles",
    )


# --- La ligne du temps et les rapports -------------------------------------------------------------------


def timeline_entry(cycle: rx.Var[CycleLink]) -> rx.Component:
    return rx.el.li(
        card(
            rx.vstack(
                rx.hstack(
                    rx.badge(
                        t_choice("cycle.stage", STAGES, cycle.stage), variant="soft", color_scheme="jade"
                    ),
                    rx.cond(
                        cycle.decision != "",
                        rx.badge(
                            t_choice("cycle.decision", CycleDecision, cycle.decision), color_scheme="amber"
                        ),
                    ),
                    rx.cond(
                        cycle.started_on != "",
                        rx.text(t_date(cycle.started_on), size="2", color=theme.TEXT_MUTED),
                    ),
                    spacing="3",
                    align="center",
                    wrap="wrap",
                ),
                rx.link(
                    rx.heading(
                        t_format("cycle.heading", number=cycle.number.to(str), title=cycle.title),
                        as_="h2",
                        size="5",
                    ),
                    href=routes.CYCLES + "/" + cycle.id.to(str),
                ),
                rx.text(cycle.objective, color=theme.TEXT_MUTED),
                rx.cond(cycle.rationale != "", rx.text(cycle.rationale, size="2")),
                spacing="2",
            ),
            width="100%",
        ),
        list_style="none",
        border_left="4px solid var(--jade-6)",
        padding_left="16px",
        class_name="timeline-entry",
    )


def new_cycle_form() -> rx.Component:
    return card(
        rx.form(
            rx.vstack(
                field_label("cycle.new_title", "new-cycle-title"),
                rx.hstack(
                    rx.input(id="new-cycle-title", name="title", size="3", flex="1", style=FIELD_HEIGHT),
                    submit_button("cycle.new", "plus", id="new-cycle"),
                    width="100%",
                ),
                rx.cond(
                    TimelineState.title_error_message != "",
                    rx.text(TimelineState.title_error_message, role="alert", color=ERROR_COLOR),
                ),
                spacing="2",
                width="100%",
            ),
            on_submit=TimelineState.start_cycle,
            reset_on_submit=False,
        ),
        width="100%",
    )


def timeline_page() -> rx.Component:
    return shell.page(
        rx.cond(
            TimelineState.loaded,
            rx.cond(
                TimelineState.found,
                rx.vstack(
                    rx.link(
                        rx.hstack(
                            rx.icon("arrow-left", size=18, aria_hidden="true"),
                            TimelineState.practice_title,
                            align="center",
                            spacing="1",
                        ),
                        href=routes.CATALOG + "/fiches/" + TimelineState.practice_slug,
                    ),
                    rx.heading(t("cycle.history.heading"), as_="h1", size="8"),
                    rx.hstack(
                        report_links(
                            TimelineState.markdown_href,
                            routes.CATALOG + "/fiches/" + TimelineState.practice_slug + "/cycles/imprimer",
                        ),
                        spacing="3",
                        wrap="wrap",
                    ),
                    rx.cond(TimelineState.can_run, new_cycle_form()),
                    rx.cond(
                        TimelineState.cycles.length() > 0,
                        rx.el.ol(
                            rx.foreach(TimelineState.cycles, timeline_entry),
                            style={
                                "display": "flex",
                                "flex_direction": "column",
                                "gap": "16px",
                                "padding": "0",
                                "margin": "0",
                                "width": "100%",
                            },
                        ),
                        empty_state("cycle.history.empty"),
                    ),
                    rx.foreach(
                        TimelineState.measures,
                        lambda measure: card(
                            rx.vstack(
                                rx.heading(measure.name, as_="h3", size="4"),
                                run_chart(measure),
                                chart_legend(measure),
                                spacing="3",
                                width="100%",
                            ),
                            width="100%",
                        ),
                    ),
                    spacing="5",
                    width="100%",
                ),
                empty_state("sheet.error.not_found"),
            ),
        ),
        active="cycles",
    )


def report_page() -> rx.Component:
    """A report alone on white, for paper or a PDF."""
    return paper(
        "cycles.title",
        rx.cond(
            CycleReportState.loaded,
            rx.cond(
                CycleReportState.report_html != "",
                rx.html(CycleReportState.report_html, class_name="ll-prose report"),
                empty_state("cycle.error.not_found"),
            ),
        ),
    )
