"""Catalogue search on both engines (SQLite FTS5 and PostgreSQL full text): accents and plurals do not
matter, the title counts most, facets count what matches, filters combine."""

from __future__ import annotations

import pytest
from sqlalchemy.orm import Session

from livinglab.catalog import search, service
from livinglab.catalog.models import EvidenceLevel, PracticeStatus
from livinglab.catalog.search import FacetCount, SearchQuery
from livinglab.core.taxonomy import TaxonomyScheme, ensure_taxonomy
from livinglab.identity import service as identity
from livinglab.identity.models import OrganizationKind

REGION, AREA = TaxonomyScheme.REGION, TaxonomyScheme.INTEGRATION_AREA


@pytest.fixture
def catalogue(db: Session) -> dict[str, int]:
    """Four sheets of two organizations; the draft is the only one about jobs."""
    ensure_taxonomy(db=db)
    estrie, quebec = (
        identity.create_organization(db=db, name=name, slug=slug, kind=OrganizationKind.MEMBER).id
        for name, slug in (("Accueil Estrie", "accueil-estrie"), ("Québec Solidaire", "quebec-solidaire"))
    )
    sheets = {
        "housing": (
            estrie,
            "Logement abordable pour les familles",
            "Trouver un logement dans les premières semaines.",
            EvidenceLevel.PROVEN,
            PracticeStatus.PUBLISHED,
            {REGION: ["05"], AREA: ["housing"]},
        ),
        "cafe": (
            estrie,
            "Café-rencontre",
            "Pratiquer le français ; on y parle aussi de logements et d'intégration.",
            EvidenceLevel.EMERGING,
            PracticeStatus.PUBLISHED,
            {REGION: ["05"], AREA: ["francization"]},
        ),
        "twinning": (
            quebec,
            "Jumelage interculturel",
            "Favoriser l'intégration sociale par des jumelages.",
            EvidenceLevel.PROMISING,
            PracticeStatus.PUBLISHED,
            {REGION: ["03"], AREA: ["reception", "francization"]},
        ),
        "jobs": (
            quebec,
            "Emploi en région",
            "Mentorat pour l'intégration en emploi.",
            EvidenceLevel.EMERGING,
            PracticeStatus.DRAFT,
            {REGION: ["03"], AREA: ["employment"]},
        ),
    }
    return {
        key: service.create_practice(
            db=db,
            organization_id=organization,
            title=title,
            summary=summary,
            description_md="",
            details={"objectives": ["Créer des liens"]},
            evidence_level=level,
            status=status,
            term_codes=terms,
        ).id
        for key, (organization, title, summary, level, status, terms) in sheets.items()
    }


def _ids(db: Session, query: SearchQuery, *, published_only: bool = True) -> list[int]:
    return search.find(db=db, query=query, published_only=published_only).ids


def test_accents_and_plurals_do_not_matter(db: Session, catalogue: dict[str, int]) -> None:
    # « integration » finds « intégration »; « logements » finds « Logement » (and « logements »).
    assert set(_ids(db, SearchQuery(text="integration"))) == {catalogue["cafe"], catalogue["twinning"]}
    assert set(_ids(db, SearchQuery(text="INTÉGRATIONS"))) == {catalogue["cafe"], catalogue["twinning"]}
    assert set(_ids(db, SearchQuery(text="logements"))) == {catalogue["housing"], catalogue["cafe"]}
    assert _ids(db, SearchQuery(text="jumelage interculturels")) == [catalogue["twinning"]]
    # Every word must match.
    assert _ids(db, SearchQuery(text="logement jumelage")) == []
    assert _ids(db, SearchQuery(text="aucunmotpareil")) == []


def test_a_match_in_the_title_ranks_first(db: Session, catalogue: dict[str, int]) -> None:
    assert _ids(db, SearchQuery(text="logement")) == [catalogue["housing"], catalogue["cafe"]]


def test_drafts_are_found_only_when_asked(db: Session, catalogue: dict[str, int]) -> None:
    assert catalogue["jobs"] not in _ids(db, SearchQuery(text="emploi"))
    assert _ids(db, SearchQuery(text="emploi"), published_only=False) == [catalogue["jobs"]]


def test_facets_count_what_matches_and_filters_combine(db: Session, catalogue: dict[str, int]) -> None:
    everything = search.find(db=db, query=SearchQuery(), published_only=True)
    assert everything.total == 3
    assert everything.facets["region"] == [FacetCount("03", 1), FacetCount("05", 2)]
    assert everything.facets["integration_area"] == [
        FacetCount("reception", 1),
        FacetCount("francization", 2),
        FacetCount("housing", 1),
    ]
    assert sorted(everything.facets["evidence_level"], key=lambda f: f.value) == [
        FacetCount("emerging", 1),
        FacetCount("promising", 1),
        FacetCount("proven", 1),
    ]
    # Text and two facets: « intégration » in Estrie about French.
    narrowed = search.find(
        db=db,
        query=SearchQuery(text="intégration", terms={REGION: ("05",), AREA: ("francization",)}),
        published_only=True,
    )
    assert (narrowed.ids, narrowed.total) == ([catalogue["cafe"]], 1)
    assert narrowed.facets["region"] == [FacetCount("05", 1)]
    # Values of one facet are alternatives.
    both_regions = SearchQuery(terms={REGION: ("03", "05")}, evidence_levels=("proven", "promising"))
    assert set(_ids(db, both_regions)) == {catalogue["housing"], catalogue["twinning"]}


def test_without_text_the_list_is_by_title_and_paged(db: Session, catalogue: dict[str, int]) -> None:
    assert _ids(db, SearchQuery()) == [catalogue["cafe"], catalogue["twinning"], catalogue["housing"]]
    assert _ids(db, SearchQuery(page=1)) == []


def test_the_index_can_be_rebuilt(db: Session, catalogue: dict[str, int]) -> None:
    assert search.reindex_all(db=db) == len(catalogue)
    assert set(_ids(db, SearchQuery(text="logement"))) == {catalogue["housing"], catalogue["cafe"]}
    result = service.search_practices(
        db=db, query=SearchQuery(text="logement"), published_only=True, with_origins=False
    )
    assert [p.title for p in result.practices] == ["Logement abordable pour les familles", "Café-rencontre"]
