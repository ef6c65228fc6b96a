"""The cycle journey at tablet size: a facilitator plans a cycle from a workshop idea, runs it (feedback
pulled from the board), records a measure — a pasted column with bad lines is refused line by line and kept, a
taken date is refused at its field, a deletion is asked and undone — sees the shift flagged on the run chart,
decides « adapter », and the next cycle opens pre-filled. A manager reads and comments but does not edit;
the report downloads as Markdown for staff only."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from playwright.sync_api import Browser, Page, expect

from livinglab.core.i18n import catalog, lab_today
from livinglab.demo import IDEA_CITY_TOUR
from livinglab.ui import routes
from tests.e2e.conftest import TABLET_PORTRAIT, VIEWPORTS, sign_in
from tests.e2e.test_admin import screenshot_fits
from tests.e2e.test_participants import FACILITATOR_EMAIL

FR = catalog("fr")
EN = catalog("en")
PRACTICE = "Parcours d'accueil en région"
MANAGER = "nathalie.bouchard@example.org"

# Twelve weekly counts: six before the change, six after it, on either side of the median (8).
FIRST_MONDAY = dt.date(2026, 8, 3)
COUNTS = [4, 5, 3, 4, 5, 6, 10, 11, 12, 11, 12, 13]


def _column(lines: list[tuple[dt.date, str]]) -> str:
    return "\n".join(f"{day.isoformat()}\t{value}" for day, value in lines)


def _open_demo_board(page: Page, base_url: str) -> None:
    page.goto(base_url + routes.WORKSHOPS)
    page.get_by_role("link", name=re.compile("Premiers pas en région")).click()
    page.locator(".board-link").first.click()
    page.locator(".phase-decide").wait_for()


def _plan_from_the_idea(page: Page, base_url: str) -> str:
    """On the demo board in its « Décider » phase: a cycle of the practice, from the marked idea."""
    _open_demo_board(page, base_url)
    page.locator(".phase-decide").click()
    idea = page.locator(".idea", has_text=IDEA_CITY_TOUR[:40])
    idea.locator("select").select_option(label=PRACTICE)
    idea.locator(".create-cycle").click()
    outcome = idea.locator(".outcome", has_text="Cycle")
    expect(outcome).to_be_visible()
    board_url = page.url
    outcome.click()
    page.locator("#cycle-title").wait_for()
    return board_url


def test_a_cycle_is_planned_from_an_idea_measured_and_adapted(browser: Browser, base_url: str) -> None:
    context = browser.new_context(viewport=TABLET_PORTRAIT, locale="fr-CA", has_touch=True)
    page = context.new_page()
    sign_in(page, base_url, email=FACILITATOR_EMAIL)
    board_url = _plan_from_the_idea(page, base_url)
    try:
        _run_the_cycle(page, base_url, browser)
    finally:
        # The demo board goes back to collecting: other journeys post notes on it.
        page.goto(board_url)
        page.locator(".phase-collect").click()
        expect(page.locator("#board-phase")).to_have_text(FR["board.phase.collect"])
        context.close()


def _run_the_cycle(page: Page, base_url: str, browser: Browser) -> None:
    expect(page.locator("#cycle-title")).to_contain_text("Cycle 1")
    cycle_url = page.url
    # The plan starts from the idea; leaving it without a prediction is refused at the question.
    expect(page.locator("#plan-objective")).to_have_value(IDEA_CITY_TOUR)
    page.locator("#question-0").fill("La visite aide-t-elle à trouver les services la première semaine ?")
    page.locator("#save-plan").click()
    page.locator("#advance").click()
    expect(page.locator("#form-plan")).to_contain_text(FR["cycle.error.prediction_needed"])
    expect(page.locator("#question-0")).to_have_value(re.compile("La visite aide"))
    page.locator("#prediction-0").fill("Oui : 8 familles sur 10 trouveront l'épicerie et la clinique seules.")
    page.locator("#task-0").fill("Réserver le minibus")
    page.locator("#task-who-0").fill("Karim")
    page.locator("#task-due-0").fill("2026-08-01")
    page.locator("#save-plan").click()
    expect(page.locator("#task-1")).to_be_visible()
    page.locator("#advance").click()

    # Faire: what happened, and a participant's note pulled from the board, its link kept.
    expect(page.locator("#doing-what_happened")).to_be_visible()
    page.locator("#doing-what_happened").fill("Trois visites en groupe, en août.")
    page.locator("#save-doing").click()
    page.locator("#feedback-board").select_option(index=1)
    note = page.locator(".note-choice", has_text="bibliothèque").first
    note.get_by_role("button").click()
    feedback = page.locator(".feedback-item", has_text="bibliothèque")
    expect(feedback).to_be_visible()
    expect(feedback.get_by_role("link")).to_contain_text("Notre arrivée en région")
    page.locator("#advance").click()

    # A measure, then its values pasted from a spreadsheet: the bad lines are named, nothing is saved.
    page.locator(".new-measure").click()
    page.locator("#measure-name").fill("Familles qui trouvent la clinique seules")
    page.locator("#measure-unit").fill("familles")
    page.locator('input[name="kind"][value="outcome"]').check()
    page.locator('input[name="direction"][value="up"]').check()
    page.locator("#create-measure").click()
    measure = page.locator(".measure", has_text="Familles qui trouvent la clinique seules")
    expect(measure).to_be_visible()
    lines = [(FIRST_MONDAY + dt.timedelta(weeks=week), str(count)) for week, count in enumerate(COUNTS)]
    future = lab_today() + dt.timedelta(days=30)
    bad = _column([*lines[:2], (lines[2][0], "trois"), (future, "4")])
    paste = measure.locator(".paste-form textarea")
    paste.fill(bad)
    measure.locator(".paste-points").click()
    expect(measure.locator(".paste-form")).to_contain_text(
        FR["measure.error.value_invalid_line"].format(line=3, text="trois")
    )
    expect(measure.locator(".paste-form")).to_contain_text(
        FR["measure.error.date_future_line"].format(line=4, date=future.isoformat())
    )
    expect(paste).to_have_value(bad)
    expect(measure.locator(".run-chart")).to_have_count(0)
    paste.fill(_column(lines[:-1]))
    measure.locator(".paste-points").click()
    expect(measure.locator(".run-chart")).to_be_visible()

    # One by one: a taken date is refused at the date, the value kept; then the last week is recorded.
    point = measure.locator(".point-form")
    point.locator('input[name="observed_on"]').fill(lines[0][0].isoformat())
    point.locator('input[name="value"]').fill("7")
    point.locator(".record-point").click()
    expect(point).to_contain_text(FR["measure.error.date_taken"].format(date=lines[0][0].isoformat()))
    expect(point.locator('input[name="value"]')).to_have_value("7")
    point.locator('input[name="observed_on"]').fill(lines[-1][0].isoformat())
    point.locator('input[name="value"]').fill(lines[-1][1])
    point.locator('input[name="annotation"]').fill("Visites avec une interprète")
    point.locator(".record-point").click()

    # The shift is flagged on the chart and named beside it.
    expect(measure.locator(".signal", has_text="au-dessus de la médiane")).to_be_visible()
    expect(measure.locator(".shift-line path").first).to_be_attached()
    expect(measure.locator(".recharts-reference-line")).not_to_have_count(0)
    page.screenshot(path="test-artifacts/screenshots/cycle-shift-tablet-portrait.png", full_page=True)

    # Deleting a value asks first, and can be undone.
    measure.locator(".points-table summary").click()
    measure.locator(".delete-point").first.click()
    measure.locator(".confirm-delete").click()
    expect(page.locator("#undo-delete")).to_be_visible()
    expect(measure.locator(".points-table summary")).to_contain_text("11")
    page.locator("#undo-delete").click()
    expect(measure.locator(".points-table summary")).to_contain_text("12")

    # Étudier, then Agir: « adapter » opens the next cycle, its plan carried over.
    page.locator("#result-0").fill("7 familles sur 10 : la clinique reste difficile à trouver.")
    page.locator("#save-study").click()
    page.locator("#advance").click()
    page.locator('input[name="decision"][value="adapt"]').check()
    page.locator("#decide").click()
    expect(page.locator("#stage-act")).to_contain_text(FR["cycle.error.rationale_needed"])
    page.locator("#decide-rationale").fill("Ajouter la clinique au trajet, avec une interprète.")
    page.locator("#decide").click()
    page.wait_for_url(lambda url: url.rstrip("/") != cycle_url.rstrip("/"))
    expect(page.locator("#cycle-title")).to_contain_text("Cycle 2")
    expect(page.locator("#plan-objective")).to_have_value(IDEA_CITY_TOUR)
    expect(page.locator("#prediction-0")).to_have_value(re.compile("8 familles sur 10"))
    expect(page.locator('[aria-current="step"]')).to_contain_text(FR["cycle.stage.plan"])
    # The measure goes on from one cycle to the next.
    expect(page.locator(".measure", has_text="Familles qui trouvent")).to_be_visible()
    page.get_by_role("link", name=re.compile("Cycle 1")).first.click()
    expect(page.locator("#decision")).to_have_text(FR["cycle.decision.adapt"])
    expect(page.locator("#next-cycle")).to_be_visible()
    expect(page.locator("#form-plan")).to_have_count(0)

    _a_manager_follows(browser, base_url, cycle_url)
    _the_report_is_for_staff(page, browser, base_url, cycle_url)


def _a_manager_follows(browser: Browser, base_url: str, cycle_url: str) -> None:
    """At laptop size: every stage readable, no form to fill, a comment."""
    context = browser.new_context(viewport=VIEWPORTS["tablet-landscape"], locale="fr-CA")
    page = context.new_page()
    sign_in(page, base_url, email=MANAGER)
    page.goto(cycle_url)
    page.locator("#cycle-title").wait_for()
    expect(page.locator("#stage-plan")).to_contain_text("La visite aide-t-elle")
    expect(page.locator("#advance")).to_have_count(0)
    expect(page.locator(".point-form")).to_have_count(0)
    page.locator("#comment").fill("Pourquoi pas le samedi ?")
    page.get_by_role("button", name=FR["cycle.comment_add"]).click()
    expect(page.locator(".cycle-comment")).to_contain_text("Pourquoi pas le samedi ?")
    context.close()


def _the_report_is_for_staff(page: Page, browser: Browser, base_url: str, cycle_url: str) -> None:
    cycle_id = cycle_url.rstrip("/").rsplit("/", 1)[1]
    report = page.request.get(base_url + routes.cycle_export(cycle_id))
    assert report.status == 200
    text = report.text()
    assert text.startswith("# Cycle 1")
    assert "La visite aide-t-elle" in text
    assert "Pourquoi pas le samedi" not in text  # comments are a conversation, not the report
    stranger = browser.new_context()
    assert stranger.request.get(base_url + routes.cycle_export(cycle_id)).status == 404
    stranger.close()
    page.goto(cycle_url + "/imprimer")
    expect(page.locator(".report h1")).to_contain_text("Cycle 1")


@pytest.mark.parametrize("size", VIEWPORTS)
@pytest.mark.parametrize("lang", ["fr", "en"])
def test_cycles_are_legible_at_every_size(browser: Browser, base_url: str, size: str, lang: str) -> None:
    context = browser.new_context(viewport=VIEWPORTS[size], locale="fr-CA", has_touch=size != "projector")
    page = context.new_page()
    sign_in(page, base_url, email="marie-eve.gagnon@example.org")
    page.goto(base_url + routes.CYCLES)
    page.locator(f"#language-{lang}").click()
    labels = EN if lang == "en" else FR
    page.get_by_role("link", name="Un rappel par texto la veille").click()
    expect(page.locator("#stage-plan")).to_contain_text(labels["cycle.stage.plan"])
    expect(page.locator(".run-chart").first).to_be_visible()
    screenshot_fits(page, f"cycle-{size}-{lang}")
    page.locator("#cycle-title").wait_for()
    page.get_by_role("link", name="Cafés-rencontres de francisation").click()
    expect(page.locator(".timeline-entry")).to_have_count(1)
    screenshot_fits(page, f"cycle-timeline-{size}-{lang}")
    context.close()
