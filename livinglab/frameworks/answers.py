"""Answers to a framework: read from a generated form, checked field by field, written out as text.

An answer is stored per field code, in a shape that follows the field's type:

- choice: ``{"value": "implementation", "notes": "…"}``
- choices: ``{"value": ["setting", "format"], "notes": "…"}``
- rating: ``{"rating": 4, "notes": "…", "evidence": "…"}``
- summary: ``{"summary": "…"}``

A generated form names its controls after the same codes (``need.rating``, ``type.value:format``), so the
form's submitted values are a flat ``{control name: text}``: what the page keeps, as typed, when the server
refuses it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from livinglab.core.errors import FieldError, FieldsRejected
from livinglab.core.i18n import normalize_language
from livinglab.frameworks.definitions import FieldDefinition, FieldType, Framework

RATINGS = (1, 2, 3, 4, 5)
TEXT_MAX_LENGTH = 4000
# The text parts of each type of field, beside its choice or rating.
TEXT_PARTS: dict[FieldType, tuple[str, ...]] = {
    FieldType.CHOICE: ("notes",),
    FieldType.CHOICES: ("notes",),
    FieldType.RATING: ("notes", "evidence"),
    FieldType.SUMMARY: ("summary",),
}

Answers = dict[str, dict[str, Any]]


class AnswersRejected(FieldsRejected):
    """Every refused field at once, each shown under its field."""

    def __init__(self, errors: list[FieldError]) -> None:
        super().__init__(errors, "framework.error.invalid")


def control_name(field: FieldDefinition, part: str) -> str:
    """The name of a form control: ``need.rating``, ``need.notes``, ``when.value``."""
    return f"{field.code}.{part}"


def option_control_name(field: FieldDefinition, option: str) -> str:
    """A checkbox of a field with several options: a form sends one value per name."""
    return f"{field.code}.value:{option}"


def answers_from_form(framework: Framework, form_data: Mapping[str, str]) -> Answers:
    """The answers a submitted generated form holds, as typed (a rating still text)."""
    answers: Answers = {}
    for field in framework.fields:
        answer: dict[str, Any] = {
            part: form_data.get(control_name(field, part), "") for part in TEXT_PARTS[field.type]
        }
        if field.type is FieldType.CHOICE:
            answer["value"] = form_data.get(control_name(field, "value"), "")
        elif field.type is FieldType.CHOICES:
            answer["value"] = [
                option.code
                for option in field.options
                if option_control_name(field, option.code) in form_data
            ]
        elif field.type is FieldType.RATING:
            answer["rating"] = form_data.get(control_name(field, "rating"), "")
        answers[field.code] = answer
    return answers


def form_values(framework: Framework, answers: Mapping[str, Mapping[str, Any]]) -> dict[str, str]:
    """What a generated form shows for stored answers: the inverse of ``answers_from_form``."""
    values: dict[str, str] = {}
    for field in framework.fields:
        answer = answers.get(field.code) or {}
        for part in TEXT_PARTS[field.type]:
            values[control_name(field, part)] = str(answer.get(part) or "")
        if field.type is FieldType.CHOICE:
            values[control_name(field, "value")] = str(answer.get("value") or "")
        elif field.type is FieldType.CHOICES:
            values.update({option_control_name(field, code): "on" for code in answer.get("value") or ()})
        elif field.type is FieldType.RATING:
            rating = answer.get("rating")
            values[control_name(field, "rating")] = "" if rating is None else str(rating)
    return values


def _rating(raw: object) -> int | None:
    """The rating as a number from 1 to 5, None when not given; ValueError for anything else."""
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return None
    if isinstance(raw, bool):
        raise ValueError(raw)
    value = int(raw) if isinstance(raw, int) else int(str(raw).strip())
    if value not in RATINGS:
        raise ValueError(raw)
    return value


def checked(framework: Framework, answers: Mapping[str, Mapping[str, Any]], *, complete: bool) -> Answers:
    """The answers cleaned (text trimmed, ratings as numbers), or ``AnswersRejected`` with one error per
    refused field. ``complete`` also requires every required field: a draft may be saved half done, not
    submitted."""
    unknown = sorted(set(answers) - {field.code for field in framework.fields})
    errors = [FieldError(code, "framework.error.unknown_field") for code in unknown]
    cleaned: Answers = {}
    for field in framework.fields:
        answer = answers.get(field.code) or {}
        error, value = _checked_field(field, answer, complete=complete)
        if error is not None:
            errors.append(error)
        cleaned[field.code] = value
    if errors:
        raise AnswersRejected(errors)
    return cleaned


def _checked_field(
    field: FieldDefinition, answer: Mapping[str, Any], *, complete: bool
) -> tuple[FieldError | None, dict[str, Any]]:
    value: dict[str, Any] = {part: str(answer.get(part) or "").strip() for part in TEXT_PARTS[field.type]}
    error: FieldError | None = None
    too_long = [part for part in TEXT_PARTS[field.type] if len(value[part]) > TEXT_MAX_LENGTH]
    if too_long:
        error = FieldError(field.code, "framework.error.too_long", {"limit": str(TEXT_MAX_LENGTH)})
    if field.type is FieldType.CHOICE:
        value["value"] = str(answer.get("value") or "").strip()
        if value["value"] and value["value"] not in field.option_codes():
            error = FieldError(field.code, "framework.error.unknown_option", {"code": value["value"]})
        filled = bool(value["value"])
    elif field.type is FieldType.CHOICES:
        chosen = answer.get("value") or []
        codes = [str(code) for code in (chosen if isinstance(chosen, list | tuple) else [chosen])]
        unknown = [code for code in codes if code not in field.option_codes()]
        if unknown:
            error = FieldError(field.code, "framework.error.unknown_option", {"code": unknown[0]})
        # In the definition's order, whatever order they came in.
        value["value"] = [option.code for option in field.options if option.code in codes]
        filled = bool(value["value"])
    elif field.type is FieldType.RATING:
        try:
            value["rating"] = _rating(answer.get("rating"))
        except ValueError:
            value["rating"] = None
            error = FieldError(field.code, "framework.error.rating", {"low": "1", "high": "5"})
        filled = value["rating"] is not None or error is not None
    else:
        filled = bool(value["summary"])
    if error is None and complete and field.required and not filled:
        error = FieldError(field.code, "framework.error.required")
    return error, value


def option_labels(field: FieldDefinition, codes: list[str] | str, lang: str) -> list[str]:
    chosen = [codes] if isinstance(codes, str) else codes
    lang = normalize_language(lang)
    return [option.label[lang] for option in field.options if option.code in chosen]


def written_out(field: FieldDefinition, answer: Mapping[str, Any] | None, lang: str) -> str:
    """One answer as a line of text (an export's cell, a comparison's line): the choice or rating, then the
    notes."""
    if not answer:
        return ""
    head: list[str] = []
    if field.type in (FieldType.CHOICE, FieldType.CHOICES):
        head = option_labels(field, answer.get("value") or [], lang)
    elif field.type is FieldType.RATING and answer.get("rating") is not None:
        head = [f"{answer['rating']}/5"]
    texts = [str(answer.get(part) or "") for part in TEXT_PARTS[field.type]]
    return " — ".join(part for part in (", ".join(head), *texts) if part)


@dataclass(frozen=True)
class AnswerLine:
    """One answer as a page shows it, in the reader's language."""

    code: str
    # The section's title on its first field only: the page starts a new group there.
    section: str
    label: str
    # 0 when the field is not rated or not yet.
    rating: int
    chosen: list[str]
    # Notes, evidence or summary, each a paragraph.
    texts: list[str]


