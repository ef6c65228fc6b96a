"""Each websocket event runs under a request id of its own and leaves one line in the app's log; what goes
wrong in a browser or in an event is logged the app's way too.

Reflex calls a middleware's ``preprocess`` in the task that then runs the handler, so the id set here is the
one every line of that handler (and of the services it calls) carries. The line names the handler, never its
payload, which holds what people typed.

Reflex would write a browser's error report and a failed event's traceback through its own console, as raw
multi-line text: any client could send a report of 100 KB holding a line shaped like the app's JSON, or make
events fail at will. Here they become the app's JSON lines, bounded and limited in number
(livinglab/core/logs.py), and every other logger of the worker (Reflex's, the websocket server's,
Granian's) writes through the app's formatter once the server runs.
"""

from __future__ import annotations

import logging
import os
from typing import TYPE_CHECKING

import reflex as rx
from reflex.event import EventSpec
from reflex.state import BaseState, StateUpdate

from livinglab.core.i18n import LANGUAGES, translate
from livinglab.core.logs import (
    LineBudget,
    bounded,
    logger,
    new_request_id,
    request_id,
    send_every_logger_to_app_log,
)

if TYPE_CHECKING:
    from reflex.app import App
    from reflex_base.event import Event

# A browser's error report is a hint for the developers: the first 500 characters say what failed. A few a
# minute are plenty; more is a client writing to the log.
REPORT_CHARS = 500
_frontend_reports = LineBudget("frontend_exception", lines=20, window_s=60)
# An event that fails is a bug to fix, with its traceback; a client that resends it keeps failing, and a
# thousand copies of one traceback tell nothing more.
_failed_events = LineBudget("event_failed", lines=60, window_s=60)
# reflex_base.utils.log: set in the environment of the processes whose logging Reflex's CLI renders.
REFLEX_MANAGED_LOGGING = "REFLEX_MANAGED_LOGGING"


class EventRequestIds(rx.Middleware):
    async def preprocess(self, app: App, state: BaseState, event: Event) -> StateUpdate | None:
        request_id.set(new_request_id())
        logger.info("event", extra={"handler": event.name})
        return None


def log_frontend_exception(exception: Exception) -> None:
    """The app's ``frontend_exception_handler``: what a browser reports, as one bounded line."""
    if _frontend_reports.allow():
        logger.warning("frontend_exception", extra={"report": bounded(str(exception), REPORT_CHARS)})


def log_backend_exception(exception: Exception) -> EventSpec | None:
    """The app's ``backend_exception_handler``: the failed event's traceback as one line, and a word to the
    person, in both languages (the handler does not know which one the page shows)."""
    if _failed_events.allow():
        logger.error("event_failed", exc_info=exception, extra={"error": type(exception).__name__})
    return rx.toast.error(
        " / ".join(translate("error.unexpected", lang) for lang in LANGUAGES), id="event_failed"
    )


async def all_logs_as_json() -> None:
    """Lifespan task: once the server runs (Reflex, python-socketio and Granian have set their own logging up
    by then), every record of the worker goes through the app's formatter.

    Reflex's console is attached only "in managed mode", under its CLI (``reflex run`` marks its workers in
    the environment), and attached again whenever a configuration is loaded there: the mark is taken off
    this worker, so that Reflex leaves its records to the application's logging, as it does outside its CLI.
    """
    os.environ.pop(REFLEX_MANAGED_LOGGING, None)
    logging.captureWarnings(True)
    send_every_logger_to_app_log()
