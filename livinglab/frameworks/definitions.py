"""The frameworks of the lab as data: FRAME for adaptations; Hexagon, ISAT and RE-AIM for evaluations.

Each framework is one TOML file beside this module, with its labels in every language of the lab. Forms,
validation, display and export are generated from these definitions, so adding a framework is adding a file.
The files are read and checked once, when the app starts: a file with an unknown field type or a missing
translation stops the start-up with a message naming the file and the field, never a page in front of a user.
"""

from __future__ import annotations

import enum
import tomllib
from functools import cache
from pathlib import Path
from typing import Annotated, Any

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, ValidationError, model_validator

from livinglab.core.i18n import LANGUAGES

DIRECTORY = Path(__file__).parent
# A code becomes a form control's name and a JSON key: lower-case words only.
CODE_PATTERN = r"^[a-z][a-z0-9_]*$"


class FrameworkKind(enum.StrEnum):
    ADAPTATION = "adaptation"
    EVALUATION = "evaluation"


class FieldType(enum.StrEnum):
    # One option, with notes (FRAME: when, planned, fidelity…).
    CHOICE = "choice"
    # Any number of options, with notes (FRAME: who decided, type, reasons…).
    CHOICES = "choices"
    # A rating from 1 to 5 with notes and evidence (Hexagon factors, ISAT domains).
    RATING = "rating"
    # A summary in words (RE-AIM dimensions).
    SUMMARY = "summary"


def _every_language(texts: dict[str, str]) -> dict[str, str]:
    missing = [lang for lang in LANGUAGES if not texts.get(lang, "").strip()]
    if missing:
        raise ValueError(f"missing translation: {', '.join(missing)}")
    unknown = sorted(set(texts) - set(LANGUAGES))
    if unknown:
        raise ValueError(f"unknown language: {', '.join(unknown)}")
    return texts


# A text in every language of the lab, e.g. {fr = "Besoin", en = "Need"}.
Label = Annotated[dict[str, str], AfterValidator(_every_language)]
Code = Annotated[str, Field(pattern=CODE_PATTERN)]


class _Strict(BaseModel):
    # A misspelt key ("lable") is an error, not a silently missing label.
    model_config = ConfigDict(extra="forbid", frozen=True)


class Option(_Strict):
    code: Code
    label: Label


class Section(_Strict):
    code: Code
    label: Label


class FieldDefinition(_Strict):
    code: Code
    type: FieldType
    label: Label
    help: Label | None = None
    # Needed to submit an evaluation or save an adaptation; a draft may leave it empty.
    required: bool = True
    section: Code | None = None
    options: tuple[Option, ...] = ()

    @model_validator(mode="after")
    def _options_fit_the_type(self) -> FieldDefinition:
        with_options = self.type in (FieldType.CHOICE, FieldType.CHOICES)
        if with_options and not self.options:
            raise ValueError(f"a {self.type.value} field needs options")
        if not with_options and self.options:
            raise ValueError(f"a {self.type.value} field has no options")
        codes = [option.code for option in self.options]
        if len(set(codes)) != len(codes):
            raise ValueError("two options have the same code")
        return self

    def option_codes(self) -> set[str]:
        return {option.code for option in self.options}


class Framework(_Strict):
    code: Code
    kind: FrameworkKind
    name: Label
    intro: Label
    sections: tuple[Section, ...] = ()
    fields: tuple[FieldDefinition, ...] = Field(min_length=1)

    @model_validator(mode="after")
    def _codes_are_unique_and_sections_known(self) -> Framework:
        codes = [field.code for field in self.fields]
        if len(set(codes)) != len(codes):
            raise ValueError("two fields have the same code")
        sections = {section.code for section in self.sections}
        for field in self.fields:
            if field.section is not None and field.section not in sections:
                raise ValueError(f"field {field.code}: unknown section {field.section}")
        return self

    def field(self, code: str) -> FieldDefinition:
        return next(field for field in self.fields if field.code == code)

    @property
    def rated_fields(self) -> tuple[FieldDefinition, ...]:
        return tuple(field for field in self.fields if field.type is FieldType.RATING)

    def sections_in_order(self) -> list[tuple[Section | None, list[FieldDefinition]]]:
        """The fields grouped by section, in the file's order; fields without one come first, untitled."""
        loose = [field for field in self.fields if field.section is None]
        grouped: list[tuple[Section | None, list[FieldDefinition]]] = [(None, loose)] if loose else []
        return grouped + [
            (section, [field for field in self.fields if field.section == section.code])
            for section in self.sections
        ]


class FrameworkFileError(Exception):
    """A framework file that cannot be used: the message names the file and the field."""


def _where(raw: Any, location: tuple[int | str, ...]) -> str:
    """An error's location in the file's words: ``fields[need].label.en`` rather than ``fields.0.label``."""
    parts: list[str] = []
    node = raw
    for step in location:
        if isinstance(step, int) and isinstance(node, list) and step < len(node):
            node = node[step]
            code = node.get("code") if isinstance(node, dict) else None
            parts[-1] += f"[{code if code else step}]"
            continue
        parts.append(str(step))
        node = node.get(step) if isinstance(node, dict) else None
    return ".".join(parts) or "(file)"


def load_file(path: Path) -> Framework:
    """The framework a file defines, or ``FrameworkFileError`` naming the file and every bad field."""
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as unreadable:
        raise FrameworkFileError(f"{path.name}: {unreadable}") from None
    try:
        framework = Framework.model_validate(raw)
    except ValidationError as invalid:
        problems = "; ".join(
            f"{_where(raw, tuple(error['loc']))}: {error['msg']}" for error in invalid.errors()
        )
        raise FrameworkFileError(f"{path.name}: {problems}") from None
    if framework.code != path.stem:
        raise FrameworkFileError(f"{path.name}: code: {framework.code!r} differs from the file's name")
    return framework


def load_directory(directory: Path) -> dict[str, Framework]:
    """Every framework of ``directory``, by code, in the files' alphabetical order."""
    return {path.stem: load_file(path) for path in sorted(directory.glob("*.toml"))}


@cache
def frameworks() -> dict[str, Framework]:
    """The lab's frameworks, read once: the app calls this when it starts, so a bad file stops it there."""
    return load_directory(DIRECTORY)


FRAME = "frame"


def frame() -> Framework:
    return frameworks()[FRAME]


def evaluation_frameworks() -> dict[str, Framework]:
    return {code: fw for code, fw in frameworks().items() if fw.kind is FrameworkKind.EVALUATION}
