from __future__ import annotations

import pytest
from sqlalchemy import update
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from livinglab.catalog import service
from livinglab.catalog.models import EvidenceLevel, Practice, PracticeStatus
from livinglab.catalog.search import SearchQuery
from livinglab.core.errors import DomainError
from livinglab.core.taxonomy import TaxonomyScheme, ensure_taxonomy
from livinglab.identity import service as identity
from livinglab.identity.models import OrganizationKind


def _practice(db: Session, **overrides: object) -> Practice:
    ensure_taxonomy(db=db)
    organization = identity.find_organization(db=db, slug="org") or identity.create_organization(
        db=db, name="Organisme", slug="org", kind=OrganizationKind.MEMBER, region_code="05"
    )
    arguments: dict[str, object] = {
        "title": "Café-rencontre à Sherbrooke",
        "summary": "Pratiquer le français autour d'un café.",
        "description_md": "## Déroulement",
        "details": {"objectives": ["Oser parler"]},
        "evidence_level": EvidenceLevel.EMERGING,
        "status": PracticeStatus.DRAFT,
        "term_codes": {TaxonomyScheme.REGION: ["05"], TaxonomyScheme.INTEGRATION_AREA: ["francization"]},
        **overrides,
    }
    return service.create_practice(db=db, organization_id=organization.id, **arguments)  # type: ignore[arg-type]


def test_create_practice_makes_version_1_the_current_version(db: Session) -> None:
    practice = _practice(db)
    assert [v.number for v in practice.versions] == [1]
    assert practice.current_version is practice.versions[0]
    assert practice.current_version_id == practice.versions[0].id
    assert practice.slug == "cafe-rencontre-a-sherbrooke"
    assert (
        service.search_practices(db=db, query=SearchQuery(), published_only=True, reader=None).practices == []
    )
    [summary] = service.search_practices(
        db=db, query=SearchQuery(), published_only=False, reader=None
    ).practices
    assert (summary.title, summary.region_codes, summary.area_codes) == (
        "Café-rencontre à Sherbrooke",
        ("05",),
        ("francization",),
    )


def test_a_second_practice_with_the_same_title_gets_its_own_slug(db: Session) -> None:
    assert _practice(db).slug != _practice(db).slug


def test_every_update_increments_the_lock_version(db: Session) -> None:
    practice = _practice(db)
    before = practice.lock_version
    practice.status = PracticeStatus.IN_REVIEW
    db.flush()
    assert practice.lock_version == before + 1


def test_an_update_based_on_a_stale_version_is_refused(db: Session) -> None:
    practice = _practice(db)
    # Someone else saved the sheet in the meantime.
    db.execute(
        update(Practice).where(Practice.id == practice.id).values(lock_version=Practice.lock_version + 1),
        execution_options={"synchronize_session": False},
    )
    practice.status = PracticeStatus.PUBLISHED
    with pytest.raises(StaleDataError):
        db.flush()


def test_an_unknown_term_code_is_a_domain_error(db: Session) -> None:
    with pytest.raises(DomainError) as refused:
        _practice(db, term_codes={TaxonomyScheme.REGION: ["99"]})
    assert refused.value.key == "taxonomy.error.unknown_term"
