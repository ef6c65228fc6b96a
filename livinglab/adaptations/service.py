"""Regional adaptations of practices, recorded with FRAME (livinglab/frameworks/frame.toml), and how one
practice was adapted from region to region.

A record says how a practice was adapted by an organization in a region: a summary, every FRAME element, and
the cycles and workshop ideas behind it. Everything is checked at once: a refused record names every refused
field and nothing is written.

Every staff member reads every record, but a workshop idea it names is a note: it is linked and shown only to
those who may read it outside the board (livinglab/workshops/visibility.py).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import delete, insert, select
from sqlalchemy.orm import Session

from livinglab.adaptations.models import Adaptation, adaptation_cycle, adaptation_idea
from livinglab.catalog import service as catalog
from livinglab.catalog.models import Practice
from livinglab.core import audit
from livinglab.core.database import as_utc
from livinglab.core.errors import DomainError, FieldError
from livinglab.core.taxonomy import TaxonomyScheme, TaxonomyTerm
from livinglab.cycles.models import Cycle
from livinglab.frameworks import answers as framework_answers
from livinglab.frameworks.answers import AnswersRejected
from livinglab.frameworks.definitions import FieldType, frame
from livinglab.identity import service as identity
from livinglab.identity.sessions import Identity
from livinglab.workshops import service as workshops
from livinglab.workshops import visibility
from livinglab.workshops.service import IdeaRef

SUMMARY_MAX_LENGTH = 1000


@dataclass(frozen=True)
class AdaptationSummary:
    id: int
    practice_title: str
    organization_name: str
    region_code: str
    summary: str


@dataclass(frozen=True)
class AdaptationInput:
    """What a person writes on an adaptation record."""

    practice_id: int
    organization_id: int
    region_code: str
    summary: str
    # FRAME answers by element code (livinglab/frameworks/answers.py), as typed or as stored.
    frame: Mapping[str, Mapping[str, Any]]
    cycle_ids: Sequence[int] = ()
    note_ids: Sequence[int] = ()


@dataclass(frozen=True)
class CycleRef:
    id: int
    number: int
    title: str


@dataclass(frozen=True)
class AdaptationDetail:
    id: int
    practice_id: int
    practice_slug: str
    practice_title: str
    organization_id: int
    organization_name: str
    region_code: str
    summary: str
    frame: dict[str, Any]
    created_at: str
    cycles: list[CycleRef] = field(default_factory=list)
    ideas: list[IdeaRef] = field(default_factory=list)


def save_adaptation(
    *, db: Session, adaptation_id: int | None, record: AdaptationInput, by: Identity | None
) -> Adaptation:
    """A new record (``adaptation_id`` None) or the record changed; ``AnswersRejected`` with every refused
    field otherwise, nothing written."""
    errors: list[FieldError] = []
    summary = record.summary.strip()
    if not summary:
        errors.append(FieldError("summary", "framework.error.required"))
    elif len(summary) > SUMMARY_MAX_LENGTH:
        errors.append(FieldError("summary", "framework.error.too_long", {"limit": str(SUMMARY_MAX_LENGTH)}))
    region = db.scalar(
        select(TaxonomyTerm).where(
            TaxonomyTerm.scheme == TaxonomyScheme.REGION, TaxonomyTerm.code == record.region_code
        )
    )
    if region is None:
        errors.append(FieldError("region", "framework.error.required"))
    if db.get(Practice, record.practice_id) is None:
        errors.append(FieldError("practice", "framework.error.required"))
    if record.organization_id not in identity.organization_refs(db=db, ids={record.organization_id}):
        errors.append(FieldError("organization", "framework.error.required"))
    known_cycles = set(db.scalars(select(Cycle.id).where(Cycle.practice_id == record.practice_id)))
    if set(record.cycle_ids) - known_cycles:
        errors.append(FieldError("cycles", "framework.error.unknown_link"))
    # One answer for a note that does not exist and one the person may not read: a refusal reveals nothing.
    readable_ideas = {idea.note_id for idea in workshops.ideas(db=db, reader=by, note_ids=record.note_ids)}
    if set(record.note_ids) - readable_ideas:
        errors.append(FieldError("ideas", visibility.LINK_REFUSED))
    try:
        answers = framework_answers.checked(frame(), record.frame, complete=True)
    except AnswersRejected as rejected:
        errors.extend(rejected.errors)
    if errors:
        raise AnswersRejected(errors)
    assert region is not None  # noqa: S101  (an unknown region was refused above)
    adaptation = (
        db.get(Adaptation, adaptation_id)
        if adaptation_id is not None
        else Adaptation(created_by_id=by.person_id if by else None)
    )
    if adaptation is None:
        raise DomainError("adaptation.error.not_found")
    adaptation.practice_id = record.practice_id
    adaptation.organization_id = record.organization_id
    adaptation.region_id = region.id
    adaptation.summary = summary
    adaptation.frame = answers
    db.add(adaptation)
    db.flush()
    _set_links(db, adaptation.id, record.cycle_ids, record.note_ids, by)
    audit.record(
        db=db,
        action="record_adaptation" if adaptation_id is None else "edit_adaptation",
        object_type="adaptation",
        object_id=adaptation.id,
        actor_person_id=by.person_id if by else None,
    )
    return adaptation


def _set_links(
    db: Session, adaptation_id: int, cycle_ids: Sequence[int], note_ids: Sequence[int], by: Identity | None
) -> None:
    """The record's links as chosen; ``note_ids`` were checked readable by ``by``."""
    db.execute(delete(adaptation_cycle).where(adaptation_cycle.c.adaptation_id == adaptation_id))
    # A link to a note ``by`` may not read was not in their form: it stays as it was (unseen, it is not theirs
    # to remove; it shows again to its readers, and to all if the note is shown again).
    db.execute(
        delete(adaptation_idea).where(
            adaptation_idea.c.adaptation_id == adaptation_id,
            visibility.readable(adaptation_idea.c.note_id, by),
        )
    )
    if cycle_ids:
        db.execute(
            insert(adaptation_cycle),
            [{"adaptation_id": adaptation_id, "cycle_id": cycle} for cycle in dict.fromkeys(cycle_ids)],
        )
    if note_ids:
        db.execute(
            insert(adaptation_idea),
            [{"adaptation_id": adaptation_id, "note_id": note} for note in dict.fromkeys(note_ids)],
        )


