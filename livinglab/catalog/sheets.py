"""A practice sheet as people write it: its content, checked part by part; every save a new version; a save
made over someone else's newer version refused with both versions in hand (optimistic locking); the history
of who changed what, as a readable diff.

Each version holds the whole sheet (its ``details`` carry the classification, language, co-carrying
organizations and met evidence criteria), so any two versions can be compared. The practice row keeps the
current classification in columns and tables too, for search and facets.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from collections.abc import Mapping
from dataclasses import asdict, dataclass, fields
from typing import Any

from sqlalchemy import delete, insert, select
from sqlalchemy.orm import Session

from livinglab.catalog import evidence, search
from livinglab.catalog import service as catalog
from livinglab.catalog.models import Practice, PracticeStatus, PracticeVersion, practice_carrier
from livinglab.core import audit
from livinglab.core.database import as_utc
from livinglab.core.errors import DomainError, FieldError, FieldsRejected
from livinglab.core.i18n import LANGUAGES, translate
from livinglab.core.taxonomy import TaxonomyScheme, TaxonomyTerm
from livinglab.identity import service as identity
from livinglab.identity.models import Person

TITLE_MAX_LENGTH = 200
SUMMARY_MAX_LENGTH = 500
# « A sane size » for one description: a long sheet is a few thousand words; 100 KB is far beyond that.
DESCRIPTION_MAX_BYTES = 100_000
LINE_MAX_LENGTH = 1000
LIST_MAX_ITEMS = 40
_EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")

# The parts of a sheet in the order the editor, the sheet page and the diff show them.
LIST_PARTS = ("objectives", "activities", "partners", "results")
TERM_PARTS: dict[str, TaxonomyScheme] = {
    "regions": TaxonomyScheme.REGION,
    "areas": TaxonomyScheme.INTEGRATION_AREA,
    "migratory_statuses": TaxonomyScheme.MIGRATORY_STATUS,
    "residence_lengths": TaxonomyScheme.RESIDENCE_LENGTH,
}


@dataclass(frozen=True)
class SheetContent:
    """Everything a person writes on a sheet. Lists are one item per line in the editor."""

    title: str = ""
    summary: str = ""
    description_md: str = ""
    objectives: tuple[str, ...] = ()
    activities: tuple[str, ...] = ()
    staff: str = ""
    budget: str = ""
    duration: str = ""
    regions: tuple[str, ...] = ()
    areas: tuple[str, ...] = ()
    migratory_statuses: tuple[str, ...] = ()
    residence_lengths: tuple[str, ...] = ()
    # Organizations carrying the practice with its lead organization.
    carrier_ids: tuple[int, ...] = ()
    partners: tuple[str, ...] = ()
    contact_name: str = ""
    contact_email: str = ""
    results: tuple[str, ...] = ()
    evidence_criteria: tuple[str, ...] = ()
    language: str = "fr"

    @property
    def term_codes(self) -> dict[TaxonomyScheme, tuple[str, ...]]:
        return {scheme: getattr(self, part) for part, scheme in TERM_PARTS.items()}

    def details(self) -> dict[str, Any]:
        """The version's ``details``: every part but the title, summary and description (columns)."""
        return {
            **{part: list(getattr(self, part)) for part in LIST_PARTS},
            "resources": {"staff": self.staff, "budget": self.budget, "duration": self.duration},
            "contact": {"name": self.contact_name, "email": self.contact_email},
            "terms": {scheme.value: list(codes) for scheme, codes in self.term_codes.items()},
            "carriers": list(self.carrier_ids),
            "evidence_criteria": list(self.evidence_criteria),
            "language": self.language,
        }

    @classmethod
    def of_version(cls, version: PracticeVersion) -> SheetContent:
        details = version.details
        resources = details.get("resources") or {}
        contact = details.get("contact") or {}
        terms = details.get("terms") or {}
        return cls(
            title=version.title,
            summary=version.summary,
            description_md=version.description_md,
            **{part: tuple(details.get(part) or ()) for part in LIST_PARTS},
            staff=resources.get("staff", ""),
            budget=resources.get("budget", ""),
            duration=resources.get("duration", ""),
            **{part: tuple(terms.get(scheme.value) or ()) for part, scheme in TERM_PARTS.items()},
            carrier_ids=tuple(details.get("carriers") or ()),
            contact_name=contact.get("name", ""),
            contact_email=contact.get("email", ""),
            evidence_criteria=tuple(details.get("evidence_criteria") or ()),
            language=details.get("language", "fr"),
        )


