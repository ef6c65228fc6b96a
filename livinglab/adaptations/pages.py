"""Adaptation pages: how each practice was adapted to a region (FRAME records)."""

from __future__ import annotations

import reflex as rx

from livinglab.adaptations.service import AdaptationSummary
from livinglab.adaptations.state import AdaptationsState
from livinglab.core.taxonomy import TaxonomyScheme
from livinglab.ui import shell, theme
from livinglab.ui.taxonomy import term_label
from livinglab.ui.widgets import item_card, meta


def adaptation_card(adaptation: rx.Var[AdaptationSummary]) -> rx.Component:
    return item_card(
        rx.text(adaptation.practice_title, size="2", weight="medium", color=theme.ACCENT_INK),
        rx.heading(term_label(TaxonomyScheme.REGION, adaptation.region_code), as_="h2", size="5"),
        rx.text(adaptation.summary, size="3", color=theme.TEXT_MUTED),
        meta("building-2", adaptation.organization_name),
    )


def adaptations_page() -> rx.Component:
    return shell.area_page("adaptations", "map-pinned", AdaptationsState.adaptations, adaptation_card)
