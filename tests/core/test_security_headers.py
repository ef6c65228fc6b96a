"""Every response tells the browser the app's rules, whatever answered: a page, a file, a route, an error."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from starlette.applications import Starlette
from starlette.responses import PlainTextResponse
from starlette.routing import Route
from starlette.testclient import TestClient

from livinglab.core.security_headers import content_security_policy, with_security_headers
from livinglab.core.settings import get_settings


async def _page(_request: object) -> PlainTextResponse:
    return PlainTextResponse("bonjour")


async def _broken(_request: object) -> PlainTextResponse:
    raise RuntimeError


@pytest.fixture
def settings_from(monkeypatch: pytest.MonkeyPatch) -> Iterator[pytest.MonkeyPatch]:
    monkeypatch.delenv("LIVINGLAB_PUBLIC_URL", raising=False)
    get_settings.cache_clear()
    yield monkeypatch
    get_settings.cache_clear()


def test_every_response_carries_the_rules(settings_from: pytest.MonkeyPatch) -> None:
    app = with_security_headers(Starlette(routes=[Route("/", _page), Route("/panne", _broken)]))
    client = TestClient(app, raise_server_exceptions=False)
    for response in (client.get("/"), client.get("/introuvable"), client.get("/panne")):
        assert response.headers["content-security-policy"] == content_security_policy()
        assert response.headers["x-frame-options"] == "DENY"
        assert response.headers["x-content-type-options"] == "nosniff"
        assert response.headers["referrer-policy"] == "same-origin"


def test_the_policy_names_no_other_host(settings_from: pytest.MonkeyPatch) -> None:
    directives = dict(part.split(" ", 1) for part in content_security_policy().split("; "))
    assert directives["frame-ancestors"] == "'none'"
    assert directives["object-src"] == "'none'"
    assert directives["connect-src"] == "'self'"
    assert "http" not in content_security_policy()


def test_a_public_url_lets_the_websocket_dial_it(settings_from: pytest.MonkeyPatch) -> None:
    settings_from.setenv("LIVINGLAB_PUBLIC_URL", "https://lab.example.org/")
    get_settings.cache_clear()
    assert "connect-src 'self' wss://lab.example.org;" in content_security_policy()
