"""Iteration-cycle pages: the PDSA cycles that test the prototypes born in workshops."""

from __future__ import annotations

import reflex as rx

from livinglab.cycles.models import CycleDecision, CycleStage
from livinglab.cycles.service import CycleSummary
from livinglab.cycles.state import CyclesState
from livinglab.ui import routes, shell, theme
from livinglab.ui.i18n import t, t_choice, t_format
from livinglab.ui.widgets import idea_origin, item_card, meta


def stage_step(stage: CycleStage, current: rx.Var[str]) -> rx.Component:
    reached = current == stage.value
    return rx.el.li(
        rx.text(t(f"cycle.stage.{stage.value}"), size="2", weight="medium"),
        aria_current=rx.cond(reached, "step", None),
        list_style="none",
        padding="6px 12px",
        border_radius="999px",
        background=rx.cond(reached, "var(--jade-9)", "var(--sand-3)"),
        color=rx.cond(reached, "white", theme.INK),
    )


def cycle_card(cycle: rx.Var[CycleSummary]) -> rx.Component:
    return item_card(
        rx.text(cycle.practice_title, size="2", weight="medium", color=theme.ACCENT_INK),
        rx.link(rx.heading(cycle.title, as_="h2", size="5"), href=routes.CYCLES + "/" + cycle.id.to(str)),
        rx.el.ol(
            *(stage_step(stage, cycle.stage) for stage in CycleStage),
            aria_label=t("cycle.stages"),
            style={"display": "flex", "flex_wrap": "wrap", "gap": "6px", "padding": "0", "margin": "0"},
        ),
        rx.hstack(
            meta("hash", t_format("cycle.number", number=cycle.number)),
            meta("ruler", t_format("cycle.measures", count=cycle.measure_count)),
            meta("chart-line", t_format("cycle.data_points", count=cycle.data_point_count)),
            spacing="4",
        ),
        rx.cond(
            cycle.decision,
            rx.text(t_choice("cycle.decision", CycleDecision, cycle.decision.to(str)), weight="bold"),
        ),
        idea_origin(cycle.origin),
    )


def cycles_page() -> rx.Component:
    return shell.area_page("cycles", "refresh-cw", CyclesState.cycles, cycle_card)
