"""Writing a sheet: checked content, a version per save, conflicts between two writers, the history's diff."""

from __future__ import annotations

import dataclasses

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from livinglab.catalog import search, sheets
from livinglab.catalog.evidence import level_for
from livinglab.catalog.models import EvidenceLevel, Practice, PracticeVersion
from livinglab.catalog.sheets import EditConflict, Segment, SheetContent, SheetRejected
from livinglab.core.taxonomy import ensure_taxonomy
from livinglab.identity import service as identity
from livinglab.identity.models import Organization, OrganizationKind

CONTENT = SheetContent(
    title="Café-rencontre à Sherbrooke",
    summary="Pratiquer le français autour d'un café.",
    description_md="## Déroulement\n\nAccueil, café, discussion.",
    objectives=("Oser parler", "Rencontrer des voisins"),
    activities=("Discussion en petites tables",),
    staff="Deux bénévoles",
    budget="20 $ par rencontre",
    duration="1 h 30 par semaine",
    regions=("05",),
    areas=("francization",),
    migratory_statuses=("asylum_seeker",),
    residence_lengths=("lt_1y",),
    partners=("Bibliothèque",),
    contact_name="Marie-Ève Gagnon",
    contact_email="marie-eve@example.org",
    results=("40 personnes par mois",),
    evidence_criteria=("clear_context", "clear_objectives", "tried_once"),
)


def _organization(db: Session, slug: str = "org") -> Organization:
    ensure_taxonomy(db=db)
    return identity.find_organization(db=db, slug=slug) or identity.create_organization(
        db=db, name=f"Organisme {slug}", slug=slug, kind=OrganizationKind.MEMBER, region_code="05"
    )


def _sheet(db: Session, content: SheetContent = CONTENT) -> Practice:
    return sheets.create_sheet(db=db, organization_id=_organization(db).id, content=content, author_id=None)


def test_a_new_sheet_keeps_every_part_and_its_level_follows_the_criteria(db: Session) -> None:
    practice = _sheet(db)
    assert practice.current_version is not None
    assert SheetContent.of_version(practice.current_version) == CONTENT
    assert practice.evidence_level is EvidenceLevel.EMERGING
    assert {term.code for term in practice.terms} == {"05", "francization", "asylum_seeker", "lt_1y"}


def test_the_level_needs_every_criterion_of_the_levels_below() -> None:
    assert level_for([]) is EvidenceLevel.EMERGING
    promising = ["clear_context", "clear_objectives", "tried_once", "meets_needs", "co_designed"]
    assert level_for([*promising, "some_evaluation", "transferable"]) is EvidenceLevel.PROMISING
    # Every « éprouvée » criterion, but one « prometteuse » missing: still émergente.
    assert (
        level_for([*promising, "evaluation_report", "replicated", "sustained_a_year"])
        is EvidenceLevel.EMERGING
    )


def test_every_refused_part_is_reported_at_once(db: Session) -> None:
    bad = dataclasses.replace(
        CONTENT,
        title="  ",
        description_md="é" * 60_000,  # 120 KB in UTF-8
        regions=("99",),
        contact_email="pas une adresse",
        evidence_criteria=("invented",),
    )
    with pytest.raises(SheetRejected) as refused:
        _sheet(db, bad)
    assert {(error.part, error.key) for error in refused.value.errors} == {
        ("title", "sheet.error.required"),
        ("description_md", "sheet.error.description_too_long"),
        ("regions", "sheet.error.unknown"),
        ("contact_email", "sheet.error.email"),
        ("evidence_criteria", "sheet.error.unknown"),
    }
    assert db.scalar(select(Practice.id)) is None


def test_a_description_over_100_kb_is_refused_and_the_saved_version_is_untouched(db: Session) -> None:
    practice = _sheet(db)
    too_long = dataclasses.replace(CONTENT, description_md="a" * (sheets.DESCRIPTION_MAX_BYTES + 1))
    with pytest.raises(SheetRejected) as refused:
        sheets.save(db=db, practice_id=practice.id, content=too_long, base_number=1, author_id=None)
    [error] = refused.value.errors
    assert (error.part, error.params["limit"]) == ("description_md", "100")
    db.expire_all()
    assert [v.number for v in db.get_one(Practice, practice.id).versions] == [1]


