"""The administration in a real browser: the demo administrator adds a person, grants a role and finds it in
the log; a refused form keeps what was typed; a one-time password link works once; nobody else gets in; and
the pages stay legible on a tablet either way up and on a projector."""

from __future__ import annotations

import re

import pytest
from babel.dates import format_date
from playwright.sync_api import Browser, Locator, Page, expect

from livinglab.core.i18n import catalog, lab_today
from livinglab.demo import DEMO_ADMIN_EMAIL, DEMO_MANAGER_EMAIL
from livinglab.ui import routes
from tests.e2e.conftest import ARTIFACTS, VIEWPORTS, sign_in

FR = catalog("fr")
FEDERATION = "Réseau Accueil Québec"
NEW_PASSWORD = "un café au bord du fleuve"


def sign_in_as_admin(page: Page, base_url: str) -> None:
    sign_in(page, base_url, email=DEMO_ADMIN_EMAIL)
    page.goto(base_url + routes.ADMIN)
    expect(page.get_by_role("heading", level=1)).to_have_text(FR["admin.title"])


def add_person(page: Page, name: str, email: str) -> Locator:
    """Add a person through the form; their card once it shows."""
    page.locator("#person-name").fill(name)
    page.locator("#person-email").fill(email)
    page.get_by_role("button", name=FR["admin.person.submit"]).click()
    return person_card(page, name)


def person_card(page: Page, name: str) -> Locator:
    card = page.locator("[id^='person-']", has=page.get_by_role("heading", name=name, exact=True))
    expect(card).to_be_visible(timeout=15_000)
    return card


def log_rows(page: Page) -> Locator:
    return page.locator("main table tbody tr")


def test_the_admin_grants_a_role_and_finds_it_in_the_log(page: Page, base_url: str) -> None:
    sign_in(page, base_url, email=DEMO_ADMIN_EMAIL)
    page.get_by_role("link", name=FR["nav.admin"]).click()
    expect(page).to_have_url(base_url + routes.ADMIN)

    card = add_person(page, "Amina Rahmani", "amina.rahmani@example.org")
    expect(card.get_by_text(FR["admin.person.no_roles"])).to_be_visible()
    card.get_by_text(FR["admin.role.add"]).click()
    card.get_by_label(FR["admin.role.organization"]).select_option(label=FEDERATION)
    card.get_by_label(FR["admin.role.role"]).select_option("facilitator")
    card.get_by_role("button", name=FR["admin.role.grant"]).click()

    granted = card.get_by_role("listitem").filter(has_text=FEDERATION)
    expect(granted).to_contain_text(FR["role.facilitator"])

    page.get_by_role("link", name=FR["admin.tab.audit"]).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(FR["audit.title"])
    expect(log_rows(page).first).to_be_visible(timeout=15_000)
    page.get_by_label(FR["audit.filter.action"]).select_option("grant_role")
    page.get_by_label(FR["audit.filter.person"]).select_option(label="Amina Rahmani")
    page.get_by_role("button", name=FR["audit.filter.submit"]).click()

    expect(log_rows(page)).to_have_count(1)
    row = log_rows(page).first
    for shown in ("Sophie Tremblay", FR["audit.action.grant_role"], "Amina Rahmani", FR["role.facilitator"]):
        expect(row).to_contain_text(shown)
    # When: today on the lab's clock, written out in French (« 4 décembre 2026 »). A literal, not a pattern:
    # Playwright runs patterns in JavaScript, where \w does not match the « é » of « décembre ».
    expect(row.locator("td").first).to_contain_text(format_date(lab_today(), "d MMMM y", locale="fr_CA"))

    # Another action: only sign-ins, and none of them is the grant.
    page.get_by_label(FR["audit.filter.action"]).select_option("login")
    page.get_by_label(FR["audit.filter.person"]).select_option("")
    page.get_by_role("button", name=FR["audit.filter.submit"]).click()
    expect(log_rows(page).first).to_contain_text(FR["audit.action.login"])
    actions = log_rows(page).locator("td:nth-child(3)").all_inner_texts()
    assert actions
    assert set(actions) == {FR["audit.action.login"]}

    # Dates the wrong way round are explained, not silently ignored.
    page.get_by_label(FR["audit.filter.since"]).fill("2030-01-02")
    page.get_by_label(FR["audit.filter.until"]).fill("2030-01-01")
    page.get_by_role("button", name=FR["audit.filter.submit"]).click()
    expect(page.locator("#audit-filter-error")).to_have_text(FR["audit.error.dates_reversed"])


