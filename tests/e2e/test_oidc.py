"""Signing in through the organization's identity provider, in a real browser and against a real provider
(canaille, started by pytest-iam): the provider's button, its own login form, and back signed in; a forged
answer lands back on the sign-in page with a message from the catalog."""

from __future__ import annotations

import re
from urllib.parse import urlencode

from playwright.sync_api import BrowserContext, Page, expect

from livinglab.core.i18n import catalog
from livinglab.identity.guard import SESSION_COOKIE
from livinglab.identity.routes import OIDC_BROWSER_COOKIE
from livinglab.ui import routes
from tests.e2e.conftest import PROVIDER_LABEL, sign_in_with_provider

FR = catalog("fr")


def test_the_sign_in_page_offers_the_provider_first(page: Page, base_url: str) -> None:
    page.goto(base_url + routes.sign_in(routes.CYCLES))
    provider = page.locator("#sign-in-provider")
    expect(provider).to_have_text(FR["login.oidc.button"].replace("{provider}", PROVIDER_LABEL))
    expect(provider).to_have_attribute("href", routes.AUTH_OIDC_START + "?suite=%2Fcycles")
    expect(page.get_by_text(FR["login.oidc.or"], exact=True)).to_be_visible()
    # No error code in the address, no message.
    expect(page.get_by_role("alert").filter(has_text=re.compile(r"\S"))).to_have_count(0)


def test_the_administrator_signs_in_through_the_provider(
    context: BrowserContext, page: Page, base_url: str
) -> None:
    sign_in_with_provider(page, base_url)

    expect(page.get_by_text("Sophie Tremblay")).to_be_visible()
    cookies = {cookie["name"]: cookie for cookie in context.cookies()}
    assert cookies[SESSION_COOKIE]["httpOnly"] is True
    # The attempt's browser binding is gone once used.
    assert OIDC_BROWSER_COOKIE not in cookies


def test_a_forged_answer_comes_back_to_the_sign_in_page_with_a_message(page: Page, base_url: str) -> None:
    page.goto(base_url + routes.AUTH_OIDC_CALLBACK + "?" + urlencode({"code": "forged", "state": "forged"}))

    expect(page).to_have_url(re.compile(re.escape(base_url + routes.SIGN_IN) + r"/?\?.*erreur=expiree"))
    expect(page.get_by_role("alert").filter(has_text=FR["login.oidc.error.expired"])).to_be_visible()
    expect(page.locator("#sign-out")).to_have_count(0)


def test_only_known_error_codes_show_a_message(page: Page, base_url: str) -> None:
    lure = "Votre compte est bloqué, appelez le 555"
    page.goto(base_url + routes.SIGN_IN + "?" + urlencode({"erreur": lure}))
    expect(page.locator("#sign-in-provider")).to_be_visible()
    expect(page.get_by_text("appelez le 555")).to_have_count(0)
