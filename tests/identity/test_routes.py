"""The HTTP side of sign-in: a ticket is traded once for the session cookie, and every request or websocket
from another origin is refused before it reaches anything."""

from __future__ import annotations

import socket
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import select
from starlette.applications import Starlette
from starlette.responses import HTMLResponse, PlainTextResponse
from starlette.routing import Route, WebSocketRoute
from starlette.testclient import TestClient
from starlette.websockets import WebSocket, WebSocketDisconnect

from livinglab.core import database
from livinglab.core.migrations import upgrade_to_head
from livinglab.core.settings import get_settings
from livinglab.identity import origin, service, sessions
from livinglab.identity.browser import BROWSER_COOKIE, with_browser_secret
from livinglab.identity.guard import SESSION_COOKIE
from livinglab.identity.models import AuthSession
from livinglab.identity.origin import same_origin_only
from livinglab.identity.routes import auth_routes
from livinglab.ui import routes
from tests.conftest import app_pointed_at


@pytest.fixture
def app_database(tmp_path: Path) -> Iterator[str]:
    url = f"sqlite:///{tmp_path / 'lab.db'}"
    upgrade_to_head(url)
    with app_pointed_at(url, tmp_path):
        yield url


LAPTOP = "secret-du-portable"


def _ticket(display_name: str) -> str:
    with database.session_scope() as db:
        person = service.create_person(
            db=db, display_name=display_name, email=f"{display_name.lower()}@accueil.test"
        )
        return sessions.issue_ticket(db=db, person_id=person.id, browser_secret=LAPTOP)


def test_a_ticket_opens_one_session_and_a_used_one_says_it_expired(app_database: str) -> None:
    address = f"{routes.AUTH_SESSION}?ticket={_ticket('Fatou')}&suite={routes.CYCLES}"
    with TestClient(auth_routes(), base_url="http://lab.test", cookies={BROWSER_COOKIE: LAPTOP}) as browser:
        first = browser.get(address, follow_redirects=False)
        again = browser.get(address, follow_redirects=False)

    assert (first.status_code, first.headers["location"]) == (303, routes.CYCLES)
    cookie = first.headers["set-cookie"]
    assert cookie.startswith(f"{SESSION_COOKIE}=")
    assert "httponly" in cookie.lower()
    assert "samesite=lax" in cookie.lower()
    assert again.status_code == 303
    assert again.headers["location"] == routes.sign_in(routes.CYCLES, error="expiree")
    assert "set-cookie" not in again.headers


@pytest.mark.parametrize("victim", [{BROWSER_COOKIE: "secret-de-la-victime"}, {}], ids=["other", "none"])
def test_a_ticket_link_opened_in_another_browser_signs_nobody_in(
    app_database: str, victim: dict[str, str]
) -> None:
    # Someone signs in, keeps their ticket link, and gets another person to open it (login CSRF).
    address = f"{routes.AUTH_SESSION}?ticket={_ticket('Intrus')}&suite={routes.CYCLES}"
    with TestClient(auth_routes(), base_url="http://lab.test", cookies=victim) as browser:
        refused = browser.get(address, follow_redirects=False)
    assert refused.status_code == 303
    assert refused.headers["location"] == routes.sign_in(routes.CYCLES, error="autre-navigateur")
    assert "set-cookie" not in refused.headers
    with database.session_scope() as db:
        assert db.scalars(select(AuthSession)).all() == []


def test_sign_out_answers_only_a_post(app_database: str) -> None:
    with database.session_scope() as db:
        person = service.create_person(db=db, display_name="Fatou", email="fatou@accueil.test")
        token = sessions.start_session(db=db, person_id=person.id)
    with TestClient(auth_routes(), base_url="http://lab.test", cookies={SESSION_COOKIE: token}) as browser:
        # A link or an image of another site is a GET: it signs nobody out.
        assert browser.get(routes.AUTH_LOGOUT, follow_redirects=False).status_code == 405
        with database.session_scope() as db:
            assert sessions.load_identity(db=db, token=token) is not None
        signed_out = browser.post(routes.AUTH_LOGOUT, follow_redirects=False)
    assert (signed_out.status_code, signed_out.headers["location"]) == (303, routes.HOME)
    assert f'{SESSION_COOKIE}=""' in signed_out.headers["set-cookie"]
    with database.session_scope() as db:
        assert sessions.load_identity(db=db, token=token) is None


