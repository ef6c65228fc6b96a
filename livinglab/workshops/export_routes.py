"""The export downloads: plain HTTP routes (a browser downloads a file from an address, not a websocket), open
to the facilitators of the board's workshop only, checked on the session cookie like every handler."""

from __future__ import annotations

from collections.abc import Callable

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response
from starlette.routing import Route

from livinglab.core.database import session_scope
from livinglab.core.i18n import LANGUAGE_COOKIE, normalize_language
from livinglab.core.text import slugify
from livinglab.identity.guard import SESSION_COOKIE
from livinglab.identity.sessions import load_identity
from livinglab.ui import routes
from livinglab.workshops import access, export
from livinglab.workshops.snapshots import BoardContent

FORMATS: dict[str, tuple[Callable[[BoardContent, str], str], str]] = {
    "md": (export.board_markdown, "text/markdown; charset=utf-8"),
    "csv": (export.board_csv, "text/csv; charset=utf-8"),
}


async def download_board(request: Request) -> Response:
    board_id, extension = request.path_params["board_id"], request.path_params["extension"]
    if extension not in FORMATS:
        return PlainTextResponse("", status_code=404)
    render, media_type = FORMATS[extension]
    lang = normalize_language(request.cookies.get(LANGUAGE_COOKIE))
    with session_scope() as db:
        identity = load_identity(db=db, token=request.cookies.get(SESSION_COOKIE))
        content = export.readable_board(db=db, board_id=board_id, reader=identity)
        if content is None or not access.can_facilitate(identity, content.board.workshop.organization_id):
            # The same answer whether the board exists or not: an export reveals nothing to a stranger.
            return PlainTextResponse("", status_code=404)
        body = render(content, lang)
        name = slugify(content.board.title) or "tableau"
    return Response(
        body,
        media_type=media_type,
        headers={"Content-Disposition": f'attachment; filename="{name}.{extension}"'},
    )


def export_routes() -> Starlette:
    return Starlette(routes=[Route(routes.BOARD_EXPORT, download_board, methods=["GET"])])
