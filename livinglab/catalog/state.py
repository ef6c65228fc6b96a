"""Catalog states."""

from __future__ import annotations

import reflex as rx

from livinglab.catalog import service
from livinglab.catalog.service import PracticeSummary
from livinglab.ui.i18n import LocaleState
from livinglab.ui.loading import read


class CatalogState(LocaleState):
    practices: list[PracticeSummary] = []

    @rx.event
    def load(self) -> None:
        self.practices = read(service.list_practices)
