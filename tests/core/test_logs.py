"""The app's log on a participant's and a facilitator's way through the app: JSON lines under the proxy's
request id or one of its own, and nothing of what people typed or are called."""

from __future__ import annotations

import asyncio
import io
import json
import logging
from collections.abc import Iterator
from typing import Any

import pytest
import reflex as rx
from reflex_base.event import Event
from sqlalchemy import select
from starlette.applications import Starlette
from starlette.testclient import TestClient

from livinglab.core import database
from livinglab.core.logs import (
    MAX_EXCEPTION_CHARS,
    MAX_VALUE_CHARS,
    JsonFormatter,
    LineBudget,
    logger,
    request_ids,
    send_every_logger_to_app_log,
)
from livinglab.demo import DEMO_JOIN_CODE, DEMO_PASSWORD
from livinglab.identity.browser import BROWSER_COOKIE
from livinglab.identity.routes import auth_routes
from livinglab.identity.state import JoinState, SignInState
from livinglab.ui import event_log, routes
from livinglab.ui.event_log import EventRequestIds
from livinglab.workshops.export_routes import export_routes
from livinglab.workshops.models import Board
from tests.conftest import BROWSER_SECRET, state_for
from tests.identity.test_join import ticket_of

FACILITATOR_EMAIL = "karim.benali@example.org"
PSEUDONYM = "Colibri-Discret"
# A note of the demo board and a pseudonym of its authors: the facilitator's download carries them.
DEMO_NOTE = "Trouver un logement sans historique de crédit au Canada."
DEMO_PSEUDONYM = "Tranquille"


@pytest.fixture
def app_log() -> Iterator[io.StringIO]:
    """What the app's logger writes, formatted as in production."""
    written = io.StringIO()
    handler = logging.StreamHandler(written)
    handler.setFormatter(JsonFormatter())
    logger.addHandler(handler)
    level = logger.level
    logger.setLevel(logging.INFO)
    try:
        yield written
    finally:
        logger.removeHandler(handler)
        logger.setLevel(level)


def as_event(state: rx.State, handler: str, form_data: dict[str, str]) -> Any:
    """The handler run as Reflex runs an event: the app's middleware first, in the same task."""

    async def run() -> Any:
        event = Event(name=f"{state.get_full_name()}.{handler}", payload={"form_data": form_data})
        assert await EventRequestIds().preprocess(app=None, state=state, event=event) is None  # type: ignore[arg-type]
        return getattr(state, handler)(form_data)

    return asyncio.run(run())


def test_requests_and_events_are_logged_by_id_without_personal_data(
    demo_database: str, app_log: io.StringIO
) -> None:
    # A participant joins with a pseudonym; the facilitator signs in with their e-mail: websocket events.
    tablet = state_for(JoinState, path=routes.JOIN, browser=("tablette-1", "198.51.100.7"))
    as_event(tablet, "join", {"code": DEMO_JOIN_CODE})
    participant_ticket = ticket_of(as_event(tablet, "enter", {"pseudonym": PSEUDONYM, "consent": "on"}))
    sign_in = state_for(SignInState, path=routes.SIGN_IN)
    facilitator_ticket = ticket_of(
        as_event(sign_in, "sign_in", {"email": FACILITATOR_EMAIL, "password": DEMO_PASSWORD})
    )

    # Then HTTP, behind the proxy's request ids: both sessions opened, the board downloaded with its notes.
    app = request_ids(Starlette(routes=[*auth_routes().routes, *export_routes().routes]))
    browser = {BROWSER_COOKIE: BROWSER_SECRET}
    with TestClient(app, cookies=browser) as participant:
        opened = participant.get(
            f"{routes.AUTH_SESSION}?ticket={participant_ticket}",
            headers={"X-Request-ID": "nginx-participant-1"},
            follow_redirects=False,
        )
        assert opened.headers["x-request-id"] == "nginx-participant-1"
    with database.session_scope() as db:
        board_id = db.scalars(select(Board.id).order_by(Board.id)).first()
    with TestClient(app, cookies=browser) as facilitator:
        facilitator.get(f"{routes.AUTH_SESSION}?ticket={facilitator_ticket}", follow_redirects=False)
        download = facilitator.get(
            routes.board_export(board_id, "csv"), headers={"X-Request-ID": "nginx-export-2"}
        )
        assert DEMO_NOTE in download.text
        assert DEMO_PSEUDONYM in download.text
        # A header a proxy did not write (too long, odd characters) is not written into the log.
        forged = facilitator.get(routes.board_export(board_id, "csv"), headers={"X-Request-ID": "a\nb" * 40})
        assert forged.headers["x-request-id"] != "a\nb" * 40

    log = app_log.getvalue()
    lines = [json.loads(line) for line in log.splitlines()]
    for secret in (
        PSEUDONYM,
        FACILITATOR_EMAIL,
        DEMO_PASSWORD,
        DEMO_NOTE,
        DEMO_PSEUDONYM,
        participant_ticket,
    ):
        assert secret not in log
    events = [line for line in lines if line["message"] == "event"]
    assert [line["handler"].rsplit(".", 1)[-1] for line in events] == ["join", "enter", "sign_in"]
    assert len({line["request_id"] for line in events}) == 3, "one id per event"
    requests = {line["request_id"]: line for line in lines if line["message"] == "request"}
    assert requests["nginx-participant-1"]["path"] == routes.AUTH_SESSION
    assert requests["nginx-export-2"]["status"] == 200
    assert len(requests) == 4, "the facilitator's sign-in and the forged header got ids of their own"


