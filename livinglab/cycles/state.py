"""Iteration-cycle states."""

from __future__ import annotations

import reflex as rx

from livinglab.cycles import service
from livinglab.cycles.service import CycleSummary
from livinglab.identity.guard import STAFF, guarded
from livinglab.ui.i18n import LocaleState
from livinglab.ui.loading import read


class CyclesState(LocaleState):
    cycles: list[CycleSummary] = []

    @rx.event
    @guarded(STAFF)
    def load(self) -> None:
        self.cycles = read(service.list_cycles)
