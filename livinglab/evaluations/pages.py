"""Evaluation pages: scale-up evaluations of practices and where their review stands."""

from __future__ import annotations

import reflex as rx

from livinglab.evaluations.models import EvaluationDecision, EvaluationStatus
from livinglab.evaluations.service import EvaluationSummary
from livinglab.evaluations.state import EvaluationsState
from livinglab.ui import shell, theme
from livinglab.ui.i18n import t_choice
from livinglab.ui.widgets import badge, item_card, meta

FRAMEWORK_NAMES = {"hexagon": "Hexagon", "isat": "ISAT", "reaim": "RE-AIM"}


def evaluation_card(evaluation: rx.Var[EvaluationSummary]) -> rx.Component:
    return item_card(
        badge(
            t_choice("evaluation.status", EvaluationStatus, evaluation.status),
            evaluation.status,
            theme.STATUS_COLORS,
        ),
        rx.heading(evaluation.practice_title, as_="h2", size="5"),
        meta("layout-grid", rx.Var.create(FRAMEWORK_NAMES)[evaluation.framework].to(str)),
        meta("building-2", evaluation.organization_name),
        rx.cond(
            evaluation.decision,
            rx.text(
                t_choice("evaluation.decision", EvaluationDecision, evaluation.decision.to(str)),
                weight="bold",
            ),
        ),
    )


def evaluations_page() -> rx.Component:
    return shell.area_page("evaluations", "clipboard-check", EvaluationsState.evaluations, evaluation_card)
