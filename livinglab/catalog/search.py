"""Searching the practice catalogue: full text in French where accents and plurals do not matter, facets
with counts, relevance ranking. One service, two engines (migration 0006 makes their index):

- SQLite, the embedded default: an FTS5 table ``practice_search_fts`` (rowid = practice id). FTS5 has no
  French stemmer, so the text is normalized here before it is indexed and before it is searched: accents
  removed, then Snowball's French stemmer (« logements » and « Logement » both become ``log``). Ranked by
  bm25, the title weighing ten times the rest.
- PostgreSQL, production: a ``practice_search_pg`` tsvector under the ``livinglab_fr`` text-search
  configuration (unaccent, then the French Snowball stemmer: the same normalization), GIN-indexed, ranked by
  ``ts_rank_cd`` with the title weighted A.

The index is written by the catalogue service in the transaction that saves a sheet (``index_practice``).
Facet counts are taken over the practices that match the text and every chosen filter; within a facet the
chosen values are alternatives (or), across facets they all apply (and).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

import snowballstemmer
from sqlalchemy import Float, Integer, Select, column, func, literal, select, text
from sqlalchemy.orm import Session

from livinglab.catalog.models import Practice, PracticeStatus, PracticeVersion, practice_term
from livinglab.core.taxonomy import TaxonomyScheme, TaxonomyTerm

# Engine-specific objects of migration 0006, outside the models (the schema checks leave them out).
INDEX_TABLES = ("practice_search_fts", "practice_search_pg")
# Enough for a page of results: the total and the facets count them all.
PAGE_SIZE = 20

_WORD = re.compile(r"\w+")
_FRENCH = snowballstemmer.stemmer("french")


def normalized(words: str) -> list[str]:
    """The search terms of a text: lower case, accents removed, then stemmed for French."""
    plain = unicodedata.normalize("NFKD", words.lower())
    plain = "".join(char for char in plain if not unicodedata.combining(char))
    return list(_FRENCH.stemWords(_WORD.findall(plain)))


@dataclass(frozen=True)
class SearchQuery:
    text: str = ""
    # Codes of taxonomy terms, per scheme; evidence levels, organization ids and statuses.
    terms: dict[TaxonomyScheme, tuple[str, ...]] = field(default_factory=dict)
    evidence_levels: tuple[str, ...] = ()
    organization_ids: tuple[int, ...] = ()
    statuses: tuple[str, ...] = ()
    page: int = 0


@dataclass(frozen=True)
class FacetCount:
    value: str
    count: int


@dataclass(frozen=True)
class Matches:
    """One page of matching practice ids, best first, with the total and every facet's counts."""

    ids: list[int]
    total: int
    # "region", "integration_area", "migratory_status", "residence_length", "evidence_level",
    # "organization" (ids as text), "status".
    facets: dict[str, list[FacetCount]]


def index_practice(*, db: Session, practice_id: int) -> None:
    """Writes the practice's entry from its current version (title, summary, description, details)."""
    title, summary, description, details = db.execute(
        select(
            PracticeVersion.title,
            PracticeVersion.summary,
            PracticeVersion.description_md,
            PracticeVersion.details,
        )
        .join(Practice, Practice.current_version_id == PracticeVersion.id)
        .where(Practice.id == practice_id)
    ).one()
    body = " ".join([summary, description, *_texts(details)])
    if _is_postgres(db):
        db.execute(
            text(
                "INSERT INTO practice_search_pg (practice_id, document) VALUES (:id, "
                "setweight(to_tsvector('livinglab_fr', :title), 'A') || to_tsvector('livinglab_fr', :body)) "
                "ON CONFLICT (practice_id) DO UPDATE SET document = EXCLUDED.document"
            ),
            {"id": practice_id, "title": title, "body": body},
        )
    else:
        db.execute(text("DELETE FROM practice_search_fts WHERE rowid = :id"), {"id": practice_id})
        db.execute(
            text("INSERT INTO practice_search_fts (rowid, title, body) VALUES (:id, :title, :body)"),
            {"id": practice_id, "title": " ".join(normalized(title)), "body": " ".join(normalized(body))},
        )


def reindex_all(*, db: Session) -> int:
    """Rewrites every practice's entry (after the index is made, or to repair it); the number indexed."""
    ids = list(db.scalars(select(Practice.id).where(Practice.current_version_id.is_not(None))))
    for practice_id in ids:
        index_practice(db=db, practice_id=practice_id)
    return len(ids)


