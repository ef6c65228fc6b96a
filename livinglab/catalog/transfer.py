"""The catalogue in and out of a spreadsheet: every sheet exported as CSV or JSON, and sheets imported from a
CSV file, row by row, each bad row reported with its line and its reasons.

The columns, in this order; their names are stable (an export can be re-imported, a template is an export):

=========================  ==========================================================  ===========
Column                     Content                                                     On import
=========================  ==========================================================  ===========
identifiant                the sheet's slug (the end of its address)                   ignored
statut                     draft, in_review, published or archived                     ignored
niveau de preuve           emerging, promising or proven                               ignored
titre                      title                                                       required
résumé                     summary                                                     required
description                description (Markdown)
objectifs                  objectives, one per line
activités                  activities, one per line
partenaires                partners, one per line
résultats                  results, one per line
personnel                  staff
budget                     budget
durée                      duration
régions                    region codes (01 to 17), separated by « ; »
domaines d'intégration     integration area codes, separated by « ; »
statuts migratoires        migratory status codes, separated by « ; »
durées de résidence        length of residence codes, separated by « ; »
organisme responsable      the lead organization's slug                                required
organismes porteurs        slugs of the organizations carrying it with the lead (« ; »)
personne-ressource         contact's name
courriel                   contact's email address
langue                     fr or en                                                    empty: fr
critères de preuve         codes of the evidence criteria met (« ; »)
version                    number of the current version                               ignored
mis à jour le              last change, ISO 8601 in UTC                                ignored
=========================  ==========================================================  ===========

JSON keeps lists as lists. A CSV file's columns are separated by semicolons, as Excel with Québec's French
settings expects; an import reads semicolons or commas, whichever its header line uses, and codes separated by
semicolons, commas or line breaks. Headers are matched whatever their case; the columns an import does not
require may be left out.

A CSV cell a spreadsheet would run as a formula is quoted with an apostrophe, which the import drops again.
Imported sheets are new drafts (their slugs come from their titles), written through ``sheets.create_sheet``
with the same checks as the editor.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session

from livinglab.catalog import sheets
from livinglab.catalog.models import Practice, PracticeStatus, PracticeVersion
from livinglab.catalog.sheets import SheetContent, SheetRejected
from livinglab.core.database import as_utc
from livinglab.core.errors import FieldError
from livinglab.core.text import from_spreadsheet_cell, spreadsheet_csv
from livinglab.identity.models import Organization

# Each column's header, by the part of the sheet it holds, in the file's order (documented above).
COLUMNS: dict[str, str] = {
    "slug": "identifiant",
    "status": "statut",
    "evidence_level": "niveau de preuve",
    "title": "titre",
    "summary": "résumé",
    "description_md": "description",
    "objectives": "objectifs",
    "activities": "activités",
    "partners": "partenaires",
    "results": "résultats",
    "staff": "personnel",
    "budget": "budget",
    "duration": "durée",
    "regions": "régions",
    "areas": "domaines d'intégration",
    "migratory_statuses": "statuts migratoires",
    "residence_lengths": "durées de résidence",
    "organization_id": "organisme responsable",
    "carrier_ids": "organismes porteurs",
    "contact_name": "personne-ressource",
    "contact_email": "courriel",
    "language": "langue",
    "evidence_criteria": "critères de preuve",
    "version": "version",
    "updated_at": "mis à jour le",
}
REQUIRED_PARTS = ("title", "summary", "organization_id")
# Far beyond a real catalogue (a few hundred sheets), short of what one request should hold.
MAX_BYTES = 5_000_000
MAX_ROWS = 2_000
_CODE_SEPARATOR = re.compile(r"[;,\n]")

Row = dict[str, str | int | list[str]]


def export_rows(*, db: Session, published_only: bool) -> list[Row]:
    """One record per sheet (its current version), keyed by column header, by slug: every sheet, or only the
    published ones."""
    query = (
        select(Practice, PracticeVersion)
        .join(PracticeVersion, Practice.current_version_id == PracticeVersion.id)
        .order_by(Practice.slug)
    )
    if published_only:
        query = query.where(Practice.status == PracticeStatus.PUBLISHED)
    slugs = dict(db.execute(select(Organization.id, Organization.slug)).all())
    rows = []
    for practice, version in db.execute(query):
        content = SheetContent.of_version(version)
        record: Row = {
            "slug": practice.slug,
            "status": practice.status.value,
            "evidence_level": practice.evidence_level.value,
            "title": content.title,
            "summary": content.summary,
            "description_md": content.description_md,
            **{part: list(getattr(content, part)) for part in sheets.LIST_PARTS},
            "staff": content.staff,
            "budget": content.budget,
            "duration": content.duration,
            **{part: list(getattr(content, part)) for part in sheets.TERM_PARTS},
            "organization_id": slugs[practice.organization_id],
            # An organization deleted since the version was saved carries nothing any more.
            "carrier_ids": [slugs[org] for org in content.carrier_ids if org in slugs],
            "contact_name": content.contact_name,
            "contact_email": content.contact_email,
            "language": content.language,
            "evidence_criteria": list(content.evidence_criteria),
            "version": version.number,
            "updated_at": as_utc(practice.updated_at).isoformat(),
        }
        rows.append({COLUMNS[part]: value for part, value in record.items()})
    return rows


def to_csv(rows: list[Row]) -> str:
    """The rows as CSV in the lab's spreadsheet dialect, headers first."""
    return spreadsheet_csv(
        list(COLUMNS.values()),
        ([_cell_text(part, row[header]) for part, header in COLUMNS.items()] for row in rows),
    )


