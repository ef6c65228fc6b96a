"""The app's own log: one JSON object per line, each carrying the id of the request or event it belongs to.

The id comes from the reverse proxy's ``X-Request-ID`` (docs/deploy/livinglab-proxy.conf sends nginx's
``$request_id``), so a line of nginx's log and the app's lines of the same request are found together;
without a proxy one is made. It is kept in a context variable: everything a request or an event does, down
to the services, logs under it without passing it along.

Participants' data never goes to the log: a line holds the method and the path (never the query string,
where join codes and password-link tokens travel), the status, an event's handler name (never its payload:
note texts, pseudonyms, e-mails), ids and durations. Whatever else is logged keeps to that
(tests/core/test_logs.py).

Nobody writes into the log but the app. Every line is one JSON object (a newline or a quote in a value is
escaped, so no value can start a line of its own), whatever logger wrote it: once a worker runs, every
other library's records go through the same formatter (``send_every_logger_to_app_log``), with the
standard fields only. Every value is bounded, since some come from the client (a handler's name, an error
report of the browser), and what a client can cause at will (its error reports, an event that fails) is
also limited in number by a ``LineBudget`` (tests/e2e/test_logs.py sends a forged report of 100 KB and a
bad event over a real websocket).
"""

from __future__ import annotations

import json
import logging
import re
import sys
import time
import uuid
from contextvars import ContextVar
from typing import Any

from starlette.datastructures import Headers, MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

APP_LOGGER = "livinglab"
REQUEST_ID_HEADER = "x-request-id"
# What a proxy may hand us as an id: anything else (too long, odd characters) is replaced, so that a client
# cannot write what it likes into the log through the header.
_ACCEPTED_ID = re.compile(r"[A-Za-z0-9._-]{1,64}")

request_id: ContextVar[str | None] = ContextVar("request_id", default=None)
logger = logging.getLogger(APP_LOGGER)

# Attributes every LogRecord has: what is not among them was passed by the caller in ``extra``.
_RECORD_ATTRIBUTES = set(logging.makeLogRecord({}).__dict__) | {"message", "asctime"}
# The longest a message or a field may be, and a traceback: room for what an operator needs, not for a flood.
MAX_VALUE_CHARS = 1000
MAX_EXCEPTION_CHARS = 8000


def bounded(text: str, limit: int = MAX_VALUE_CHARS) -> str:
    """``text``, cut at ``limit`` characters with the count of those cut."""
    if len(text) <= limit:
        return text
    return f"{text[:limit]}… [{len(text) - limit} more characters]"


def new_request_id() -> str:
    return uuid.uuid4().hex


def _field(value: Any) -> Any:
    if isinstance(value, bool | int | float) or value is None:
        return value
    return bounded(str(value))


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        line: dict[str, Any] = {
            "time": self.formatTime(record, "%Y-%m-%dT%H:%M:%S%z"),
            "level": record.levelname,
            "logger": record.name,
            "message": bounded(record.getMessage()),
            "request_id": request_id.get(),
        }
        # The app's own records carry the fields it chose; another library's carry its own (Reflex's console
        # styling, for one), which are not the app's to publish.
        if record.name == APP_LOGGER or record.name.startswith(f"{APP_LOGGER}."):
            line.update(
                {
                    key: _field(value)
                    for key, value in record.__dict__.items()
                    if key not in _RECORD_ATTRIBUTES
                }
            )
        if record.exc_info:
            line["exception"] = bounded(self.formatException(record.exc_info), MAX_EXCEPTION_CHARS)
        return json.dumps(line, ensure_ascii=False, default=str)


def _app_handler() -> logging.Handler | None:
    return next(
        (handler for handler in logger.handlers if isinstance(handler.formatter, JsonFormatter)), None
    )


def configure_logging(level: int = logging.INFO) -> None:
    """The app's logger writes JSON lines to stderr, once however often this is called (each worker imports
    the app once, tests many times)."""
    if _app_handler() is not None:
        return
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(JsonFormatter())
    logger.addHandler(handler)
    logger.setLevel(level)
    # Its lines are complete: a root handler (Granian's, Reflex's) would print them a second time.
    logger.propagate = False


def send_every_logger_to_app_log() -> None:
    """Every logger of the process writes the app's JSON lines, and only them: the handlers other libraries
    set up (a console of their own, a stream handler of their own) are removed, their loggers pass their
    records up to the root logger, and the root logger writes them with the app's formatter."""
    configure_logging()
    app_handler = _app_handler()
    manager = logging.Logger.manager
    for name, other in list(manager.loggerDict.items()):
        if not isinstance(other, logging.Logger) or name == APP_LOGGER:
            continue
        for handler in list(other.handlers):
            other.removeHandler(handler)
        # A logger left without handlers and cut from its parents would print through logging.lastResort.
        other.propagate = True
    root = logging.getLogger()
    for handler in list(root.handlers):
        root.removeHandler(handler)
    if app_handler is not None:
        root.addHandler(app_handler)


class LineBudget:
    """At most ``lines`` lines per ``window_s`` for what a client can cause at will, per process. What
    exceeds it is dropped and counted; the next line allowed says how many were."""

    def __init__(self, kind: str, lines: int, window_s: float) -> None:
        self.kind = kind
        self.lines = lines
        self.window_s = window_s
        self._window_start = float("-inf")
        self._used = 0
        self._dropped = 0

    def allow(self) -> bool:
        now = time.monotonic()
        if now - self._window_start >= self.window_s:
            if self._dropped:
                logger.warning(
                    "lines_dropped",
                    extra={"kind": self.kind, "count": self._dropped, "window_s": self.window_s},
                )
            self._window_start, self._used, self._dropped = now, 0, 0
        if self._used >= self.lines:
            self._dropped += 1
            return False
        self._used += 1
        return True


def request_ids(app: ASGIApp) -> ASGIApp:
    """ASGI middleware: each HTTP request and websocket connection runs under its id, given back in the
    response's ``X-Request-ID``; each HTTP request ends in one line."""

    async def with_request_id(scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] not in ("http", "websocket"):
            await app(scope, receive, send)
            return
        given = Headers(scope=scope).get(REQUEST_ID_HEADER, "")
        token = request_id.set(given if _ACCEPTED_ID.fullmatch(given) else new_request_id())
        started = time.monotonic()
        status = 500

        async def send_with_id(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                MutableHeaders(scope=message)[REQUEST_ID_HEADER] = request_id.get() or ""
            await send(message)

        try:
            # A websocket's frames (hundreds per board change) go straight out: only an HTTP response has a
            # header to carry the id.
            await app(scope, receive, send_with_id if scope["type"] == "http" else send)
        finally:
            if scope["type"] == "http":
                logger.info(
                    "request",
                    extra={
                        "method": scope["method"],
                        "path": scope["path"],
                        "status": status,
                        "duration_ms": round((time.monotonic() - started) * 1000, 1),
                    },
                )
            request_id.reset(token)

    return with_request_id