def find(*, db: Session, query: SearchQuery, published_only: bool) -> Matches:
    """The practices matching ``query`` (only published ones when ``published_only``)."""
    ranked = _ranked(db, query.text)
    # The rank travels with each matching id: joining the ranked words a second time would make the database
    # pair every match with every other one.
    practices = select(
        Practice.id.label("practice_id"),
        (ranked.c.rank if ranked is not None else literal(0.0)).label("rank"),
    )
    if ranked is not None:
        practices = practices.join(ranked, ranked.c.practice_id == Practice.id)
    if published_only:
        practices = practices.where(Practice.status == PracticeStatus.PUBLISHED)
    for scheme, codes in query.terms.items():
        if codes:
            practices = practices.where(Practice.id.in_(_with_terms(scheme, codes)))
    if query.evidence_levels:
        practices = practices.where(Practice.evidence_level.in_(query.evidence_levels))
    if query.organization_ids:
        practices = practices.where(Practice.organization_id.in_(query.organization_ids))
    if query.statuses:
        practices = practices.where(Practice.status.in_(query.statuses))
    matching = practices.subquery()

    page_query = (
        select(matching.c.practice_id)
        .join(Practice, Practice.id == matching.c.practice_id)
        .join(PracticeVersion, Practice.current_version_id == PracticeVersion.id)
    )
    # Best first with words; by title without.
    order = (matching.c.rank.desc(), PracticeVersion.title, matching.c.practice_id)
    ids = list(
        db.scalars(page_query.order_by(*order).limit(PAGE_SIZE).offset(max(query.page, 0) * PAGE_SIZE))
    )
    total = db.scalar(select(func.count()).select_from(matching)) or 0
    return Matches(ids=ids, total=total, facets=_facets(db, matching))


def _ranked(db: Session, words: str) -> Any:
    """(practice_id, rank) of the practices matching ``words``, higher rank first; None without words."""
    terms = normalized(words)
    if not terms:
        return None
    if _is_postgres(db):
        statement = text(
            "SELECT practice_id, ts_rank_cd(document, query) AS rank "
            "FROM practice_search_pg, plainto_tsquery('livinglab_fr', :words) AS query "
            "WHERE document @@ query"
        ).bindparams(words=words)
    else:
        # Every term, each also as the start of a longer word (a search typed halfway still finds).
        match = " AND ".join(f'"{term}"*' for term in terms)
        statement = text(
            "SELECT rowid AS practice_id, -bm25(practice_search_fts, 10.0, 1.0) AS rank "
            "FROM practice_search_fts WHERE practice_search_fts MATCH :match"
        ).bindparams(match=match)
    return statement.columns(column("practice_id", Integer), column("rank", Float)).subquery("ranked")


def _with_terms(scheme: TaxonomyScheme, codes: Iterable[str]) -> Select[tuple[int]]:
    return (
        select(practice_term.c.practice_id)
        .join(TaxonomyTerm, TaxonomyTerm.id == practice_term.c.term_id)
        .where(TaxonomyTerm.scheme == scheme, TaxonomyTerm.code.in_(list(codes)))
    )


def _facets(db: Session, matching: Any) -> dict[str, list[FacetCount]]:
    facets: dict[str, list[FacetCount]] = {scheme.value: [] for scheme in TaxonomyScheme}
    term_counts = db.execute(
        select(TaxonomyTerm.scheme, TaxonomyTerm.code, func.count())
        .join(practice_term, practice_term.c.term_id == TaxonomyTerm.id)
        .join(matching, matching.c.practice_id == practice_term.c.practice_id)
        .group_by(TaxonomyTerm.scheme, TaxonomyTerm.code, TaxonomyTerm.position)
        .order_by(TaxonomyTerm.scheme, TaxonomyTerm.position)
    )
    for scheme, code, count in term_counts:
        facets[scheme.value].append(FacetCount(code, count))
    for name, attribute in (
        ("evidence_level", Practice.evidence_level),
        ("organization", Practice.organization_id),
        ("status", Practice.status),
    ):
        counts = db.execute(
            select(attribute, func.count())
            .join(matching, matching.c.practice_id == Practice.id)
            .group_by(attribute)
            .order_by(func.count().desc(), attribute)
        )
        facets[name] = [FacetCount(str(getattr(value, "value", value)), count) for value, count in counts]
    return facets


def _texts(details: object) -> Sequence[str]:
    """Every string inside a sheet's details (objectives, activities, contact…), for the index."""
    if isinstance(details, str):
        return [details]
    if isinstance(details, dict):
        return [text for value in details.values() for text in _texts(value)]
    if isinstance(details, list):
        return [text for value in details for text in _texts(value)]
    return []


def _is_postgres(db: Session) -> bool:
    return db.get_bind().dialect.name == "postgresql"
