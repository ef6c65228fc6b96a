"""The catalogue's downloads: plain HTTP routes (a browser downloads a file from an address, not a websocket).
Everyone gets the published sheets; staff, known by the session cookie like every handler, get every sheet."""

from __future__ import annotations

from collections.abc import Callable

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response
from starlette.routing import Route

from livinglab.catalog import transfer
from livinglab.core.database import session_scope
from livinglab.core.i18n import lab_today
from livinglab.identity.guard import SESSION_COOKIE, is_staff
from livinglab.identity.sessions import load_identity
from livinglab.ui import routes

FORMATS: dict[str, tuple[Callable[[list[transfer.Row]], str], str]] = {
    "csv": (transfer.to_csv, "text/csv; charset=utf-8"),
    "json": (transfer.to_json, "application/json"),
}


async def download_catalog(request: Request) -> Response:
    extension = request.path_params["extension"]
    if extension not in FORMATS:
        return PlainTextResponse("", status_code=404)
    render, media_type = FORMATS[extension]
    with session_scope() as db:
        identity = load_identity(db=db, token=request.cookies.get(SESSION_COOKIE))
        rows = transfer.export_rows(db=db, published_only=not is_staff(identity))
    # Dated, so that this month's download does not overwrite last month's.
    today = lab_today().isoformat()
    return Response(
        render(rows),
        media_type=media_type,
        headers={"Content-Disposition": f'attachment; filename="catalogue-{today}.{extension}"'},
    )


def catalog_export_routes() -> Starlette:
    return Starlette(routes=[Route(routes.CATALOG_EXPORT, download_catalog, methods=["GET"])])
