"""The catalogue's search page: text, facets with counts, results, all carried by the URL."""

from __future__ import annotations

import reflex as rx

from livinglab.catalog.models import EvidenceLevel, PracticeStatus
from livinglab.catalog.service import PracticeSummary
from livinglab.catalog.state import FACET_ORDER, CatalogState, FacetGroup, FacetOption
from livinglab.core.taxonomy import TaxonomyScheme
from livinglab.ui import routes, shell, theme
from livinglab.ui.i18n import LocaleState, t, t_choice, t_plural
from livinglab.ui.taxonomy import term_label
from livinglab.ui.widgets import badge, card, empty_state, idea_origin, meta, page_header


def term_chip(scheme: TaxonomyScheme, code: rx.Var[str]) -> rx.Component:
    return rx.badge(term_label(scheme, code), variant="outline", color_scheme="gray", radius="full", size="2")


def level_and_status(level: rx.Var[str], status: rx.Var[str]) -> rx.Component:
    return rx.hstack(
        badge(t_choice("evidence.level", EvidenceLevel, level), level, theme.EVIDENCE_COLORS),
        badge(t_choice("practice.status", PracticeStatus, status), status, theme.STATUS_COLORS),
        spacing="2",
        wrap="wrap",
    )


def practice_card(practice: rx.Var[PracticeSummary]) -> rx.Component:
    return card(
        rx.vstack(
            level_and_status(practice.evidence_level, practice.status),
            rx.link(
                rx.heading(practice.title, as_="h2", size="5"),
                href=routes.practice(practice.slug),
                color=theme.INK,
                class_name="practice-link",
            ),
            rx.text(practice.summary, size="3", color=theme.TEXT_MUTED),
            meta("building-2", practice.organization_name),
            rx.hstack(
                rx.foreach(practice.region_codes, lambda code: term_chip(TaxonomyScheme.REGION, code)),
                rx.foreach(
                    practice.area_codes, lambda code: term_chip(TaxonomyScheme.INTEGRATION_AREA, code)
                ),
                spacing="2",
                wrap="wrap",
            ),
            idea_origin(practice.origin),
            spacing="3",
            align="start",
        ),
        class_name="practice-card",
        width="100%",
    )


def _label(option: rx.Var[FacetOption]) -> rx.Var[str]:
    return rx.cond(LocaleState.lang == "en", option.label_en, option.label_fr)


def facet_option(option: rx.Var[FacetOption]) -> rx.Component:
    """A filter is a link: the same search with this value added or removed."""
    return rx.el.a(
        rx.icon(rx.cond(option.chosen, "square-check", "square"), size=20, aria_hidden="true"),
        rx.text(_label(option), flex="1"),
        rx.text(option.count, color=theme.TEXT_MUTED, size="2"),
        href=option.href,
        aria_current=rx.cond(option.chosen, "true", "false"),
        class_name="facet-option",
        data_chosen=rx.cond(option.chosen, "true", "false"),
    )


def facet_group(group: rx.Var[FacetGroup]) -> rx.Component:
    return rx.el.details(
        rx.el.summary(t_choice("catalog.facet", FACET_ORDER, group.name), class_name="facet-title"),
        rx.vstack(rx.foreach(group.options, facet_option), spacing="0", width="100%"),
        open=True,
        class_name="facet-group",
        data_facet=group.name,
    )


def chosen_chip(option: rx.Var[FacetOption]) -> rx.Component:
    return rx.el.a(
        rx.text(_label(option)),
        rx.icon("x", size=16, aria_hidden="true"),
        href=option.href,
        title=t("catalog.remove_filter"),
        class_name="chosen-filter",
    )


def search_form() -> rx.Component:
    return rx.form(
        rx.hstack(
            rx.el.label(t("catalog.search_label"), html_for="catalog-q", class_name="ll-visually-hidden"),
            rx.input(
                rx.input.slot(rx.icon("search", size=20, aria_hidden="true")),
                id="catalog-q",
                name="q",
                type="search",
                default_value=CatalogState.text,
                key=CatalogState.text,
                placeholder=t("catalog.search_placeholder"),
                size="3",
                flex="1",
                style={"height": "52px", "font_size": "18px"},
            ),
            rx.button(t("catalog.search"), type="submit", size="3", height="52px"),
            width="100%",
            spacing="2",
        ),
        on_submit=CatalogState.search,
        reset_on_submit=False,
        role="search",
        width="100%",
    )


def staff_actions() -> rx.Component:
    return rx.cond(
        CatalogState.can_write,
        rx.hstack(
            rx.link(
                rx.button(
                    rx.icon("file-plus", size=18, aria_hidden="true"),
                    t("sheet.new"),
                    size="3",
                    min_height=theme.TOUCH_TARGET,
                ),
                href=routes.CATALOG_NEW,
            ),
            rx.link(
                rx.button(
                    rx.icon("upload", size=18, aria_hidden="true"),
                    t("transfer.import"),
                    size="3",
                    min_height=theme.TOUCH_TARGET,
                    variant="soft",
                ),
                href=routes.CATALOG_IMPORT,
            ),
            spacing="3",
            wrap="wrap",
        ),
    )


def export_links() -> rx.Component:
    return rx.hstack(
        rx.icon("download", size=16, aria_hidden="true", color=theme.TEXT_MUTED),
        rx.text(t("transfer.export"), size="2", color=theme.TEXT_MUTED),
        rx.link("CSV", href=routes.CATALOG_EXPORT.format(extension="csv"), size="2", is_external=True),
        rx.link("JSON", href=routes.CATALOG_EXPORT.format(extension="json"), size="2", is_external=True),
        spacing="2",
        align="center",
    )


def results() -> rx.Component:
    return rx.vstack(
        rx.hstack(
            rx.heading(
                t_plural("catalog.result_count", CatalogState.total),
                as_="h2",
                size="4",
                id="result-count",
            ),
            rx.spacer(),
            export_links(),
            width="100%",
            align="center",
            wrap="wrap",
        ),
        rx.cond(
            CatalogState.chosen.length() > 0,
            rx.hstack(rx.foreach(CatalogState.chosen, chosen_chip), spacing="2", wrap="wrap"),
        ),
        rx.cond(
            CatalogState.practices.length() > 0,
            rx.vstack(rx.foreach(CatalogState.practices, practice_card), spacing="3", width="100%"),
            empty_state("catalog.no_result"),
        ),
        rx.hstack(
            rx.cond(
                CatalogState.previous_href != "",
                rx.link(t("catalog.previous_page"), href=CatalogState.previous_href, class_name="page-link"),
            ),
            rx.spacer(),
            rx.cond(
                CatalogState.next_href != "",
                rx.link(t("catalog.next_page"), href=CatalogState.next_href, class_name="page-link"),
            ),
            width="100%",
        ),
        spacing="4",
        width="100%",
        id="results",
    )


def catalog_page() -> rx.Component:
    return shell.page(
        rx.hstack(
            page_header("catalog.title", "catalog.intro", "library-big"),
            rx.spacer(),
            staff_actions(),
            width="100%",
            align="start",
            wrap="wrap",
            spacing="4",
        ),
        search_form(),
        rx.grid(
            rx.el.aside(
                rx.foreach(CatalogState.facets, facet_group),
                aria_label=t("catalog.filters"),
                class_name="facets",
            ),
            results(),
            columns=rx.breakpoints(initial="1", sm="240px 1fr", lg="280px 1fr"),
            spacing="5",
            width="100%",
            align_items="start",
        ),
        active="catalog",
    )