def _cell_text(part: str, value: str | int | list[str]) -> str:
    if isinstance(value, list):
        return ("\n" if part in sheets.LIST_PARTS else ";").join(value)
    return str(value)


def to_json(rows: list[Row]) -> str:
    return json.dumps(rows, ensure_ascii=False, indent=2)


@dataclass(frozen=True)
class RowError:
    """Why a row of the file (or the whole file) is refused: ``part`` is the part of the sheet at fault (named
    by its ``sheet.part.<part>`` message and, in the file, by its column), empty when the reason is not about
    one; ``key`` and ``params`` make the message."""

    # The file's line where the row starts (the header is line 1); None for the file as a whole.
    line: int | None
    part: str
    key: str
    params: dict[str, str] = field(default_factory=dict)

    @property
    def column(self) -> str:
        """The header of the column to fix, as the file names it."""
        return COLUMNS.get(self.part, "")


@dataclass(frozen=True)
class CreatedSheet:
    title: str
    slug: str


@dataclass(frozen=True)
class ImportReport:
    """What an import created (or, in a dry run, would create) and every row it refused."""

    created: list[CreatedSheet]
    errors: list[RowError]
    # The rows of sheets in the file, blank lines and the header left out.
    total_rows: int
    dry_run: bool


class _FileRefused(Exception):  # noqa: N818  (a refusal, not a failure)
    def __init__(self, error: RowError, *more: RowError) -> None:
        super().__init__(error.key)
        self.errors = [error, *more]


def import_csv(
    *,
    db: Session,
    data: bytes,
    allowed_organization_ids: set[int] | None,
    author_id: int | None,
    dry_run: bool,
) -> ImportReport:
    """A draft sheet for every good row of the CSV file ``data``; every other row refused with its line and
    all its reasons. The lead organizations must be in ``allowed_organization_ids`` (None: any organization).

    Every good row is written, or none: the sheets are created inside a savepoint, released only when all
    are. A dry run creates them the same way (slugs included) and rolls the savepoint back.
    """
    try:
        (header_line, header), *records = _records(data)
        positions = _positions(header_line, header)
    except _FileRefused as refused:
        return ImportReport(created=[], errors=refused.errors, total_rows=0, dry_run=dry_run)
    organizations = dict(db.execute(select(Organization.slug, Organization.id)).all())
    created, errors = [], []
    with db.begin_nested() as savepoint:
        for line, cells in records:
            sheet = _row_sheet(db, cells, len(header), positions, organizations, allowed_organization_ids)
            if isinstance(sheet, list):
                errors += [RowError(line, problem.part, problem.key, problem.params) for problem in sheet]
                continue
            organization_id, content = sheet
            practice = sheets.create_sheet(
                db=db, organization_id=organization_id, content=content, author_id=author_id
            )
            created.append(CreatedSheet(title=content.title, slug=practice.slug))
        if dry_run:
            savepoint.rollback()
    return ImportReport(created=created, errors=errors, total_rows=len(records), dry_run=dry_run)


