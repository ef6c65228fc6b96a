"""Live boards: how one change reaches every screen allowed to see it, at once; the database is the truth.

Why not one ``rx.SharedState`` per board: Reflex then updates each linked client under that client's state
lock, loading and diffing its whole state; measured here, 158 ms for 100 tablets in one process, and seconds
on two workers with Redis (docs/performance.md). The fan-out below does per board what a plain Socket.IO
broadcast does, which is the floor of this stack:

1. A handler changes the board through the services, commits, then publishes a ``BoardChange``: in this
   process, or on Redis pub/sub when workers share the app (``REDIS_URL``), so that every worker hears it.
2. Each worker runs one task per board it has viewers for. A pass reads the board once and cuts each
   audience's snapshot (see ``snapshots``): the public one is encoded once and sent to the board's Socket.IO
   room, the console to the facilitators' room, each participant's own view to that participant's room.
   Changes that arrive during a pass are merged into the next one: a burst of posts costs a few passes, not
   one each, and passes of one board never overtake each other.
3. The snapshots are written into the browser's copy of the live state's vars (a Reflex delta). They are
   never kept in the per-client state on the server: no per-client lock or state load on the hot path, no
   memory per client for the board, and a page that reloads or reconnects is rebuilt from the database.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
from dataclasses import dataclass, field
from typing import Any

import redis.asyncio as aioredis
from redis.asyncio.client import PubSub
from redis.exceptions import RedisError
from reflex.istate.manager.redis import NOTIFY_KEYSPACE_EVENTS
from reflex_base.constants.state import FIELD_MARKER
from reflex_base.registry import RegistrationContext

from livinglab.core.database import session_scope
from livinglab.core.settings import get_settings
from livinglab.workshops import decisions, snapshots
from livinglab.workshops.models import BoardPhase
from livinglab.workshops.rules import Actor

logger = logging.getLogger(__name__)

# The live state's vars the fan-out writes (declared, with these names, by BoardLiveState).
PUBLIC_VAR = "board"
OWN_VAR = "own"
CONSOLE_VAR = "console"
REDIS_CHANNEL = "livinglab:board-changes"
# How often a worker that lost Redis tries to subscribe again.
RESUBSCRIBE_DELAY_S = 0.5
# The facilitators' audience of a board (the others are the whole room and each participant).
CONSOLE = "console"


@dataclass(frozen=True)
class BoardChange:
    board_id: int
    # Participants (``Actor.key``) whose own view changed: their notes or votes.
    actor_keys: frozenset[str] = frozenset()
    # Every participant's own view changed: a mode or the phase.
    everyone: bool = False

    def to_json(self) -> str:
        return json.dumps(
            {"board": self.board_id, "actors": sorted(self.actor_keys), "everyone": self.everyone}
        )

    @classmethod
    def from_json(cls, raw: str | bytes) -> BoardChange:
        data = json.loads(raw)
        return cls(
            board_id=int(data["board"]), actor_keys=frozenset(data["actors"]), everyone=bool(data["everyone"])
        )


@dataclass
class _Pending:
    """What the next pass over a board must send."""

    changed: bool = False
    actor_keys: set[str] = field(default_factory=set)
    everyone: bool = False
    # Screens that just opened the board: (socket id, participant key or None, sees the console).
    newcomers: list[tuple[str, str | None, bool]] = field(default_factory=list)


def _room(board_id: int, audience: str | None = None) -> str:
    return f"board:{board_id}" if audience is None else f"board:{board_id}:{audience}"


class Fanout:
    """The live fan-out of one worker. ``state_name`` is the full name of the state whose vars it writes."""

    def __init__(self, state_name: str) -> None:
        self._state_name = state_name
        self._pending: dict[int, _Pending] = {}
        self._passes: dict[int, asyncio.Task[None]] = {}
        self._redis: aioredis.Redis | None = None
        self._subscriber: asyncio.Task[None] | None = None

    @staticmethod
    def _server() -> tuple[Any, str]:
        app = RegistrationContext.get().app
        if app.sio is None or app.event_namespace is None:
            raise RuntimeError("Socket.IO is not running")
        return app.sio, app.event_namespace.namespace

    async def join(self, *, sid: str, board_id: int, actor: Actor | None, console: bool) -> None:
        """Adds a screen to the board's audiences (the caller has checked what it may see) and sends it the
        board as it is now."""
        await self.leave(sid=sid)
        sio, namespace = self._server()
        await sio.enter_room(sid, _room(board_id), namespace=namespace)
        if actor is not None:
            await sio.enter_room(sid, _room(board_id, actor.key), namespace=namespace)
        if console:
            await sio.enter_room(sid, _room(board_id, CONSOLE), namespace=namespace)
        await self._listen()
        self._pending.setdefault(board_id, _Pending()).newcomers.append(
            (sid, actor.key if actor else None, console)
        )
        self._start_pass(board_id)

    async def leave(self, *, sid: str) -> None:
        sio, namespace = self._server()
        for room in list(sio.rooms(sid, namespace=namespace)):
            if isinstance(room, str) and room.startswith("board:"):
                await sio.leave_room(sid, room, namespace=namespace)

    async def publish(self, change: BoardChange) -> None:
        """After the change is committed: every worker's screens on this board get the new snapshots."""
        redis = self._redis_client()
        if redis is None:
            self._receive(change)
            return
        try:
            await redis.publish(REDIS_CHANNEL, change.to_json())
        except (RedisError, OSError):
            # The change is committed: this worker's screens get it now, the other workers' when their
            # subscriptions come back and they read their boards again (see _hear).
            logger.warning(
                "live board %s: Redis unreachable, the change stays on this worker for now", change.board_id
            )
            self._receive(change)

    def _redis_client(self) -> aioredis.Redis | None:
        url = get_settings().redis_url
        if url and self._redis is None:
            self._redis = aioredis.from_url(url)
        return self._redis

    async def _listen(self) -> None:
        """With Redis, hear the changes every worker publishes (this one's included)."""
        redis = self._redis_client()
        if redis is None or (self._subscriber is not None and not self._subscriber.done()):
            return
        pubsub = redis.pubsub(ignore_subscribe_messages=True)
        await pubsub.subscribe(REDIS_CHANNEL)
        self._subscriber = asyncio.create_task(self._hear(redis, pubsub), name="livinglab-board-changes")

    async def _hear(self, redis: aioredis.Redis, pubsub: PubSub) -> None:
        """Hears the changes for as long as the worker runs. When Redis goes away (restarted, unreachable),
        subscribes again as soon as it is back, then reads again every board this worker shows: the
        changes published meanwhile were lost with the connection, the database has them."""
        while True:
            try:
                async for message in pubsub.listen():
                    with contextlib.suppress(ValueError, KeyError, TypeError):
                        self._receive(BoardChange.from_json(message["data"]))
            except (RedisError, OSError):
                logger.warning("live boards: Redis unreachable, subscribing again")
            while True:
                await asyncio.sleep(RESUBSCRIBE_DELAY_S)
                try:
                    await pubsub.subscribe(REDIS_CHANNEL)
                    break
                except (RedisError, OSError):
                    continue
            # Reflex's state locks wake their waiters through keyspace notifications, which it turns on in
            # Redis once, at start: a restarted Redis has lost that setting (unless redis.conf has it), and
            # every event would then wait for its lock to expire.
            with contextlib.suppress(RedisError, OSError):
                await redis.config_set("notify-keyspace-events", NOTIFY_KEYSPACE_EVENTS)
            for board_id in self._local_boards():
                self._receive(BoardChange(board_id=board_id, everyone=True))

    def _receive(self, change: BoardChange) -> None:
        if not self._has_screens(_room(change.board_id)):
            return  # no screen of this worker shows the board
        pending = self._pending.setdefault(change.board_id, _Pending())
        pending.changed = True
        pending.everyone = pending.everyone or change.everyone
        pending.actor_keys.update(change.actor_keys)
        self._start_pass(change.board_id)

    def _start_pass(self, board_id: int) -> None:
        running = self._passes.get(board_id)
        if running is None or running.done():
            self._passes[board_id] = asyncio.create_task(
                self._run(board_id), name=f"livinglab-board-{board_id}"
            )

    async def _run(self, board_id: int) -> None:
        while (pending := self._pending.pop(board_id, None)) is not None:
            try:
                await self._send(board_id, pending)
            except Exception:
                logger.exception("live board %s: a pass failed", board_id)

    def _has_screens(self, room: str) -> bool:
        """Whether a screen of this worker is in the room."""
        sio, namespace = self._server()
        return any(True for _ in sio.manager.get_participants(namespace, room))

    def _local_boards(self) -> set[int]:
        sio, namespace = self._server()
        return {
            int(room.split(":")[1])
            for room in sio.manager.rooms.get(namespace, {})
            if isinstance(room, str) and room.count(":") == 1 and room.startswith("board:")
        }

    def _local_actor_keys(self, board_id: int) -> set[str]:
        sio, namespace = self._server()
        prefix = _room(board_id, "")
        return {
            room.removeprefix(prefix)
            for room in sio.manager.rooms.get(namespace, {})
            if isinstance(room, str) and room.startswith(prefix) and room != _room(board_id, CONSOLE)
        }

    async def _send(self, board_id: int, pending: _Pending) -> None:
        sio, namespace = self._server()
        newcomer_keys = {key for _, key, _ in pending.newcomers if key is not None}
        changed_keys = self._local_actor_keys(board_id) if pending.everyone else pending.actor_keys
        own_keys = newcomer_keys | (changed_keys if pending.changed else set())
        wants_console = any(console for *_, console in pending.newcomers) or (
            pending.changed and self._has_screens(_room(board_id, CONSOLE))
        )
        public, console, own = await asyncio.to_thread(_cut, board_id, own_keys, wants_console)

        def update(var: str, value: object) -> dict[str, Any]:
            return {"delta": {self._state_name: {var + FIELD_MARKER: value}}}

        if pending.changed:
            await sio.emit("event", update(PUBLIC_VAR, public), to=_room(board_id), namespace=namespace)
            if console is not None:
                await sio.emit(
                    "event", update(CONSOLE_VAR, console), to=_room(board_id, CONSOLE), namespace=namespace
                )
            for key in changed_keys:
                await sio.emit(
                    "event", update(OWN_VAR, own[key]), to=_room(board_id, key), namespace=namespace
                )
        for sid, newcomer_key, sees_console in pending.newcomers:
            await sio.emit("event", update(PUBLIC_VAR, public), to=sid, namespace=namespace)
            if newcomer_key is not None:
                await sio.emit("event", update(OWN_VAR, own[newcomer_key]), to=sid, namespace=namespace)
            if sees_console and console is not None:
                await sio.emit("event", update(CONSOLE_VAR, console), to=sid, namespace=namespace)


def _actor(key: str) -> Actor:
    return Actor(guest_id=int(key[1:])) if key.startswith("g") else Actor(person_id=int(key[1:]))


def _cut(
    board_id: int, own_keys: set[str], with_console: bool
) -> tuple[snapshots.BoardSnapshot, snapshots.ConsoleView | None, dict[str, snapshots.ParticipantView]]:
    """One read of the board, cut into each audience's snapshot (run in a thread: it queries the database)."""
    with session_scope() as db:
        content = snapshots.read_board(db=db, board_id=board_id)
        if content is None:
            return snapshots.BoardSnapshot(), None, {key: snapshots.ParticipantView() for key in own_keys}
        return (
            snapshots.public_snapshot(content),
            snapshots.console_view(
                content,
                decisions.outcomes(db=db, board_id=board_id),
                # Only the « Décider » phase offers to make a cycle: no query for it on the other passes.
                decisions.practice_choices(db=db, board_id=board_id)
                if content.board.phase is BoardPhase.DECIDE
                else (),
            )
            if with_console
            else None,
            {key: snapshots.participant_view(content, _actor(key)) for key in own_keys},
        )
