"""The served app's websocket and HTTP routes answer only its own origin: a page of another site cannot open
the websocket with a visitor's cookies (cross-site websocket hijacking) nor call a route."""

from __future__ import annotations

import base64
import http.client
import os
from urllib.parse import urlsplit

import pytest

from livinglab.ui import routes

EVENT_SOCKET = "/_event/?EIO=4&transport=websocket"


def handshake_status(base_url: str, origin: str | None) -> int:
    """The status of a real websocket handshake with the app's event socket, from a page of ``origin``."""
    address = urlsplit(base_url)
    connection = http.client.HTTPConnection(address.hostname or "", address.port, timeout=10)
    headers = {
        "Upgrade": "websocket",
        "Connection": "Upgrade",
        "Sec-WebSocket-Key": base64.b64encode(os.urandom(16)).decode(),
        "Sec-WebSocket-Version": "13",
    }
    if origin is not None:
        headers["Origin"] = origin
    try:
        connection.request("GET", EVENT_SOCKET, headers=headers)
        return connection.getresponse().status
    finally:
        connection.close()


def test_the_websocket_opens_for_the_apps_own_pages(base_url: str) -> None:
    assert handshake_status(base_url, base_url) == 101


@pytest.mark.parametrize("origin", ["https://evil.example", "null", "http://localhost:1"])
def test_the_websocket_refuses_other_origins(base_url: str, origin: str) -> None:
    assert handshake_status(base_url, origin) == 403


def test_http_routes_refuse_other_origins(base_url: str) -> None:
    address = urlsplit(base_url)
    connection = http.client.HTTPConnection(address.hostname or "", address.port, timeout=10)
    try:
        connection.request("POST", routes.AUTH_LOGOUT, headers={"Origin": "https://evil.example"})
        refused = connection.getresponse()
        refused.read()
        connection.request("GET", routes.HOME, headers={"Origin": base_url})
        served = connection.getresponse()
    finally:
        connection.close()
    assert (refused.status, served.status) == (403, 200)
