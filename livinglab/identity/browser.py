"""Each browser's own secret, in an HttpOnly cookie: what binds a sign-in ticket to the browser that asked.

A sign-in happens over the websocket, whose handshake carries the browser's cookies; the ticket it gives is
then followed to /auth/session by a plain HTTP request (livinglab/identity/sessions.py). The secret is set on
the first page a browser loads, so it is there when that page's websocket connects: the sign-in binds its
ticket to it, and the ticket route checks the same cookie. Another browser (a victim who was sent the link)
holds another secret, or none, and cannot use the ticket. No page of another site can set or read it.

Only pages set it (an HTML answer to a browser without one): a page's scripts and styles load after the
page's answer stored it, so one page load never hands out two secrets.
"""

from __future__ import annotations

import secrets
from http.cookies import SimpleCookie

from starlette.datastructures import Headers, MutableHeaders
from starlette.requests import cookie_parser
from starlette.types import ASGIApp, Message, Receive, Scope, Send

BROWSER_COOKIE = "livinglab_browser"
# A year: a shared tablet keeps its secret across sessions; a browser that lost it gets a new one with the
# next page it loads.
MAX_AGE_S = 365 * 24 * 3600


def is_https(headers: Headers, scheme: str) -> bool:
    # Behind the reverse proxy the app itself speaks plain HTTP; the proxy says what the browser used.
    return scheme == "https" or headers.get("x-forwarded-proto") == "https"


def browser_secret_in(cookie_header: str) -> str | None:
    """The secret in a Cookie header, read as the ticket route reads it (Starlette's parser)."""
    return cookie_parser(cookie_header).get(BROWSER_COOKIE) or None


def browser_cookie_header(secure: bool) -> str:
    cookie: SimpleCookie = SimpleCookie()
    cookie[BROWSER_COOKIE] = secrets.token_urlsafe(32)
    morsel = cookie[BROWSER_COOKIE]
    morsel["path"] = "/"
    morsel["max-age"] = MAX_AGE_S
    morsel["httponly"] = True
    morsel["samesite"] = "Lax"
    morsel["secure"] = secure
    return morsel.OutputString()


def with_browser_secret(app: ASGIApp) -> ASGIApp:
    """ASGI middleware: a page sent to a browser without the cookie gives it one."""

    async def app_with_secret(scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] != "GET":
            await app(scope, receive, send)
            return
        request_headers = Headers(scope=scope)
        if browser_secret_in(request_headers.get("cookie", "")):
            await app(scope, receive, send)
            return
        secure = is_https(request_headers, scope.get("scheme", "http"))

        async def send_with_secret(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                if headers.get("content-type", "").startswith("text/html"):
                    headers.append("set-cookie", browser_cookie_header(secure))
            await send(message)

        await app(scope, receive, send_with_secret)

    return app_with_secret
