"""Forms generated from a framework's definition: one group per section, one control per field (options as
large ticks, ratings 1–5 as five buttons, notes as text areas), its message under it when refused.

Controls are uncontrolled (``default_value``): they start from ``values`` (a form's values as
``answers.form_values`` writes them) and what the person types stays in them when the server refuses it.
"""

from __future__ import annotations

import reflex as rx

from livinglab.core.i18n import LANGUAGES
from livinglab.frameworks.answers import RATINGS, TEXT_PARTS, control_name, option_control_name
from livinglab.frameworks.definitions import FieldDefinition, FieldType, Framework, frameworks
from livinglab.ui import theme
from livinglab.ui.i18n import localized, reader_language, t
from livinglab.ui.widgets import card, form_error


def text_of(texts: dict[str, str]) -> rx.Var[str]:
    """A framework's label in the reader's language."""
    return rx.Var.create(texts)[reader_language()].to(str)


def framework_name(code: rx.Var[str]) -> rx.Var[str]:
    """The name of the framework ``code`` (a runtime value) in the reader's language."""
    return localized(
        {lang: {fw.code: fw.name[lang] for fw in frameworks().values()} for lang in LANGUAGES}, code
    )


def _tick(kind: str, name: str, value: str, text: rx.Var[str] | str, checked: rx.Var[bool]) -> rx.Component:
    return rx.el.label(
        rx.el.input(type=kind, name=name, value=value, default_checked=checked, class_name="tick-input"),
        rx.text(text),
        class_name="tick",
    )


def _options(field: FieldDefinition, values: rx.Var) -> rx.Component:
    if field.type is FieldType.CHOICE:
        ticks = [
            _tick(
                "radio",
                control_name(field, "value"),
                option.code,
                text_of(option.label),
                values[control_name(field, "value")].to(str) == option.code,
            )
            for option in field.options
        ]
    elif field.type is FieldType.CHOICES:
        ticks = [
            _tick(
                "checkbox",
                option_control_name(field, option.code),
                "on",
                text_of(option.label),
                values.contains(option_control_name(field, option.code)),
            )
            for option in field.options
        ]
    else:
        ticks = [
            _tick(
                "radio",
                control_name(field, "rating"),
                str(rating),
                str(rating),
                values[control_name(field, "rating")].to(str) == str(rating),
            )
            for rating in RATINGS
        ]
        ticks.append(rx.text(t("framework.rating_scale"), size="2", color=theme.TEXT_MUTED))
    return rx.flex(*ticks, gap="8px", wrap="wrap", align="center")


def _text_part(field: FieldDefinition, part: str, values: rx.Var) -> rx.Component:
    name = control_name(field, part)
    return rx.vstack(
        rx.el.label(t(f"framework.part.{part}"), html_for=f"fw-{field.code}-{part}", font_weight="600"),
        rx.text_area(
            id=f"fw-{field.code}-{part}",
            name=name,
            default_value=values[name].to(str),
            rows="4" if field.type is FieldType.SUMMARY else "2",
            size="3",
            width="100%",
        ),
        spacing="1",
        width="100%",
    )


def field_control(field: FieldDefinition, values: rx.Var, errors: rx.Var) -> rx.Component:
    return rx.el.fieldset(
        rx.el.legend(text_of(field.label), class_name="ll-legend"),
        rx.text(text_of(field.help), size="2", color=theme.TEXT_MUTED) if field.help else rx.fragment(),
        _options(field, values) if field.type is not FieldType.SUMMARY else rx.fragment(),
        *(_text_part(field, part, values) for part in TEXT_PARTS[field.type]),
        rx.cond(errors.contains(field.code), form_error(errors[field.code].to(str), f"{field.code}-error")),
        class_name="ll-fieldset",
        id=f"field-{field.code}",
        aria_describedby=f"{field.code}-error",
    )


def framework_form(framework: Framework, values: rx.Var, errors: rx.Var) -> rx.Component:
    """Every field of ``framework``, a card per section."""
    return rx.vstack(
        *(
            card(
                rx.vstack(
                    rx.heading(text_of(section.label), as_="h2", size="5") if section else rx.fragment(),
                    *(field_control(field, values, errors) for field in fields),
                    spacing="4",
                    width="100%",
                ),
                width="100%",
            )
            for section, fields in framework.sections_in_order()
        ),
        spacing="4",
        width="100%",
    )
