"""The shell in a real browser: French first, English one tap away and remembered, every area reachable,
legible at tablet and projector sizes, and nothing fetched from any host but the app's own."""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Browser, Page, expect

from livinglab.core.i18n import LANGUAGE_COOKIE, catalog
from livinglab.demo import DEMO_JOIN_CODE
from livinglab.ui import routes
from tests.e2e.conftest import ARTIFACTS, VIEWPORTS, assert_accessible, sign_in

FR = catalog("fr")
EN = catalog("en")


@dataclass(frozen=True)
class Area:
    route: str
    section: str  # the navigation entry: nav.<section>
    title_key: str
    demo_text: str | None  # a piece of the demo lab the page shows once its data has loaded


AREAS = (
    Area(routes.HOME, "home", "home.title", None),
    Area(routes.WORKSHOPS, "workshops", "workshops.title", "Premiers pas en région"),
    Area(routes.CATALOG, "catalog", "catalog.title", "Jumelage interculturel"),
    Area(routes.CYCLES, "cycles", "cycles.title", "Cafés-rencontres"),
    Area(routes.ADAPTATIONS, "adaptations", "adaptations.title", "Estrie"),
    Area(routes.EVALUATIONS, "evaluations", "evaluations.title", "Jumelage interculturel"),
)
# A message id looks like "area.thing": finding one in a page means a translation was not applied.
RAW_KEY = re.compile(
    r"\b(?:" + "|".join(sorted({key.split(".")[0] for key in FR}, key=len, reverse=True)) + r")\.[a-z_.]+\b"
)


def open_area(page: Page, base_url: str, area: Area) -> None:
    page.goto(base_url + area.route)
    if area.demo_text:
        expect(page.get_by_text(area.demo_text).first).to_be_visible(timeout=15_000)
    else:
        expect(page.get_by_role("heading", level=1)).to_be_visible(timeout=15_000)


def test_home_in_french_then_english_then_every_area(page: Page, base_url: str) -> None:
    home, *areas = AREAS
    sign_in(page, base_url)
    open_area(page, base_url, home)
    expect(page.get_by_role("heading", level=1)).to_have_text(FR["home.title"])
    expect(page.locator("div[lang]:has(main)")).to_have_attribute("lang", "fr")

    page.get_by_role("button", name="EN").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(EN["home.title"])
    expect(page.locator("div[lang]:has(main)")).to_have_attribute("lang", "en")

    navigation = page.get_by_role("navigation", name=EN["nav.label"])
    for area in areas:
        link = navigation.get_by_role("link", name=EN[f"nav.{area.section}"])
        link.click()
        expect(page).to_have_url(base_url + area.route)
        expect(page.get_by_role("heading", level=1)).to_have_text(EN[area.title_key])
        expect(link).to_have_attribute("aria-current", "page")
        expect(page.get_by_text(str(area.demo_text)).first).to_be_visible()
        assert RAW_KEY.search(page.inner_text("body")) is None, f"a raw message id is shown on {area.route}"

    # The brand leads back home.
    page.get_by_role("link", name=EN["nav.home"]).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(EN["home.title"])


def test_language_choice_is_remembered_on_the_device(page: Page, base_url: str) -> None:
    catalog_area = AREAS[2]
    open_area(page, base_url, catalog_area)
    page.get_by_role("button", name="EN").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(EN["catalog.title"])

    page.reload()
    expect(page.get_by_role("heading", level=1)).to_have_text(EN["catalog.title"])
    page.get_by_role("button", name="FR").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(FR["catalog.title"])


def test_no_page_shows_a_raw_message_id_in_french(page: Page, base_url: str) -> None:
    sign_in(page, base_url)
    for area in AREAS:
        open_area(page, base_url, area)
        found = RAW_KEY.search(page.inner_text("body"))
        assert found is None, f"raw message id on {area.route}: {found}"


def test_pages_request_nothing_from_another_host(page: Page, base_url: str) -> None:
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    page.on("websocket", lambda socket: requested.append(socket.url))
    sign_in(page, base_url)
    for area in AREAS:
        open_area(page, base_url, area)
    page.get_by_role("button", name="EN").click()
    page.wait_for_timeout(500)

    own_host = urlsplit(base_url).netloc
    assert requested, "the recorder saw no request at all"
    assert any(url.startswith("ws") for url in requested), "the websocket was not recorded"
    foreign = sorted(
        {url for url in requested if urlsplit(url).netloc != own_host and not url.startswith("data:")}
    )
    assert foreign == [], f"requests to other hosts: {foreign}"


def test_join_code_unknown_keeps_the_text_and_known_code_names_the_workshop(
    page: Page, base_url: str
) -> None:
    open_area(page, base_url, AREAS[0])
    field = page.get_by_label(FR["join.code.label"])
    field.fill("ZZZZ99")
    page.get_by_role("button", name=FR["join.submit"]).click()
    expect(page.get_by_role("alert")).to_have_text(FR["join.error.unknown"])
    expect(field).to_have_value("ZZZZ99")

    field.fill(DEMO_JOIN_CODE.lower())
    page.get_by_role("button", name=FR["join.submit"]).click()
    expect(page).to_have_url(re.compile(re.escape(routes.JOIN)))
    expect(page.get_by_role("heading", level=1)).to_contain_text("Premiers pas en région")