FORGED_LINE = json.dumps({"level": "INFO", "logger": "livinglab", "message": "request", "forged": True})


def test_a_browsers_error_report_is_one_bounded_line(app_log: io.StringIO) -> None:
    # What any client can send as Reflex's frontend exception: 100 KB, holding a line shaped like the app's.
    report = "TypeError: x\n" + FORGED_LINE + "\n" + "A" * 100_000
    event_log.log_frontend_exception(Exception(report))

    [line] = app_log.getvalue().splitlines()
    entry = json.loads(line)
    assert entry["message"] == "frontend_exception"
    assert len(entry["report"]) < event_log.REPORT_CHARS + 50
    assert "forged" not in entry


@pytest.fixture
def logging_as_it_was() -> Iterator[None]:
    """Every logger's handlers and propagation put back after the test (pytest's own capture included)."""
    loggers = [logging.getLogger()] + [
        other for other in logging.Logger.manager.loggerDict.values() if isinstance(other, logging.Logger)
    ]
    saved = [(other, list(other.handlers), other.propagate) for other in loggers]
    yield
    for other, handlers, propagate in saved:
        other.handlers, other.propagate = handlers, propagate


def test_every_logger_writes_the_apps_lines_with_its_fields_only(
    app_log: io.StringIO, logging_as_it_was: None
) -> None:
    # Reflex's console and python-socketio's stream handler, which would print records as they are.
    their_console = io.StringIO()
    logging.getLogger("reflex").handlers = [logging.StreamHandler(their_console)]
    logging.getLogger("reflex").propagate = False
    logging.getLogger("engineio.server").handlers = [logging.StreamHandler(their_console)]
    [app_handler] = [handler for handler in logger.handlers if getattr(handler, "stream", None) is app_log]
    logger.handlers = [app_handler]

    send_every_logger_to_app_log()
    try:
        raise AttributeError("set_" + FORGED_LINE * 1000)
    except AttributeError:
        logging.getLogger("reflex.app").exception("boom\n" + FORGED_LINE, extra={"rich_kwargs": {"x": 1}})
    logging.getLogger("engineio.server").error("message async handler error\n" + FORGED_LINE)

    assert their_console.getvalue() == ""
    lines = app_log.getvalue().splitlines()
    assert len(lines) == 2
    for line in lines:
        entry = json.loads(line)
        assert set(entry) <= {"time", "level", "logger", "message", "request_id", "exception"}
        assert len(line) < MAX_EXCEPTION_CHARS + 2 * MAX_VALUE_CHARS


def test_what_a_client_causes_at_will_is_limited_in_number(app_log: io.StringIO) -> None:
    budget = LineBudget("frontend_exception", lines=3, window_s=60)
    assert [budget.allow() for _ in range(1000)].count(True) == 3
    budget._window_start -= 61  # the next window
    assert budget.allow()
    [line] = app_log.getvalue().splitlines()
    entry = json.loads(line)
    assert (entry["level"], entry["message"]) == ("WARNING", "lines_dropped")
    assert (entry["kind"], entry["count"], entry["window_s"]) == ("frontend_exception", 997, 60)
