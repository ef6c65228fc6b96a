"""Rules shared by every piece of text people type into the lab."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

from livinglab.core.errors import DomainError

_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]<>()#+\-.!|~])")


def require_text(value: str, *, max_length: int, subject: str) -> str:
    """The stripped text, or a ``<subject>.error.empty`` / ``<subject>.error.too_long`` domain error."""
    text = value.strip()
    if not text:
        raise DomainError(f"{subject}.error.empty")
    if len(text) > max_length:
        raise DomainError(f"{subject}.error.too_long", max_length=max_length, length=len(text))
    return text


def slugify(value: str, *, max_length: int = 80) -> str:
    """An ASCII slug for URLs: « Café-rencontre à Sherbrooke » becomes ``cafe-rencontre-a-sherbrooke``."""
    ascii_text = unicodedata.normalize("NFKD", value).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")[:max_length].rstrip("-")


def first_free_slug(base: str, taken: Iterable[str]) -> str:
    """``base``, or ``base-2``, ``base-3``… the first one not ``taken``."""
    used = set(taken)
    slug, suffix = base, 1
    while slug in used:
        suffix += 1
        slug = f"{base}-{suffix}"
    return slug


def markdown_escaped(text: str) -> str:
    """People's text as literal Markdown, on one line: every markup character is escaped, so a note that
    says ``**urgent**`` or ``[lien](…)`` reads as typed in a Markdown document."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", " ".join(text.split()))


# A spreadsheet runs a cell that starts with one of these as a formula (CSV injection).
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_cell(text: str) -> str:
    """People's text as a CSV cell a spreadsheet shows as text: one that would run as a formula is quoted
    with an apostrophe."""
    return "'" + text if text.startswith(_FORMULA_START) else text


def from_spreadsheet_cell(cell: str) -> str:
    """The text of a cell written by ``spreadsheet_cell``: the apostrophe that quoted a formula dropped."""
    return cell[1:] if cell.startswith("'") and cell[1:].startswith(_FORMULA_START) else cell


def shortened(text: str, *, max_length: int) -> str:
    """The text on one line, cut at a word boundary with « … » when longer than ``max_length``."""
    line = " ".join(text.split())
    if len(line) <= max_length:
        return line
    cut = line[: max_length - 1].rsplit(" ", 1)[0] or line[: max_length - 1]
    return cut.rstrip(" ,;:.") + "…"
