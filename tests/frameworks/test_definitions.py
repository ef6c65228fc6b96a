"""The framework files: the lab's four load; a bad one stops the start-up naming its file and its field."""

from __future__ import annotations

from pathlib import Path

import pytest

from livinglab.frameworks.definitions import (
    FieldType,
    FrameworkFileError,
    FrameworkKind,
    evaluation_frameworks,
    frame,
    frameworks,
    load_directory,
    load_file,
)

MINIMAL = """
code = "tiny"
kind = "evaluation"
name = { fr = "Petit", en = "Tiny" }
intro = { fr = "Un cadre minimal.", en = "A minimal framework." }

[[fields]]
code = "need"
type = "rating"
label = { fr = "Besoin", en = "Need" }
"""


def _file(directory: Path, text: str, name: str = "tiny") -> Path:
    path = directory / f"{name}.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_the_labs_frameworks_load_with_the_fields_of_the_reference() -> None:
    assert set(frameworks()) == {"frame", "hexagon", "isat", "reaim"}
    assert set(evaluation_frameworks()) == {"hexagon", "isat", "reaim"}
    assert frame().kind is FrameworkKind.ADAPTATION
    assert [field.code for field in frame().fields] == [
        "when",
        "planned",
        "decided_by",
        "what",
        "level",
        "type",
        "fidelity",
        "reasons",
        "contextual_factors",
        "permanence",
    ]
    hexagon = frameworks()["hexagon"]
    assert [field.code for field in hexagon.rated_fields] == [
        "need",
        "fit",
        "resources",
        "evidence",
        "readiness",
        "capacity",
    ]
    isat = frameworks()["isat"]
    assert [(section.code, len(fields)) for section, fields in isat.sections_in_order() if section] == [
        ("scene", 5),
        ("scaling", 5),
    ]
    assert {field.type for field in frameworks()["reaim"].fields} == {FieldType.SUMMARY}


def test_adding_a_framework_is_adding_a_file(tmp_path: Path) -> None:
    _file(tmp_path, MINIMAL)
    loaded = load_directory(tmp_path)
    assert loaded["tiny"].field("need").label == {"fr": "Besoin", "en": "Need"}


def test_an_unknown_field_type_names_the_file_and_the_field(tmp_path: Path) -> None:
    path = _file(tmp_path, MINIMAL.replace('type = "rating"', 'type = "slider"'))
    with pytest.raises(FrameworkFileError, match=r"tiny\.toml: fields\[need\]\.type: .*'choice'"):
        load_file(path)


def test_a_missing_translation_names_the_file_and_the_field(tmp_path: Path) -> None:
    path = _file(
        tmp_path, MINIMAL.replace('label = { fr = "Besoin", en = "Need" }', 'label = { fr = "Besoin" }')
    )
    with pytest.raises(
        FrameworkFileError, match=r"tiny\.toml: fields\[need\]\.label: .*missing translation: en"
    ):
        load_file(path)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (('type = "rating"', 'type = "choice"'), r"fields\[need\]: .*needs options"),
        (('code = "need"', 'code = "Need!"'), r"fields\[Need!\]\.code"),
        (("[[fields]]", 'lable = "x"\n[[fields]]'), r"lable: Extra inputs"),
        (('type = "rating"', 'type = "rating"\nsection = "elsewhere"'), r"unknown section elsewhere"),
        (('code = "tiny"', 'code = "other"'), r"code: 'other' differs from the file's name"),
        (('kind = "evaluation"', "kind = "), r"tiny\.toml: "),
    ],
)
def test_every_mistake_in_a_file_is_refused_with_where_it_is(
    tmp_path: Path, change: tuple[str, str], message: str
) -> None:
    path = _file(tmp_path, MINIMAL.replace(*change))
    with pytest.raises(FrameworkFileError, match=message):
        load_file(path)
