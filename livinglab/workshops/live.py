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
4. A screen is in a board's rooms because its guard let it in, with the session it had then. When access is
   taken away (a session ended: signed out, ended by an administrator, a password reset; a role removed; a
   consent withdrawn), the identity layer announces whose access shrank once that is committed
   (``livinglab.identity.revocation``); the fan-out sends the announcement to every worker like a change
   (``ACCESS_CHANNEL``). Each worker checks its screens of those people again, each with its own session as
   the database has it now and the board's own rules (``access.board_access``), and takes a screen that may
   no longer see the board, the console or the projection out of every board room at once. That screen is
   then sent an empty board, so that nothing stays on it, and told to load the page again, whose guard sends
   it to sign in, or lets it in with what it may still see.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import redis.asyncio as aioredis
import reflex as rx
from redis.asyncio.client import PubSub
from redis.exceptions import RedisError
from reflex.event import Event
from reflex.istate.manager.redis import NOTIFY_KEYSPACE_EVENTS
from reflex_base.constants.state import FIELD_MARKER
from reflex_base.registry import RegistrationContext

from livinglab.core.database import session_scope
from livinglab.core.settings import get_settings
from livinglab.identity.revocation import AccessLost
from livinglab.identity.sessions import Identity
from livinglab.workshops import access, decisions, snapshots
from livinglab.workshops.models import BoardPhase
from livinglab.workshops.rules import Actor

logger = logging.getLogger(__name__)

# The live state's vars the fan-out writes (declared, with these names, by BoardLiveState).
PUBLIC_VAR = "board"
OWN_VAR = "own"
CONSOLE_VAR = "console"
REDIS_CHANNEL = "livinglab:board-changes"
# Whose access shrank (see AccessLost): every worker checks its screens of those people again.
ACCESS_CHANNEL = "livinglab:access-lost"
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


def access_to_json(lost: AccessLost) -> str:
    return json.dumps({"people": sorted(lost.person_ids), "guests": sorted(lost.guest_ids)})


def access_from_json(raw: str | bytes) -> AccessLost:
    data = json.loads(raw)
    return AccessLost(
        person_ids=frozenset(int(i) for i in data["people"]),
        guest_ids=frozenset(int(i) for i in data["guests"]),
    )


