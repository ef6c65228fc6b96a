"""The sheet editor, for a new sheet and an existing one: every part in a few calm sections, one message under
each refused part, and, when someone else saved meanwhile, both versions side by side before anything is
written."""

from __future__ import annotations

import reflex as rx

from livinglab.catalog import evidence
from livinglab.catalog.models import EvidenceLevel
from livinglab.catalog.sheet_pages import changes_list
from livinglab.catalog.sheets import DESCRIPTION_MAX_BYTES, TERM_PARTS
from livinglab.catalog.state import SheetEditorState, TermOption
from livinglab.core.i18n import LANGUAGES
from livinglab.identity.service import OrganizationRef
from livinglab.ui import routes, shell, theme
from livinglab.ui.i18n import LocaleState, t, t_format
from livinglab.ui.widgets import SELECT_STYLE, card, empty_state, form_error

DRAFT = SheetEditorState.draft


def part_error(part: str) -> rx.Component:
    return rx.cond(
        SheetEditorState.field_errors.contains(part),
        form_error(SheetEditorState.field_errors[part], f"{part}-error"),
    )


def label(part: str, hint_key: str = "") -> rx.Component:
    return rx.vstack(
        rx.el.label(t(f"sheet.part.{part}"), html_for=f"sheet-{part}", font_weight="700"),
        rx.text(t(hint_key), size="2", color=theme.TEXT_MUTED) if hint_key else rx.fragment(),
        spacing="0",
    )


def line_field(part: str, hint_key: str = "", **props: object) -> rx.Component:
    return rx.vstack(
        label(part, hint_key),
        rx.input(
            id=f"sheet-{part}",
            name=part,
            default_value=getattr(DRAFT, part),
            size="3",
            width="100%",
            style={"height": "48px"},
            aria_describedby=f"{part}-error",
            **props,
        ),
        part_error(part),
        spacing="1",
        width="100%",
    )


def text_field(part: str, value: rx.Var[str], rows: str, hint_key: str = "", **props: object) -> rx.Component:
    return rx.vstack(
        label(part, hint_key),
        rx.text_area(
            id=f"sheet-{part}",
            name=part,
            default_value=value,
            rows=rows,
            size="3",
            width="100%",
            aria_describedby=f"{part}-error",
            **props,
        ),
        part_error(part),
        spacing="1",
        width="100%",
    )


def lines_field(part: str) -> rx.Component:
    """A listed part, one item per line: the simplest list editor there is on a tablet."""
    return text_field(part, getattr(DRAFT, part).join("\n"), rows="4", hint_key="sheet.one_per_line")


def tick(name: rx.Var[str] | str, text: rx.Var[str], checked: rx.Var[bool]) -> rx.Component:
    return rx.el.label(
        rx.el.input(type="checkbox", name=name, default_checked=checked, class_name="tick-input"),
        rx.text(text),
        class_name="tick",
    )


def term_ticks(part: str) -> rx.Component:
    def option(choice: rx.Var[TermOption]) -> rx.Component:
        return tick(
            f"{part}:{choice.code}",
            rx.cond(LocaleState.lang == "en", choice.label_en, choice.label_fr),
            getattr(DRAFT, part).contains(choice.code),
        )

    return ticks_fieldset(part, rx.foreach(SheetEditorState.term_options[part].to(list[TermOption]), option))


def ticks_fieldset(part: str, *ticks: rx.Component) -> rx.Component:
    return rx.el.fieldset(
        rx.el.legend(t(f"sheet.part.{part}"), class_name="ll-legend"),
        rx.flex(*ticks, gap="8px", wrap="wrap"),
        part_error(part),
        class_name="ll-fieldset",
        id=f"sheet-{part}",
    )


def carrier_ticks() -> rx.Component:
    def option(organization: rx.Var[OrganizationRef]) -> rx.Component:
        return tick(
            f"carrier_ids:{organization.id}",
            organization.name,
            DRAFT.carrier_ids.contains(organization.id),
        )

    return ticks_fieldset("carrier_ids", rx.foreach(SheetEditorState.organizations, option))


def criteria_ticks() -> rx.Component:
    def level_group(level: EvidenceLevel) -> rx.Component:
        return rx.vstack(
            rx.text(t(f"evidence.level.{level.value}"), weight="bold", size="2", color=theme.TEXT_MUTED),
            rx.flex(
                *(
                    tick(
                        f"evidence_criteria:{criterion.code}",
                        t(f"evidence.criterion.{criterion.code}"),
                        DRAFT.evidence_criteria.contains(criterion.code),
                    )
                    for criterion in evidence.CRITERIA
                    if criterion.level is level
                ),
                gap="8px",
                wrap="wrap",
            ),
            spacing="2",
            width="100%",
        )

    return rx.el.fieldset(
        rx.el.legend(t("evidence.criteria_title"), class_name="ll-legend"),
        rx.text(t("evidence.criteria_intro"), size="2", color=theme.TEXT_MUTED),
        *(level_group(level) for level in evidence.LEVELS),
        part_error("evidence_criteria"),
        class_name="ll-fieldset",
        id="sheet-evidence_criteria",
    )


def select_field(part: str, name: str, options: rx.Component, value: rx.Var | str) -> rx.Component:
    return rx.vstack(
        label(part),
        rx.el.select(options, id=f"sheet-{part}", name=name, default_value=value, style=SELECT_STYLE),
        part_error(part),
        spacing="1",
        width="100%",
    )


def section(title_key: str, *children: rx.Component) -> rx.Component:
    return card(
        rx.vstack(rx.heading(t(title_key), as_="h2", size="5"), *children, spacing="4", width="100%"),
        width="100%",
    )


