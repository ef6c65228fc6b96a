"""How long one note takes to reach every screen of a live board, against the floor of the stack.

Run it by hand:
    .venv/bin/python bench/live_board.py [--sizes 30,100,300] [--posts 100] [--rate 10]
        [--database-url postgresql+psycopg://postgres@127.0.0.1:5432/test] [--redis [--workers 2]]
        [--report docs/performance.md]

Setup: a fresh database (a SQLite file in a temporary folder; with --database-url, a throwaway database
made on that PostgreSQL server and dropped afterwards), an organization, an open workshop, one board per size
(NEEDS template) and as many guests as the largest size, each with a session. Then `livinglab serve` starts
on a free port (frontend built in .web-bench-live).

Each participant is a real websocket client speaking the browser's protocol (Engine.IO 4 and Socket.IO over a
raw websocket, `wsproto` framing): the session cookie and the page's Origin on the handshake, the hydrate
event of the board page in the Socket.IO CONNECT packet (as state.js sends it), which runs the page's on_load
(`BoardLiveState.load`). For each size N, all N clients connect and wait for the board's snapshot; then
`--posts` notes are posted (`start_note`, then `save_note`) by random clients at `--rate` posts per second in
all (lowered when N is small, so that no client nears the app's 5 posts per 10 s). A note's text carries a
unique marker; a client sees the note when the marker appears in the raw text of a websocket message. The
latency of a post is from sending `save_note` to the moment the LAST of the N clients saw its marker
(time.perf_counter, the system-wide monotonic clock, in every process).

The floor: the same clients and workload against a bare python-socketio ASGI server (Granian, the app's
ASGI server, one worker; uvicorn is not installed) that broadcasts each posted note to every connected
client, in two variants: the note alone, and the whole board (every note so far, as the app sends).

Figures are printed as a markdown table and written to the report when --report is given. Nothing here
asserts speed: tests/bench/test_live_board_runs.py only checks that it runs and loses nothing.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import datetime as dt
import importlib.metadata
import json
import math
import multiprocessing
import os
import platform
import random
import re
import secrets
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
import uuid
from collections import Counter
from dataclasses import dataclass, field
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

from report import (  # bench/report.py: run as python bench/<name>.py
    free_port,
    fresh_database,
    markers,
    write_section,
)

PROJECT_ROOT = Path(__file__).resolve().parents[1]
BENCH_WEB_DIR = PROJECT_ROOT / ".web-bench-live"
# Single process and several workers on Redis are two sections of the report, each with its own target.
SINGLE, SHARED = "bench/live_board.py", "bench/live_board.py --redis"
TARGET_P95_MS = {SINGLE: 150, SHARED: 250}
NAMESPACE = "/_event"
SESSION_COOKIE = "livinglab_session"
SERVER_START_TIMEOUT_S = 900
# The app refuses a 6th post within 10 s from one author (livinglab/workshops/notes.py): each client posts at
# most this many times per window, so the aggregate rate is lowered for small boards.
POSTS_PER_CLIENT_WINDOW = 3.5
RATE_WINDOW_S = 10.0
# A client sends start_note this long before its save_note, as a person opens the composer before posting.
COMPOSE_LEAD_S = 0.25
IDEAS = (
    "a quiet room to practise French after work",
    "someone who explains the school system to parents",
    "the bus pass should come with the welcome kit",
    "a mentor from the same trade as ours",
    "forms in plain language, with pictures",
    "childcare during the evening classes",
)


# --- Process tree figures, read from /proc --------------------------------------------------------


def _tree(root: int) -> list[int]:
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            stat = Path(f"/proc/{entry}/stat").read_text()
        except OSError:
            continue
        parent = int(stat.rpartition(")")[2].split()[1])
        children.setdefault(parent, []).append(int(entry))
    found, todo = [], [root]
    while todo:
        pid = todo.pop()
        found.append(pid)
        todo.extend(children.get(pid, []))
    return found


def tree_cpu_seconds(root: int) -> float:
    """User and system CPU time of a process and all its descendants, now alive."""
    ticks = 0
    for pid in _tree(root):
        with contextlib.suppress(OSError):
            fields = Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()
            ticks += int(fields[11]) + int(fields[12])  # utime, stime
    return ticks / os.sysconf("SC_CLK_TCK")


def machine_busy_seconds() -> float:
    """CPU time the whole machine spent busy (all cores), from /proc/stat."""
    fields = [int(value) for value in Path("/proc/stat").read_text().splitlines()[0].split()[1:]]
    idle = fields[3] + fields[4]  # idle, iowait
    return (sum(fields[:8]) - idle) / os.sysconf("SC_CLK_TCK")


def tree_rss_kib(root: int) -> int:
    total = 0
    for pid in _tree(root):
        with contextlib.suppress(OSError):
            for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1])
    return total


# --- The raw client -------------------------------------------------------------------------------


@dataclass
class Target:
    """What the clients of one run connect to, and the page they pretend to be on."""

    # The app's workers (or the floor's one port): client i connects to ports[i % len(ports)], as a reverse
    # proxy with least_conn spreads long-lived websockets evenly.
    ports: list[int]
    title: str  # the board's title: its appearance in a message is the snapshot's arrival
    workshop_id: int
    board_id: int
    column_ids: list[int]
    state_name: str  # full name of BoardLiveState
    state_schema: str | None
    hashes: list[str] | None
    subprotocol: str | None

    @property
    def path(self) -> str:
        return f"/ateliers/{self.workshop_id}/tableaux/{self.board_id}"

    def router_data(self) -> dict[str, Any]:
        # As state.js withRouterData builds it: pathname, asPath, and the route's params in the query.
        return {
            "pathname": self.path,
            "asPath": self.path,
            "query": {"workshop_id": str(self.workshop_id), "board_id": str(self.board_id)},
        }

    def auth(self) -> dict[str, Any]:
        """The CONNECT packet's payload: the hydrate event of a first connection (state.js ``bootAuth``)."""
        payload: dict[str, Any] = {"hashes": self.hashes} if self.hashes else {}
        event: dict[str, Any] = {"name": "reflex___state____state.hydrate_and_load"}
        if payload:
            event["payload"] = payload
        event["router_data"] = self.router_data()
        auth: dict[str, Any] = {"event": event}
        if self.state_schema:
            auth["state_schema"] = self.state_schema
        return auth