@dataclass(frozen=True)
class _Screen:
    """What a screen joined a board with: enough to check it again when its access may have shrunk."""

    board_id: int
    session_id: int
    # Who is signed in on it (``Actor.key``), a projector too.
    viewer: str
    console: bool
    projector: bool

    def still_allowed(self, now: access.BoardAccess) -> bool:
        """Whether what it was let in to see is still its to see (the same rules as its page's load)."""
        if self.projector:
            return now.runs
        return now.sees and (now.runs or not self.console)


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

    def __init__(self, state_name: str, server: Callable[[], tuple[Any, str]] | None = None) -> None:
        """``server``: the Socket.IO server and namespace to use, the app's by default (tests give theirs)."""
        self._state_name = state_name
        self._server = server or _app_server
        self._pending: dict[int, _Pending] = {}
        self._passes: dict[int, asyncio.Task[None]] = {}
        self._redis: aioredis.Redis | None = None
        self._subscriber: asyncio.Task[None] | None = None
        # This worker's screens on a board, by socket id.
        self._screens: dict[str, _Screen] = {}
        # Announcements and checks under way: the event loop keeps only weak references to tasks.
        self._tasks: set[asyncio.Task[None]] = set()

    async def join(
        self, *, sid: str, board_id: int, identity: Identity, actor: Actor | None, console: bool
    ) -> None:
        """Adds a screen to the board's audiences (the caller has checked what it may see, for ``identity``)
        and sends it the board as it is now. ``actor`` is None for a projector."""
        await self.leave(sid=sid)
        sio, namespace = self._server()
        # Screens whose socket closed left their rooms with it; forget them here, where screens come and go.
        for gone in [s for s in self._screens if not sio.manager.is_connected(s, namespace)]:
            del self._screens[gone]
        self._screens[sid] = _Screen(
            board_id=board_id,
            session_id=identity.session_id,
            viewer=Actor.of(identity).key,
            console=console,
            projector=actor is None,
        )
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
        self._screens.pop(sid, None)
        sio, namespace = self._server()
        for room in list(sio.rooms(sid, namespace=namespace)):
            if isinstance(room, str) and room.startswith("board:"):
                await sio.leave_room(sid, room, namespace=namespace)

    async def publish(self, change: BoardChange) -> None:
        """After the change is committed: every worker's screens on this board get the new snapshots."""
        if not await self._broadcast(REDIS_CHANNEL, change.to_json()):
            self._receive(change)

    def access_lost(self, lost: AccessLost) -> None:
        """Listens to the identity layer (``revocation.on_access_lost``). Called inside the commit that took
        access away, so it only schedules the announcement; the app commits on its event loop."""
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:
            logger.warning("access lost outside the event loop: open boards are not told")
            return
        self._keep(loop.create_task(self.announce(lost), name="livinglab-access-lost"))

    async def announce(self, lost: AccessLost) -> None:
        """Every worker checks its screens of the people in ``lost`` again."""
        if not await self._broadcast(ACCESS_CHANNEL, access_to_json(lost)):
            self._check_screens_of(lost)

    async def _broadcast(self, channel: str, message: str) -> bool:
        """Sends ``message`` to every worker (this one too) through Redis; False if that is for this worker
        to do itself: no Redis configured, or Redis unreachable. The change is committed then: this worker's
        screens get it now, the other workers' when their subscriptions come back, after which they read
        their boards and check their screens again (see _hear)."""
        redis = self._redis_client()
        if redis is None:
            return False
        try:
            await redis.publish(channel, message)
        except (RedisError, OSError):
            logger.warning("live boards: Redis unreachable, a message on %s stays on this worker", channel)
            return False
        return True

    def _keep(self, task: asyncio.Task[None]) -> None:
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

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
        await pubsub.subscribe(REDIS_CHANNEL, ACCESS_CHANNEL)
        self._subscriber = asyncio.create_task(self._hear(redis, pubsub), name="livinglab-board-changes")

    async def _hear(self, redis: aioredis.Redis, pubsub: PubSub) -> None:
        """Hears the changes for as long as the worker runs. When Redis goes away (restarted, unreachable),
        subscribes again as soon as it is back, then reads again every board this worker shows and checks
        every screen's access again: the changes and access losses published meanwhile were lost with the
        connection, the database has them."""
        while True:
            try:
                async for message in pubsub.listen():
                    with contextlib.suppress(ValueError, KeyError, TypeError):
                        if message["channel"] in (ACCESS_CHANNEL, ACCESS_CHANNEL.encode()):
                            self._check_screens_of(access_from_json(message["data"]))
                        else:
                            self._receive(BoardChange.from_json(message["data"]))
            except (RedisError, OSError):
                logger.warning("live boards: Redis unreachable, subscribing again")
            while True:
                await asyncio.sleep(RESUBSCRIBE_DELAY_S)
                try:
                    await pubsub.subscribe(REDIS_CHANNEL, ACCESS_CHANNEL)
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
            self._keep(asyncio.create_task(self._check_screens(dict(self._screens))))

    def _check_screens_of(self, lost: AccessLost) -> None:
        viewers = {Actor(person_id=i).key for i in lost.person_ids} | {
            Actor(guest_id=i).key for i in lost.guest_ids
        }
        concerned = {sid: screen for sid, screen in self._screens.items() if screen.viewer in viewers}
        if concerned:
            self._keep(asyncio.create_task(self._check_screens(concerned), name="livinglab-access-check"))

    async def _check_screens(self, screens: dict[str, _Screen]) -> None:
        """Takes out of every board room each of ``screens`` that may no longer see what it was let in to."""
        sio, namespace = self._server()
        open_screens = {
            sid: screen for sid, screen in screens.items() if sio.manager.is_connected(sid, namespace)
        }
        verdicts = await asyncio.to_thread(
            _board_access, {(s.session_id, s.board_id) for s in open_screens.values()}
        )
        for sid, screen in open_screens.items():
            if self._screens.get(sid) is not screen:
                continue  # it left or joined again meanwhile, and that join was checked by its guard
            if not screen.still_allowed(verdicts[screen.session_id, screen.board_id]):
                await self._send_away(sid)

    async def _send_away(self, sid: str) -> None:
        """Out of every board room now; then an empty board on its screen, and its page loaded again."""
        await self.leave(sid=sid)
        sio, namespace = self._server()
        emptied = {
            PUBLIC_VAR + FIELD_MARKER: snapshots.BoardSnapshot(),
            OWN_VAR + FIELD_MARKER: snapshots.ParticipantView(),
            CONSOLE_VAR + FIELD_MARKER: snapshots.ConsoleView(),
        }
        update = {"delta": {self._state_name: emptied}, "events": RELOAD_PAGE}
        await sio.emit("event", update, to=sid, namespace=namespace)

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
        # A newcomer is sent its first snapshots straight to its socket, not through the rooms: one that left
        # or was sent away since it joined (its session ended meanwhile) must not get them.
        pending.newcomers = [
            newcomer
            for newcomer in pending.newcomers
            if (screen := self._screens.get(newcomer[0])) is not None and screen.board_id == board_id
        ]
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


def _app_server() -> tuple[Any, str]:
    app = RegistrationContext.get().app
    if app.sio is None or app.event_namespace is None:
        raise RuntimeError("Socket.IO is not running")
    return app.sio, app.event_namespace.namespace


# What a screen sent away runs: its page's load again, whose guard decides where it goes (to sign in, home, or
# back on the board with what it may still see). A full load: the server-side state of the screen is rebuilt.
RELOAD_PAGE = Event.from_event_type(rx.call_script("window.location.reload()"))


def _board_access(screens: set[tuple[int, int]]) -> dict[tuple[int, int], access.BoardAccess]:
    """Each (session, board)'s access now (run in a thread: it queries the database)."""
    with session_scope() as db:
        return {
            (session_id, board_id): access.board_access(db=db, session_id=session_id, board_id=board_id)
            for session_id, board_id in screens
        }


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
