"""The practice catalogue: practice sheets and their versions."""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from livinglab.catalog import evidence, search
from livinglab.catalog.models import EvidenceLevel, Practice, PracticeStatus, PracticeVersion
from livinglab.core import audit
from livinglab.core.i18n import translate
from livinglab.core.taxonomy import TaxonomyScheme, TaxonomyTerm, resolve_terms
from livinglab.core.text import first_free_slug, slugify
from livinglab.identity import service as identity
from livinglab.identity.sessions import Identity
from livinglab.workshops import service as workshops
from livinglab.workshops.service import IdeaOrigin


@dataclass(frozen=True)
class PracticeSummary:
    id: int
    slug: str
    title: str
    summary: str
    organization_name: str
    status: PracticeStatus
    evidence_level: EvidenceLevel
    region_codes: tuple[str, ...]
    area_codes: tuple[str, ...]
    # The workshop board it was promoted from; shown only to who may read that idea (IdeaOrigin() otherwise).
    origin: IdeaOrigin = field(default_factory=IdeaOrigin)


def create_practice(
    *,
    db: Session,
    organization_id: int,
    title: str,
    summary: str,
    description_md: str,
    details: dict[str, Any],
    evidence_level: EvidenceLevel,
    status: PracticeStatus,
    term_codes: Mapping[TaxonomyScheme, Sequence[str]],
    author_id: int | None = None,
    content_language: str = "fr",
    origin_note_id: int | None = None,
    origin_cluster_id: int | None = None,
) -> Practice:
    """A new practice sheet with its version 1, classified by ``term_codes`` (codes per taxonomy scheme)."""
    practice = Practice(
        organization_id=organization_id,
        slug=_free_slug(db=db, title=title),
        status=status,
        evidence_level=evidence_level,
        content_language=content_language,
        origin_note_id=origin_note_id,
        origin_cluster_id=origin_cluster_id,
        terms=resolved_terms(db=db, term_codes=term_codes),
    )
    version = PracticeVersion(
        number=1,
        title=title,
        summary=summary,
        description_md=description_md,
        # Every version holds the whole sheet, so the history can compare any two (catalog/sheets.py).
        details={
            "carriers": [],
            "evidence_criteria": list(evidence.criteria_up_to(evidence_level)),
            **details,
            "terms": {scheme.value: list(codes) for scheme, codes in term_codes.items()},
            "language": content_language,
        },
        author_person_id=author_id,
    )
    practice.versions.append(version)
    practice.current_version = version
    db.add(practice)
    db.flush()
    search.index_practice(db=db, practice_id=practice.id)
    audit.record(
        db=db,
        action="create_practice",
        object_type="practice",
        object_id=practice.id,
        actor_person_id=author_id,
    )
    return practice


def resolved_terms(*, db: Session, term_codes: Mapping[TaxonomyScheme, Sequence[str]]) -> list[TaxonomyTerm]:
    """The taxonomy terms of ``term_codes`` (codes per scheme); an unknown code is a domain error."""
    return [
        term
        for scheme, codes in term_codes.items()
        for term in resolve_terms(db=db, scheme=scheme, codes=codes)
    ]


def _free_slug(*, db: Session, title: str) -> str:
    """The title's slug, suffixed with -2, -3… if another practice has it already."""
    base = slugify(title, max_length=70) or "pratique"
    return first_free_slug(
        base, db.scalars(select(Practice.slug).where(Practice.slug.startswith(base, autoescape=True)))
    )


