"""The cycle reports as Markdown downloads: plain HTTP routes, for staff only (cycles are the lab's work in
progress), known by the session cookie like every handler."""

from __future__ import annotations

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response
from starlette.routing import Route

from livinglab.core.database import session_scope
from livinglab.core.i18n import LANGUAGE_COOKIE, normalize_language
from livinglab.core.text import slugify
from livinglab.cycles import reading, report
from livinglab.identity.guard import SESSION_COOKIE, is_staff
from livinglab.identity.sessions import load_identity
from livinglab.ui import routes

MARKDOWN = "text/markdown; charset=utf-8"


def _markdown(body: str, name: str) -> Response:
    return Response(
        body, media_type=MARKDOWN, headers={"Content-Disposition": f'attachment; filename="{name}.md"'}
    )


async def download_cycle(request: Request) -> Response:
    lang = normalize_language(request.cookies.get(LANGUAGE_COOKIE))
    with session_scope() as db:
        identity = load_identity(db=db, token=request.cookies.get(SESSION_COOKIE))
        view = reading.cycle_view(db=db, cycle_id=request.path_params["cycle_id"], lang=lang, reader=identity)
        # The same answer whether the cycle exists or not: a download reveals nothing to a stranger.
        if view is None or not is_staff(identity):
            return PlainTextResponse("", status_code=404)
    return _markdown(report.cycle_report(view, lang), f"cycle-{view.number}-{slugify(view.title)}")


async def download_history(request: Request) -> Response:
    lang = normalize_language(request.cookies.get(LANGUAGE_COOKIE))
    slug = request.path_params["slug"]
    with session_scope() as db:
        identity = load_identity(db=db, token=request.cookies.get(SESSION_COOKIE))
        practice = reading.practice_of(db=db, slug=slug)
        if practice is None or not is_staff(identity):
            return PlainTextResponse("", status_code=404)
        practice_id, title = practice
        body = report.history_report(
            title,
            reading.timeline(db=db, practice_id=practice_id),
            reading.measure_views(db=db, practice_id=practice_id, lang=lang),
            lang,
        )
    return _markdown(body, f"cycles-{slug}")


def cycle_export_routes() -> Starlette:
    return Starlette(
        routes=[
            Route(routes.CYCLE_EXPORT, download_cycle, methods=["GET"]),
            Route(routes.PRACTICE_CYCLES_EXPORT, download_history, methods=["GET"]),
        ]
    )
