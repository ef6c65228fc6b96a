"""The catalogue in and out of a spreadsheet: an export imports back to the same sheets, every bad row of a
file is reported at its line, a dry run writes nothing, and a real run writes all the good rows or none."""

from __future__ import annotations

import dataclasses
import json
from typing import Any

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from livinglab.catalog import sheets, transfer
from livinglab.catalog.models import Practice, PracticeStatus
from livinglab.catalog.sheets import SheetContent
from livinglab.catalog.transfer import ImportReport, RowError
from livinglab.core.i18n import LANGUAGES, translate
from tests.catalog.test_sheets import CONTENT, _organization
from tests.conftest import spreadsheet_rows

# A spreadsheet's formulas in people's text: the export quotes them, the import gives the text back.
FORMULAS = SheetContent(
    title="=Jumelage interculturel",
    summary="+ de liens entre voisins.",
    description_md="- Accueil\n- Jumelage",
    objectives=("@tous : se rencontrer", "Créer des liens"),
    budget="-",
    areas=("civic_participation",),
    language="en",
)


def _import(db: Session, data: bytes, *, dry_run: bool, allowed: set[int] | None = None) -> ImportReport:
    report = transfer.import_csv(
        db=db, data=data, allowed_organization_ids=allowed, author_id=None, dry_run=dry_run
    )
    assert report.dry_run is dry_run
    for error in report.errors:
        for lang in LANGUAGES:
            assert translate(error.key, lang) != error.key, error.key
    return report


def _practices(db: Session) -> list[Practice]:
    db.expire_all()
    return list(db.scalars(select(Practice).order_by(Practice.id)))


def _contents(db: Session, practices: list[Practice]) -> dict[str, SheetContent]:
    contents = {}
    for practice in practices:
        assert practice.current_version is not None
        contents[practice.current_version.title] = SheetContent.of_version(practice.current_version)
    return contents


def test_an_export_imports_back_to_the_same_sheets_as_new_drafts(db: Session) -> None:
    organization = _organization(db)
    partner = _organization(db, "partenaire")
    originals = [
        sheets.create_sheet(
            db=db,
            organization_id=organization.id,
            content=dataclasses.replace(CONTENT, carrier_ids=(partner.id,)),
            author_id=None,
            status=PracticeStatus.PUBLISHED,
        ),
        sheets.create_sheet(db=db, organization_id=partner.id, content=FORMULAS, author_id=None),
    ]
    data = transfer.to_csv(transfer.export_rows(db=db, published_only=False)).encode()

    rehearsal = _import(db, data, dry_run=True)
    assert (rehearsal.errors, rehearsal.total_rows) == ([], 2)
    assert [sheet.slug for sheet in rehearsal.created] == [
        "cafe-rencontre-a-sherbrooke-2",
        "jumelage-interculturel-2",
    ]
    assert _practices(db) == originals

    report = _import(db, data, dry_run=False)
    assert report.created == rehearsal.created
    imported = _practices(db)[2:]
    assert [(p.slug, p.status, p.organization_id) for p in imported] == [
        ("cafe-rencontre-a-sherbrooke-2", PracticeStatus.DRAFT, organization.id),
        ("jumelage-interculturel-2", PracticeStatus.DRAFT, partner.id),
    ]
    assert _contents(db, imported) == _contents(db, originals)


def test_the_export_quotes_formulas_and_keeps_lists_as_lines_and_codes(db: Session) -> None:
    sheets.create_sheet(
        db=db,
        organization_id=_organization(db).id,
        content=dataclasses.replace(FORMULAS, regions=("05", "06")),
        author_id=None,
        status=PracticeStatus.PUBLISHED,
    )
    exported = transfer.to_csv(transfer.export_rows(db=db, published_only=True))
    assert exported.startswith("\ufeffidentifiant;statut;niveau de preuve;titre;résumé;")
    [header, row] = spreadsheet_rows(exported)
    cells = dict(zip(header, row, strict=True))
    assert cells["titre"] == "'=Jumelage interculturel"
    assert cells["résumé"] == "'+ de liens entre voisins."
    assert cells["description"] == "'- Accueil\n- Jumelage"
    assert cells["objectifs"] == "'@tous : se rencontrer\nCréer des liens"
    assert cells["budget"] == "'-"
    assert (cells["régions"], cells["organisme responsable"], cells["version"]) == ("05;06", "org", "1")

    [record] = json.loads(transfer.to_json(transfer.export_rows(db=db, published_only=True)))
    assert record["titre"] == "=Jumelage interculturel"
    assert record["objectifs"] == ["@tous : se rencontrer", "Créer des liens"]
    assert record["régions"] == ["05", "06"]
    assert list(record) == list(transfer.COLUMNS.values())


# Excel's lines end with CRLF, the lines inside a quoted cell with LF; the description of « Bonne 1 » spans
# lines 2 to 4, so every row after it starts two lines further than its rank.
MIXED = "\r\n".join(
    [
        "titre,résumé,organisme responsable,régions,domaines d'intégration,statuts migratoires,description",
        'Bonne 1,Un résumé,org,05,francization,,"Première ligne\nDeuxième ligne\nTroisième ligne"',
        "Région inconnue,Un résumé,org,99,,,",
        "Domaine inconnu,Un résumé,org,05,cuisine,,",
        "",
        "Statut inconnu,Un résumé,org,,,martien,",
        ",Sans titre,org,,,,",
        "Organisme inconnu,Un résumé,nulle-part,,,,",
        "Bonne 2,Un résumé,ORG,06;05,,asylum_seeker,",
        "Ailleurs,Un résumé,autre,,,,",
        "Décalée,Un résumé,org,,,,,en trop",
        "Bonne 3,Un résumé,org,,,,",
    ]
).encode()
MIXED_ERRORS = [
    RowError(5, "regions", "sheet.error.unknown", {"code": "99"}),
    RowError(6, "areas", "sheet.error.unknown", {"code": "cuisine"}),
    RowError(8, "migratory_statuses", "sheet.error.unknown", {"code": "martien"}),
    RowError(9, "title", "sheet.error.required"),
    RowError(10, "organization_id", "transfer.error.organization", {"code": "nulle-part"}),
    RowError(12, "organization_id", "transfer.error.organization_not_allowed", {"code": "autre"}),
    RowError(13, "", "transfer.error.extra_cells", {"count": "1"}),
]


