"""The websocket and the HTTP routes answer only pages of this deployment.

A browser states the page that opened a websocket or sent a request in its ``Origin`` header. A page of
another site could otherwise open the app's websocket with the visitor's cookies and act as them. Every
request carrying a foreign ``Origin`` is refused before it reaches Reflex or a route; requests without one
(a typed address, a link followed) are what they seem.
"""

from __future__ import annotations

from starlette.datastructures import Headers
from starlette.responses import PlainTextResponse
from starlette.types import ASGIApp, Receive, Scope, Send

from livinglab.core.settings import get_settings


def allowed_origins(headers: Headers) -> set[str]:
    """The deployment's public origin; without a configured one (the embedded default on a facilitator's
    laptop, which tablets reach at its address on the local network), the host the browser addressed."""
    settings = get_settings()
    if "public_url" in settings.model_fields_set:
        return {settings.public_origin}
    host = headers.get("host", "")
    return {f"http://{host}", f"https://{host}"}


def same_origin_only(app: ASGIApp) -> ASGIApp:
    async def guarded_app(scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] in ("http", "websocket"):
            headers = Headers(scope=scope)
            origin = headers.get("origin")
            if origin is not None and origin not in allowed_origins(headers):
                if scope["type"] == "websocket":
                    # Closing before accepting answers the handshake with 403.
                    await send({"type": "websocket.close", "code": 1008})
                else:
                    await PlainTextResponse("Origin refused", status_code=403)(scope, receive, send)
                return
        await app(scope, receive, send)

    return guarded_app
