"""Importing sheets from a spreadsheet: choose a CSV file, read what would be imported and what is refused
(line by line), then import the good rows."""

from __future__ import annotations

import reflex as rx

from livinglab.catalog.state import IMPORT_UPLOAD_ID, ImportProblem, ImportState
from livinglab.catalog.transfer import CreatedSheet
from livinglab.ui import routes, shell, theme
from livinglab.ui.i18n import t, t_plural
from livinglab.ui.widgets import card, page_header


def created_line(sheet: rx.Var[CreatedSheet]) -> rx.Component:
    return rx.el.li(rx.link(sheet.title, href=routes.practice(sheet.slug)))


def ready_line(sheet: rx.Var[CreatedSheet]) -> rx.Component:
    return rx.el.li(sheet.title)


def problem_row(problem: rx.Var[ImportProblem]) -> rx.Component:
    return rx.el.tr(
        rx.el.td(rx.cond(problem.line > 0, problem.line.to_string(), "—")),
        rx.el.td(problem.column),
        rx.el.td(problem.message),
        class_name="import-problem",
    )


def problems_table() -> rx.Component:
    return rx.cond(
        ImportState.problem_lines.length() > 0,
        card(
            rx.vstack(
                rx.heading(
                    t_plural("transfer.refused", ImportState.problem_lines.length()), as_="h2", size="5"
                ),
                rx.text(t("transfer.refused_intro"), color=theme.TEXT_MUTED),
                rx.el.table(
                    rx.el.thead(
                        rx.el.tr(
                            rx.el.th(t("transfer.line"), scope="col"),
                            rx.el.th(t("transfer.column"), scope="col"),
                            rx.el.th(t("transfer.reason"), scope="col"),
                        )
                    ),
                    rx.el.tbody(rx.foreach(ImportState.problem_lines, problem_row)),
                    class_name="ll-table",
                    id="import-problems",
                ),
                spacing="3",
                width="100%",
            ),
            border="2px solid var(--amber-7)",
            width="100%",
        ),
    )


def ready_panel() -> rx.Component:
    return rx.cond(
        ImportState.ready.length() > 0,
        card(
            rx.vstack(
                rx.heading(t_plural("transfer.ready", ImportState.ready.length()), as_="h2", size="5"),
                rx.el.ul(rx.foreach(ImportState.ready, ready_line), class_name="sheet-list"),
                rx.button(
                    rx.icon("upload", size=18, aria_hidden="true"),
                    t_plural("transfer.import_ready", ImportState.ready.length()),
                    on_click=ImportState.import_checked,
                    size="3",
                    min_height=theme.TOUCH_TARGET,
                    id="import-ready",
                ),
                spacing="3",
                width="100%",
            ),
            width="100%",
        ),
    )


def imported_panel() -> rx.Component:
    return rx.cond(
        ImportState.imported.length() > 0,
        rx.callout(
            rx.vstack(
                rx.text(t_plural("transfer.imported", ImportState.imported.length()), weight="bold"),
                rx.el.ul(rx.foreach(ImportState.imported, created_line), class_name="sheet-list"),
            ),
            icon="circle-check",
            color_scheme="jade",
            id="import-done",
            width="100%",
        ),
    )


def import_page() -> rx.Component:
    return shell.page(
        page_header("transfer.title", "transfer.intro", "upload"),
        card(
            rx.upload(
                rx.vstack(
                    rx.icon("file-spreadsheet", size=36, color=theme.ACCENT_INK, aria_hidden="true"),
                    rx.text(t("transfer.choose"), weight="bold", size="4"),
                    rx.text(t("transfer.choose_hint"), size="2", color=theme.TEXT_MUTED, text_align="center"),
                    align="center",
                    spacing="2",
                ),
                id=IMPORT_UPLOAD_ID,
                accept={"text/csv": [".csv"], "text/plain": [".csv", ".txt"]},
                max_files=1,
                multiple=False,
                on_drop=ImportState.check(rx.upload_files(upload_id=IMPORT_UPLOAD_ID)),
                border="2px dashed var(--jade-7)",
                border_radius="16px",
                padding="32px",
                width="100%",
                cursor="pointer",
            ),
            rx.cond(
                ImportState.file_name != "",
                rx.text(
                    t_plural("transfer.checked", ImportState.checked_rows, name=ImportState.file_name),
                    margin_top="12px",
                    id="import-checked",
                ),
            ),
            width="100%",
        ),
        imported_panel(),
        problems_table(),
        ready_panel(),
        rx.link(t("transfer.template"), href=routes.CATALOG_EXPORT.format(extension="csv"), is_external=True),
        active="catalog",
    )