def organization_of(*, db: Session, adaptation_id: int) -> int | None:
    """The organization that recorded the adaptation: whose practitioners may change it."""
    return db.scalar(select(Adaptation.organization_id).where(Adaptation.id == adaptation_id))


def practice_cycles(*, db: Session, practice_id: int) -> list[CycleRef]:
    """The cycles of a practice an adaptation may name."""
    rows = db.scalars(select(Cycle).where(Cycle.practice_id == practice_id).order_by(Cycle.number))
    return [CycleRef(cycle.id, cycle.number, cycle.title) for cycle in rows]


def detail(*, db: Session, adaptation_id: int, reader: Identity | None) -> AdaptationDetail | None:
    """The record, with the workshop ideas ``reader`` may read."""
    row = db.execute(
        select(Adaptation, TaxonomyTerm.code, Practice.slug)
        .join(TaxonomyTerm, Adaptation.region_id == TaxonomyTerm.id)
        .join(Practice, Practice.id == Adaptation.practice_id)
        .where(Adaptation.id == adaptation_id)
    ).one_or_none()
    if row is None:
        return None
    adaptation, region, slug = row
    cycle_ids = set(
        db.scalars(
            select(adaptation_cycle.c.cycle_id).where(adaptation_cycle.c.adaptation_id == adaptation.id)
        )
    )
    note_ids = list(
        db.scalars(
            select(adaptation_idea.c.note_id).where(
                adaptation_idea.c.adaptation_id == adaptation.id,
                visibility.readable(adaptation_idea.c.note_id, reader),
            )
        )
    )
    organizations = identity.organization_refs(db=db, ids={adaptation.organization_id})
    return AdaptationDetail(
        id=adaptation.id,
        practice_id=adaptation.practice_id,
        practice_slug=slug,
        practice_title=catalog.practice_titles(db=db, ids={adaptation.practice_id})[adaptation.practice_id],
        organization_id=adaptation.organization_id,
        organization_name=organizations[adaptation.organization_id].name,
        region_code=region,
        summary=adaptation.summary,
        frame=adaptation.frame,
        created_at=as_utc(adaptation.created_at).isoformat(),
        cycles=[
            cycle
            for cycle in practice_cycles(db=db, practice_id=adaptation.practice_id)
            if cycle.id in cycle_ids
        ],
        ideas=workshops.ideas(db=db, reader=reader, note_ids=note_ids) if note_ids else [],
    )


