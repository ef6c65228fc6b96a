"""Workshops in a real browser: a facilitator creates and opens a workshop and shows its code and QR code; a
participant on a tablet joins with code, pseudonym and consent in at most three screens, and can withdraw."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, expect

from livinglab.core.i18n import catalog
from livinglab.demo import DEMO_JOIN_CODE, DEMO_PASSWORD
from livinglab.ui import routes
from tests.e2e.conftest import ARTIFACTS, TABLET_PORTRAIT, VIEWPORTS, sign_in

FR = catalog("fr")
EN = catalog("en")
FACILITATOR_EMAIL = "karim.benali@example.org"
SHOTS = ARTIFACTS / "screenshots"


def join(page: Page, base_url: str, code: str, pseudonym: str) -> list[str]:
    """Join from the home page as a participant would; the addresses of the screens passed through."""
    screens = [page.url]
    page.get_by_label(FR["join.code.label"]).fill(code)
    page.get_by_role("button", name=FR["join.submit"]).click()
    expect(page).to_have_url(re.compile(re.escape(routes.JOIN)))
    screens.append(page.url)
    page.get_by_label(FR["join.pseudonym.label"]).fill(pseudonym)
    page.get_by_label(FR["join.consent.accept"]).check()
    page.get_by_role("button", name=FR["join.enter"]).click()
    # A workshop with one board opens it straight away.
    expect(page).to_have_url(re.compile(r"/ateliers/\d+(/tableaux/\d+)?/?$"))
    screens.append(page.url)
    return screens


def test_a_participant_joins_in_three_screens_on_a_tablet(page: Page, base_url: str) -> None:
    page.goto(base_url + routes.HOME)
    screens = join(page, base_url, DEMO_JOIN_CODE.lower(), "Tournesol")

    assert len(screens) <= 3
    expect(page.get_by_role("heading", level=1)).to_have_text("Notre arrivée en région")
    expect(page.get_by_role("region", name="Besoins")).to_be_visible()
    # In the header: their pseudonym, their workshop and their consent; none of the staff areas.
    expect(page.get_by_text("Tournesol")).to_be_visible()
    expect(page.get_by_role("link", name=FR["nav.participant.consent"])).to_be_visible()
    expect(page.get_by_role("link", name=FR["nav.catalog"])).to_have_count(0)
    # No code or QR code on a participant's screen: that is the facilitator's.
    expect(page.get_by_role("region", name=FR["workshop.invitation.label"])).to_have_count(0)


def test_a_burst_of_wrong_codes_does_not_stop_the_next_tablet(browser: Browser, base_url: str) -> None:
    """Two tablets of one room, behind one address (here both on 127.0.0.1): the first types wrong codes until
    it is told to wait; the right code on the second opens the workshop at once."""
    clumsy = browser.new_context(viewport=TABLET_PORTRAIT, locale="fr-CA", has_touch=True)
    neighbour = browser.new_context(viewport=TABLET_PORTRAIT, locale="fr-CA", has_touch=True)
    try:
        first = clumsy.new_page()
        first.goto(base_url + routes.HOME)
        wait = re.compile(r"Trop de codes essayés sur cette tablette : réessayez dans \d+ secondes")
        for attempt in range(8):
            first.get_by_label(FR["join.code.label"]).fill(f"FAUX{attempt:02d}")
            first.get_by_role("button", name=FR["join.submit"]).click()
            # Each answer arrives before the next try: the wrong-code message, then the wait.
            expect(first.locator("#join-code-error")).to_have_text(
                wait if attempt >= 5 else re.compile(re.escape(FR["join.error.unknown"]))
            )
        second = neighbour.new_page()
        second.goto(base_url + routes.HOME)
        second.get_by_label(FR["join.code.label"]).fill(DEMO_JOIN_CODE)
        second.get_by_role("button", name=FR["join.submit"]).click()
        expect(second).to_have_url(re.compile(re.escape(routes.JOIN)))
        expect(second.get_by_label(FR["join.pseudonym.label"])).to_be_visible()
    finally:
        clumsy.close()
        neighbour.close()


def test_the_qr_code_leads_straight_to_pseudonym_and_consent(page: Page, base_url: str) -> None:
    page.goto(f"{base_url}{routes.JOIN}?code={DEMO_JOIN_CODE}")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Premiers pas en région")
    for paragraph in ("purpose", "kept", "withdraw"):
        expect(page.get_by_text(FR[f"consent.v1.{paragraph}"])).to_be_visible()


def test_a_missing_consent_or_taken_pseudonym_is_explained_and_the_text_kept(
    browser: Browser, page: Page, base_url: str
) -> None:
    page.goto(f"{base_url}{routes.JOIN}?code={DEMO_JOIN_CODE}")
    pseudonym = page.get_by_label(FR["join.pseudonym.label"])
    pseudonym.fill("Libellule")
    page.get_by_role("button", name=FR["join.enter"]).click()
    expect(page.get_by_role("alert")).to_have_text(FR["consent.error.required"])
    expect(pseudonym).to_have_value("Libellule")

    # Someone on another tablet takes the name first.
    other = browser.new_context(viewport=TABLET_PORTRAIT, has_touch=True)
    try:
        first = other.new_page()
        first.goto(base_url + routes.HOME)
        join(first, base_url, DEMO_JOIN_CODE, "Libellule")
    finally:
        other.close()
    page.get_by_label(FR["join.consent.accept"]).check()
    page.get_by_role("button", name=FR["join.enter"]).click()
    expect(page.get_by_role("alert")).to_contain_text("Libellule est déjà pris")
    expect(pseudonym).to_have_value("Libellule")


def test_a_participant_withdraws_and_their_notes_go_with_them(
    context: BrowserContext, page: Page, base_url: str
) -> None:
    page.goto(base_url + routes.HOME)
    join(page, base_url, DEMO_JOIN_CODE, "Héron cendré")
    page.get_by_role("link", name=FR["nav.participant.consent"]).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(FR["participation.title"])
    expect(page.get_by_text(FR["consent.v1.kept"])).to_be_visible()
    page.screenshot(path=SHOTS / "participation-tablet-portrait.png", full_page=True)

    page.get_by_label(FR["participation.notes.delete"]).check()
    page.get_by_role("button", name=FR["participation.withdraw.submit"]).click()
    expect(page).to_have_url(base_url + routes.HOME)
    expect(page.locator("#sign-in")).to_be_visible()
    # The tablet's session is over: the workshop's boards are closed to it.
    page.goto(base_url + routes.WORKSHOPS + "/1")
    expect(page).to_have_url(re.compile(re.escape(routes.SIGN_IN)))


def create_and_open_workshop(page: Page, base_url: str, title: str) -> str:
    """As a signed-in facilitator: a new workshop, opened; the join code it shows the room."""
    page.goto(base_url + routes.WORKSHOPS)
    page.locator("#new-workshop").click()
    page.get_by_label(FR["workshop.field.title"]).fill(title)
    page.get_by_label(FR["workshop.field.purpose"]).fill("Imaginer l'accueil des familles à l'école.")
    page.get_by_label(FR["workshop.field.date"]).fill("2026-12-05")
    page.get_by_role("button", name=FR["workshop.create"]).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(title)
    page.get_by_role("button", name=FR["workshop.open"]).click()
    invitation = page.get_by_role("region", name=FR["workshop.invitation.label"])
    expect(invitation.get_by_role("img", name=FR["workshop.invitation.qr_alt"])).to_be_visible()
    code = page.locator("#join-code-shown").inner_text()
    assert re.fullmatch(r"[A-Z2-9]{6}", code)
    return code


def test_a_new_workshop_without_a_date_is_explained_and_the_text_kept(page: Page, base_url: str) -> None:
    sign_in(page, base_url, email=FACILITATOR_EMAIL, password=DEMO_PASSWORD)
    page.goto(base_url + routes.WORKSHOPS)
    page.locator("#new-workshop").click()
    page.get_by_label(FR["workshop.field.title"]).fill("Atelier sans date")
    page.get_by_role("button", name=FR["workshop.create"]).click()
    expect(page.get_by_role("alert").filter(has_text=FR["workshop.error.date"])).to_be_visible()
    expect(page.get_by_label(FR["workshop.field.title"])).to_have_value("Atelier sans date")


def test_a_facilitator_opens_a_workshop_a_tablet_joins_it_and_it_closes(
    browser: Browser, page: Page, base_url: str
) -> None:
    sign_in(page, base_url, email=FACILITATOR_EMAIL, password=DEMO_PASSWORD)
    code = create_and_open_workshop(page, base_url, "Café-rencontre des familles")
    SHOTS.mkdir(parents=True, exist_ok=True)
    for size, viewport in VIEWPORTS.items():
        page.set_viewport_size(viewport)
        page.screenshot(path=SHOTS / f"workshop-open-{size}.png", full_page=True)

    tablet = browser.new_context(viewport=TABLET_PORTRAIT, has_touch=True)
    try:
        participant = tablet.new_page()
        participant.goto(base_url + routes.HOME)
        join(participant, base_url, code, "Érable")
        expect(participant.get_by_role("heading", level=1)).to_have_text("Café-rencontre des familles")
    finally:
        tablet.close()

    page.get_by_role("button", name=FR["workshop.close"]).click()
    expect(page.get_by_role("button", name=FR["workshop.open"])).to_be_visible()


@pytest.mark.parametrize("size", VIEWPORTS)
@pytest.mark.parametrize("lang", ["fr", "en"])
def test_the_join_page_fits_every_screen(browser: Browser, base_url: str, size: str, lang: str) -> None:
    context = browser.new_context(viewport=VIEWPORTS[size], has_touch=size != "projector")
    page = context.new_page()
    try:
        page.goto(f"{base_url}{routes.JOIN}?code={DEMO_JOIN_CODE}")
        page.locator(f"#language-{lang}").click()
        expect(page.get_by_role("button", name=catalog(lang)["join.enter"])).to_be_visible()
        SHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=SHOTS / f"join-{size}-{lang}.png", full_page=True)
        assert page.evaluate("() => document.documentElement.scrollWidth - window.innerWidth") <= 0
    finally:
        context.close()