def test_a_refused_form_says_why_and_keeps_what_was_typed(page: Page, base_url: str) -> None:
    sign_in_as_admin(page, base_url)
    page.locator("#organization-name").fill(FEDERATION)
    page.locator("#organization-region").select_option("05")
    page.get_by_role("button", name=FR["admin.organization.submit"]).click()

    expect(page.locator("#organization-error")).to_have_text(
        FR["organization.error.exists"].format(name=FEDERATION)
    )
    expect(page.locator("#organization-name")).to_have_value(FEDERATION)

    page.locator("#organization-name").fill("Accueil Saguenay")
    page.get_by_role("button", name=FR["admin.organization.submit"]).click()
    organizations = page.get_by_role("list", name=FR["admin.organizations"])
    expect(organizations.get_by_text("Accueil Saguenay", exact=True)).to_be_visible()
    expect(page.locator("#organization-name")).to_have_value("")
    expect(page.locator("#organization-error")).to_have_text("")


def test_a_password_link_is_shown_once_and_works_once(browser: Browser, page: Page, base_url: str) -> None:
    sign_in_as_admin(page, base_url)
    card = add_person(page, "Olivier Morin", "olivier.morin@example.org")
    card.get_by_role("button", name=FR["admin.link.create"]).click()
    link = card.get_by_label(FR["admin.link.label"])
    expect(link).to_have_value(re.compile(re.escape(routes.PASSWORD_LINK) + r"\?jeton="))
    url = link.input_value()

    # The person opens it on their own device.
    theirs = browser.new_context(viewport=VIEWPORTS["tablet-portrait"], locale="fr-CA", has_touch=True)
    try:
        their_page = theirs.new_page()
        their_page.goto(url)
        expect(their_page.get_by_text("Bonjour Olivier Morin.", exact=False)).to_be_visible(timeout=15_000)
        password = their_page.get_by_label(FR["password_link.password"])
        confirmation = their_page.get_by_label(FR["password_link.confirmation"])
        submit = their_page.get_by_role("button", name=FR["password_link.submit"])

        password.fill(NEW_PASSWORD)
        confirmation.fill("un autre café")
        submit.click()
        expect(their_page.locator("#password-link-error")).to_have_text(FR["password_link.error.mismatch"])
        # Passwords never stay on the screen after a try.
        expect(password).to_have_value("")

        password.fill(NEW_PASSWORD)
        confirmation.fill(NEW_PASSWORD)
        submit.click()
        expect(their_page.get_by_text(FR["password_link.done"])).to_be_visible()

        sign_in(their_page, base_url, email="olivier.morin@example.org", password=NEW_PASSWORD)

        their_page.goto(url)
        expect(their_page.get_by_text(FR["password_link.error.invalid"])).to_be_visible(timeout=15_000)
        expect(their_page.get_by_label(FR["password_link.password"])).to_have_count(0)
    finally:
        theirs.close()

    # Shown once: back on the page, the link is gone.
    page.reload()
    expect(person_card(page, "Olivier Morin").get_by_label(FR["admin.link.label"])).to_have_count(0)


def test_staff_who_are_not_admins_neither_see_nor_open_the_administration(page: Page, base_url: str) -> None:
    sign_in(page, base_url, email=DEMO_MANAGER_EMAIL)
    expect(page.get_by_role("link", name=FR["nav.admin"])).to_have_count(0)

    page.goto(base_url + routes.ADMIN_AUDIT)
    page.wait_for_url(base_url + routes.HOME)
    expect(page.get_by_role("heading", level=1)).to_have_text(FR["home.title"])


def screenshot_fits(page: Page, name: str) -> None:
    """Save the whole page to test-artifacts/screenshots/ and check that nothing scrolls sideways."""
    shots = ARTIFACTS / "screenshots"
    shots.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=shots / f"{name}.png", full_page=True)
    overflow = page.evaluate("() => document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"{name} scrolls sideways by {overflow}px"


@pytest.mark.parametrize("size", VIEWPORTS)
def test_the_administration_is_legible_at_every_size(browser: Browser, base_url: str, size: str) -> None:
    context = browser.new_context(viewport=VIEWPORTS[size], locale="fr-CA", has_touch=size != "projector")
    page = context.new_page()
    try:
        sign_in_as_admin(page, base_url)
        card = person_card(page, "Karim Benali")
        card.get_by_role("button", name=FR["admin.link.create"]).click()
        link = card.get_by_label(FR["admin.link.label"])
        expect(link).to_be_visible()
        password_page = link.input_value()
        screenshot_fits(page, f"admin-{size}")

        page.get_by_role("link", name=FR["admin.tab.audit"]).click()
        expect(log_rows(page).first).to_be_visible(timeout=15_000)
        screenshot_fits(page, f"audit-{size}")

        page.goto(password_page)
        expect(page.get_by_label(FR["password_link.password"])).to_be_visible(timeout=15_000)
        screenshot_fits(page, f"password-link-{size}")
    finally:
        context.close()