def test_each_save_is_a_new_version_and_an_unchanged_save_is_not(db: Session) -> None:
    practice = _sheet(db)
    better = dataclasses.replace(
        CONTENT,
        title="Cafés-rencontres à Sherbrooke",
        regions=("05", "06"),
        evidence_criteria=(
            *CONTENT.evidence_criteria,
            "meets_needs",
            "co_designed",
            "some_evaluation",
            "transferable",
        ),
    )
    assert sheets.save(db=db, practice_id=practice.id, content=better, base_number=1, author_id=None) == 2
    assert sheets.save(db=db, practice_id=practice.id, content=better, base_number=2, author_id=None) == 2
    db.expire_all()
    saved = db.get_one(Practice, practice.id)
    assert [v.number for v in saved.versions] == [1, 2]
    assert saved.evidence_level is EvidenceLevel.PROMISING
    assert {term.code for term in saved.terms} >= {"05", "06"}
    # The search index follows the new title.
    found = search.find(db=db, query=search.SearchQuery(text="cafes rencontres"), published_only=False)
    assert found.ids == [practice.id]


def test_a_save_over_a_newer_version_is_a_conflict_carrying_theirs(db: Session) -> None:
    practice = _sheet(db)
    theirs = dataclasses.replace(CONTENT, summary="Leur résumé, enregistré en premier.")
    mine = dataclasses.replace(CONTENT, summary="Mon résumé, écrit en même temps.")
    sheets.save(db=db, practice_id=practice.id, content=theirs, base_number=1, author_id=None)
    with pytest.raises(EditConflict) as conflict:
        sheets.save(db=db, practice_id=practice.id, content=mine, base_number=1, author_id=None)
    assert conflict.value.number == 2
    assert conflict.value.theirs == theirs
    db.expire_all()
    current = db.get_one(Practice, practice.id).current_version
    assert current is not None
    assert current.summary == theirs.summary
    # Having read theirs, the writer may keep theirs or save theirs-then-mine knowingly.
    assert sheets.save(db=db, practice_id=practice.id, content=mine, base_number=2, author_id=None) == 3


def test_the_history_shows_who_changed_what_as_a_diff(db: Session) -> None:
    person = identity.create_person(db=db, email="ana@example.org", display_name="Ana Gomez")
    practice = _sheet(db)
    edited = dataclasses.replace(
        CONTENT,
        title="Café-rencontre à Magog",
        regions=("05", "06"),
        objectives=("Oser parler", "Se faire des amis"),
    )
    sheets.save(db=db, practice_id=practice.id, content=edited, base_number=1, author_id=person.id)
    latest, first = sheets.history(db=db, practice_id=practice.id, lang="fr")
    assert (latest.number, latest.author_name, first.number, first.changes) == (2, "Ana Gomez", 1, [])
    changes = {change.part: change.segments for change in latest.changes}
    assert set(changes) == {"title", "regions", "objectives"}
    assert changes["title"] == [
        Segment("same", "Café-rencontre à "),
        Segment("removed", "Sherbrooke "),
        Segment("added", "Magog"),
    ]
    # Codes are shown by their names in the reader's language.
    assert changes["regions"] == [Segment("same", "Estrie"), Segment("added", "Montréal")]
    assert Segment("removed", "Rencontrer des voisins") in changes["objectives"]
    assert Segment("added", "Se faire des amis") in changes["objectives"]


def test_compare_names_codes_in_english_for_an_english_reader(db: Session) -> None:
    _organization(db)
    mine = dataclasses.replace(CONTENT, areas=("francization", "housing"), evidence_criteria=())
    changes = {c.part: c.segments for c in sheets.compare(db=db, before=CONTENT, after=mine, lang="en")}
    assert Segment("added", "Housing") in changes["areas"]
    assert changes["evidence_criteria"][0].kind == "removed"
    assert "Context" in changes["evidence_criteria"][0].text


def test_co_carriers_are_kept_and_counted_as_carriers(db: Session) -> None:
    other = _organization(db, "autre")
    practice = _sheet(db, dataclasses.replace(CONTENT, carrier_ids=(other.id,)))
    assert sheets.carrier_ids(db=db, practice_id=practice.id) == {practice.organization_id, other.id}


def test_versions_written_before_sheets_had_every_part_read_with_defaults(db: Session) -> None:
    practice = _sheet(db)
    version = db.scalars(select(PracticeVersion).where(PracticeVersion.practice_id == practice.id)).one()
    version.details = {"objectives": ["Oser parler"]}
    content = SheetContent.of_version(version)
    assert (content.objectives, content.regions, content.staff) == (("Oser parler",), (), "")
