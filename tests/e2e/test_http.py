"""What every answer of the served app tells the browser, and that the app works under it: the security
headers on pages, files, routes, downloads and refusals; no page breaks under the Content-Security-Policy;
Reflex's health address answers."""

from __future__ import annotations

import json
import re
import urllib.error
import urllib.request
from urllib.parse import urlsplit

from playwright.sync_api import Browser, Page, expect

from livinglab.core.security_headers import security_headers
from livinglab.demo import DEMO_ADMIN_EMAIL, DEMO_JOIN_CODE
from livinglab.ui import routes
from tests.e2e.conftest import TABLET_LANDSCAPE, sign_in

# Reports of the page itself (the event the browser fires) and of the console, where Chromium also writes.
RECORD_VIOLATIONS = """
window.__violations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__violations.push(`${event.violatedDirective} ${event.blockedURI}`);
});
"""


def _answer(
    url: str, method: str = "GET", headers: dict[str, str] | None = None
) -> tuple[int, dict[str, str]]:
    request = urllib.request.Request(url, method=method, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, {name.lower(): value for name, value in response.headers.items()}
    except urllib.error.HTTPError as error:
        return error.code, {name.lower(): value for name, value in error.headers.items()}


def _a_script_of_the_build(base_url: str) -> str:
    with urllib.request.urlopen(base_url + "/", timeout=10) as response:
        page = response.read().decode()
    match = re.search(r'src="(/assets/[^"]+\.js)"', page) or re.search(r'href="(/assets/[^"]+\.js)"', page)
    assert match, "the home page names no script of the build"
    return match.group(1)


def test_every_kind_of_answer_carries_the_rules(base_url: str) -> None:
    answers = {
        "page": _answer(base_url + routes.CATALOG),
        "script": _answer(base_url + _a_script_of_the_build(base_url)),
        "stylesheet": _answer(base_url + "/livinglab.css"),
        "download": _answer(base_url + "/exports/catalogue.csv"),
        "route": _answer(base_url + routes.AUTH_SESSION + "?ticket=forged"),
        "health": _answer(base_url + "/health"),
        "missing": _answer(base_url + "/introuvable.js"),
        "refused": _answer(base_url + routes.AUTH_LOGOUT, "POST", {"Origin": "https://evil.example"}),
    }
    assert answers["refused"][0] == 403
    names = [name.lower() for name in security_headers()]
    page_headers = {name: answers["page"][1].get(name) for name in names}
    assert page_headers["x-frame-options"] == "DENY"
    assert page_headers["x-content-type-options"] == "nosniff"
    assert page_headers["referrer-policy"] == "same-origin"
    assert "frame-ancestors 'none'" in (page_headers["content-security-policy"] or "")
    for kind, (_status, headers) in answers.items():
        assert {name: headers.get(name) for name in names} == page_headers, kind


def test_reflexs_health_address_answers(base_url: str) -> None:
    with urllib.request.urlopen(base_url + "/_health", timeout=10) as response:
        assert response.status == 200
        assert json.loads(response.read()) == {"status": "ok", "database": True, "redis": None}


def _visit(page: Page, url: str) -> None:
    page.goto(url)
    expect(page.locator("h1, h2").first).to_be_visible()
    # Late arrivals: the websocket's first state, fonts, the QR code.
    page.wait_for_timeout(500)


def _links(page: Page, pattern: str, wait_ms: int = 15_000) -> list[str]:
    """The page's links whose address matches ``pattern``, once the page has listed any."""
    for _ in range(wait_ms // 250):
        hrefs = page.eval_on_selector_all("a[href]", "links => links.map((a) => a.getAttribute('href'))")
        found = [str(href) for href in hrefs if re.fullmatch(pattern, href)]
        if found:
            return found
        page.wait_for_timeout(250)
    return []


def _first_link(page: Page, pattern: str) -> str:
    found = _links(page, pattern)
    assert found, f"no link matching {pattern} on {page.url}"
    return found[0]


def test_no_page_breaks_under_the_content_security_policy(browser: Browser, base_url: str) -> None:
    context = browser.new_context(viewport=TABLET_LANDSCAPE, locale="fr-CA")
    context.add_init_script(RECORD_VIOLATIONS)
    console: list[str] = []
    violations: list[str] = []
    try:
        page = context.new_page()
        page.on("console", lambda message: console.append(message.text))

        def visit(path: str) -> None:
            _visit(page, base_url + path)
            violations.extend(f"{path}: {entry}" for entry in page.evaluate("window.__violations"))

        for path in (routes.HOME, routes.SIGN_IN, f"{routes.JOIN}?code={DEMO_JOIN_CODE}", routes.CATALOG):
            visit(path)
        visit(_first_link(page, r"/catalogue/fiches/[\w-]+/?"))

        sign_in(page, base_url, email=DEMO_ADMIN_EMAIL)
        for path in (
            routes.WORKSHOPS,
            routes.CYCLES,
            routes.ADAPTATIONS,
            routes.EVALUATIONS,
            routes.PORTFOLIO,
            routes.ADMIN,
            routes.ADMIN_AUDIT,
        ):
            visit(path)
        page.goto(base_url + routes.WORKSHOPS)
        # The demo's workshop has boards; others made by earlier journeys may have none yet.
        boards: list[str] = []
        for workshop in _links(page, r"/ateliers/\d+/?"):
            visit(workshop.rstrip("/"))
            boards = _links(page, re.escape(workshop.rstrip("/")) + r"/tableaux/\d+/?", wait_ms=3000)
            if boards:
                break
        assert boards, "no workshop with a board"
        visit(boards[0])
        # The board and its projection, with the QR code drawn as a data: image.
        visit(urlsplit(page.url).path.rstrip("/") + "/projection")
    finally:
        context.close()
    assert violations == []
    assert [text for text in console if "Content Security Policy" in text] == []
