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

import functools
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import snowballstemmer
from sqlalchemy import (
    CTE,
    Float,
    Integer,
    Select,
    String,
    and_,
    cast,
    column,
    func,
    literal,
    null,
    or_,
    select,
    text,
    type_coerce,
    union_all,
)
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
    return [_stem(word) for word in _WORD.findall(plain)]


# Snowball's stemmer is pure Python (tens of microseconds a word, most of the time it takes to save a sheet on
# SQLite), and sheets keep using the same few thousand words: each is stemmed once.
@functools.lru_cache(maxsize=50_000)
def _stem(word: str) -> str:
    return str(_FRENCH.stemWord(word))


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
    # The page, the total and every facet's counts come from one statement, over the matching practices
    # materialized once: as five queries, each one had the database match the words, rank and filter again.
    ranked = _ranked(db, query.text)
    matching = _matching(db, query, ranked, published_only).cte("matching").prefix_with("MATERIALIZED")
    if _is_postgres(db):
        # psycopg prepares a statement it has run five times, and PostgreSQL may then keep one plan for any
        # words: it guesses a few dozen matches where there are thousands and probes each one's terms (text
        # with two facets took twice as long at 10,000 sheets). Each search is planned for its own words (this
        # holds until the end of the transaction).
        db.execute(text("SET LOCAL plan_cache_mode = force_custom_plan"))
    page = _page(matching, query.page, with_words=ranked is not None)
    rows = db.execute(union_all(page, _total(matching), *_facet_counts(matching)))
    ids: list[int] = []
    total = 0
    facets: dict[str, list[FacetCount]] = {name: [] for name in _FACETS}
    # A union keeps no order: the page's rows and each facet's come in the order of their position.
    for row in sorted(rows, key=lambda row: row.position):
        if row.facet == _PAGE:
            ids.append(row.number)
        elif row.facet == _TOTAL:
            total = row.number
        else:
            facets[row.facet].append(FacetCount(row.value, row.number))
    return Matches(ids=ids, total=total, facets=facets)


# The facets of Matches, in order: the taxonomy's schemes, then three columns of a practice.
_ATTRIBUTES = {"evidence_level": "evidence_level", "organization": "organization_id", "status": "status"}
_FACETS = (*(scheme.value for scheme in TaxonomyScheme), *_ATTRIBUTES)
# find's statement returns rows (facet, value, number, position): for a facet of _FACETS, one of its values,
# how many matching practices have it and the value's place in the facet's list; or one of these two.
_PAGE = "page"  # number: the id of a practice on the page, position: its place on the page
_TOTAL = "total"  # number: how many practices match


def _matching(db: Session, query: SearchQuery, ranked: Any, published_only: bool) -> Select[Any]:
    """The practices ``ranked`` for the words (all without words) that pass every filter: id, rank, and what
    the page and the facets read."""
    # The rank travels with each matching id: joining the ranked words a second time would make the database
    # pair every match with every other one.
    practices = select(
        Practice.id.label("practice_id"),
        (ranked.c.rank if ranked is not None else literal(0.0)).label("rank"),
        Practice.current_version_id,
        *(getattr(Practice, name) for name in _ATTRIBUTES.values()),
    )
    if ranked is not None:
        practices = practices.join(ranked, ranked.c.practice_id == Practice.id)
    if published_only:
        practices = practices.where(Practice.status == PracticeStatus.PUBLISHED)
    for term_ids in _chosen_terms(db, query.terms).values():
        with_terms = select(practice_term.c.practice_id).where(practice_term.c.term_id.in_(term_ids))
        practices = practices.where(Practice.id.in_(with_terms))
    if query.evidence_levels:
        practices = practices.where(Practice.evidence_level.in_(query.evidence_levels))
    if query.organization_ids:
        practices = practices.where(Practice.organization_id.in_(query.organization_ids))
    if query.statuses:
        practices = practices.where(Practice.status.in_(query.statuses))
    return practices


