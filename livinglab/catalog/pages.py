"""Catalog pages: the practice sheets of the network."""

from __future__ import annotations

import reflex as rx

from livinglab.catalog.models import EvidenceLevel, PracticeStatus
from livinglab.catalog.service import PracticeSummary
from livinglab.catalog.state import CatalogState
from livinglab.core.taxonomy import TaxonomyScheme
from livinglab.ui import shell, theme
from livinglab.ui.i18n import t_choice
from livinglab.ui.taxonomy import term_label
from livinglab.ui.widgets import badge, idea_origin, item_card, meta


def term_chip(scheme: TaxonomyScheme, code: rx.Var[str]) -> rx.Component:
    return rx.badge(term_label(scheme, code), variant="outline", color_scheme="gray", radius="full", size="2")


def practice_card(practice: rx.Var[PracticeSummary]) -> rx.Component:
    return item_card(
        rx.hstack(
            badge(
                t_choice("evidence.level", EvidenceLevel, practice.evidence_level),
                practice.evidence_level,
                theme.EVIDENCE_COLORS,
            ),
            badge(
                t_choice("practice.status", PracticeStatus, practice.status),
                practice.status,
                theme.STATUS_COLORS,
            ),
            spacing="2",
            wrap="wrap",
        ),
        rx.heading(practice.title, as_="h2", size="5"),
        rx.text(practice.summary, size="3", color=theme.TEXT_MUTED),
        meta("building-2", practice.organization_name),
        rx.hstack(
            rx.foreach(practice.region_codes, lambda code: term_chip(TaxonomyScheme.REGION, code)),
            rx.foreach(practice.area_codes, lambda code: term_chip(TaxonomyScheme.INTEGRATION_AREA, code)),
            spacing="2",
            wrap="wrap",
        ),
        idea_origin(practice.origin),
    )


def catalog_page() -> rx.Component:
    return shell.area_page("catalog", "library-big", CatalogState.practices, practice_card)