def marker(seq: int) -> str:
    return f"bench-{seq:05d}-"


# Every marker of a message in one scan: the clients share the server's cores, and looking for each watched
# marker in turn cost them about 90 µs per 20 KB update (a fifth of a core at N=300), against 35 µs.
MARKERS = re.compile(r"bench-(\d{5})-")


def note_text(seq: int, client: int) -> str:
    return f"{marker(seq)}c{client:03d} {IDEAS[seq % len(IDEAS)]}"


class Watch:
    """The posts one client process looks for: those whose time has come (the schedule is shared by every
    process), each until all of this process's clients saw it."""

    def __init__(self, schedule: list[tuple[int, int, float, int]], local_clients: int) -> None:
        self.schedule = sorted(schedule, key=lambda entry: entry[2])
        self.next = 0
        self.active: set[int] = set()
        self.remaining: dict[int, int] = {}
        self.local_clients = local_clients
        self.all_seen = asyncio.Event()
        if not self.schedule:
            self.all_seen.set()

    def advance(self, now: float) -> None:
        # A note cannot arrive before it is sent: watch it from a little before its time.
        while self.next < len(self.schedule) and self.schedule[self.next][2] <= now + 0.5:
            seq = self.schedule[self.next][0]
            self.active.add(seq)
            self.remaining[seq] = self.local_clients
            self.next += 1

    def seen_by_one(self, seq: int) -> None:
        self.remaining[seq] -= 1
        if self.remaining[seq] == 0:
            self.active.discard(seq)
            if not self.active and self.next == len(self.schedule):
                self.all_seen.set()


