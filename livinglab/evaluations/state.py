"""Evaluation states."""

from __future__ import annotations

import reflex as rx

from livinglab.evaluations import service
from livinglab.evaluations.service import EvaluationSummary
from livinglab.identity.guard import STAFF, guarded
from livinglab.ui.i18n import LocaleState
from livinglab.ui.loading import read


class EvaluationsState(LocaleState):
    evaluations: list[EvaluationSummary] = []

    @rx.event
    @guarded(STAFF)
    def load(self) -> None:
        self.evaluations = read(service.list_evaluations)
