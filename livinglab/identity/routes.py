"""The two plain HTTP routes of sign-in: only an HTTP response can set or clear an HttpOnly cookie."""

from __future__ import annotations

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import RedirectResponse
from starlette.routing import Route

from livinglab.core.database import session_scope
from livinglab.identity.guard import SESSION_COOKIE
from livinglab.identity.sessions import ABSOLUTE_TIMEOUT, end_session, redeem_ticket
from livinglab.ui import routes


def _is_https(request: Request) -> bool:
    # Behind the reverse proxy the app itself speaks plain HTTP; the proxy says what the browser used.
    return request.url.scheme == "https" or request.headers.get("x-forwarded-proto") == "https"


async def open_session(request: Request) -> RedirectResponse:
    """Trade a sign-in ticket for the session cookie, then go where the person was heading."""
    with session_scope() as db:
        token = redeem_ticket(db=db, ticket=request.query_params.get("ticket", ""))
    if token is None:
        return RedirectResponse(routes.sign_in(), status_code=303)
    response = RedirectResponse(routes.safe_next_path(request.query_params.get("suite")), status_code=303)
    response.set_cookie(
        SESSION_COOKIE,
        token,
        max_age=int(ABSOLUTE_TIMEOUT.total_seconds()),
        httponly=True,
        secure=_is_https(request),
        samesite="lax",
        path="/",
    )
    return response


async def close_session(request: Request) -> RedirectResponse:
    token = request.cookies.get(SESSION_COOKIE)
    if token:
        with session_scope() as db:
            end_session(db=db, token=token)
    response = RedirectResponse(routes.HOME, status_code=303)
    response.delete_cookie(SESSION_COOKIE, path="/", httponly=True, samesite="lax", secure=_is_https(request))
    return response


def auth_routes() -> Starlette:
    return Starlette(
        routes=[
            Route(routes.AUTH_SESSION, open_session, methods=["GET"]),
            Route(routes.AUTH_LOGOUT, close_session, methods=["GET", "POST"]),
        ]
    )