def test_a_page_gives_a_browser_its_secret_once(app_database: str) -> None:
    async def page(_request: object) -> HTMLResponse:
        return HTMLResponse("<p>bonjour</p>")

    async def script(_request: object) -> PlainTextResponse:
        return PlainTextResponse("", media_type="text/javascript")

    app = with_browser_secret(Starlette(routes=[Route("/", page), Route("/app.js", script)]))
    with TestClient(app, base_url="https://lab.test") as browser:
        assert "set-cookie" not in browser.get("/app.js").headers
        first = browser.get("/")
        again = browser.get("/")
    cookie = first.headers["set-cookie"].lower()
    assert cookie.startswith(f"{BROWSER_COOKIE}=")
    assert {"httponly", "samesite=lax", "secure", "path=/"} <= {part.strip() for part in cookie.split(";")}
    assert "set-cookie" not in again.headers


async def _hello(_request: object) -> PlainTextResponse:
    return PlainTextResponse("bonjour")


async def _echo(socket: WebSocket) -> None:
    await socket.accept()
    await socket.send_text("ouvert")
    await socket.close()


APP = same_origin_only(Starlette(routes=[Route("/", _hello), WebSocketRoute("/_event", _echo)]))


@pytest.fixture
def public_url(monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    monkeypatch.setenv("LIVINGLAB_PUBLIC_URL", "https://lab.example.org/")
    get_settings.cache_clear()
    yield "https://lab.example.org"
    get_settings.cache_clear()


def test_a_configured_deployment_answers_only_its_own_origin(public_url: str) -> None:
    client = TestClient(APP, base_url="https://lab.example.org")
    assert client.get("/", headers={"Origin": public_url}).text == "bonjour"
    assert client.get("/").status_code == 200  # a typed address or a followed link carries no Origin
    assert client.get("/", headers={"Origin": "https://evil.example"}).status_code == 403
    with client.websocket_connect("/_event", headers={"Origin": public_url}) as socket:
        assert socket.receive_text() == "ouvert"
    with pytest.raises(WebSocketDisconnect):
        client.websocket_connect("/_event", headers={"Origin": "https://evil.example"}).__enter__()


@pytest.fixture
def laptop(monkeypatch: pytest.MonkeyPatch) -> Iterator[TestClient]:
    """The embedded default, no public URL, on a laptop whose network address is 192.168.1.20."""
    monkeypatch.delenv("LIVINGLAB_PUBLIC_URL", raising=False)
    monkeypatch.setenv("LIVINGLAB_PORT", "3000")
    monkeypatch.setattr(origin, "machine_hosts", lambda: {"localhost", "127.0.0.1", "192.168.1.20"})
    monkeypatch.setattr(origin, "_machine_origins", origin._MachineOrigins())
    get_settings.cache_clear()
    yield TestClient(APP)
    get_settings.cache_clear()


def test_a_laptop_without_a_public_url_answers_its_own_addresses(laptop: TestClient) -> None:
    # A tablet of the room reaches the facilitator's laptop at its address on the local network.
    at_the_laptop = {"host": "192.168.1.20:3000", "origin": "http://192.168.1.20:3000"}
    with laptop.websocket_connect("/_event", headers=at_the_laptop) as socket:
        assert socket.receive_text() == "ouvert"
    assert laptop.get("/", headers={"origin": "http://localhost:3000"}).status_code == 200
    with pytest.raises(WebSocketDisconnect):
        laptop.websocket_connect(
            "/_event", headers={"host": "192.168.1.20:3000", "origin": "http://192.168.1.99:3000"}
        ).__enter__()
    # Another port of the same machine is another site.
    assert laptop.get("/", headers={"origin": "http://localhost:8080"}).status_code == 403


def test_a_page_of_a_rebound_name_is_refused_though_its_host_matches(laptop: TestClient) -> None:
    # DNS rebinding: evil.example now resolves to the laptop, and the page it serves talks to the app with
    # Host and Origin both naming evil.example.
    rebound = {"host": "evil.example", "origin": "http://evil.example"}
    assert laptop.get("/", headers=rebound).status_code == 403
    with pytest.raises(WebSocketDisconnect):
        laptop.websocket_connect("/_event", headers=rebound).__enter__()
    rebound_with_port = {"host": "evil.example:3000", "origin": "http://evil.example:3000"}
    assert laptop.get("/", headers=rebound_with_port).status_code == 403


def test_the_machines_own_names_and_addresses_are_found() -> None:
    hosts = origin.machine_hosts()
    assert {"localhost", "127.0.0.1", "[::1]", socket.gethostname().lower()} <= hosts
