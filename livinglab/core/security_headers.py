"""The rules every response gives the browser: where a page may load from, who may frame it, how to read it.

``livinglab serve`` answers everything from the app's workers (pages, scripts, styles, fonts, the sign-in
and download routes, the websocket's handshake): nginx only proxies (docs/deploy/livinglab-proxy.conf), so
one ASGI middleware around the whole app puts the headers on every response, refusals included.

The Content-Security-Policy is as strict as Reflex's production build allows, and names no other host:
everything (fonts included) comes from the app itself. Its relaxations, each needed by the build:

- ``script-src 'unsafe-inline'``: every prerendered page carries inline scripts that React Router and
  Reflex write into it at build time (the colour-mode switch, scroll restoration, the router's context and
  its stream, the module loader); they differ per page and per build, so they cannot be listed by hash
  here without rewriting the build.
- ``script-src 'unsafe-eval'``: Reflex runs the JavaScript a server event sends (``rx.call_script``, used
  to leave the app for the sign-in routes) with ``eval``. That code is written by the app, never by a user.
- ``style-src 'unsafe-inline'``: Emotion writes each component's styles into ``<style>`` elements at run
  time, and Radix sets ``style`` attributes.
- ``img-src data:``: a workshop's QR code is drawn on the server and sent as a ``data:`` SVG
  (livinglab/workshops/invitation.py).
- ``connect-src``: ``'self'`` covers the websocket when the page and the socket share an origin (the
  embedded default); with ``LIVINGLAB_PUBLIC_URL`` the frontend dials that address, named here in its
  ``ws``/``wss`` form.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from livinglab.core.settings import get_settings


def _websocket_origin(public_origin: str) -> str:
    parts = urlsplit(public_origin)
    return f"{'wss' if parts.scheme == 'https' else 'ws'}://{parts.netloc}"


def content_security_policy() -> str:
    settings = get_settings()
    connect = ["'self'"]
    if "public_url" in settings.model_fields_set:
        connect.append(_websocket_origin(settings.public_origin))
    directives = {
        "default-src": ["'self'"],
        "script-src": ["'self'", "'unsafe-inline'", "'unsafe-eval'"],
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": connect,
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
    return "; ".join(f"{name} {' '.join(sources)}" for name, sources in directives.items())


def security_headers() -> dict[str, str]:
    return {
        "Content-Security-Policy": content_security_policy(),
        # frame-ancestors says it to current browsers, this to older ones: no site may frame the app (a
        # sign-in or a vote button under someone else's page).
        "X-Frame-Options": "DENY",
        # A downloaded CSV or Markdown file is never run as a script or a page.
        "X-Content-Type-Options": "nosniff",
        # Addresses carry join codes and password-link tokens: never sent to another site.
        "Referrer-Policy": "same-origin",
    }


def with_security_headers(app: ASGIApp) -> ASGIApp:
    """ASGI middleware: the headers above on every HTTP response of ``app``."""
    headers = security_headers()

    async def guarded_app(scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                response_headers = MutableHeaders(scope=message)
                for name, value in headers.items():
                    response_headers[name] = value
            await send(message)

        await app(scope, receive, send_with_headers)

    return guarded_app
