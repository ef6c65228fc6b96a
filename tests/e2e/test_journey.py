"""The issue's whole journey in one run, in real browsers, against the real OpenID provider: an administrator
signs in through the provider and makes someone a facilitator; the facilitator sets her password, opens a
workshop; a participant on a tablet joins with code, pseudonym and consent in at most three screens; signing
out really ends the facilitator's session."""

from __future__ import annotations

import re

from playwright.sync_api import Browser, Page, expect

from livinglab.core.i18n import catalog
from livinglab.identity.guard import SESSION_COOKIE
from livinglab.ui import routes
from tests.e2e.conftest import TABLET_LANDSCAPE, TABLET_PORTRAIT, sign_in, sign_in_with_provider
from tests.e2e.test_admin import add_person
from tests.e2e.test_participants import create_and_open_workshop, join

FR = catalog("fr")
ESTRIE = "Accueil Estrie Solidaire"
FACILITATOR = ("Léa Fortin", "lea.fortin@example.org", "des bleuets au lac Memphrémagog")


def test_from_the_providers_sign_in_to_a_participant_on_the_board(
    browser: Browser, page: Page, base_url: str
) -> None:
    name, email, password = FACILITATOR

    # The administrator signs in through the organization's identity provider.
    sign_in_with_provider(page, base_url)
    expect(page.get_by_text("Sophie Tremblay")).to_be_visible()

    # She adds Léa, makes her a facilitator of Accueil Estrie Solidaire and gives her a password link.
    page.goto(base_url + routes.ADMIN)
    card = add_person(page, name, email)
    card.get_by_text(FR["admin.role.add"]).click()
    card.get_by_label(FR["admin.role.organization"]).select_option(label=ESTRIE)
    card.get_by_label(FR["admin.role.role"]).select_option("facilitator")
    card.get_by_role("button", name=FR["admin.role.grant"]).click()
    expect(card.get_by_role("listitem").filter(has_text=ESTRIE)).to_contain_text(FR["role.facilitator"])
    card.get_by_role("button", name=FR["admin.link.create"]).click()
    link = card.get_by_label(FR["admin.link.label"]).input_value()

    # On her laptop, Léa sets her password, signs in and opens a workshop.
    laptop = browser.new_context(viewport=TABLET_LANDSCAPE, locale="fr-CA")
    tablet = browser.new_context(viewport=TABLET_PORTRAIT, locale="fr-CA", has_touch=True)
    try:
        facilitator = laptop.new_page()
        facilitator.goto(link)
        facilitator.get_by_label(FR["password_link.password"]).fill(password)
        facilitator.get_by_label(FR["password_link.confirmation"]).fill(password)
        facilitator.get_by_role("button", name=FR["password_link.submit"]).click()
        expect(facilitator.get_by_text(FR["password_link.done"])).to_be_visible()
        sign_in(facilitator, base_url, email=email, password=password)
        code = create_and_open_workshop(facilitator, base_url, "Bienvenue à Magog")

        # A participant on a shared tablet: code, pseudonym and consent, then the board.
        participant = tablet.new_page()
        participant.goto(base_url + routes.HOME)
        screens = join(participant, base_url, code, "Hirondelle")
        assert len(screens) <= 3, screens
        expect(participant.get_by_role("heading", level=1)).to_have_text("Bienvenue à Magog")

        # Léa signs out: her session ends on the server, so even a copy of the cookie opens nothing.
        [cookie] = [c for c in laptop.cookies() if c["name"] == SESSION_COOKIE]
        facilitator.locator("#sign-out").click()
        expect(facilitator.locator("#sign-in")).to_be_visible()
        laptop.add_cookies([cookie])
        facilitator.goto(base_url + routes.WORKSHOPS)
        expect(facilitator).to_have_url(re.compile(re.escape(routes.SIGN_IN)))
    finally:
        laptop.close()
        tablet.close()