def _page(matching: CTE, page: int, *, with_words: bool) -> Select[Any]:
    def best_first(columns: Any) -> tuple[Any, ...]:
        # Best first with words; by title without.
        return (columns.rank.desc(), columns.title, columns.practice_id)

    offset = max(page, 0) * PAGE_SIZE
    if with_words:
        # Titles only break ties of rank: the page can only hold practices ranked at least as high as the one
        # at its last place in rank order (all of them when fewer match). Their titles alone are read, each by
        # its version's id (as a join, PostgreSQL expects a third of thousands of matches and reads every
        # version).
        last_rank = (
            select(matching.c.rank)
            .order_by(matching.c.rank.desc())
            .offset(offset + PAGE_SIZE - 1)
            .limit(1)
            .scalar_subquery()
        )
        title = (
            select(PracticeVersion.title)
            .where(PracticeVersion.id == matching.c.current_version_id)
            .scalar_subquery()
        )
        titled = select(matching.c.practice_id, matching.c.rank, title.label("title")).where(
            matching.c.current_version_id.is_not(None),
            matching.c.rank >= func.coalesce(last_rank, matching.c.rank),
        )
    else:
        titled = select(matching.c.practice_id, matching.c.rank, PracticeVersion.title).join(
            PracticeVersion, PracticeVersion.id == matching.c.current_version_id
        )
    chosen = titled.order_by(*best_first(titled.selected_columns)).limit(PAGE_SIZE).offset(offset).subquery()
    return _row(
        literal(_PAGE), null(), chosen.c.practice_id, func.row_number().over(order_by=best_first(chosen.c))
    )


def _total(matching: CTE) -> Select[Any]:
    return _row(literal(_TOTAL), null(), func.count(), literal(0)).select_from(matching)


def _facet_counts(matching: CTE) -> list[Select[Any]]:
    """Per facet value, how many matching practices have it (values that none has are left out)."""
    # Counted per term before the taxonomy is joined: a few dozen rows to join, not every match's terms.
    per_term = (
        select(practice_term.c.term_id, func.count().label("count"))
        .join(matching, matching.c.practice_id == practice_term.c.practice_id)
        .group_by(practice_term.c.term_id)
        .subquery()
    )
    counts = [
        _row(
            type_coerce(TaxonomyTerm.scheme, String),
            TaxonomyTerm.code,
            per_term.c.count,
            TaxonomyTerm.position,
        ).join(per_term, per_term.c.term_id == TaxonomyTerm.id)
    ]
    for facet, name in _ATTRIBUTES.items():
        value = matching.c[name]
        # The most frequent value first.
        position = func.row_number().over(order_by=(func.count().desc(), value))
        counts.append(_row(literal(facet), cast(value, String), func.count(), position).group_by(value))
    return counts


def _row(facet: Any, value: Any, number: Any, position: Any) -> Select[Any]:
    """A select of rows of find's statement."""
    return select(
        facet.label("facet"), value.label("value"), number.label("number"), position.label("position")
    )


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


def _chosen_terms(
    db: Session, terms: dict[TaxonomyScheme, tuple[str, ...]]
) -> dict[TaxonomyScheme, list[int]]:
    """The ids of the chosen terms, for each scheme where codes are chosen (none for unknown codes)."""
    # Looked up before the search: filtering practice_term on ids reads it once, where joining the taxonomy in
    # the search had PostgreSQL hash every row of it (about 3 ms a facet at 10,000 sheets).
    chosen = {scheme: codes for scheme, codes in terms.items() if codes}
    ids: dict[TaxonomyScheme, list[int]] = {scheme: [] for scheme in chosen}
    if chosen:
        rows = db.execute(
            select(TaxonomyTerm.scheme, TaxonomyTerm.id).where(
                or_(
                    *(
                        and_(TaxonomyTerm.scheme == scheme, TaxonomyTerm.code.in_(codes))
                        for scheme, codes in chosen.items()
                    )
                )
            )
        )
        for scheme, term_id in rows:
            ids[scheme].append(term_id)
    return ids


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
