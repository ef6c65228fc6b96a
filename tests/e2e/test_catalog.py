"""The catalogue's journey at tablet size: a practitioner writes a sheet (an oversized description is refused
with the draft kept), submits it; a manager publishes it while the practitioner's second edit meets the
manager's newer version (the conflict screen, both versions, nothing overwritten); a visitor without an
account finds the sheet by facet and by text, through a shareable URL, and prints it."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from livinglab.catalog.state import IMPORT_UPLOAD_ID
from livinglab.core.i18n import catalog, translate
from livinglab.demo import ESTRIE as ESTRIE_SLUG
from livinglab.ui import routes
from tests.e2e.conftest import TABLET_LANDSCAPE, TABLET_PORTRAIT, VIEWPORTS, sign_in
from tests.e2e.test_admin import screenshot_fits

FR = catalog("fr")
EN = catalog("en")
PRACTITIONER = "jean-philippe.roy@example.org"
TITLE = "Clinique d'accompagnement au logement en Estrie"


def _tick(page: Page, name: str) -> None:
    page.locator(f'input[name="{name}"]').check()


def _move(page: Page, move: str, comment: str = "") -> None:
    page.locator(f'input[name="move"][value="{move}"]').check()
    page.locator("#review-comment").fill(comment)
    page.locator("#review-send").click()


def test_a_sheet_is_written_reviewed_published_and_found(browser: Browser, base_url: str) -> None:
    writer_context = browser.new_context(viewport=TABLET_PORTRAIT, locale="fr-CA", has_touch=True)
    writer = writer_context.new_page()
    sign_in(writer, base_url, email=PRACTITIONER)

    # The practitioner writes a new sheet on a tablet held upright.
    writer.goto(base_url + routes.CATALOG)
    writer.get_by_role("link", name=FR["sheet.new"]).click()
    writer.locator("#sheet-title").fill(TITLE)
    writer.locator("#sheet-summary").fill(
        "Des rendez-vous pour chercher, visiter et signer un bail sans se faire avoir."
    )
    description = "## Déroulement\n\nUne **clinique** par semaine.\n\n<script>window.pwned = 1</script>"
    writer.locator("#sheet-description_md").fill(description + "\n\n" + "x" * 101_000)
    writer.locator("#sheet-objectives").fill("Trouver un logement salubre\nConnaître ses droits de locataire")
    writer.locator("#sheet-staff").fill("Une intervenante, deux jours par semaine")
    for name in (
        "regions:05",
        "areas:housing",
        "migratory_statuses:pr_resettled_refugee",
        "evidence_criteria:clear_context",
    ):
        _tick(writer, name)
    writer.locator("#save-sheet").click()

    # Too long: refused with its own message, and everything typed is still there.
    expect(writer.locator("#description_md-error")).to_contain_text("100")
    expect(writer.locator("#sheet-error")).to_be_visible()
    assert len(writer.locator("#sheet-description_md").input_value()) > 101_000
    expect(writer.locator("#sheet-title")).to_have_value(TITLE)
    expect(writer.locator('input[name="regions:05"]')).to_be_checked()
    writer.locator("#sheet-description_md").fill(description)
    writer.locator("#save-sheet").click()

    writer.wait_for_url(re.compile(r"/catalogue/fiches/clinique-d-accompagnement"))
    expect(writer.locator("#sheet-title")).to_have_text(TITLE)
    expect(writer.locator(".ll-prose strong")).to_have_text("clinique")
    # The script tag is shown as text, never run.
    expect(writer.locator(".ll-prose")).to_contain_text("<script>")
    assert writer.evaluate("() => window.pwned") is None
    # Which criteria are met, not only the badge.
    expect(writer.locator('.criterion[data-met="true"]')).to_have_count(1)
    expect(writer.locator('.criterion[data-met="false"]')).to_have_count(9)
    _move(writer, "submit")
    expect(writer.get_by_text(FR["practice.status.in_review"]).first).to_be_visible()
    sheet_url = writer.url

    # The practitioner opens the editor again while the manager, on a tablet held sideways, edits too.
    writer.locator("#edit-sheet").click()
    writer.locator("#sheet-summary").wait_for()
    manager_context = browser.new_context(viewport=TABLET_LANDSCAPE, locale="fr-CA", has_touch=True)
    manager = manager_context.new_page()
    sign_in(manager, base_url)
    manager.goto(sheet_url + "/modifier")
    manager.locator("#sheet-budget").fill("2 000 $ par année")
    manager.locator("#save-sheet").click()
    manager.wait_for_url(sheet_url)

    writer.locator("#sheet-summary").fill("Un résumé réécrit par l'intervenante.")
    writer.locator("#save-sheet").click()
    conflict = writer.locator("#conflict")
    expect(conflict).to_contain_text("Nathalie Bouchard")
    # Both versions: their budget struck through against my empty one, my summary against theirs.
    expect(conflict.locator(".diff-removed").filter(has_text="2 000 $ par année")).to_be_visible()
    expect(conflict.locator(".diff-added").filter(has_text="réécrit")).to_be_visible()
    expect(writer.locator("#sheet-summary")).to_have_value("Un résumé réécrit par l'intervenante.")
    screenshot_fits(writer, "sheet-conflict-tablet-portrait-fr")
    writer.locator("#take-theirs").click()
    expect(writer.locator("#sheet-budget")).to_have_value("2 000 $ par année")
    writer.locator("#sheet-summary").fill("Un résumé réécrit par l'intervenante.")
    writer.locator("#save-sheet").click()
    writer.wait_for_url(sheet_url)

    # The history shows who changed what.
    writer.goto(sheet_url + "/historique")
    expect(writer.locator(".version-entry")).to_have_count(3)
    expect(writer.locator(".version-entry").first).to_contain_text("Jean-Philippe Roy")
    expect(writer.locator(".version-entry").nth(1)).to_contain_text("2 000 $ par année")
    screenshot_fits(writer, "sheet-history-diff-tablet-portrait-fr")

    # The manager publishes it with a word of thanks.
    manager.goto(sheet_url)
    _move(manager, "publish", "Merci, c'est clair et complet.")
    expect(manager.locator("#review")).to_contain_text("Merci, c'est clair et complet.")
    expect(manager.get_by_text(FR["practice.status.published"]).first).to_be_visible()

    # A visitor without an account finds it by a facet, then by text with a plural and no accents.
    visitor_context = browser.new_context(viewport=TABLET_PORTRAIT, locale="fr-CA", has_touch=True)
    visitor = visitor_context.new_page()
    visitor.goto(base_url + routes.CATALOG)
    visitor.locator('[data-facet="region"] .facet-option').filter(has_text="Estrie").click()
    visitor.wait_for_url(re.compile(r"region=05"))
    # The page has loaded the search the URL describes before the next filter is chosen.
    expect(visitor.locator(".chosen-filter")).to_have_text("Estrie")
    expect(visitor.locator(".practice-card").filter(has_text=TITLE)).to_be_visible()
    housing = visitor.locator('[data-facet="integration_area"] .facet-option').filter(has_text="Logement")
    housing.click()
    visitor.wait_for_url(re.compile(r"domaine=housing"))
    visitor.locator("#catalog-q").fill("cliniques logements")
    visitor.locator("#catalog-q").press("Enter")
    visitor.wait_for_url(re.compile(r"q=cliniques"))
    expect(visitor.locator(".practice-card")).to_have_count(1)
    shared_link = visitor.url

    # The link is the search: opened elsewhere, it shows the same result.
    elsewhere = visitor_context.new_page()
    elsewhere.goto(shared_link)
    expect(elsewhere.locator(".practice-card")).to_have_count(1)
    expect(elsewhere.locator(".chosen-filter")).to_have_count(2)
    elsewhere.locator(".practice-link").click()
    expect(elsewhere.locator("#sheet-title")).to_have_text(TITLE)
    expect(elsewhere.locator("#review")).to_have_count(0)
    elsewhere.get_by_role("link", name=FR["sheet.print"]).click()
    expect(elsewhere.locator(".print-sheet #sheet-title")).to_have_text(TITLE)
    expect(elsewhere.locator("header")).to_have_count(0)

    for context in (writer_context, manager_context, visitor_context):
        context.close()


def test_a_draft_is_neither_listed_nor_readable_without_an_account(browser: Browser, base_url: str) -> None:
    """The demo's « Parcours d'accueil en région » is a draft: staff work in progress."""
    context = browser.new_context(viewport=TABLET_PORTRAIT, locale="fr-CA")
    page = context.new_page()
    page.goto(base_url + routes.CATALOG + "?q=parcours+accueil+region")
    expect(page.locator("#result-count")).to_have_text(translate("catalog.result_count", "fr", count=0))
    page.goto(base_url + routes.practice("parcours-d-accueil-en-region"))
    expect(page.get_by_text(FR["sheet.error.not_found"])).to_be_visible()
    sign_in(page, base_url)
    page.goto(base_url + routes.practice("parcours-d-accueil-en-region"))
    expect(page.locator("#sheet-title")).to_have_text("Parcours d'accueil en région")
    context.close()


@pytest.mark.parametrize("size", VIEWPORTS)
@pytest.mark.parametrize("lang", ["fr", "en"])
def test_the_catalogue_is_legible_at_every_size(
    browser: Browser, base_url: str, size: str, lang: str
) -> None:
    context = browser.new_context(viewport=VIEWPORTS[size], locale="fr-CA", has_touch=size != "projector")
    page = context.new_page()
    sign_in(page, base_url)
    page.goto(base_url + routes.CATALOG)
    page.locator(f"#language-{lang}").click()
    labels = EN if lang == "en" else FR
    expect(page.get_by_role("button", name=labels["catalog.search"])).to_be_visible()
    page.goto(base_url + routes.CATALOG + "?region=06")
    expect(page.locator(".chosen-filter")).to_have_count(1)
    screenshot_fits(page, f"catalog-{size}-{lang}")
    page.locator(".practice-link").first.click()
    page.locator("#sheet-title").wait_for()
    screenshot_fits(page, f"sheet-{size}-{lang}")
    sheet_url = page.url
    page.get_by_role("link", name=labels["sheet.edit"]).click()
    page.locator("#sheet-title").wait_for()
    screenshot_fits(page, f"sheet-editor-{size}-{lang}")
    page.goto(sheet_url + "/historique")
    page.locator(".version-entry").first.wait_for()
    screenshot_fits(page, f"sheet-history-{size}-{lang}")
    page.goto(sheet_url + "/imprimer")
    page.locator(".print-sheet #sheet-title").wait_for()
    screenshot_fits(page, f"sheet-print-{size}-{lang}")
    context.close()


def test_a_spreadsheet_is_checked_line_by_line_then_its_good_rows_imported(
    browser: Browser, base_url: str, tmp_path: Path
) -> None:
    context = browser.new_context(viewport=TABLET_LANDSCAPE, locale="fr-CA", has_touch=True)
    page = context.new_page()
    sign_in(page, base_url)
    sheet = tmp_path / "fiches.csv"
    sheet.write_text(
        "titre;résumé;organisme responsable;régions;domaines d'intégration\n"
        "Halte-garderie pendant les cours;Les parents suivent leur cours de français l'esprit tranquille.;"
        f"{ESTRIE_SLUG};05;francization\n"
        "Cuisine collective;Cuisiner ensemble les plats d'ici et d'ailleurs.;"
        f"{ESTRIE_SLUG};99;reception\n",
        encoding="utf-8",
    )
    page.goto(base_url + routes.CATALOG_IMPORT)
    page.locator(f"#{IMPORT_UPLOAD_ID} input[type=file]").set_input_files(sheet)
    expect(page.locator("#import-checked")).to_contain_text("fiches.csv")
    problem = page.locator(".import-problem")
    expect(problem).to_have_count(1)
    expect(problem).to_contain_text("3")
    expect(problem).to_contain_text("régions")
    expect(problem).to_contain_text("99")
    screenshot_fits(page, "catalog-import-tablet-landscape-fr")
    page.locator("#import-ready").click()
    expect(page.locator("#import-done")).to_contain_text("Halte-garderie pendant les cours")
    page.locator("#import-done").get_by_role("link").click()
    expect(page.locator("#sheet-title")).to_have_text("Halte-garderie pendant les cours")
    expect(page.get_by_text(FR["practice.status.draft"]).first).to_be_visible()
    context.close()
