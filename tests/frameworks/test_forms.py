"""Forms generated from a framework file: a control for every field and part, named as answers read them."""

from __future__ import annotations

import reflex as rx

from livinglab.frameworks.answers import TEXT_PARTS, control_name, option_control_name
from livinglab.frameworks.components import framework_form
from livinglab.frameworks.definitions import FieldType, frameworks


def test_every_framework_gets_a_control_for_each_field_and_part() -> None:
    values = rx.Var.create({"need.rating": "4"})
    errors = rx.Var.create({"need": "Une note de 1 à 5."})
    for framework in frameworks().values():
        rendered = str(framework_form(framework, values, errors).render())
        for field in framework.fields:
            assert f"field-{field.code}" in rendered
            names = [control_name(field, part) for part in TEXT_PARTS[field.type]]
            if field.type is FieldType.CHOICES:
                names += [option_control_name(field, option.code) for option in field.options]
            elif field.type is not FieldType.SUMMARY:
                names.append(control_name(field, "rating" if field.type is FieldType.RATING else "value"))
            for name in names:
                assert name in rendered, f"{framework.code}: no control named {name}"