def _records(data: bytes) -> list[tuple[int, list[str]]]:
    """The header then each row of sheets, blank lines left out, with the file's line where each starts: a
    quoted cell may span several lines, so lines are counted by the reader."""
    if len(data) > MAX_BYTES:
        raise _FileRefused(
            RowError(None, "", "transfer.error.too_large", {"limit": str(MAX_BYTES // 1_000_000)})
        )
    try:
        # « utf-8-sig » drops the byte order mark Excel writes in front of a « CSV UTF-8 » file.
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise _FileRefused(RowError(None, "", "transfer.error.encoding")) from error
    # NUL bytes decode, but mean UTF-16 (Excel's « Unicode text ») or no text at all: PostgreSQL stores none.
    if "\0" in text:
        raise _FileRefused(RowError(None, "", "transfer.error.encoding"))
    header_line = text.lstrip().partition("\n")[0]
    delimiter = ";" if header_line.count(";") > header_line.count(",") else ","
    # Strict: a quote left open, which swallows the rest of the file into one cell, is refused, not read.
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    records = []
    start = 1
    try:
        for cells in reader:
            if any(cell.strip() for cell in cells):
                records.append((start, cells))
            start = reader.line_num + 1
    except csv.Error as error:
        raise _FileRefused(RowError(start, "", "transfer.error.malformed")) from error
    if len(records) < 2:
        raise _FileRefused(RowError(None, "", "transfer.error.empty"))
    if len(records) - 1 > MAX_ROWS:
        raise _FileRefused(
            RowError(
                None,
                "",
                "transfer.error.too_many_rows",
                {"count": str(len(records) - 1), "limit": str(MAX_ROWS)},
            )
        )
    return records


def _positions(line: int, header: list[str]) -> dict[str, int]:
    """Where each column the file has is, by part. A file missing a required column, or naming one this
    module does not know (a typo would silently drop a whole column), is refused."""
    parts = {name.casefold(): part for part, name in COLUMNS.items()}
    positions, unknown = {}, []
    for index, name in enumerate(cell.strip() for cell in header):
        if name.casefold() in parts:
            positions[parts[name.casefold()]] = index
        elif name:  # spreadsheets add empty columns at the end
            unknown.append(name)
    missing = [COLUMNS[part] for part in REQUIRED_PARTS if part not in positions]
    errors = [
        RowError(line, "", key, {"columns": ", ".join(names)})
        for key, names in (
            ("transfer.error.missing_columns", missing),
            ("transfer.error.unknown_columns", unknown),
        )
        if names
    ]
    if errors:
        raise _FileRefused(*errors)
    return positions


def _row_sheet(
    db: Session,
    cells: list[str],
    width: int,
    positions: Mapping[str, int],
    organizations: Mapping[str, int],
    allowed_organization_ids: set[int] | None,
) -> tuple[int, SheetContent] | list[FieldError]:
    """The lead organization and checked content of a row of a ``width``-column file, or every reason to
    refuse it."""
    problems = []
    if any(cell.strip() for cell in cells[width:]):
        # A comma or semicolon outside quotes shifts every cell after it.
        problems.append(FieldError("", "transfer.error.extra_cells", {"count": str(len(cells) - width)}))
    values = {
        part: from_spreadsheet_cell(cells[index]) if index < len(cells) else ""
        for part, index in positions.items()
    }
    lead = _lead_organization(values.get("organization_id", ""), organizations, allowed_organization_ids)
    if isinstance(lead, FieldError):
        problems.append(lead)
    carrier_ids = []
    for slug in _codes(values.get("carrier_ids", "").lower()):
        if slug in organizations:
            carrier_ids.append(organizations[slug])
        else:
            problems.append(FieldError("carrier_ids", "sheet.error.unknown", {"code": slug}))
    try:
        content = sheets.checked(db, _content(values, tuple(carrier_ids)))
    except SheetRejected as refused:
        problems += refused.errors
    else:
        if isinstance(lead, int) and not problems:
            return lead, content
    return problems


def _lead_organization(
    slug: str, organizations: Mapping[str, int], allowed_organization_ids: set[int] | None
) -> int | FieldError:
    slug = slug.strip().lower()
    if not slug:
        return FieldError("organization_id", "sheet.error.required")
    if slug not in organizations:
        return FieldError("organization_id", "transfer.error.organization", {"code": slug})
    if allowed_organization_ids is not None and organizations[slug] not in allowed_organization_ids:
        return FieldError("organization_id", "transfer.error.organization_not_allowed", {"code": slug})
    return organizations[slug]


def _codes(cell: str) -> tuple[str, ...]:
    return tuple(code.strip() for code in _CODE_SEPARATOR.split(cell) if code.strip())


def _content(values: Mapping[str, str], carrier_ids: tuple[int, ...]) -> SheetContent:
    """The sheet a row describes, unchecked; a column the file leaves out is empty."""

    def value(part: str) -> str:
        return values.get(part, "")

    return SheetContent(
        title=value("title"),
        summary=value("summary"),
        description_md=value("description_md"),
        **{part: tuple(value(part).splitlines()) for part in sheets.LIST_PARTS},
        staff=value("staff"),
        budget=value("budget"),
        duration=value("duration"),
        **{part: _codes(value(part)) for part in sheets.TERM_PARTS},
        carrier_ids=carrier_ids,
        contact_name=value("contact_name"),
        contact_email=value("contact_email"),
        evidence_criteria=_codes(value("evidence_criteria")),
        language=value("language").strip() or SheetContent.language,
    )
