"""Signing in with a local account, in a real browser: the session lives in an HttpOnly cookie, staff pages
send a signed-out visitor to the sign-in page and back, and signing out really ends the session."""

from __future__ import annotations

import re

from playwright.sync_api import BrowserContext, Page, expect

from livinglab.core.i18n import catalog
from livinglab.demo import DEMO_MANAGER_EMAIL, DEMO_PASSWORD
from livinglab.identity.guard import SESSION_COOKIE
from livinglab.ui import routes
from tests.e2e.conftest import sign_in

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