def list_adaptations(*, db: Session) -> list[AdaptationSummary]:
    rows = db.execute(
        select(Adaptation, TaxonomyTerm.code)
        .join(TaxonomyTerm, Adaptation.region_id == TaxonomyTerm.id)
        .order_by(Adaptation.created_at.desc(), Adaptation.id)
    ).all()
    titles = catalog.practice_titles(db=db, ids={a.practice_id for a, _ in rows})
    organizations = identity.organization_refs(db=db, ids={a.organization_id for a, _ in rows})
    return [
        AdaptationSummary(
            id=a.id,
            practice_title=titles[a.practice_id],
            organization_name=organizations[a.organization_id].name,
            region_code=region,
            summary=a.summary,
        )
        for a, region in rows
    ]


# Region comparison: for one practice, regions × FRAME elements.


@dataclass(frozen=True)
class RegionAnswers:
    """What the adaptations of one region answered to one FRAME element: the options chosen (by any of
    them) and their notes."""

    region_code: str
    options: list[str]
    notes: list[str]


@dataclass(frozen=True)
class ElementRow:
    element: str
    cells: list[RegionAnswers]


@dataclass(frozen=True)
class Recurrence:
    """An option chosen in several regions: a candidate for the next version of the practice."""

    element: str
    option: str
    region_codes: list[str]


@dataclass(frozen=True)
class RegionComparison:
    practice_id: int
    practice_slug: str
    practice_title: str
    region_codes: list[str]
    # Per region, the adaptations recorded there (id, summary): the why, in people's words.
    summaries: dict[str, list[tuple[int, str]]]
    rows: list[ElementRow]
    recurrences: list[Recurrence]


def region_comparison(*, db: Session, slug: str) -> RegionComparison | None:
    practice = db.scalar(select(Practice).where(Practice.slug == slug))
    if practice is None:
        return None
    records = db.execute(
        select(Adaptation, TaxonomyTerm.code)
        .join(TaxonomyTerm, Adaptation.region_id == TaxonomyTerm.id)
        .where(Adaptation.practice_id == practice.id)
        .order_by(TaxonomyTerm.position, Adaptation.created_at)
    ).all()
    regions = list(dict.fromkeys(region for _, region in records))
    rows = []
    recurrences = []
    for element in frame().fields:
        cells = []
        for region in regions:
            answers = [a.frame.get(element.code) or {} for a, code in records if code == region]
            chosen = {
                code
                for answer in answers
                for code in (
                    [answer.get("value")] if element.type is FieldType.CHOICE else answer.get("value") or []
                )
                if code
            }
            cells.append(
                RegionAnswers(
                    region_code=region,
                    options=[option.code for option in element.options if option.code in chosen],
                    notes=[str(answer["notes"]) for answer in answers if answer.get("notes")],
                )
            )
        rows.append(ElementRow(element.code, cells))
        for option in element.options:
            where = [cell.region_code for cell in cells if option.code in cell.options]
            if len(where) > 1:
                recurrences.append(Recurrence(element.code, option.code, where))
    recurrences.sort(key=lambda recurrence: -len(recurrence.region_codes))
    return RegionComparison(
        practice_id=practice.id,
        practice_slug=practice.slug,
        practice_title=catalog.practice_titles(db=db, ids={practice.id})[practice.id],
        region_codes=regions,
        summaries={
            region: [(a.id, a.summary) for a, code in records if code == region] for region in regions
        },
        rows=rows,
        recurrences=recurrences,
    )


def adapted_regions(*, db: Session, practice_ids: Sequence[int]) -> dict[int, set[str]]:
    """The regions where each practice was adapted: the portfolio counts them among where it runs."""
    rows = db.execute(
        select(Adaptation.practice_id, TaxonomyTerm.code)
        .join(TaxonomyTerm, Adaptation.region_id == TaxonomyTerm.id)
        .where(Adaptation.practice_id.in_(practice_ids))
    ).all()
    regions: dict[int, set[str]] = {}
    for practice_id, region in rows:
        regions.setdefault(practice_id, set()).add(region)
    return regions
