"""The portfolio's download, for managers only: a plain HTTP route, the identity from the session cookie like
every handler, the filters from the address like the page."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response
from starlette.routing import Route

from livinglab.catalog.access import is_reviewer
from livinglab.core.database import session_scope
from livinglab.core.i18n import LAB_TIME_ZONE, LANGUAGE_COOKIE, normalize_language
from livinglab.evaluations import export, links, service
from livinglab.identity.guard import SESSION_COOKIE
from livinglab.identity.sessions import load_identity
from livinglab.ui import routes


async def download_portfolio(request: Request) -> Response:
    with session_scope() as db:
        identity = load_identity(db=db, token=request.cookies.get(SESSION_COOKIE))
        if not is_reviewer(identity):
            return PlainTextResponse("", status_code=403)
        entries = service.portfolio(db=db, filters=links.filters_from(request.query_params))
    lang = normalize_language(request.cookies.get(LANGUAGE_COOKIE))
    today = dt.datetime.now(ZoneInfo(LAB_TIME_ZONE)).date().isoformat()
    return Response(
        export.portfolio_csv(entries, lang),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="portefeuille-{today}.csv"'},
    )


def portfolio_export_routes() -> Starlette:
    return Starlette(routes=[Route(routes.PORTFOLIO_EXPORT, download_portfolio, methods=["GET"])])