def test_every_bad_row_is_reported_at_its_line_and_only_the_good_ones_are_created(db: Session) -> None:
    allowed = {_organization(db).id}
    _organization(db, "autre")

    rehearsal = _import(db, MIXED, dry_run=True, allowed=allowed)
    assert rehearsal.errors == MIXED_ERRORS
    assert rehearsal.total_rows == 10
    assert [sheet.title for sheet in rehearsal.created] == ["Bonne 1", "Bonne 2", "Bonne 3"]
    assert _practices(db) == []

    report = _import(db, MIXED, dry_run=False, allowed=allowed)
    assert (report.errors, report.created) == (MIXED_ERRORS, rehearsal.created)
    created = _practices(db)
    assert [p.status for p in created] == [PracticeStatus.DRAFT] * 3
    contents = _contents(db, created)
    assert list(contents) == ["Bonne 1", "Bonne 2", "Bonne 3"]
    assert contents["Bonne 1"].description_md == "Première ligne\nDeuxième ligne\nTroisième ligne"
    assert contents["Bonne 2"].regions == ("06", "05")
    assert contents["Bonne 2"].migratory_statuses == ("asylum_seeker",)
    assert [error.column for error in MIXED_ERRORS[3:5]] == ["titre", "organisme responsable"]


def test_a_failure_in_the_middle_of_an_import_leaves_nothing_written(
    db: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    _organization(db)
    _organization(db, "autre")
    create_sheet = sheets.create_sheet
    calls = []

    def failing_on_the_second(**arguments: Any) -> Practice:
        calls.append(arguments["content"].title)
        if len(calls) == 2:
            raise RuntimeError("disk full")
        return create_sheet(**arguments)

    monkeypatch.setattr(sheets, "create_sheet", failing_on_the_second)
    with pytest.raises(RuntimeError):
        _import(db, MIXED, dry_run=False)
    assert calls == ["Bonne 1", "Bonne 2"]
    assert _practices(db) == []


def _refusal(db: Session, data: bytes) -> list[RowError]:
    report = _import(db, data, dry_run=False)
    assert (report.created, report.total_rows) == ([], 0)
    assert db.scalar(select(func.count(Practice.id))) == 0
    return report.errors


def test_a_file_that_cannot_be_read_is_refused_as_a_whole(
    db: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    _organization(db)
    header = "titre;résumé;organisme responsable\n"
    assert _refusal(db, (header + "Café;Résumé;org\n").encode("cp1252")) == [
        RowError(None, "", "transfer.error.encoding")
    ]
    for empty in (b"", "\ufeff".encode(), b"\n\n", header.encode()):
        assert _refusal(db, empty) == [RowError(None, "", "transfer.error.empty")]
    assert _refusal(db, b"x" * (transfer.MAX_BYTES + 1)) == [
        RowError(None, "", "transfer.error.too_large", {"limit": "5"})
    ]
    # Excel's « Unicode text » is UTF-16: plain letters read as UTF-8 too, each followed by a NUL.
    assert _refusal(db, "titre;budget\nThe;0".encode("utf-16-le")) == [
        RowError(None, "", "transfer.error.encoding")
    ]
    # A quote left open on line 3 runs to the end of the file.
    assert _refusal(db, (header + 'Café;Résumé;org\n"Thé;Résumé;org\nTisane;Résumé;org\n').encode()) == [
        RowError(3, "", "transfer.error.malformed")
    ]
    monkeypatch.setattr(transfer, "MAX_ROWS", 2)
    assert _refusal(db, (header + "A;Résumé;org\n" * 3).encode()) == [
        RowError(None, "", "transfer.error.too_many_rows", {"count": "3", "limit": "2"})
    ]


def test_a_file_without_the_required_columns_or_with_unknown_ones_is_refused(db: Session) -> None:
    _organization(db)
    assert _refusal(db, "\n\nTitre;Régions;Résumés\nCafé;05;Résumé\n".encode()) == [
        RowError(3, "", "transfer.error.missing_columns", {"columns": "résumé, organisme responsable"}),
        RowError(3, "", "transfer.error.unknown_columns", {"columns": "Résumés"}),
    ]


def test_a_file_with_a_byte_order_mark_and_only_the_required_columns_is_read(db: Session) -> None:
    organization = _organization(db)
    data = "\ufeff TITRE ,Résumé,organisme responsable,,\n Café ,Résumé,org,,\n".encode()
    report = _import(db, data, dry_run=False)
    assert (report.errors, [sheet.slug for sheet in report.created]) == ([], ["cafe"])
    [practice] = _practices(db)
    assert practice.organization_id == organization.id
    assert practice.current_version is not None
    assert SheetContent.of_version(practice.current_version) == SheetContent(
        title="Café", summary="Résumé", language="fr"
    )