class Client:
    def __init__(self, index: int, cookie: str | None, target: Target) -> None:
        self.index = index
        self.cookie = cookie
        self.target = target
        self.snapshot = asyncio.Event()
        self.failed: str | None = None
        self.watch: Watch | None = None
        self.seen: dict[int, float] = {}
        self.duplicates = 0
        self.refusals = 0
        self.last_board = ""
        self._writer: asyncio.StreamWriter | None = None
        self._reader_task: asyncio.Task[None] | None = None

    async def open(self) -> None:
        from wsproto import ConnectionType, WSConnection
        from wsproto.events import Request

        port = self.target.ports[self.index % len(self.target.ports)]
        host = f"127.0.0.1:{port}"
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
        self._writer = writer
        self._ws = WSConnection(ConnectionType.CLIENT)
        headers = [(b"origin", f"http://{host}".encode())]
        if self.cookie:
            headers.append((b"cookie", f"{SESSION_COOKIE}={self.cookie}".encode()))
        request = Request(
            host=host,
            target=f"{NAMESPACE}/?EIO=4&transport=websocket&token={uuid.uuid4()}",
            extra_headers=headers,
            subprotocols=[self.target.subprotocol] if self.target.subprotocol else [],
        )
        writer.write(self._ws.send(request))
        self._reader_task = asyncio.create_task(self._read(reader))

    async def _read(self, reader: asyncio.StreamReader) -> None:
        from wsproto.events import CloseConnection, Ping, RejectConnection, TextMessage

        parts: list[str] = []
        while True:
            data = await reader.read(1 << 18)
            if not data:
                self._fail("the server closed the connection")
                return
            self._ws.receive_data(data)
            for event in self._ws.events():
                if isinstance(event, TextMessage):
                    parts.append(event.data)
                    if event.message_finished:
                        self._message(parts[0] if len(parts) == 1 else "".join(parts))
                        parts = []
                elif isinstance(event, Ping):
                    self._write_frame(event.response())
                elif isinstance(event, RejectConnection):
                    self._fail(f"handshake refused with HTTP {event.status_code}")
                    return
                elif isinstance(event, CloseConnection):
                    self._fail(f"closed by the server ({event.code} {event.reason})")
                    return

    def _fail(self, reason: str) -> None:
        if self.failed is None and not self.snapshot.is_set():
            self.failed = reason
            self.snapshot.set()  # wakes whoever waits for it; `failed` tells why

    def _write_frame(self, event: Any) -> None:
        if self._writer is not None and not self._writer.is_closing():
            with contextlib.suppress(Exception):
                self._writer.write(self._ws.send(event))

    def send_text(self, text: str) -> None:
        from wsproto.events import TextMessage

        self._write_frame(TextMessage(data=text))

    def send_event(self, handler: str, payload: dict[str, Any]) -> None:
        event = {
            "name": f"{self.target.state_name}.{handler}",
            "payload": payload,
            "router_data": self.target.router_data(),
        }
        self.send_text(f"42{NAMESPACE}," + json.dumps(["event", event], separators=(",", ":")))

    def _message(self, text: str) -> None:
        now = time.perf_counter()
        kind = text[:1]
        if kind == "2":  # Engine.IO ping
            self.send_text("3")
        elif kind == "0":  # Engine.IO open: connect the namespace, the hydrate event riding along
            self.send_text(f"40{NAMESPACE}," + json.dumps(self.target.auth(), separators=(",", ":")))
        elif text.startswith("44"):
            self._fail(f"namespace connection refused: {text[:200]}")
        elif text.startswith("42"):
            if self.target.title in text:
                self.last_board = text
                self.snapshot.set()
            if "note.error." in text:
                self.refusals += 1
            watch = self.watch
            if watch is not None:
                watch.advance(now)
                if watch.active:
                    found = Counter(int(seq) for seq in MARKERS.findall(text))
                    for seq in [seq for seq in watch.active if seq in found and seq not in self.seen]:
                        self.seen[seq] = now
                        if found[seq] > 1:
                            self.duplicates += 1
                        watch.seen_by_one(seq)

    async def close(self) -> None:
        from wsproto.events import CloseConnection

        self.send_text(f"41{NAMESPACE},")
        self._write_frame(CloseConnection(code=1000))
        if self._reader_task is not None:
            self._reader_task.cancel()
        if self._writer is not None:
            self._writer.close()
            with contextlib.suppress(Exception):
                await asyncio.wait_for(self._writer.wait_closed(), 2)


async def _sleep_until(moment: float) -> None:
    delay = moment - time.perf_counter()
    if delay > 0:
        await asyncio.sleep(delay)


async def _client_main(
    pipe: Connection,
    target: Target,
    cookies: list[tuple[int, str | None]],
    concurrency: int,
    connect_timeout: float,
) -> None:
    loop = asyncio.get_running_loop()
    clients = [Client(index, cookie, target) for index, cookie in cookies]
    gate = asyncio.Semaphore(concurrency)

    async def join(client: Client) -> None:
        async with gate:
            try:
                await client.open()
                await asyncio.wait_for(client.snapshot.wait(), connect_timeout)
            except (OSError, TimeoutError) as error:
                client.failed = client.failed or f"{type(error).__name__}: {error}"

    started = time.perf_counter()
    await asyncio.gather(*(join(client) for client in clients))
    failures = [f"client {c.index}: {c.failed}" for c in clients if c.failed or not c.last_board]
    pipe.send(("ready", {"seconds": time.perf_counter() - started, "failures": failures}))

    command, go = await loop.run_in_executor(None, pipe.recv)
    if command == "go":
        t0: float = go["t0"]
        schedule: list[tuple[int, int, float, int]] = go["schedule"]
        timeout: float = go["timeout"]
        watch = Watch(schedule, len(clients))
        for client in clients:
            client.watch = watch
        by_index = {client.index: client for client in clients}
        sent: dict[int, float] = {}

        async def post(seq: int, index: int, at: float, column_id: int) -> None:
            client = by_index[index]
            await _sleep_until(t0 + at - COMPOSE_LEAD_S)
            client.send_event("start_note", {"column_id": column_id})
            await _sleep_until(t0 + at)
            watch.advance(time.perf_counter())
            sent[seq] = time.perf_counter()
            client.send_event("save_note", {"form_data": {"text": note_text(seq, index)}})

        async def advance_on_time() -> None:
            # Posts sent by other processes are watched for in time even if no message comes in meanwhile.
            for _, _, at, _ in watch.schedule:
                await _sleep_until(t0 + at)
                watch.advance(time.perf_counter())

        cpu_before = sum(os.times()[:2])
        ticker = asyncio.create_task(advance_on_time())
        posting = asyncio.gather(*(post(*entry) for entry in schedule if entry[1] in by_index))
        last_at = max((at for _, _, at, _ in schedule), default=0.0)
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(watch.all_seen.wait(), t0 + last_at + timeout - time.perf_counter())
        await posting
        ticker.cancel()
        cpu = sum(os.times()[:2]) - cpu_before
        seqs = [entry[0] for entry in schedule]
        final_duplicates = sum(
            1
            for client in clients
            if client.last_board
            for seq in seqs
            if client.last_board.count(marker(seq)) > 1
        )
        pipe.send(
            (
                "done",
                {
                    "sent": sent,
                    "last_seen": {
                        seq: max(client.seen[seq] for client in clients)
                        for seq in seqs
                        if all(seq in client.seen for client in clients)
                    },
                    "missed": {
                        seq: sum(1 for client in clients if seq not in client.seen)
                        for seq in seqs
                        if any(seq not in client.seen for client in clients)
                    },
                    "duplicates": sum(client.duplicates for client in clients) + final_duplicates,
                    "refusals": sum(client.refusals for client in clients),
                    "last_update_chars": max((len(client.last_board) for client in clients), default=0),
                    "cpu_seconds": cpu,
                },
            )
        )
        await loop.run_in_executor(None, pipe.recv)
    await asyncio.gather(*(client.close() for client in clients), return_exceptions=True)