@pytest.mark.parametrize("size", VIEWPORTS)
def test_every_page_fits_the_screen_with_touch_sized_targets(
    browser: Browser, base_url: str, size: str
) -> None:
    context = browser.new_context(viewport=VIEWPORTS[size], has_touch=size != "projector")
    page = context.new_page()
    shots = ARTIFACTS / "screenshots"
    shots.mkdir(parents=True, exist_ok=True)
    try:
        page.goto(base_url + routes.SIGN_IN)
        page.locator("#sign-in-email").wait_for()
        page.screenshot(path=shots / f"sign-in-{size}.png", full_page=True)
        sign_in(page, base_url)
        # English labels run longer or shorter than French ones: both languages must fit.
        for lang in ("en", "fr"):
            page.locator(f"#language-{lang}").click()
            expect(page.locator("div[lang]:has(main)")).to_have_attribute("lang", lang)
            for area in AREAS:
                open_area(page, base_url, area)
                expect(page.get_by_role("heading", level=1)).to_have_text(catalog(lang)[area.title_key])
                page.screenshot(path=shots / f"{area.section}-{size}-{lang}.png", full_page=True)

                overflow = page.evaluate("() => document.documentElement.scrollWidth - window.innerWidth")
                assert overflow <= 0, f"{area.route} scrolls sideways by {overflow}px at {size} in {lang}"
                small = page.evaluate(
                    """() => [...document.querySelectorAll(
                            'header a, header button, main button, main input')]
                        .filter(el => el.offsetParent !== null && !el.classList.contains('ll-skip-link'))
                        .map(el => [el.textContent.trim() || el.getAttribute('aria-label') || el.id,
                                    el.getBoundingClientRect().height])
                        .filter(([, height]) => height < 44)"""
                )
                assert small == [], f"targets under 44 px on {area.route} at {size} in {lang}: {small}"

        # The demo workshop's board, reached as a facilitator would: from the list of workshops.
        open_area(page, base_url, AREAS[1])
        page.get_by_role("link", name=re.compile("Premiers pas en région")).click()
        page.locator(".board-link").first.click()
        expect(page.get_by_role("region", name="Besoins")).to_be_visible()
        page.screenshot(path=shots / f"workshop-board-{size}.png", full_page=True)
        assert page.evaluate("() => document.documentElement.scrollWidth - window.innerWidth") <= 0
    finally:
        context.close()


def test_dates_are_written_out_in_the_readers_language(page: Page, base_url: str) -> None:
    sign_in(page, base_url)
    open_area(page, base_url, AREAS[1])
    expect(page.get_by_text("18 octobre 2025")).to_be_visible()
    page.get_by_role("button", name="EN").click()
    expect(page.get_by_text("October 18, 2025")).to_be_visible()


def test_an_unknown_address_says_so_in_the_readers_language_with_ways_on(page: Page, base_url: str) -> None:
    response = page.goto(base_url + "/nulle-part/ici")
    assert response is not None
    assert response.status == 404
    expect(page.get_by_role("heading", level=1)).to_have_text(FR["not_found.title"])
    assert_accessible(page)
    page.screenshot(path=ARTIFACTS / "screenshots" / "not-found-fr.png", full_page=True)

    page.get_by_role("button", name="EN").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(EN["not_found.title"])
    assert_accessible(page)
    page.get_by_role("link", name=EN["not_found.join"]).click()
    expect(page).to_have_url(re.compile(re.escape(routes.JOIN)))


@pytest.mark.parametrize("size", VIEWPORTS)
def test_the_home_page_shows_the_code_box_without_scrolling(
    browser: Browser, base_url: str, size: str
) -> None:
    context = browser.new_context(viewport=VIEWPORTS[size], has_touch=size != "projector")
    page = context.new_page()
    try:
        page.goto(base_url + routes.HOME)
        for lang in ("fr", "en"):
            page.locator(f"#language-{lang}").click()
            expect(
                page.get_by_role("heading", level=2, name=catalog(lang)["home.participant.title"])
            ).to_be_visible()
            box = page.locator("#join-code").bounding_box()
            assert box is not None
            assert box["y"] + box["height"] <= VIEWPORTS[size]["height"], (
                f"the code box is below the fold at {size}"
            )
            assert_accessible(page)
            page.screenshot(
                path=ARTIFACTS / "screenshots" / f"home-visitor-{size}-{lang}.png", full_page=True
            )
    finally:
        context.close()


def test_a_language_the_app_does_not_know_reads_as_french(browser: Browser, base_url: str) -> None:
    # A stale or hand-edited cookie: every label must still have its text, in French.
    context = browser.new_context()
    context.add_cookies([{"name": LANGUAGE_COOKIE, "value": "xx", "url": base_url}])
    page = context.new_page()
    try:
        page.goto(base_url + routes.CATALOG)
        expect(page.get_by_role("heading", level=1)).to_have_text(FR["catalog.title"])
        expect(page.locator("#result-count")).to_have_text(re.compile(r"^\d+ fiches?$"))
        expect(page.locator("div[lang]:has(main)")).to_have_attribute("lang", "fr")
    finally:
        context.close()