def summaries(
    *, db: Session, ids: Sequence[int], origins_for: Identity | None = None
) -> list[PracticeSummary]:
    """The summary of each practice, in the order of ``ids``, with the workshop idea each came from if
    ``origins_for`` may read it."""
    position = {practice_id: index for index, practice_id in enumerate(ids)}
    rows = sorted(
        db.execute(
            select(Practice, PracticeVersion.title, PracticeVersion.summary)
            .join(PracticeVersion, Practice.current_version_id == PracticeVersion.id)
            .where(Practice.id.in_(ids))
            .options(selectinload(Practice.terms))
        ).all(),
        key=lambda row: position[row[0].id],
    )
    organizations = identity.organization_refs(db=db, ids={p.organization_id for p, _, _ in rows})
    origins = workshops.idea_origins(
        db=db, ideas=[(p.origin_note_id, p.origin_cluster_id) for p, _, _ in rows], reader=origins_for
    )
    return [
        PracticeSummary(
            id=practice.id,
            slug=practice.slug,
            title=title,
            summary=summary,
            organization_name=organizations[practice.organization_id].name,
            status=practice.status,
            evidence_level=practice.evidence_level,
            region_codes=_codes(practice, TaxonomyScheme.REGION),
            area_codes=_codes(practice, TaxonomyScheme.INTEGRATION_AREA),
            origin=origin,
        )
        for (practice, title, summary), origin in zip(rows, origins, strict=True)
    ]


def _codes(practice: Practice, scheme: TaxonomyScheme) -> tuple[str, ...]:
    return tuple(term.code for term in practice.terms if term.scheme is scheme)


def practice_titles(*, db: Session, ids: Collection[int]) -> dict[int, str]:
    """The current title of each practice, for the pages of other domains."""
    rows = db.execute(
        select(Practice.id, PracticeVersion.title)
        .join(PracticeVersion, Practice.current_version_id == PracticeVersion.id)
        .where(Practice.id.in_(ids))
    )
    return dict(rows.all())


def practices_in_use(*, db: Session) -> list[int]:
    """The ids of every practice not archived, by title: the manager's portfolio."""
    return list(
        db.scalars(
            select(Practice.id)
            .join(PracticeVersion, Practice.current_version_id == PracticeVersion.id)
            .where(Practice.status != PracticeStatus.ARCHIVED)
            .order_by(PracticeVersion.title)
        )
    )


def organization_practices(*, db: Session, organization_id: int) -> list[tuple[int, str]]:
    """(id, title) of the organization's practices still in use (not archived), by title."""
    rows = db.execute(
        select(Practice.id, PracticeVersion.title)
        .join(PracticeVersion, Practice.current_version_id == PracticeVersion.id)
        .where(Practice.organization_id == organization_id, Practice.status != PracticeStatus.ARCHIVED)
        .order_by(PracticeVersion.title)
    )
    return [(id_, title) for id_, title in rows.all()]


@dataclass(frozen=True)
class SearchResult:
    practices: list[PracticeSummary]
    total: int
    facets: dict[str, list[search.FacetCount]]


def search_practices(
    *, db: Session, query: search.SearchQuery, published_only: bool, reader: Identity | None
) -> SearchResult:
    """One page of the practices matching ``query``, best first, with the total and the facets' counts, and
    the workshop ideas they came from that ``reader`` may read."""
    matches = search.find(db=db, query=query, published_only=published_only)
    return SearchResult(
        practices=summaries(db=db, ids=matches.ids, origins_for=reader),
        total=matches.total,
        facets=matches.facets,
    )


def facet_labels(
    *, db: Session, facets: Mapping[str, Collection[str]]
) -> dict[tuple[str, str], tuple[str, str]]:
    """(French, English) name of each (facet, value) shown as a search filter: taxonomy terms by their
    labels, organizations by their names, levels and statuses from the message catalogs."""
    labels: dict[tuple[str, str], tuple[str, str]] = {}
    for term in db.scalars(select(TaxonomyTerm)):
        labels[(term.scheme.value, term.code)] = (term.label_fr, term.label_en)
    ids = {int(value) for value in facets.get("organization", ()) if value.isdigit()}
    for ref in identity.organization_refs(db=db, ids=ids).values():
        labels[("organization", str(ref.id))] = (ref.name, ref.name)
    for level in EvidenceLevel:
        labels[("evidence_level", level.value)] = _in_both(f"evidence.level.{level.value}")
    for status in PracticeStatus:
        labels[("status", status.value)] = _in_both(f"practice.status.{status.value}")
    return labels


def _in_both(key: str) -> tuple[str, str]:
    return translate(key, "fr"), translate(key, "en")
