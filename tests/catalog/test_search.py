"""Catalogue search on both engines (SQLite FTS5 and PostgreSQL full text): accents and plurals do not
matter, the title counts most, facets count what matches, filters combine."""

from __future__ import annotations

import pytest
from sqlalchemy import event
from sqlalchemy.orm import Session

from livinglab.catalog import search, service
from livinglab.catalog.models import EvidenceLevel, Practice, PracticeStatus
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
    # An unknown code finds nothing; a facet without a chosen value does not filter.
    assert _ids(db, SearchQuery(terms={REGION: ("99",)})) == []
    assert len(_ids(db, SearchQuery(terms={REGION: (), AREA: ("francization", "nope")}))) == 2


def test_without_text_the_list_is_by_title_and_paged(db: Session, catalogue: dict[str, int]) -> None:
    assert _ids(db, SearchQuery()) == [catalogue["cafe"], catalogue["twinning"], catalogue["housing"]]
    assert _ids(db, SearchQuery(page=1)) == []


def test_the_index_can_be_rebuilt(db: Session, catalogue: dict[str, int]) -> None:
    assert search.reindex_all(db=db) == len(catalogue)
    assert set(_ids(db, SearchQuery(text="logement"))) == {catalogue["housing"], catalogue["cafe"]}
    result = service.search_practices(
        db=db, query=SearchQuery(text="logement"), published_only=True, reader=None
    )
    assert [p.title for p in result.practices] == ["Logement abordable pour les familles", "Café-rencontre"]


def test_pages_keep_the_order_and_the_total(
    db: Session, catalogue: dict[str, int], monkeypatch: pytest.MonkeyPatch
) -> None:
    # « intégration » is in three sheets, the draft included; pages of two.
    everything = search.find(db=db, query=SearchQuery(text="intégration"), published_only=False)
    monkeypatch.setattr(search, "PAGE_SIZE", 2)
    pages = [
        search.find(db=db, query=SearchQuery(text="intégration", page=page), published_only=False)
        for page in range(3)
    ]
    assert [len(page.ids) for page in pages] == [2, 1, 0]
    assert pages[0].ids + pages[1].ids == everything.ids
    assert {page.total for page in pages} == {3}
    # Facets count every match, not only the page's.
    assert all(page.facets == everything.facets for page in pages)


def test_equal_ranks_go_by_title_across_pages(
    db: Session, catalogue: dict[str, int], monkeypatch: pytest.MonkeyPatch
) -> None:
    # Same text but the title, which does not hold the word: the rank ties, the title decides.
    organization = db.get_one(Practice, catalogue["housing"]).organization_id
    ids = {
        title: service.create_practice(
            db=db,
            organization_id=organization,
            title=title,
            summary="Des ateliers de tricot entre voisines.",
            description_md="",
            details={},
            evidence_level=EvidenceLevel.EMERGING,
            status=PracticeStatus.PUBLISHED,
            term_codes={REGION: ["05"]},
        ).id
        for title in ("Zeste de laine", "Aiguilles du quartier", "Mailles en commun")
    }
    monkeypatch.setattr(search, "PAGE_SIZE", 1)
    pages = [_ids(db, SearchQuery(text="tricot", page=page)) for page in range(3)]
    expected = ["Aiguilles du quartier", "Mailles en commun", "Zeste de laine"]
    assert pages == [[ids[title]] for title in expected]


def test_attribute_facets_put_the_most_frequent_value_first(db: Session, catalogue: dict[str, int]) -> None:
    estrie = db.get_one(Practice, catalogue["housing"]).organization_id
    quebec = db.get_one(Practice, catalogue["jobs"]).organization_id
    facets = search.find(db=db, query=SearchQuery(), published_only=False).facets
    assert facets["status"] == [FacetCount("published", 3), FacetCount("draft", 1)]
    # Ties by value (organizations by id: Accueil Estrie was made first).
    assert facets["evidence_level"] == [
        FacetCount("emerging", 2),
        FacetCount("promising", 1),
        FacetCount("proven", 1),
    ]
    assert facets["organization"] == [FacetCount(str(estrie), 2), FacetCount(str(quebec), 2)]
    # Nothing matches: every facet is there, empty.
    nothing = search.find(db=db, query=SearchQuery(text="aucunmotpareil"), published_only=False)
    assert (nothing.ids, nothing.total) == ([], 0)
    assert set(nothing.facets) == {
        *(scheme.value for scheme in TaxonomyScheme),
        "evidence_level",
        "organization",
        "status",
    }
    assert not any(nothing.facets.values())


def test_a_search_reads_the_index_once(db: Session, catalogue: dict[str, int]) -> None:
    # The page, the total and the facets come from one statement: the database matches the words once.
    statements: list[str] = []

    def record(_conn: object, _cursor: object, statement: str, *_args: object) -> None:
        statements.append(statement)

    connection = db.connection()
    event.listen(connection, "before_cursor_execute", record)
    try:
        query = SearchQuery(text="intégration", terms={REGION: ("05",), AREA: ("francization",)})
        assert search.find(db=db, query=query, published_only=True).total == 1
    finally:
        event.remove(connection, "before_cursor_execute", record)
    assert len([statement for statement in statements if "practice_search" in statement]) == 1