def client_process(
    pipe: Connection,
    target: Target,
    cookies: list[tuple[int, str | None]],
    concurrency: int,
    connect_timeout: float,
) -> None:
    asyncio.run(_client_main(pipe, target, cookies, concurrency, connect_timeout))


# --- The floor: a bare python-socketio broadcast ----------------------------------------------------


def floor_app() -> Any:
    """The floor's ASGI app (a Granian factory; the title and the variant come from the environment)."""
    import socketio

    title = os.environ["LIVE_BOARD_FLOOR_TITLE"]
    whole_board = os.environ.get("LIVE_BOARD_FLOOR_WHOLE_BOARD") == "1"
    sio = socketio.AsyncServer(async_mode="asgi", cors_allowed_origins="*", transports=["websocket"])
    notes: list[dict[str, Any]] = []

    def board() -> dict[str, Any]:
        return {"delta": {"floor": {"board": {"title": title, "notes": notes}}}}

    class Floor(socketio.AsyncNamespace):  # type: ignore[misc]
        async def on_connect(self, sid: str, environ: dict[str, Any], auth: Any = None) -> None:
            await self.emit("event", board(), to=sid)

        async def on_event(self, sid: str, data: Any) -> None:
            if not str(data.get("name", "")).endswith(".save_note"):
                return
            note = {"id": len(notes) + 1, "text": str(data["payload"]["form_data"]["text"])}
            notes.append(note)
            await self.emit("event", board() if whole_board else {"delta": {"floor": {"note": note}}})

    sio.register_namespace(Floor(NAMESPACE))
    return socketio.ASGIApp(sio, socketio_path=NAMESPACE.strip("/"))


# --- Servers --------------------------------------------------------------------------------------


@dataclass
class Server:
    name: str
    process: subprocess.Popen[bytes]
    log: Path
    port: int

    def stop(self) -> None:
        if self.process.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(timeout=10)

    def log_tail(self, lines: int = 40) -> str:
        return "\n".join(self.log.read_text(errors="replace").splitlines()[-lines:])

    def log_problems(self) -> list[str]:
        return [
            line
            for line in self.log.read_text(errors="replace").splitlines()
            if re.search(r"Traceback|ERROR|Error|Exception|WARNING|Warning", line)
            and "DeprecationWarning" not in line
        ]


def _wait_ready(server: Server, url: str | None) -> None:
    deadline = time.perf_counter() + SERVER_START_TIMEOUT_S
    while time.perf_counter() < deadline:
        if server.process.poll() is not None:
            raise SystemExit(
                f"{server.name} stopped with exit code {server.process.returncode}:\n{server.log_tail()}"
            )
        try:
            if url is None:
                with socket.create_connection(("127.0.0.1", server.port), timeout=1):
                    return
            else:
                with urllib.request.urlopen(url, timeout=2) as response:
                    if response.status == 200:
                        return
        except OSError:
            time.sleep(0.2)
    server.stop()
    raise SystemExit(f"{server.name} did not answer within {SERVER_START_TIMEOUT_S} s:\n{server.log_tail()}")


