"""Signing in with a local account, in a real browser: the session lives in an HttpOnly cookie, staff pages
send a signed-out visitor to the sign-in page and back, signing out really ends the session, and nobody is
signed in or out by someone else's hand (a ticket link sent to them, a link to the sign-out address)."""

from __future__ import annotations

import re

from playwright.sync_api import Browser, BrowserContext, Page, Route, expect

from livinglab.core.i18n import catalog
from livinglab.demo import DEMO_MANAGER_EMAIL, DEMO_PASSWORD
from livinglab.identity.guard import SESSION_COOKIE
from livinglab.ui import routes
from tests.e2e.conftest import TABLET_PORTRAIT, sign_in

FR = catalog("fr")


def test_a_wrong_password_gets_one_message_and_keeps_the_email(page: Page, base_url: str) -> None:
    page.goto(base_url + routes.SIGN_IN)
    page.locator("#sign-in-email").fill(DEMO_MANAGER_EMAIL)
    page.locator("#sign-in-password").fill("pas le bon mot de passe")
    page.get_by_role("button", name=FR["login.submit"]).click()

    expect(page.get_by_role("alert")).to_have_text(FR["login.error.invalid"])
    expect(page.locator("#sign-in-email")).to_have_value(DEMO_MANAGER_EMAIL)
    expect(page.locator("#sign-in")).to_be_visible()


def test_a_staff_page_asks_to_sign_in_then_comes_back(page: Page, base_url: str) -> None:
    page.goto(base_url + routes.CYCLES)
    expect(page).to_have_url(base_url + routes.SIGN_IN + "?suite=" + routes.CYCLES)
    expect(page.get_by_text("Un rappel par texto la veille")).to_have_count(0)

    page.locator("#sign-in-email").fill(DEMO_MANAGER_EMAIL)
    page.locator("#sign-in-password").fill(DEMO_PASSWORD)
    page.locator("#sign-in-password").press("Enter")

    # The static build answers /cycles with /cycles/.
    expect(page).to_have_url(re.compile(re.escape(base_url + routes.CYCLES) + "/?$"))
    expect(page.get_by_text("Un rappel par texto la veille")).to_be_visible()
    expect(page.get_by_text("Nathalie Bouchard")).to_be_visible()


def test_the_session_cookie_is_http_only_and_sign_out_ends_it(
    context: BrowserContext, page: Page, base_url: str
) -> None:
    sign_in(page, base_url)
    [cookie] = [cookie for cookie in context.cookies() if cookie["name"] == SESSION_COOKIE]
    assert cookie["httpOnly"] is True
    assert cookie["sameSite"] == "Lax"
    assert SESSION_COOKIE not in page.evaluate("() => document.cookie")

    page.locator("#sign-out").click()
    expect(page.locator("#sign-in")).to_be_visible()

    # Bringing the old cookie back does not bring the session back: it ended on the server.
    context.add_cookies([cookie])
    page.goto(base_url + routes.EVALUATIONS)
    expect(page).to_have_url(base_url + routes.SIGN_IN + "?suite=" + routes.EVALUATIONS)


def keep(route: Route, links: list[str]) -> None:
    links.append(route.request.url)
    route.abort()


def test_a_sign_in_ticket_opened_in_another_browser_signs_nobody_in(browser: Browser, base_url: str) -> None:
    # Someone signs in with their own account and keeps the ticket link instead of following it...
    tickets: list[str] = []
    attacker = browser.new_context(viewport=TABLET_PORTRAIT, locale="fr-CA")
    victim = browser.new_context(viewport=TABLET_PORTRAIT, locale="fr-CA")
    try:
        attacker.route(f"**{routes.AUTH_SESSION}?**", lambda route: keep(route, tickets))
        page = attacker.new_page()
        page.goto(base_url + routes.SIGN_IN)
        page.locator("#sign-in-email").fill(DEMO_MANAGER_EMAIL)
        page.locator("#sign-in-password").fill(DEMO_PASSWORD)
        page.locator("#sign-in-password").press("Enter")
        for _ in range(60):
            if tickets:
                break
            page.wait_for_timeout(250)
        [ticket_link] = tickets

        # ...and sends it to someone, who opens it in their browser: they are told why, and nobody signs in.
        opened = victim.new_page()
        opened.goto(ticket_link)
        expect(opened).to_have_url(re.compile(re.escape(base_url + routes.SIGN_IN)))
        expect(opened.get_by_role("alert").filter(has_text=FR["login.error.other_browser"])).to_be_visible()
        expect(opened.locator("#sign-in")).to_be_visible()
        assert SESSION_COOKIE not in {cookie["name"] for cookie in victim.cookies()}
    finally:
        attacker.close()
        victim.close()


def test_a_link_to_the_sign_out_address_signs_nobody_out(page: Page, base_url: str) -> None:
    sign_in(page, base_url)
    # A link, an image or a redirect of another site is a GET: the address is no page then.
    assert page.request.get(base_url + routes.AUTH_LOGOUT, max_redirects=0).status == 404
    page.goto(base_url + routes.AUTH_LOGOUT)
    page.goto(base_url + routes.EVALUATIONS)
    expect(page).to_have_url(re.compile(re.escape(base_url + routes.EVALUATIONS)))
    expect(page.locator("#sign-out")).to_be_visible()
