"""Errors raised when a rule of the lab refuses an action.

A domain error carries a message key and its parameters, not a sentence: the UI and the CLI translate it
into the person's language from the message catalogs.
"""

from __future__ import annotations

from dataclasses import dataclass, field


class DomainError(Exception):
    def __init__(self, key: str, **params: object) -> None:
        super().__init__(key, params)
        self.key = key
        self.params = params

    @property
    def text_params(self) -> dict[str, str]:
        """The parameters as text: what a state keeps to translate the message again when the reader switches
        language."""
        return {name: str(value) for name, value in self.params.items()}


class RecordedRefusal(DomainError):  # noqa: N818  (a refusal, not a failure)
    """A refusal whose trace must outlive it: what the service wrote before refusing (a failed sign-in counted
    against guessing, its audit entry) is committed by the unit of work, and the refusal is raised after."""


@dataclass(frozen=True)
class FieldError:
    """A refusal of one part of a form, shown beside it."""

    part: str
    key: str
    params: dict[str, str] = field(default_factory=dict)


class FieldsRejected(DomainError):  # noqa: N818  (a refusal, not a failure)
    """Every refused part of a form at once, so the person mends them all in one go; nothing was saved."""

    def __init__(self, errors: list[FieldError], key: str = "form.error.invalid") -> None:
        super().__init__(key, count=len(errors))
        self.errors = errors
