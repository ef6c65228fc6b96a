"""Catalog states."""

from __future__ import annotations

import reflex as rx

from livinglab.catalog import service
from livinglab.catalog.service import PracticeSummary
from livinglab.identity.guard import PUBLIC, current_identity, guarded, is_staff
from livinglab.ui.i18n import LocaleState
from livinglab.ui.loading import read


class CatalogState(LocaleState):
    practices: list[PracticeSummary] = []

    @rx.event
    @guarded(PUBLIC)
    def load(self) -> None:
        # Drafts, sheets under review and the workshops they came from are the network's work in progress:
        # staff only.
        staff = is_staff(current_identity())
        self.practices = read(service.list_practices, published_only=not staff, with_origins=staff)