def conflict_panel() -> rx.Component:
    """Someone saved meanwhile: what my version changes from theirs, and the writer's two ways out."""
    return rx.cond(
        SheetEditorState.conflict_number > 0,
        card(
            rx.vstack(
                rx.hstack(
                    rx.icon("git-compare", size=24, color="var(--amber-11)", aria_hidden="true"),
                    rx.heading(t("sheet.conflict_title"), as_="h2", size="5"),
                    align="center",
                    spacing="2",
                ),
                rx.text(SheetEditorState.error_message, role="alert", size="3"),
                rx.text(t("sheet.conflict_legend"), size="2", color=theme.TEXT_MUTED),
                changes_list(SheetEditorState.conflict_changes),
                rx.hstack(
                    rx.button(
                        t("sheet.take_theirs"),
                        on_click=SheetEditorState.take_theirs,
                        variant="soft",
                        size="3",
                        min_height=theme.TOUCH_TARGET,
                        id="take-theirs",
                    ),
                    rx.button(
                        t("sheet.keep_mine"),
                        on_click=SheetEditorState.keep_mine,
                        size="3",
                        min_height=theme.TOUCH_TARGET,
                        id="keep-mine",
                    ),
                    spacing="3",
                    wrap="wrap",
                ),
                spacing="3",
                width="100%",
            ),
            id="conflict",
            border="2px solid var(--amber-8)",
            background="var(--amber-2)",
            width="100%",
        ),
    )


def error_banner() -> rx.Component:
    return rx.cond(
        (SheetEditorState.error_message != "") & (SheetEditorState.conflict_number == 0),
        rx.callout(
            SheetEditorState.error_message,
            icon="triangle-alert",
            color_scheme="red",
            role="alert",
            id="sheet-error",
            width="100%",
        ),
    )


def editor_form(is_new: bool) -> rx.Component:
    language_options = rx.fragment(*(rx.el.option(t(f"language.{lang}"), value=lang) for lang in LANGUAGES))
    lead_options = rx.foreach(
        SheetEditorState.lead_choices,
        lambda organization: rx.el.option(organization.name, value=organization.id.to_string()),
    )
    return rx.form(
        rx.vstack(
            section(
                "sheet.section.essentials",
                line_field("title", max_length=400),
                text_field(
                    "summary", DRAFT.summary, rows="3", hint_key="sheet.summary_hint", max_length=1000
                ),
                rx.grid(
                    select_field("organization_id", "organization_id", lead_options, "")
                    if is_new
                    else rx.fragment(),
                    select_field("language", "language", language_options, DRAFT.language),
                    columns=rx.breakpoints(initial="1", sm="2"),
                    spacing="4",
                    width="100%",
                ),
                rx.el.input(
                    type="hidden", name="base_number", value=SheetEditorState.base_number.to_string()
                ),
            ),
            section(
                "sheet.part.description_md",
                text_field(
                    "description_md",
                    DRAFT.description_md,
                    rows="14",
                    hint_key="sheet.markdown_hint",
                    font_family="ui-monospace, monospace",
                ),
                rx.text(
                    t_format(
                        "sheet.description_limit", limit=rx.Var.create(str(DESCRIPTION_MAX_BYTES // 1000))
                    ),
                    size="2",
                    color=theme.TEXT_MUTED,
                ),
            ),
            section("sheet.section.what", lines_field("objectives"), lines_field("activities")),
            section(
                "sheet.resources",
                rx.grid(
                    line_field("staff"),
                    line_field("budget"),
                    line_field("duration"),
                    columns=rx.breakpoints(initial="1", md="3"),
                    spacing="4",
                    width="100%",
                ),
            ),
            section("sheet.for_whom", *(term_ticks(part) for part in TERM_PARTS)),
            section(
                "sheet.who",
                carrier_ticks(),
                lines_field("partners"),
                rx.grid(
                    line_field("contact_name"),
                    line_field("contact_email", type="email"),
                    columns=rx.breakpoints(initial="1", sm="2"),
                    spacing="4",
                    width="100%",
                ),
            ),
            section("sheet.section.evidence", lines_field("results"), criteria_ticks()),
            rx.hstack(
                rx.link(
                    rx.button(
                        t("workshop.cancel"),
                        type="button",
                        variant="soft",
                        color_scheme="gray",
                        size="3",
                        min_height=theme.TOUCH_TARGET,
                    ),
                    href=routes.CATALOG if is_new else routes.practice(SheetEditorState.slug),
                ),
                rx.button(
                    rx.icon("save", size=18, aria_hidden="true"),
                    t("sheet.save"),
                    type="submit",
                    size="3",
                    min_height=theme.TOUCH_TARGET,
                    id="save-sheet",
                ),
                justify="end",
                spacing="3",
                width="100%",
                class_name="save-bar",
            ),
            spacing="4",
            width="100%",
        ),
        on_submit=SheetEditorState.create if is_new else SheetEditorState.save,
        reset_on_submit=False,
        id="sheet-form",
        key=SheetEditorState.form_key,
        width="100%",
    )


def editor_page(is_new: bool) -> rx.Component:
    return shell.page(
        rx.heading(
            t("sheet.new") if is_new else t_format("sheet.editing", title=DRAFT.title),
            as_="h1",
            size="7",
        ),
        error_banner(),
        conflict_panel(),
        rx.cond(
            SheetEditorState.not_found,
            empty_state("sheet.error.not_found"),
            # The form is built once its content has arrived: its fields take their first value only.
            rx.cond(SheetEditorState.loaded, editor_form(is_new), rx.spinner(size="3")),
        ),
        active="catalog",
    )


def new_sheet_page() -> rx.Component:
    return editor_page(is_new=True)


def edit_sheet_page() -> rx.Component:
    return editor_page(is_new=False)
