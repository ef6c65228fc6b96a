"""Adaptation states."""

from __future__ import annotations

import reflex as rx

from livinglab.adaptations import service
from livinglab.adaptations.service import AdaptationSummary
from livinglab.identity.guard import STAFF, guarded
from livinglab.ui.i18n import LocaleState
from livinglab.ui.loading import read


class AdaptationsState(LocaleState):
    adaptations: list[AdaptationSummary] = []

    @rx.event
    @guarded(STAFF)
    def load(self) -> None:
        self.adaptations = read(service.list_adaptations)
