"""The catalogue's downloads: everyone gets the published sheets, staff every sheet, as a dated attachment."""

from __future__ import annotations

import re

from starlette.testclient import TestClient

from livinglab.catalog import sheets
from livinglab.catalog.export_routes import catalog_export_routes
from livinglab.catalog.models import PracticeStatus
from livinglab.catalog.sheets import SheetContent
from livinglab.core import database
from livinglab.identity import service as identity
from livinglab.identity import sessions
from livinglab.identity.guard import SESSION_COOKIE
from livinglab.identity.models import Role
from livinglab.ui import routes
from tests.catalog.test_sheets import CONTENT, _organization
from tests.conftest import spreadsheet_rows


def _catalog_with_a_draft_and_a_practitioner() -> str:
    """A published sheet and a draft; the session token of a practitioner."""
    with database.session_scope() as db:
        organization = _organization(db)
        sheets.create_sheet(
            db=db,
            organization_id=organization.id,
            content=CONTENT,
            author_id=None,
            status=PracticeStatus.PUBLISHED,
        )
        sheets.create_sheet(
            db=db,
            organization_id=organization.id,
            content=SheetContent(title="Brouillon secret", summary="Pas encore relu."),
            author_id=None,
        )
        person = identity.create_person(db=db, display_name="Léa", email="lea@accueil.test")
        identity.add_membership(db=db, person=person, organization=organization, role=Role.PRACTITIONER)
        return sessions.start_session(db=db, person_id=person.id)


def _titles(response_text: str) -> list[str]:
    header, *rows = spreadsheet_rows(response_text)
    return [row[header.index("titre")] for row in rows]


def test_anyone_exports_the_published_catalogue_and_staff_every_sheet(app_database: str) -> None:
    token = _catalog_with_a_draft_and_a_practitioner()
    csv_address = routes.CATALOG_EXPORT.format(extension="csv")
    with TestClient(catalog_export_routes()) as browser:
        anonymous = browser.get(csv_address)
        browser.cookies.set(SESSION_COOKIE, token)
        staff = browser.get(csv_address)
        staff_json = browser.get(routes.CATALOG_EXPORT.format(extension="json"))

    assert anonymous.status_code == 200
    assert anonymous.headers["content-type"] == "text/csv; charset=utf-8"
    assert re.fullmatch(
        r'attachment; filename="catalogue-\d{4}-\d{2}-\d{2}\.csv"', anonymous.headers["content-disposition"]
    )
    assert anonymous.content.startswith(b"\xef\xbb\xbf")
    assert _titles(anonymous.text) == ["Café-rencontre à Sherbrooke"]
    assert _titles(staff.text) == ["Brouillon secret", "Café-rencontre à Sherbrooke"]
    assert staff_json.headers["content-disposition"].endswith('.json"')
    assert [record["statut"] for record in staff_json.json()] == ["draft", "published"]


def test_an_unknown_format_is_not_found(app_database: str) -> None:
    with TestClient(catalog_export_routes()) as browser:
        assert browser.get(routes.CATALOG_EXPORT.format(extension="xlsx")).status_code == 404