def answer_lines(
    framework: Framework, answers: Mapping[str, Mapping[str, Any]], lang: str
) -> list[AnswerLine]:
    lang = normalize_language(lang)
    lines = []
    for section, fields in framework.sections_in_order():
        for index, field in enumerate(fields):
            answer = answers.get(field.code) or {}
            lines.append(
                AnswerLine(
                    code=field.code,
                    section=section.label[lang] if section is not None and index == 0 else "",
                    label=field.label[lang],
                    rating=int(answer.get("rating") or 0) if field.type is FieldType.RATING else 0,
                    chosen=option_labels(field, answer.get("value") or [], lang)
                    if field.type in (FieldType.CHOICE, FieldType.CHOICES)
                    else [],
                    texts=[str(answer[part]) for part in TEXT_PARTS[field.type] if answer.get(part)],
                )
            )
    return lines


def radar_points(
    framework: Framework, series: Mapping[str, Mapping[str, Mapping[str, Any]]], lang: str
) -> list[dict[str, str | int]]:
    """The rated fields as a radar chart's points: one per field, one value per series (an evaluation), 0
    where not rated."""
    lang = normalize_language(lang)
    return [
        {
            "label": field.label[lang],
            **{
                name: int((answers.get(field.code) or {}).get("rating") or 0)
                for name, answers in series.items()
            },
        }
        for field in framework.rated_fields
    ]
