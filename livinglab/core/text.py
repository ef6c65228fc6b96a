"""Rules shared by every piece of text people type into the lab."""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from collections.abc import Iterable, Sequence

from livinglab.core.errors import DomainError

# Markup wherever it stands, in CommonMark and in the tables and strikethrough of the readers people use
# (GitHub, Obsidian…); « & » starts an entity (« &amp; » would read « & »). The rest ( - . ! ( ) ) is markup
# only beside one of these or at the start of a line: escaping it everywhere wrote « avez\-vous ».
_MARKUP_ANYWHERE = re.compile(r"([\\`*_\[\]<>|~&])")
# What opens a heading, a list item or a heading's underline at the start of a line; and a numbered item,
# whose « . » or « ) » is escaped so that « 12\. » still reads « 12. ».
_MARKUP_AT_START = re.compile(r"^([#+=-])")
_NUMBERED_AT_START = re.compile(r"^(\d{1,9})([.)])")


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
    """People's text as literal Markdown, on one line: what Markdown would read as markup is escaped, so a
    note that says ``**urgent**``, ``[lien](…)`` or ``- 3 familles`` reads as typed, and nothing else is."""
    line = _MARKUP_ANYWHERE.sub(r"\\\1", " ".join(text.split()))
    line = _MARKUP_AT_START.sub(r"\\\1", line)
    return _NUMBERED_AT_START.sub(r"\1\\\2", line)


# A spreadsheet runs a cell that starts with one of these as a formula (CSV injection).
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_cell(text: str) -> str:
    """People's text as a CSV cell a spreadsheet shows as text: one that would run as a formula is quoted
    with an apostrophe."""
    return "'" + text if text.startswith(_FORMULA_START) else text


# The one CSV dialect the lab writes: the one French Excel opens as it is (fields separated by semicolons,
# since the comma is the decimal mark), with a byte order mark, without which Excel reads UTF-8 as
# Windows-1252 and mangles every accent.
SPREADSHEET_DELIMITER = ";"
_BYTE_ORDER_MARK = "\ufeff"


def spreadsheet_csv(header: Sequence[str], rows: Iterable[Sequence[str | int]]) -> str:
    """A CSV document in the lab's dialect: the header, then the rows, every text cell defused with
    ``spreadsheet_cell`` (numbers are written as they are)."""
    output = io.StringIO()
    writer = csv.writer(output, delimiter=SPREADSHEET_DELIMITER)
    writer.writerow([spreadsheet_cell(cell) for cell in header])
    for row in rows:
        writer.writerow([spreadsheet_cell(cell) if isinstance(cell, str) else cell for cell in row])
    return _BYTE_ORDER_MARK + output.getvalue()


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
