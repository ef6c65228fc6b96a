"""Nobody but the app writes into its log: a raw websocket client, speaking Reflex's protocol as any script
can, sends what a browser would never send, and the served app's log stays one bounded JSON object per line,
with fields the app chose and no line of the client's making."""

from __future__ import annotations

import json
import time
import uuid
from pathlib import Path

import pytest
from simple_websocket import Client

from livinglab.core.logs import MAX_EXCEPTION_CHARS, MAX_VALUE_CHARS
from tests.e2e.conftest import ARTIFACTS

NAMESPACE = "/_event"
STATE = "reflex___state____state"
FRONTEND_EXCEPTION = f"{STATE}.reflex___state____frontend_event_exception_state.handle_frontend_exception"
LOCALE_STATE = f"{STATE}.livinglab___ui___i18n____locale_state"
# A line shaped like the app's own, that a client would like to see in the log as a line of its own.
FORGED = json.dumps({"level": "INFO", "logger": "livinglab", "message": "request", "forged": True})
FLOOD = "\n" + FORGED + "\n" + "A" * 100_000
# The fields a line may have: the app's own, and what the app's records add (livinglab/core/logs.py).
STANDARD_FIELDS = {"time", "level", "logger", "message", "request_id", "exception"}


def _log_path(base_url: str) -> Path:
    return ARTIFACTS / f"e2e-server-{base_url.rsplit(':', 1)[1]}.log"


def _event(name: str, **payload: object) -> dict[str, object]:
    return {"name": name, "payload": payload, "router_data": {"pathname": "/", "asPath": "/", "query": {}}}


class RawSocket:
    """Reflex's event socket spoken by hand (Engine.IO 4 and Socket.IO over a plain websocket), as any script
    can: what it sends is whatever the script likes, not what the app's frontend would send."""

    def __init__(self, base_url: str) -> None:
        address = base_url.replace("http://", "ws://")
        self.socket = Client.connect(
            f"{address}{NAMESPACE}/?EIO=4&transport=websocket&token={uuid.uuid4()}",
            headers={"Origin": base_url},
        )
        assert self._receive().startswith("0")  # Engine.IO open
        self.socket.send(f"40{NAMESPACE},{{}}")
        assert self._receive().startswith(f"40{NAMESPACE},")  # the namespace connected

    def _receive(self) -> str:
        while True:
            message = self.socket.receive(timeout=60)
            assert message is not None, "the server said nothing"
            if message == "2":  # Engine.IO ping
                self.socket.send("3")
                continue
            return str(message)

    def emit(self, name: str, data: object) -> None:
        self.socket.send(f"42{NAMESPACE}," + json.dumps([name, data]))

    def close(self) -> None:
        self.socket.close()


def _lines_since(log: Path, offset: int) -> list[str]:
    with log.open("rb") as written:
        written.seek(offset)
        return written.read().decode().splitlines()


def test_a_client_cannot_forge_or_flood_the_log(base_url: str) -> None:
    log = _log_path(base_url)
    offset = log.stat().st_size
    client = RawSocket(base_url)
    try:
        # Reflex's frontend-exception event, 100 KB with a forged line inside.
        client.emit("event", _event(FRONTEND_EXCEPTION, info="Error" + FLOOD, component_stack=""))
        # Reflex's error report socket event, the same.
        client.emit("client_error", {"error_type": "Error", "message": FLOOD})
        # A setvar of a var that does not exist: the event fails on the server, with a traceback.
        client.emit("event", _event(f"{LOCALE_STATE}.setvar", var_name="x" + FLOOD, value=1))
        # Event data that is no event at all.
        client.emit("event", "not json" + FLOOD)
        # A flood of reports: only a few may reach the log.
        for _ in range(200):
            client.emit("event", _event(FRONTEND_EXCEPTION, info="again", component_stack=""))
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            written = "\n".join(_lines_since(log, offset))
            if '"event_failed"' in written and written.count('"frontend_exception"') >= 20:
                break
            time.sleep(0.5)
    finally:
        client.close()
    time.sleep(1)

    lines = _lines_since(log, offset)
    entries = []
    for line in lines:
        assert len(line) < MAX_EXCEPTION_CHARS + 4 * MAX_VALUE_CHARS, line[:300]
        try:
            entry = json.loads(line)
        except json.JSONDecodeError:
            pytest.fail(f"a line of the log is not JSON: {line[:300]}")
        assert isinstance(entry, dict)
        assert "forged" not in entry
        if entry["logger"] != "livinglab":
            assert set(entry) <= STANDARD_FIELDS, entry
        entries.append(entry)
    messages = [entry["message"] for entry in entries]
    assert "event_failed" in messages
    # 20 reports a minute per worker, whatever the client sends (and Reflex's own limit on client_error).
    assert 1 <= messages.count("frontend_exception") <= 20
