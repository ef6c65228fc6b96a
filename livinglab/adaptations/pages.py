"""Adaptation pages: how each practice was adapted to a region (FRAME records)."""

from __future__ import annotations

import reflex as rx

from livinglab.adaptations.service import AdaptationSummary
from livinglab.adaptations.state import AdaptationsState
from livinglab.core.taxonomy import TaxonomyScheme
from livinglab.ui import shell, theme
from livinglab.ui.taxonomy import term_label
from livinglab.ui.widgets import card, listing, meta, page_header


def adaptation_card(adaptation: rx.Var[AdaptationSummary]) -> rx.Component:
    return card(
        rx.vstack(
            rx.text(adaptation.practice_title, size="2", weight="medium", color=theme.ACCENT_INK),
            rx.heading(term_label(TaxonomyScheme.REGION, adaptation.region_code), as_="h2", size="5"),
            rx.text(adaptation.summary, size="3", color=theme.TEXT_MUTED),
            meta("building-2", adaptation.organization_name),
            spacing="3",
            align="start",
        ),
        height="100%",
    )


def adaptations_page() -> rx.Component:
    return shell.page(
        page_header("adaptations.title", "adaptations.intro", "map-pinned"),
        listing(AdaptationsState.adaptations, adaptation_card, "adaptations.empty"),
        active="adaptations",
    )
