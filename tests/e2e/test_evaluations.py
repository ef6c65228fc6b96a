"""Adaptations and scale-up evaluations in a real browser. A practitioner on a tablet held upright records how
a practice was adapted in a region (every FRAME element, a cycle and a workshop idea linked) — a record with
its required elements empty is refused element by element, what was typed kept — and evaluates another
practice with the Hexagon — a rating outside 1–5 is refused at its factor, submitting the draft half done
names each missing factor and keeps the draft. A manager at laptop size asks for a change, approves and
decides « étendre »; the history tells every step and the portfolio (its page, its CSV, for managers only)
shows the decision. The pages are then photographed at every size, in French and in English."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Browser, Page, expect

from livinglab.core.i18n import catalog, translate
from livinglab.demo import DEMO_MANAGER_EMAIL, IDEA_EVENING_FRENCH
from livinglab.ui import routes
from tests.conftest import spreadsheet_rows
from tests.e2e.conftest import ARTIFACTS, TABLET_LANDSCAPE, TABLET_PORTRAIT, VIEWPORTS, sign_in
from tests.e2e.test_admin import screenshot_fits

FR = catalog("fr")
EN = catalog("en")
PRACTITIONER = "jean-philippe.roy@example.org"
CAFES = "Cafés-rencontres de francisation"
JUMELAGE = "Jumelage interculturel"
# A region where the demo's cafés were never adapted: the comparison gains a column.
REGION = "Centre-du-Québec"
REGION_CODE = "17"
DEMO_CYCLE = "Un rappel par texto la veille"
SHOTS = ARTIFACTS / "screenshots"
# React puts a radio's value back as soon as it is checked: a value the page never offers comes from a control
# added to the form behind React's back.
TAMPERED_RATING = """fieldset => {
    const input = document.createElement("input");
    Object.assign(input, {type: "hidden", name: "fit.rating", value: "9", id: "tampered"});
    fieldset.appendChild(input);
}"""

# Every FRAME element: one option for each single choice, options ticked for each multiple one.
FRAME_CHOICES = {
    "planned": "planned_reactive",
    "fidelity": "consistent",
    "permanence": "permanent",
}
FRAME_TICKS = {
    "decided_by": ("intervention_team", "recipients"),
    "what": ("context",),
    "level": ("target_group",),
    "type": ("setting", "shortening"),
    "reasons": ("reach", "fit_with_recipients"),
    "contextual_factors": ("work_schedule", "transport"),
}
REQUIRED_FRAME = (
    "planned",
    "decided_by",
    "what",
    "level",
    "type",
    "fidelity",
    "reasons",
    "contextual_factors",
)
STEPS = ("submitted", "changes_requested", "submitted", "approved", "decided")
HEXAGON = ("need", "fit", "resources", "evidence", "readiness", "capacity")
CHANGE_ASKED = "Précisez qui finance les deux jours d'intervenante."
RATIONALE = "Étendre aux villes de l'Estrie : besoin établi, mentorat assuré par l'organisme d'origine."


def _choose(page: Page, field: str, option: str) -> None:
    page.locator(f'input[name="{field}.value"][value="{option}"]').check()


def _tick(page: Page, field: str, option: str) -> None:
    page.locator(f'input[name="{field}.value:{option}"]').check()


def _rate(page: Page, factor: str, rating: int) -> None:
    page.locator(f'input[name="{factor}.rating"][value="{rating}"]').check()


def _move(page: Page, move: str, comment: str = "", decision: str = "") -> None:
    page.locator(f'input[name="move"][value="{move}"]').check()
    if decision:
        page.locator(f'input[name="decision"][value="{decision}"]').check()
    page.locator("#review-comment").fill(comment)
    page.locator("#send-review").click()


def _wait_for_saved(page: Page, text: str) -> None:
    """After a save, the evaluation's page was open before the edit: until its load has run, it shows the
    answers left from then, and the review form may be drawn again under the next click. A busy machine can
    take more than the default 5 s to run that load."""
    expect(page.locator("main")).to_contain_text(text, timeout=30_000)


def _status(page: Page, status: str) -> None:
    expect(page.locator("#evaluation-heading")).to_contain_text(FR[f"evaluation.status.{status}"])


def test_an_adaptation_and_an_evaluation_are_recorded_reviewed_and_decided(
    browser: Browser, base_url: str
) -> None:
    practitioner_context = browser.new_context(viewport=TABLET_PORTRAIT, locale="fr-CA", has_touch=True)
    # The manager at a laptop's size, with a mouse.
    manager_context = browser.new_context(viewport=TABLET_LANDSCAPE, locale="fr-CA")
    try:
        practitioner = practitioner_context.new_page()
        sign_in(practitioner, base_url, email=PRACTITIONER)
        _record_an_adaptation(practitioner, base_url)
        evaluation_url = _start_an_evaluation(practitioner, base_url)

        manager = manager_context.new_page()
        sign_in(manager, base_url, email=DEMO_MANAGER_EMAIL)
        manager.goto(evaluation_url)
        _status(manager, "submitted")
        # Asking for changes without saying which is refused; with a comment, the draft goes back.
        _move(manager, "request_changes")
        expect(manager.locator("#review-error")).to_have_text(
            FR["evaluation.review.request_changes.error.empty"]
        )
        _move(manager, "request_changes", CHANGE_ASKED)
        _status(manager, "changes_requested")

        # The practitioner reads the request, answers it in the draft and submits again. The editor's state
        # still holds the draft as this browser last saved it, the same text as the database: a blank form
        # first, so that the draft below is the one the edit page loaded, not what it showed before loading
        # (typed into then, the text would be replaced when the load lands).
        practitioner.goto(f"{base_url}{routes.EVALUATION_NEW}?cadre=hexagon")
        expect(practitioner.locator("#fw-resources-notes")).to_have_value("")
        practitioner.goto(evaluation_url)
        expect(practitioner.locator("#history")).to_contain_text(CHANGE_ASKED)
        practitioner.get_by_role("link", name=FR["evaluation.edit"]).click()
        # The draft as it was sent back, loaded before it is changed.
        expect(practitioner.locator("#fw-resources-notes")).to_have_value("Guide et formation disponibles.")
        practitioner.locator("#fw-resources-notes").fill(
            "Guide et formation disponibles ; les deux jours d'intervenante sont financés par le PAFI."
        )
        practitioner.locator("#save-evaluation").click()
        practitioner.wait_for_url(re.compile(r"/evaluations/fiches/\d+/?$"))
        _wait_for_saved(practitioner, "financés par le PAFI")
        _move(practitioner, "submit")
        _status(practitioner, "submitted")

        # The manager approves, then decides « étendre » with its rationale.
        manager.reload()
        expect(manager.locator("main")).to_contain_text("financés par le PAFI")
        _move(manager, "approve")
        _status(manager, "approved")
        _move(manager, "decide", decision="scale_out")
        expect(manager.locator("#review-error")).to_have_text(FR["evaluation.review.decide.error.empty"])
        _move(manager, "decide", RATIONALE, decision="scale_out")
        _status(manager, "decided")
        expect(manager.locator("#decision")).to_have_text(FR["evaluation.decision_short.scale_out"])
        history = manager.locator("#history .history-entry")
        expect(history).to_have_count(len(STEPS))
        for index, status in enumerate(STEPS):
            expect(history.nth(index)).to_contain_text(FR[f"evaluation.status.{status}"])
        expect(history.nth(1)).to_contain_text(CHANGE_ASKED)
        expect(history.nth(4)).to_contain_text(RATIONALE)
        expect(manager.locator("#send-review")).to_have_count(0)
        manager.screenshot(path=f"{SHOTS}/evaluation-decided-tablet-landscape.png", full_page=True)

        # Side by side with the other region's evaluation of the same practice: two radars over one another.
        manager.get_by_role("link", name=re.compile(FR["evaluation.compare_with"])).first.click()
        expect(manager.locator("#compared tbody tr")).to_have_count(len(HEXAGON))
        expect(manager.locator(".recharts-radar")).to_have_count(2)

        _the_portfolio_shows_the_decision(manager, base_url)
        _the_portfolio_is_for_managers(practitioner, browser, base_url)
    finally:
        practitioner_context.close()
        manager_context.close()


def _record_an_adaptation(page: Page, base_url: str) -> None:
    page.goto(base_url + routes.ADAPTATIONS)
    page.get_by_role("link", name=FR["adaptation.new"]).click()
    expect(page.locator("label.tick", has_text=DEMO_CYCLE)).to_be_visible()
    page.locator("#select-practice_id").select_option(label=CAFES)
    page.locator("#select-region").select_option(label=REGION)
    summary = "Cafés-rencontres dans la salle paroissiale, le jeudi soir, avec un covoiturage."
    page.locator("#adaptation-summary").fill(summary)
    _choose(page, "when", "implementation")
    page.locator("#fw-when-notes").fill("Après deux rencontres de jour presque vides.")
    # Saved with the other elements empty: a message under each, everything typed still there.
    page.locator("#save-adaptation").click()
    expect(page.locator("#adaptation-error")).to_have_text(
        translate("framework.error.invalid", "fr", count=len(REQUIRED_FRAME))
    )
    for code in REQUIRED_FRAME:
        expect(page.locator(f"#{code}-error")).to_have_text(FR["framework.error.required"])
    expect(page.locator("#when-error")).to_have_count(0)
    expect(page.locator("#permanence-error")).to_have_count(0)
    expect(page.locator("#adaptation-summary")).to_have_value(summary)
    expect(page.locator("#fw-when-notes")).to_have_value("Après deux rencontres de jour presque vides.")
    expect(page.locator('input[name="when.value"][value="implementation"]')).to_be_checked()
    expect(page.locator("#select-region")).to_have_value(REGION_CODE)
    page.screenshot(path=f"{SHOTS}/adaptation-refused-tablet-portrait.png", full_page=True)

    for field, option in FRAME_CHOICES.items():
        _choose(page, field, option)
    for field, options in FRAME_TICKS.items():
        for option in options:
            _tick(page, field, option)
    page.locator("#fw-type-notes").fill("Le soir, à l'église du village ; 60 minutes au lieu de 90.")
    page.locator("label.tick", has_text=DEMO_CYCLE).locator("input").check()
    page.locator("label.tick", has_text=IDEA_EVENING_FRENCH[:30]).locator("input").check()
    page.locator("#save-adaptation").click()
    page.wait_for_url(re.compile(r"/adaptations/fiches/\d+/?$"))

    expect(page.get_by_role("heading", level=1)).to_have_text(REGION)
    expect(page.locator("main")).to_contain_text("Pendant la mise en œuvre")
    expect(page.locator("main")).to_contain_text("60 minutes au lieu de 90")
    expect(page.locator("#links")).to_contain_text(DEMO_CYCLE)
    expect(page.locator("#links")).to_contain_text(IDEA_EVENING_FRENCH)

    # How the cafés were adapted from region to region, the new one among them.
    page.get_by_role("link", name=FR["comparison.open"]).click()
    expect(page.locator("#region-matrix thead")).to_contain_text(REGION)
    expect(page.locator("#region-matrix thead")).to_contain_text("Estrie")
    expect(page.locator("#recurring")).to_contain_text(REGION)


def _start_an_evaluation(page: Page, base_url: str) -> str:
    page.goto(base_url + routes.EVALUATIONS)
    page.get_by_role("link", name=FR["evaluation.new"]).click()
    expect(page.locator("#framework-hexagon")).to_have_attribute("aria-current", "page")
    expect(page.locator("#select-practice_id")).to_contain_text(JUMELAGE)
    page.locator("#select-practice_id").select_option(label=JUMELAGE)
    page.locator("#select-region").select_option(label="Estrie")
    _rate(page, "need", 4)
    need = "Une trentaine de familles arrivées à Sherbrooke cette année, isolées l'hiver."
    page.locator("#fw-need-notes").fill(need)
    # A rating outside 1–5 (sent by a tampered form: the page only offers five) is refused at its factor.
    page.locator("#field-fit").evaluate(TAMPERED_RATING)
    page.locator("#save-evaluation").click()
    expect(page.locator("#fit-error")).to_have_text(FR["framework.error.rating"].format(low=1, high=5))
    one_field = translate("framework.error.invalid", "fr", count=1)
    expect(page.locator("#evaluation-error")).to_have_text(one_field)
    expect(page.locator("#fw-need-notes")).to_have_value(need)
    expect(page.locator('input[name="need.rating"][value="4"]')).to_be_checked()
    page.locator("#tampered").evaluate("input => input.remove()")
    _rate(page, "fit", 4)
    page.locator("#save-evaluation").click()
    page.wait_for_url(re.compile(r"/evaluations/fiches/\d+/?$"))
    evaluation_url = page.url
    _status(page, "draft")

    # Submitted half done: each missing factor is named under its answer, and the draft is kept.
    _move(page, "submit")
    expect(page.locator("#review-error")).to_have_text(FR["evaluation.review.error.incomplete"])
    for factor in ("resources", "evidence", "readiness", "capacity"):
        expect(page.locator(f"#{factor}-error")).to_have_text(FR["framework.error.required"])
    expect(page.locator("#need-error")).to_have_count(0)
    _status(page, "draft")
    page.get_by_role("link", name=FR["evaluation.edit"]).click()
    expect(page.locator("#fw-need-notes")).to_have_value(need)
    expect(page.locator('input[name="need.rating"][value="4"]')).to_be_checked()
    expect(page.locator('input[name="fit.rating"][value="4"]')).to_be_checked()
    for factor, rating in (("resources", 3), ("evidence", 4), ("readiness", 4), ("capacity", 3)):
        _rate(page, factor, rating)
    page.locator("#fw-resources-notes").fill("Guide et formation disponibles.")
    page.locator("#fw-evidence-evidence").fill("Évaluation externe de 2024.")
    page.locator("#save-evaluation").click()
    page.wait_for_url(evaluation_url)
    _wait_for_saved(page, "Guide et formation disponibles.")
    expect(page.locator(".recharts-radar")).to_have_count(1)
    _move(page, "submit")
    _status(page, "submitted")
    # Submitted, it is the managers' now: no draft to edit, no move left for its writer.
    expect(page.get_by_role("link", name=FR["evaluation.edit"])).to_have_count(0)
    expect(page.locator("#send-review")).to_have_count(0)
    return evaluation_url


def _the_portfolio_shows_the_decision(page: Page, base_url: str) -> None:
    page.goto(base_url + routes.PORTFOLIO)
    jumelage = page.locator("#portfolio tbody tr", has_text=JUMELAGE)
    expect(jumelage).to_contain_text(f"Hexagone · {FR['evaluation.status.decided']}")
    expect(jumelage).to_contain_text(FR["evaluation.decision_short.scale_out"])
    cafes = page.locator("#portfolio tbody tr", has_text=CAFES)
    expect(cafes).to_contain_text(f"{REGION} {FR['portfolio.adapted_mark']}")
    coverage = page.locator("#coverage tbody tr", has_text=CAFES)
    expect(coverage.locator("td.coverage-adapted")).not_to_have_count(0)

    # The export is a button to press, as large as a finger, not a line of text.
    export = page.get_by_role("button", name=FR["portfolio.export"])
    expect(export).to_be_visible()
    assert (export.bounding_box() or {"height": 0})["height"] >= 44
    # The CSV, as the signed-in manager downloads it: the same decision, its rationale, the ratings.
    response = page.request.get(base_url + routes.PORTFOLIO_EXPORT)
    assert response.status == 200
    assert response.headers["content-type"].startswith("text/csv")
    assert "portefeuille-" in response.headers["content-disposition"]
    rows = spreadsheet_rows(response.body().decode("utf-8"))
    header = rows[0]
    by_title = {row[0]: dict(zip(header, row, strict=True)) for row in rows[1:]}
    jumelage_row = by_title[JUMELAGE]
    assert jumelage_row[FR["portfolio.column.decision"]] == FR["evaluation.decision.scale_out"]
    assert jumelage_row[FR["portfolio.column.rationale"]] == RATIONALE
    assert jumelage_row[FR["portfolio.column.latest_status"]] == FR["evaluation.status.decided"]
    assert jumelage_row["Hexagone · Besoin"] == "4"
    assert REGION_CODE in by_title[CAFES][FR["portfolio.column.adapted_regions"]].split()


def _the_portfolio_is_for_managers(practitioner: Page, browser: Browser, base_url: str) -> None:
    # A practitioner is staff but no reviewer: home instead of the portfolio, no CSV.
    assert practitioner.request.get(base_url + routes.PORTFOLIO_EXPORT).status in (403, 404)
    practitioner.goto(base_url + routes.PORTFOLIO)
    practitioner.wait_for_url(base_url + routes.HOME)
    expect(practitioner.locator("#portfolio")).to_have_count(0)
    # A visitor without an account is sent to sign in, and gets no CSV either.
    stranger = browser.new_context(viewport=TABLET_PORTRAIT, locale="fr-CA")
    try:
        visitor = stranger.new_page()
        response = visitor.request.get(base_url + routes.PORTFOLIO_EXPORT)
        assert response.status in (403, 404)
        assert JUMELAGE not in response.text()
        visitor.goto(base_url + routes.PORTFOLIO)
        visitor.wait_for_url(re.compile(re.escape(base_url + routes.SIGN_IN)))
        expect(visitor.locator("#portfolio")).to_have_count(0)
    finally:
        stranger.close()


def _evaluation_id(page: Page, base_url: str, practice: str, region: str) -> str:
    page.goto(base_url + routes.EVALUATIONS)
    card = page.locator("a", has_text=practice).filter(has_text=region).first
    href = card.get_attribute("href") or ""
    return href.rstrip("/").rsplit("/", 1)[1]


@pytest.mark.parametrize("size", VIEWPORTS)
@pytest.mark.parametrize("lang", ["fr", "en"])
def test_adaptations_and_evaluations_are_legible_at_every_size(
    browser: Browser, base_url: str, size: str, lang: str
) -> None:
    context = browser.new_context(viewport=VIEWPORTS[size], locale="fr-CA", has_touch=size != "projector")
    page = context.new_page()
    labels = EN if lang == "en" else FR
    try:
        sign_in(page, base_url, email=DEMO_MANAGER_EMAIL)
        page.locator(f"#language-{lang}").click()
        # The language is a cookie the server's answer sets: wait for it before going elsewhere.
        expect(page.locator(f"#language-{lang}")).to_have_attribute("aria-pressed", "true")

        # The demo's Estrie cafés: their FRAME record, then the regions side by side.
        page.goto(base_url + routes.ADAPTATIONS)
        page.locator("a", has_text=CAFES).filter(has_text="covoiturage organisé avec les employeurs").click()
        expect(page.locator("#links")).to_contain_text(IDEA_EVENING_FRENCH)
        screenshot_fits(page, f"adaptation-{size}-{lang}")
        page.get_by_role("link", name=labels["comparison.open"]).click()
        expect(page.locator("#region-matrix tbody tr").first).to_be_visible()
        screenshot_fits(page, f"adaptation-regions-{size}-{lang}")
        page.goto(base_url + routes.ADAPTATION_NEW)
        expect(page.locator("label.tick", has_text=DEMO_CYCLE)).to_be_visible()
        screenshot_fits(page, f"adaptation-editor-{size}-{lang}")

        # Jumelage in Québec awaits review: its answers, radar and review panel.
        pending = _evaluation_id(page, base_url, JUMELAGE, "Capitale-Nationale")
        decided = _evaluation_id(page, base_url, CAFES, "Estrie")
        page.goto(base_url + routes.evaluation(pending))
        expect(page.locator(".recharts-radar")).to_have_count(1)
        expect(page.locator("#send-review")).to_be_visible()
        screenshot_fits(page, f"evaluation-{size}-{lang}")
        page.goto(f"{base_url}{routes.EVALUATION_NEW}?cadre=hexagon")
        expect(page.locator("#field-need")).to_be_visible()
        screenshot_fits(page, f"evaluation-editor-{size}-{lang}")
        page.goto(f"{base_url}{routes.EVALUATION_COMPARISON}?a={pending}&b={decided}")
        expect(page.locator(".recharts-radar")).to_have_count(2)
        screenshot_fits(page, f"evaluation-comparison-{size}-{lang}")

        page.goto(base_url + routes.PORTFOLIO)
        expect(page.locator("#portfolio tbody tr", has_text=JUMELAGE)).to_be_visible()
        screenshot_fits(page, f"portfolio-{size}-{lang}")
        page.goto(base_url + routes.PORTFOLIO_PRINT)
        expect(page.locator("#portfolio tbody tr", has_text=JUMELAGE)).to_be_visible()
        screenshot_fits(page, f"portfolio-print-{size}-{lang}")
    finally:
        context.close()