def start_app(scratch: Path, database_url: str, redis_url: str | None, workers: int) -> Server:
    port = free_port()
    environment = {
        **os.environ,
        "LIVINGLAB_DATABASE_URL": database_url,
        "LIVINGLAB_PORT": str(port),
        "LIVINGLAB_HOST": "127.0.0.1",
        "REFLEX_WEB_WORKDIR": str(BENCH_WEB_DIR),
        "REFLEX_STATES_WORKDIR": str(scratch / "states"),
    }
    # The origin check must compare with the Host header the clients send (no public URL configured).
    for name in ("LIVINGLAB_PUBLIC_URL", "REDIS_URL", "LIVINGLAB_REDIS_URL", "REFLEX_REDIS_URL"):
        environment.pop(name, None)
    if redis_url:
        environment["REDIS_URL"] = redis_url
        # livinglab serve --workers N: N worker processes on port, port + 1…, as production runs them.
        environment["LIVINGLAB_WORKERS"] = str(workers)
    log = scratch / "app-server.log"
    with log.open("wb") as output:
        process = subprocess.Popen(
            [sys.executable, "-m", "livinglab.cli", "serve"],
            cwd=PROJECT_ROOT,
            env=environment,
            stdout=output,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    server = Server("the app", process, log, port)
    for worker in range(workers):
        _wait_ready(server, f"http://127.0.0.1:{port + worker}/")
    return server


def start_floor(scratch: Path, title: str, whole_board: bool) -> Server:
    """The floor under Granian, one worker: the ASGI server the app's backend runs on."""
    port = free_port()
    log = scratch / f"floor-{port}.log"
    environment = {
        **os.environ,
        "LIVE_BOARD_FLOOR_TITLE": title,
        "LIVE_BOARD_FLOOR_WHOLE_BOARD": "1" if whole_board else "0",
    }
    command = [
        sys.executable,
        "-m",
        "granian",
        "--interface",
        "asgi",
        "--host",
        "127.0.0.1",
        "--port",
        str(port),
        "--workers",
        "1",
        "--log-level",
        "warning",
        "--factory",
        "--working-dir",
        str(Path(__file__).parent),
        "live_board:floor_app",
    ]
    with log.open("wb") as output:
        process = subprocess.Popen(
            command,
            cwd=PROJECT_ROOT,
            env=environment,
            stdout=output,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    server = Server("the floor", process, log, port)
    _wait_ready(server, None)
    return server


# --- The app's data -------------------------------------------------------------------------------


@dataclass
class Lab:
    database_url: str
    workshop_id: int
    session_tokens: list[str]


def prepare_lab(database_url: str, guests: int) -> Lab:
    from sqlalchemy.orm import Session

    from livinglab.core.database import make_engine
    from livinglab.core.migrations import upgrade_to_head
    from livinglab.identity.consent import join_workshop
    from livinglab.identity.models import OrganizationKind
    from livinglab.identity.service import create_organization
    from livinglab.identity.sessions import start_session
    from livinglab.workshops.models import WorkshopStatus
    from livinglab.workshops.service import create_workshop

    upgrade_to_head(database_url)
    engine = make_engine(database_url)
    try:
        with Session(engine) as db:
            organization = create_organization(
                db=db, name="Banc d'essai", slug=f"bench-{secrets.token_hex(3)}", kind=OrganizationKind.MEMBER
            )
            workshop = create_workshop(
                db=db,
                organization_id=organization.id,
                title="Atelier de mesure",
                purpose="Mesurer le tableau en direct",
                scheduled_on=dt.date.today(),  # noqa: DTZ011
                status=WorkshopStatus.OPEN,
            )
            tokens = []
            for index in range(guests):
                guest = join_workshop(
                    db=db,
                    workshop_id=workshop.id,
                    pseudonym=f"Tablette {index:03d}",
                    language="fr",
                    consented=True,
                )
                tokens.append(start_session(db=db, guest_id=guest.id))
            db.commit()
            return Lab(database_url, workshop.id, tokens)
    finally:
        engine.dispose()


def add_board(lab: Lab, title: str) -> tuple[int, list[int]]:
    from sqlalchemy.orm import Session

    from livinglab.core.database import make_engine
    from livinglab.workshops import facilitation

    engine = make_engine(lab.database_url)
    try:
        with Session(engine) as db:
            board = facilitation.create_board(
                db=db, workshop_id=lab.workshop_id, title=title, template=facilitation.BoardTemplate.NEEDS
            )
            db.commit()
            return board.id, [column.id for column in board.columns]
    finally:
        engine.dispose()


def stored_notes(lab: Lab, board_id: int) -> tuple[int, int]:
    """How many notes the board holds, and how many of them repeat another's text."""
    from sqlalchemy import func, select
    from sqlalchemy.orm import Session

    from livinglab.core.database import make_engine
    from livinglab.workshops.models import Note

    engine = make_engine(lab.database_url)
    try:
        with Session(engine) as db:
            total = db.scalar(select(func.count(Note.id)).where(Note.board_id == board_id)) or 0
            distinct = (
                db.scalar(select(func.count(func.distinct(Note.text))).where(Note.board_id == board_id)) or 0
            )
            return total, total - distinct
    finally:
        engine.dispose()


def compiled_frontend() -> tuple[str | None, list[str] | None]:
    """The state schema and initial state hashes the compiled page sends when it hydrates."""
    context = BENCH_WEB_DIR / "utils" / "context.jsx"
    if not context.exists():
        return None, None
    source = context.read_text(encoding="utf-8")
    schema = re.search(r'export const stateSchema = "(\w+)"', source)
    hashes = re.search(r"export const initialStateHashes = (\[[^\]]*\])", source)
    return (schema.group(1) if schema else None, json.loads(hashes.group(1)) if hashes else None)


# --- One measured run -----------------------------------------------------------------------------


@dataclass
class Row:
    stack: str
    size: int
    posts: int
    rate: float
    connect_s: float = 0.0
    latencies_ms: list[float] = field(default_factory=list)
    lost: int = 0  # deliveries (post, client) that never came within the timeout
    lost_posts: int = 0
    duplicated: int = 0
    refused: int = 0
    server_cpu_pct: float = 0.0
    client_cpu_pct: float = 0.0
    other_cpu_pct: float = 0.0  # the rest of the machine during the posting phase
    rss_per_client_kib: float = 0.0
    last_update_kib: float = 0.0
    failures: list[str] = field(default_factory=list)

    def percentile(self, fraction: float) -> float:
        if not self.latencies_ms:
            return math.nan
        ordered = sorted(self.latencies_ms)
        return ordered[max(0, math.ceil(fraction * len(ordered)) - 1)]


def build_schedule(
    size: int, posts: int, rate: float, columns: list[int], seed: int
) -> tuple[float, list[Any]]:
    """(seq, client, seconds after the start, column) for each post: random clients in turn, so that each
    posts at most POSTS_PER_CLIENT_WINDOW times per window."""
    rate = min(rate, size * POSTS_PER_CLIENT_WINDOW / RATE_WINDOW_S)
    generator = random.Random(seed)
    order = list(range(size))
    generator.shuffle(order)
    return rate, [(seq, order[seq % size], seq / rate, columns[seq % len(columns)]) for seq in range(posts)]


def measure(
    *,
    stack: str,
    server: Server,
    target: Target,
    cookies: list[str | None],
    arguments: argparse.Namespace,
) -> Row:
    size = len(cookies)
    rate, schedule = build_schedule(size, arguments.posts, arguments.rate, target.column_ids, arguments.seed)
    row = Row(stack=stack, size=size, posts=len(schedule), rate=rate)
    processes = max(1, min(arguments.client_processes, size))
    context = multiprocessing.get_context("spawn")
    pipes, workers = [], []
    rss_before = tree_rss_kib(server.process.pid)
    for number in range(processes):
        mine = [(index, cookies[index]) for index in range(number, size, processes)]
        parent_end, child_end = context.Pipe()
        worker = context.Process(
            target=client_process,
            args=(
                child_end,
                target,
                mine,
                max(1, arguments.connect_concurrency // processes),
                60 + size * 0.5,
            ),
            daemon=True,
        )
        worker.start()
        pipes.append(parent_end)
        workers.append(worker)
    try:
        readies = [pipe.recv() for pipe in pipes]
        row.connect_s = max(ready[1]["seconds"] for ready in readies)
        row.failures = [failure for ready in readies for failure in ready[1]["failures"]]
        time.sleep(1.0)  # let the server settle after the hydrations
        row.rss_per_client_kib = (tree_rss_kib(server.process.pid) - rss_before) / size
        if row.failures:
            for pipe in pipes:
                pipe.send(("stop", None))
            return row
        t0 = time.perf_counter() + 1.0
        for pipe in pipes:
            pipe.send(("go", {"t0": t0, "schedule": schedule, "timeout": arguments.timeout}))
        time.sleep(max(0.0, t0 - time.perf_counter()))
        cpu_before, busy_before = tree_cpu_seconds(server.process.pid), machine_busy_seconds()
        results = [pipe.recv()[1] for pipe in pipes]
        window = time.perf_counter() - t0
        server_cpu = tree_cpu_seconds(server.process.pid) - cpu_before
        client_cpu = sum(result["cpu_seconds"] for result in results)
        other_cpu = machine_busy_seconds() - busy_before - server_cpu - client_cpu
        row.server_cpu_pct = 100 * server_cpu / window
        row.client_cpu_pct = 100 * client_cpu / window
        row.other_cpu_pct = max(0.0, 100 * other_cpu / window)
        sent = {seq: at for result in results for seq, at in result["sent"].items()}
        for seq, _, _, _ in schedule:
            missed = sum(result["missed"].get(seq, 0) for result in results)
            if missed or seq not in sent:
                row.lost += missed if seq in sent else size
                row.lost_posts += 1
                continue
            last = max(result["last_seen"][seq] for result in results)
            row.latencies_ms.append(1000 * (last - sent[seq]))
        row.duplicated = sum(result["duplicates"] for result in results)
        row.refused = sum(result["refusals"] for result in results)
        row.last_update_kib = max(result["last_update_chars"] for result in results) / 1024
        for pipe in pipes:
            pipe.send(("close", None))
    finally:
        for worker in workers:
            worker.join(timeout=30)
            if worker.is_alive():
                worker.terminate()
    return row


def run_app(arguments: argparse.Namespace, scratch: Path, rows: list[Row], notes: list[str]) -> None:
    from livinglab.workshops.board_state import BoardLiveState

    state_name = BoardLiveState.get_full_name()
    subprotocol = importlib.metadata.version("reflex")
    with fresh_database(arguments.database_url, scratch) as database_url:
        lab = prepare_lab(database_url, max(arguments.sizes))
        redis_url = f"redis://127.0.0.1:6379/{arguments.redis_db}" if arguments.redis else None
        print(f"building and starting the app ({BENCH_WEB_DIR.name})…", file=sys.stderr)
        app = start_app(scratch, database_url, redis_url, arguments.workers)
        schema, hashes = compiled_frontend()
        label = "Living Lab, " + ("PostgreSQL" if arguments.database_url else "SQLite")
        label += f", Redis, {arguments.workers} workers" if redis_url else ", 1 worker"
        try:
            for size in arguments.sizes:
                title = f"Tableau de mesure {size} {secrets.token_hex(4)}"
                board_id, columns = add_board(lab, title)
                target = Target(
                    [app.port + worker for worker in range(arguments.workers)],
                    title,
                    lab.workshop_id,
                    board_id,
                    columns,
                    state_name,
                    schema,
                    hashes,
                    subprotocol,
                )
                print(f"app, N={size}…", file=sys.stderr)
                row = measure(
                    stack=label,
                    server=app,
                    target=target,
                    cookies=list(lab.session_tokens[:size]),
                    arguments=arguments,
                )
                total, repeated = stored_notes(lab, board_id)
                accepted = row.posts - row.refused
                row.duplicated += repeated + max(0, total - accepted)
                rows.append(row)
                if row.failures:
                    notes.append(
                        f"N={size}: {len(row.failures)} client(s) got no snapshot, e.g. {row.failures[0]}"
                    )
                    break
        finally:
            app.stop()
            problems = app.log_problems()
            if problems:
                notes.append(
                    f"the app's log has {len(problems)} warning/error line(s), first: {problems[0][:200]}"
                )
            if arguments.keep_log:
                arguments.keep_log.write_text(app.log.read_text(errors="replace"))


def run_floor(arguments: argparse.Namespace, scratch: Path, rows: list[Row]) -> None:
    for whole_board, label in (
        (False, "floor: python-socketio, the note"),
        (True, "floor: python-socketio, the whole board"),
    ):
        for size in arguments.sizes:
            title = f"Floor {size} {secrets.token_hex(4)}"
            floor = start_floor(scratch, title, whole_board)
            target = Target([floor.port], title, 1, 1, [1, 2, 3, 4], "floor", None, None, None)
            print(f"{label}, N={size}…", file=sys.stderr)
            try:
                rows.append(
                    measure(
                        stack=label, server=floor, target=target, cookies=[None] * size, arguments=arguments
                    )
                )
            finally:
                floor.stop()


def run(arguments: argparse.Namespace) -> tuple[list[Row], list[str]]:
    rows: list[Row] = []
    notes: list[str] = []
    with tempfile.TemporaryDirectory(prefix="livinglab-bench-") as scratch_name:
        if not arguments.no_app:
            run_app(arguments, Path(scratch_name), rows, notes)
        if not arguments.no_floor:
            run_floor(arguments, Path(scratch_name), rows)
    return rows, notes


# --- Output ---------------------------------------------------------------------------------------


def _ms(value: float) -> str:
    return "–" if math.isnan(value) else f"{value:.0f}"


def table(rows: list[Row]) -> list[str]:
    lines = [
        "| stack | N | all connected (s) | posts (/s) | p50 (ms) | p95 (ms) | max (ms) | lost | duplicated "
        "| server CPU (% of a core) | clients' CPU | rest of the machine's CPU "
        "| server RSS per client (KiB) | last update (KiB) |",
        "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for row in rows:
        lost = f"{row.lost} ({row.lost_posts} posts)" if row.lost or row.lost_posts else "0"
        lines.append(
            f"| {row.stack} | {row.size} | {row.connect_s:.1f} | {row.posts} ({row.rate:.1f}) "
            f"| {_ms(row.percentile(0.5))} | {_ms(row.percentile(0.95))} "
            f"| {_ms(max(row.latencies_ms, default=math.nan))} "
            f"| {lost} | {row.duplicated} | {row.server_cpu_pct:.0f} | {row.client_cpu_pct:.0f} "
            f"| {row.other_cpu_pct:.0f} "
            f"| {row.rss_per_client_kib:.0f} | {row.last_update_kib:.1f} |"
        )
    return lines


def summary(rows: list[Row], target_ms: int, target_size: int = 300) -> list[str]:
    """What the figures say against the issue's target, in words; nothing is asserted."""
    app = next((r for r in rows if r.size == target_size and r.stack.startswith("Living Lab")), None)
    floors = [r for r in rows if r.size == target_size and r.stack.startswith("floor")]
    if app is None or not app.latencies_ms:
        return [
            f"No figure at N={target_size} in this run: the target (p95 ≤ {target_ms} ms, nothing lost) "
            "is not evaluated."
        ]
    p95 = app.percentile(0.95)
    words = [
        f"At N={target_size}, the app's p95 is {p95:.0f} ms against the target of {target_ms} ms "
        f"({'within' if p95 <= target_ms else 'above'} it)"
    ]
    for floor in floors:
        floor_p95 = floor.percentile(0.95)
        if floor.latencies_ms and floor_p95 > 0:
            words.append(
                f"{p95 / floor_p95:.1f}× the p95 of the {floor.stack.removeprefix('floor: ')} "
                f"({floor_p95:.0f} ms)"
            )
    lost = "nothing was lost" if app.lost == 0 else f"{app.lost} deliveries were lost"
    lines = ["; ".join(words) + f"; {lost}, {app.duplicated} duplicated."]
    busiest = max(rows, key=lambda r: r.other_cpu_pct)
    if busiest.other_cpu_pct > 25:
        lines.append(
            f"The rest of the machine was busy during these runs (up to {busiest.other_cpu_pct:.0f} % of a "
            f"core beside the server and the clients, on {os.cpu_count()} cores): latencies measured then "
            "include waiting for a core, and rows compare only where that column is similar. Rerun on a "
            "quiet machine before drawing conclusions from the gaps."
        )
    return lines


def render(rows: list[Row], notes: list[str], command: str, arguments: argparse.Namespace) -> str:
    processes = arguments.client_processes
    section = SHARED if arguments.redis else SINGLE
    begin, end = markers(section)
    lines = [
        begin,
        f"## Live board fan-out (`{section}`)",
        "",
        f"Measured {time.strftime('%Y-%m-%d')} on {platform.node() or 'this machine'} "
        f"({os.cpu_count()} cores, Python {platform.python_version()}), with `{command}`.",
        "",
        *table(rows),
        "",
        f"How it runs: every client is a raw websocket speaking the browser's protocol (Engine.IO 4, "
        f"Socket.IO, the board page's hydrate and on_load), in {processes} client processes on the same "
        "machine as the server, so clients and server share the cores (the clients' CPU column shows how "
        "much the clients took, and the next one what everything else on the machine took meanwhile, all in "
        "% of one core). A post's latency runs from sending `save_note` to the moment the last of the N "
        "clients saw its text; posts come from random clients at the rate shown (lowered for small boards so "
        "that nobody nears the 5 posts per 10 s limit). Lost: deliveries (post, client) that never came "
        f"within {arguments.timeout:.0f} s. Duplicated: a note twice in one update or in the last snapshot, "
        "or the database holding more notes than accepted posts. Server CPU: user and system time of the "
        "server's process tree during the posting phase, per wall second. RSS per client: growth of the "
        "server tree's resident memory once the N clients are connected, divided by N (approximate: the "
        "allocator keeps freed memory). Last update: size of the last board update a client received (the "
        "app sends the whole board every time). The floor is a bare python-socketio ASGI server under "
        "Granian (the app's ASGI server), one worker, which broadcasts each post to every client: the note "
        "alone, or the whole board as the app does.",
        "",
        "\n\n".join(summary(rows, TARGET_P95_MS[section])),
    ]
    if notes:
        lines += ["", *(f"- {note}" for note in notes)]
    lines.append(end)
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--sizes", default="30,100,300", help="numbers of clients, comma-separated")
    parser.add_argument("--posts", type=int, default=100, help="notes posted per size")
    parser.add_argument("--rate", type=float, default=10.0, help="posts per second, all clients together")
    parser.add_argument("--timeout", type=float, default=30.0, help="seconds after which a note is lost")
    parser.add_argument("--client-processes", type=int, default=2)
    parser.add_argument("--connect-concurrency", type=int, default=50, help="handshakes under way at once")
    parser.add_argument("--database-url", help="a PostgreSQL server on which a throwaway database is made")
    parser.add_argument("--redis", action="store_true", help="REDIS_URL set: state and fan-out through Redis")
    parser.add_argument("--redis-db", type=int, default=13)
    parser.add_argument("--workers", type=int, help="backend workers (with --redis only); default 2 with it")
    parser.add_argument("--no-floor", action="store_true", help="skip the python-socketio floor")
    parser.add_argument("--no-app", action="store_true", help="measure the floor only")
    parser.add_argument("--latencies", type=Path, help="write every post's latency (ms) to this JSON file")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--keep-log", type=Path, help="copy the app server's log to this file")
    parser.add_argument("--report", type=Path, help="markdown file to write the figures into")
    arguments = parser.parse_args()
    arguments.sizes = [int(size) for size in str(arguments.sizes).split(",") if size.strip()]
    if arguments.workers is None:
        arguments.workers = 2 if arguments.redis else 1
    if arguments.workers > 1 and not arguments.redis:
        parser.error("several workers share the app's state only through Redis: add --redis")
    command = "python bench/live_board.py " + " ".join(sys.argv[1:])
    load_before = os.getloadavg()[0]
    rows, notes = run(arguments)
    if arguments.latencies:
        arguments.latencies.write_text(
            json.dumps([{"stack": r.stack, "size": r.size, "latencies_ms": r.latencies_ms} for r in rows])
        )
    notes.append(
        f"load average (1 min) {load_before:.1f} before the run and {os.getloadavg()[0]:.1f} after it: "
        "anything else running on the machine shows in these figures"
    )
    section = render(rows, notes, command, arguments)
    print(section)
    if arguments.report:
        write_section(arguments.report, SHARED if arguments.redis else SINGLE, section)


if __name__ == "__main__":
    main()
