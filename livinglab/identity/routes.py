"""The plain HTTP routes of sign-in: only an HTTP response can set or clear an HttpOnly cookie, and the OpenID
provider sends people back to an address, not to a websocket."""

from __future__ import annotations

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import RedirectResponse
from starlette.routing import Route

from livinglab.core.database import session_scope
from livinglab.core.settings import get_settings
from livinglab.identity import oidc
from livinglab.identity.browser import BROWSER_COOKIE, is_https
from livinglab.identity.guard import SESSION_COOKIE
from livinglab.identity.sessions import (
    ABSOLUTE_TIMEOUT,
    TicketRefused,
    TicketRefusedError,
    end_session,
    redeem_ticket,
    start_session,
)
from livinglab.ui import routes

# Binds a sign-in at the OpenID provider to the browser that started it. Sent only to the callback, and
# SameSite=Lax still sends it there: the provider brings the person back with a top-level GET.
OIDC_BROWSER_COOKIE = "livinglab_oidc"


def _is_https(request: Request) -> bool:
    return is_https(request.headers, request.url.scheme)


def _signed_in(request: Request, token: str, next_path: str | None) -> RedirectResponse:
    """Go where the person was heading, holding the session cookie of ``token``."""
    response = RedirectResponse(routes.safe_next_path(next_path), status_code=303)
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


# The sign-in page's word for each refused ticket.
_TICKET_PAGE_ERRORS = {
    TicketRefused.EXPIRED: oidc.PageError.EXPIRED,
    TicketRefused.OTHER_BROWSER: oidc.PageError.OTHER_BROWSER,
}


async def open_session(request: Request) -> RedirectResponse:
    """Trade a sign-in ticket for the session cookie, then go where the person was heading. Only the browser
    that signed in may: a ticket link opened anywhere else signs nobody in and says so."""
    next_path = routes.safe_next_path(request.query_params.get("suite"))
    try:
        with session_scope() as db:
            token = redeem_ticket(
                db=db,
                ticket=request.query_params.get("ticket", ""),
                browser_secret=request.cookies.get(BROWSER_COOKIE),
            )
    except TicketRefusedError as refused:
        error = _TICKET_PAGE_ERRORS[refused.reason]
        return RedirectResponse(routes.sign_in(next_path, error=error), status_code=303)
    return _signed_in(request, token, next_path)


async def close_session(request: Request) -> RedirectResponse:
    """Sign out: a POST only, so that no link, image or redirect of another site signs anyone out (a POST
    from another site's page is refused by its Origin, and carries no SameSite=Lax cookie)."""
    token = request.cookies.get(SESSION_COOKIE)
    if token:
        with session_scope() as db:
            end_session(db=db, token=token)
    response = RedirectResponse(routes.HOME, status_code=303)
    response.delete_cookie(SESSION_COOKIE, path="/", httponly=True, samesite="lax", secure=_is_https(request))
    return response


def _sign_in_again(failure: oidc.ProviderLoginError, next_path: str) -> RedirectResponse:
    """Back to the sign-in page, which says why from its catalog; the refusal is in the audit trail."""
    with session_scope() as db:
        oidc.record_failure(db=db, failure=failure)
    return RedirectResponse(
        routes.sign_in(routes.safe_next_path(next_path), error=failure.page_error), status_code=303
    )


async def start_oidc_login(request: Request) -> RedirectResponse:
    """Send the person to the provider, with an attempt bound to this browser by a short-lived cookie."""
    next_path = routes.safe_next_path(request.query_params.get("suite"))
    client = oidc.configured_client(get_settings())
    if client is None:
        return RedirectResponse(routes.sign_in(next_path), status_code=303)
    try:
        provider = await oidc.discover(client.issuer)
    except oidc.ProviderLoginError as failure:
        return _sign_in_again(failure, next_path)
    with session_scope() as db:
        start = oidc.begin_login(db=db, client=client, provider=provider, next_path=next_path)
    response = RedirectResponse(start.authorization_url, status_code=303)
    response.set_cookie(
        OIDC_BROWSER_COOKIE,
        start.browser_secret,
        max_age=int(oidc.LOGIN_LIFETIME.total_seconds()),
        httponly=True,
        secure=_is_https(request),
        samesite="lax",
        path=routes.AUTH_OIDC_CALLBACK,
    )
    return response


async def finish_oidc_login(request: Request) -> RedirectResponse:
    """The provider's answer: sign the person in, or send them back to the sign-in page saying why."""
    client = oidc.configured_client(get_settings())
    if client is None:
        return RedirectResponse(routes.sign_in(), status_code=303)
    query = request.query_params
    next_path = routes.HOME
    try:
        # Each step has its own unit of work: no transaction stays open while the provider is asked.
        with session_scope() as db:
            attempt = oidc.take_attempt(
                db=db, state=query.get("state"), browser_secret=request.cookies.get(OIDC_BROWSER_COOKIE)
            )
        next_path = attempt.next_path
        code = oidc.check_answer(client=client, query=query)
        claims = await oidc.authenticate(client=client, attempt=attempt, code=code)
        with session_scope() as db:
            person_id = oidc.resolve_person(db=db, client=client, claims=claims)
            token = start_session(db=db, person_id=person_id)
    except oidc.ProviderLoginError as failure:
        response = _sign_in_again(failure, next_path)
    else:
        response = _signed_in(request, token, next_path)
    response.delete_cookie(
        OIDC_BROWSER_COOKIE,
        path=routes.AUTH_OIDC_CALLBACK,
        httponly=True,
        samesite="lax",
        secure=_is_https(request),
    )
    return response


def auth_routes() -> Starlette:
    return Starlette(
        routes=[
            Route(routes.AUTH_SESSION, open_session, methods=["GET"]),
            Route(routes.AUTH_LOGOUT, close_session, methods=["POST"]),
            Route(routes.AUTH_OIDC_START, start_oidc_login, methods=["GET"]),
            Route(routes.AUTH_OIDC_CALLBACK, finish_oidc_login, methods=["GET"]),
        ]
    )
