"""Browser journeys: the production build of the app, served on a free port, driven in Debian's Chromium."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Browser, BrowserContext, Page, expect, sync_playwright
from pytest_iam import Server

from livinglab.demo import DEMO_ADMIN_EMAIL, DEMO_MANAGER_EMAIL, DEMO_PASSWORD
from livinglab.ui import routes

# CI runs the journeys on two cores beside PostgreSQL, Redis and the app's own build: a page may take longer
# than Playwright's default 5 s to show an answer there, without anything being wrong. A real failure still
# fails, 15 s later.
expect.set_options(timeout=15_000)

PROJECT_ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = PROJECT_ROOT / "test-artifacts"
CHROMIUM = "/usr/bin/chromium"
# The flags this machine's closed network needs: no background calls to Google, no QUIC, no sandbox as root.
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
# The first production build installs the frontend's npm packages: give it time on a fresh machine.
STARTUP_TIMEOUT_S = 600

# This deployment's registration at the test identity provider, and the demo administrator's account there.
PROVIDER_CLIENT_ID = "livinglab-e2e"
PROVIDER_CLIENT_SECRET = "secret-du-client-e2e"
PROVIDER_LABEL = "Canaille de test"
PROVIDER_ADMIN_USERNAME = "sophie"
PROVIDER_PASSWORD = "mot-de-passe-du-fournisseur"

TABLET_PORTRAIT = {"width": 768, "height": 1024}
TABLET_LANDSCAPE = {"width": 1024, "height": 768}
PROJECTOR = {"width": 1920, "height": 1080}
VIEWPORTS = {"tablet-portrait": TABLET_PORTRAIT, "tablet-landscape": TABLET_LANDSCAPE, "projector": PROJECTOR}


def assert_accessible(page: Page) -> None:
    """axe-core's WCAG 2.x A and AA rules find nothing wrong with the page as it is now."""
    results = Axe().run(
        page,
        options={
            "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]}
        },
    )
    assert results.violations_count == 0, results.generate_report()


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _wait_until_serving(url: str, server: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + STARTUP_TIMEOUT_S
    while time.monotonic() < deadline:
        if server.poll() is not None:
            pytest.fail(
                f"the app stopped while starting (exit {server.returncode}):\n{log.read_text()[-4000:]}"
            )
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(1)
    pytest.fail(f"the app did not answer on {url} within {STARTUP_TIMEOUT_S} s:\n{log.read_text()[-4000:]}")


@pytest.fixture(scope="session")
def app_port() -> int:
    """The app's port, known before it starts: the identity provider must know where to send people back."""
    return free_port()


@pytest.fixture(scope="session")
def identity_provider(iam_server: Server, app_port: int) -> Server:
    """A real OpenID provider (canaille, run by pytest-iam in this process) where the app is registered and
    the demo administrator has an account, ``PROVIDER_ADMIN_USERNAME`` with ``PROVIDER_PASSWORD``."""
    client = iam_server.models.Client(
        client_id=PROVIDER_CLIENT_ID,
        client_secret=PROVIDER_CLIENT_SECRET,
        client_name="Living Lab",
        redirect_uris=[f"http://127.0.0.1:{app_port}{routes.AUTH_OIDC_CALLBACK}"],
        grant_types=["authorization_code"],
        response_types=["code"],
        token_endpoint_auth_method="client_secret_basic",
        scope=["openid", "profile", "email"],
    )
    iam_server.backend.save(client)
    client.audience = [client]
    iam_server.backend.save(client)
    iam_server.random_user(
        user_name=PROVIDER_ADMIN_USERNAME,
        emails=[DEMO_ADMIN_EMAIL],
        given_name="Sophie",
        family_name="Tremblay",
        formatted_name="Sophie Tremblay",
        password=PROVIDER_PASSWORD,
    )
    return iam_server


@contextmanager
def serving_app(data: Path, port: int, *, build_suffix: str = "", **settings: str) -> Iterator[str]:
    """The app started exactly as command 1 starts it (``livinglab serve --demo``) on its own database in
    ``data``, with ``settings`` added to its environment; its address."""
    ARTIFACTS.mkdir(exist_ok=True)
    log = ARTIFACTS / f"e2e-server-{port}.log"
    environment = {
        **os.environ,
        "LIVINGLAB_DATABASE_URL": f"sqlite:///{data / 'livinglab.db'}",
        "LIVINGLAB_PORT": str(port),
        "LIVINGLAB_HOST": "127.0.0.1",
        "LIVINGLAB_PUBLIC_URL": f"http://127.0.0.1:{port}",
        # Its own build directory, one per port: the frontend build names the port its websocket dials, so two
        # apps (or a developer's running app) must never share one.
        "REFLEX_WEB_WORKDIR": os.environ.get("LIVINGLAB_E2E_WEB_WORKDIR", str(PROJECT_ROOT / ".web-e2e"))
        + build_suffix,
        "REFLEX_STATES_WORKDIR": str(data / "states"),
    }
    environment.pop("REDIS_URL", None)
    environment.update(settings)
    with log.open("wb") as output:
        server = subprocess.Popen(
            [sys.executable, "-m", "livinglab.cli", "serve", "--demo"],
            cwd=PROJECT_ROOT,
            env=environment,
            stdout=output,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    url = f"http://127.0.0.1:{port}"
    try:
        _wait_until_serving(url + "/", server, log)
        yield url
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)


@pytest.fixture(scope="session")
def base_url(
    tmp_path_factory: pytest.TempPathFactory, app_port: int, identity_provider: Server
) -> Iterator[str]:
    """The app with its embedded state manager, and staff sign-in through ``identity_provider``."""
    with serving_app(
        tmp_path_factory.mktemp("e2e-data"),
        app_port,
        LIVINGLAB_OIDC_ISSUER=identity_provider.url.rstrip("/"),
        LIVINGLAB_OIDC_CLIENT_ID=PROVIDER_CLIENT_ID,
        LIVINGLAB_OIDC_CLIENT_SECRET=PROVIDER_CLIENT_SECRET,
        LIVINGLAB_OIDC_LABEL=PROVIDER_LABEL,
    ) as url:
        yield url


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: ./scripts/test installs Debian's chromium package")
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield launched
        launched.close()


@pytest.fixture
def context(browser: Browser) -> Iterator[BrowserContext]:
    """A fresh tablet (its own cookies), held in portrait like most shared workshop tablets."""
    fresh = browser.new_context(viewport=TABLET_PORTRAIT, locale="fr-CA", has_touch=True)
    yield fresh
    fresh.close()


@pytest.fixture
def page(context: BrowserContext) -> Page:
    return context.new_page()


def sign_in(
    page: Page, base_url: str, email: str = DEMO_MANAGER_EMAIL, password: str = DEMO_PASSWORD
) -> None:
    """Sign in through the sign-in page, as a person would, and wait to be back home."""
    page.goto(base_url + routes.SIGN_IN)
    page.locator("#sign-in-email").fill(email)
    page.locator("#sign-in-password").fill(password)
    page.locator("#sign-in-password").press("Enter")
    page.wait_for_url(base_url + routes.HOME)
    page.locator("#sign-out").wait_for()


def sign_in_with_provider(
    page: Page, base_url: str, username: str = PROVIDER_ADMIN_USERNAME, password: str = PROVIDER_PASSWORD
) -> None:
    """Sign in through the identity provider, as a person would: the provider's button on the sign-in page,
    the provider's own login forms, its consent page if it asks, and back home signed in."""
    page.goto(base_url + routes.SIGN_IN)
    page.locator("#sign-in-provider").click()
    page.locator("input[name=login]").fill(username)
    page.locator("input[name=login]").press("Enter")
    page.locator("input[name=password]").fill(password)
    page.locator("input[name=password]").press("Enter")
    page.wait_for_url(lambda url: url.startswith(base_url) or "/oauth/authorize" in url)
    if not page.url.startswith(base_url):
        page.locator("#accept").click()
    page.wait_for_url(base_url + routes.HOME)
    page.locator("#sign-out").wait_for()