# Every part, in the order the history and the conflict screen list them.
PARTS = tuple(part.name for part in fields(SheetContent))
# The parts typed on one line, trimmed before they are checked.
_TEXT_PARTS = ("title", "summary", "staff", "budget", "duration", "contact_name", "contact_email", "language")


class SheetRejected(FieldsRejected):
    def __init__(self, errors: list[FieldError]) -> None:
        super().__init__(errors, "sheet.error.invalid")


class EditConflict(DomainError):  # noqa: N818
    """Someone saved a newer version since the editor opened: theirs is returned, nothing is overwritten."""

    def __init__(self, *, number: int, theirs: SheetContent, author_name: str, saved_at: dt.datetime) -> None:
        super().__init__("sheet.error.conflict", author=author_name, number=number)
        self.number = number
        self.theirs = theirs
        self.author_name = author_name
        self.saved_at = saved_at


def checked(db: Session, content: SheetContent) -> SheetContent:
    """The content with text trimmed and empty lines dropped, or every refused part at once."""
    errors: list[FieldError] = []
    lists = {
        part: tuple(line.strip() for line in getattr(content, part) if line.strip()) for part in LIST_PARTS
    }
    cleaned = SheetContent(
        **{
            **asdict(content),
            **lists,
            **{name: getattr(content, name).strip() for name in _TEXT_PARTS},
        }
    )
    _require(errors, "title", cleaned.title, TITLE_MAX_LENGTH)
    _require(errors, "summary", cleaned.summary, SUMMARY_MAX_LENGTH)
    size = len(cleaned.description_md.encode())
    if size > DESCRIPTION_MAX_BYTES:
        errors.append(
            FieldError(
                "description_md",
                "sheet.error.description_too_long",
                {"size": str(size // 1000), "limit": str(DESCRIPTION_MAX_BYTES // 1000)},
            )
        )
    for part in LIST_PARTS:
        items = lists[part]
        if len(items) > LIST_MAX_ITEMS:
            errors.append(FieldError(part, "sheet.error.too_many_lines", {"limit": str(LIST_MAX_ITEMS)}))
        if any(len(item) > LINE_MAX_LENGTH for item in items):
            errors.append(FieldError(part, "sheet.error.line_too_long", {"limit": str(LINE_MAX_LENGTH)}))
    for name in ("staff", "budget", "duration", "contact_name"):
        if len(getattr(cleaned, name)) > LINE_MAX_LENGTH:
            errors.append(FieldError(name, "sheet.error.line_too_long", {"limit": str(LINE_MAX_LENGTH)}))
    if cleaned.contact_email and not _EMAIL.fullmatch(cleaned.contact_email):
        errors.append(FieldError("contact_email", "sheet.error.email"))
    if cleaned.language not in LANGUAGES:
        errors.append(FieldError("language", "sheet.error.language"))
    unknown_criteria = set(cleaned.evidence_criteria) - evidence.CRITERION_CODES
    if unknown_criteria:
        errors.append(FieldError("evidence_criteria", "sheet.error.unknown", {"code": min(unknown_criteria)}))
    errors.extend(unknown_terms(db, cleaned.term_codes))
    known_carriers = identity.organization_refs(db=db, ids=set(cleaned.carrier_ids))
    unknown_carriers = set(cleaned.carrier_ids) - set(known_carriers)
    if unknown_carriers:
        errors.append(FieldError("carrier_ids", "sheet.error.unknown", {"code": str(min(unknown_carriers))}))
    if errors:
        raise SheetRejected(errors)
    return cleaned


def _require(errors: list[FieldError], part: str, value: str, max_length: int) -> None:
    if not value:
        errors.append(FieldError(part, "sheet.error.required"))
    elif len(value) > max_length:
        errors.append(
            FieldError(part, "sheet.error.too_long", {"limit": str(max_length), "length": str(len(value))})
        )


def unknown_terms(db: Session, term_codes: Mapping[TaxonomyScheme, tuple[str, ...]]) -> list[FieldError]:
    """One error per part naming a code that is not in its taxonomy (a typed URL, an imported file)."""
    known = set(db.execute(select(TaxonomyTerm.scheme, TaxonomyTerm.code)).all())
    parts = {scheme: part for part, scheme in TERM_PARTS.items()}
    return [
        FieldError(parts[scheme], "sheet.error.unknown", {"code": code})
        for scheme, codes in term_codes.items()
        for code in codes
        if (scheme, code) not in known
    ]


def create_sheet(
    *,
    db: Session,
    organization_id: int,
    content: SheetContent,
    author_id: int | None,
    status: PracticeStatus = PracticeStatus.DRAFT,
) -> Practice:
    """A new sheet from checked content (``SheetRejected`` otherwise), as a draft unless told."""
    cleaned = checked(db, content)
    practice = catalog.create_practice(
        db=db,
        organization_id=organization_id,
        title=cleaned.title,
        summary=cleaned.summary,
        description_md=cleaned.description_md,
        details=cleaned.details(),
        evidence_level=evidence.level_for(cleaned.evidence_criteria),
        status=status,
        term_codes=cleaned.term_codes,
        author_id=author_id,
        content_language=cleaned.language,
    )
    _set_carriers(db, practice, cleaned.carrier_ids)
    return practice


def save(
    *, db: Session, practice_id: int, content: SheetContent, base_number: int, author_id: int | None
) -> int:
    """Saves ``content`` as the next version of the sheet the editor opened at version ``base_number``; the
    number of the current version afterwards (unchanged when nothing changed: no empty versions).

    If someone saved a version since, ``EditConflict`` carries theirs: the writer decides, nothing is lost.
    The row is locked while the version is written, so two saves of the same base cannot both pass.
    """
    practice = db.scalars(select(Practice).where(Practice.id == practice_id).with_for_update()).one_or_none()
    if practice is None or practice.current_version is None:
        raise DomainError("sheet.error.not_found")
    current = practice.current_version
    if current.number != base_number:
        raise EditConflict(
            number=current.number,
            theirs=SheetContent.of_version(current),
            author_name=_person_name(db, current.author_person_id),
            saved_at=as_utc(current.created_at),
        )
    cleaned = checked(db, content)
    if cleaned == SheetContent.of_version(current):
        return current.number
    version = PracticeVersion(
        number=current.number + 1,
        title=cleaned.title,
        summary=cleaned.summary,
        description_md=cleaned.description_md,
        details=cleaned.details(),
        author_person_id=author_id,
    )
    practice.versions.append(version)
    practice.current_version = version
    practice.evidence_level = evidence.level_for(cleaned.evidence_criteria)
    practice.content_language = cleaned.language
    practice.terms = catalog.resolved_terms(db=db, term_codes=cleaned.term_codes)
    _set_carriers(db, practice, cleaned.carrier_ids)
    db.flush()
    search.index_practice(db=db, practice_id=practice.id)
    audit.record(
        db=db,
        action="edit_practice",
        object_type="practice",
        object_id=practice.id,
        actor_person_id=author_id,
        detail={"version": version.number},
    )
    return version.number


def _set_carriers(db: Session, practice: Practice, carrier_ids: tuple[int, ...]) -> None:
    db.execute(delete(practice_carrier).where(practice_carrier.c.practice_id == practice.id))
    others = [org for org in dict.fromkeys(carrier_ids) if org != practice.organization_id]
    if others:
        db.execute(
            insert(practice_carrier), [{"practice_id": practice.id, "organization_id": org} for org in others]
        )


def carrier_ids(*, db: Session, practice_id: int) -> set[int]:
    """Every organization carrying the practice, its lead included: whose practitioners edit the sheet."""
    lead = db.scalar(select(Practice.organization_id).where(Practice.id == practice_id))
    others = db.scalars(
        select(practice_carrier.c.organization_id).where(practice_carrier.c.practice_id == practice_id)
    )
    return ({lead} if lead is not None else set()) | set(others)


def _person_name(db: Session, person_id: int | None) -> str:
    name = db.scalar(select(Person.display_name).where(Person.id == person_id)) if person_id else None
    return name or ""


# The history: what each version changed, part by part.


@dataclass(frozen=True)
class Segment:
    # "same", "added" or "removed".
    kind: str
    text: str


@dataclass(frozen=True)
class PartChange:
    part: str
    segments: list[Segment]


@dataclass(frozen=True)
class VersionEntry:
    number: int
    author_name: str
    saved_at: dt.datetime
    changes: list[PartChange]


def history(*, db: Session, practice_id: int, lang: str) -> list[VersionEntry]:
    """Every version, newest first, each with what it changed from the one before (the first: nothing)."""
    versions = list(
        db.scalars(
            select(PracticeVersion)
            .where(PracticeVersion.practice_id == practice_id)
            .order_by(PracticeVersion.number)
        )
    )
    names = _Names(db, lang, [SheetContent.of_version(v) for v in versions])
    entries = []
    previous: SheetContent | None = None
    for version in versions:
        content = SheetContent.of_version(version)
        entries.append(
            VersionEntry(
                number=version.number,
                author_name=_person_name(db, version.author_person_id),
                saved_at=as_utc(version.created_at),
                changes=[] if previous is None else differences(previous, content, names),
            )
        )
        previous = content
    return entries[::-1]


def compare(*, db: Session, before: SheetContent, after: SheetContent, lang: str) -> list[PartChange]:
    """What ``after`` changes from ``before``, part by part (the conflict screen: theirs, then mine)."""
    return differences(before, after, _Names(db, lang, [before, after]))


class _Names:
    """Readable names for the codes a sheet holds (terms, criteria, organizations, language) in ``lang``."""

    def __init__(self, db: Session, lang: str, contents: list[SheetContent]) -> None:
        label = TaxonomyTerm.label_en if lang == "en" else TaxonomyTerm.label_fr
        self.terms = {
            (scheme, code): name
            for scheme, code, name in db.execute(select(TaxonomyTerm.scheme, TaxonomyTerm.code, label)).all()
        }
        ids = {org for content in contents for org in content.carrier_ids}
        self.organizations = {ref.id: ref.name for ref in identity.organization_refs(db=db, ids=ids).values()}
        self.lang = lang

    def lines(self, content: SheetContent, part: str) -> list[str]:
        value = getattr(content, part)
        if part in TERM_PARTS:
            return [self.terms.get((TERM_PARTS[part], code), code) for code in value]
        if part == "carrier_ids":
            return [self.organizations.get(org, str(org)) for org in value]
        if part == "evidence_criteria":
            return [translate(f"evidence.criterion.{code}", self.lang) for code in value]
        if part == "language":
            return [translate(f"language.{value}", self.lang)]
        if isinstance(value, tuple):
            return list(value)
        return str(value).splitlines()


# Short parts read better compared word by word; the others line by line.
_WORD_PARTS = frozenset({"title", "summary", "staff", "budget", "duration", "contact_name", "contact_email"})


def differences(before: SheetContent, after: SheetContent, names: _Names) -> list[PartChange]:
    changes = []
    for part in PARTS:
        old, new = names.lines(before, part), names.lines(after, part)
        if old == new:
            continue
        if part in _WORD_PARTS:
            old, new = " ".join(old).split(" "), " ".join(new).split(" ")
        changes.append(PartChange(part, _segments(old, new, joiner=" " if part in _WORD_PARTS else "\n")))
    return changes


def _segments(old: list[str], new: list[str], *, joiner: str) -> list[Segment]:
    segments = []
    for tag, old_start, old_end, new_start, new_end in difflib.SequenceMatcher(
        a=old, b=new, autojunk=False
    ).get_opcodes():
        if tag == "equal":
            segments.append(Segment("same", joiner.join(old[old_start:old_end])))
            continue
        if old_end > old_start:
            segments.append(Segment("removed", joiner.join(old[old_start:old_end])))
        if new_end > new_start:
            segments.append(Segment("added", joiner.join(new[new_start:new_end])))
    # Words read apart only with the space between segments kept (« avoir. Un », not « avoir.Un »).
    if joiner == " ":
        return [Segment(piece.kind, piece.text + " ") for piece in segments[:-1]] + segments[-1:]
    return segments
