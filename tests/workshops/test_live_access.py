"""An ended session sees nothing more: the live fan-out takes a screen out of a board's rooms as soon as its
session ends or its rights shrink, on this worker and, through Redis, on every other.

The fan-out runs on a real python-socketio server whose sockets are connected by hand and whose outgoing
packets are recorded: what a browser on that socket would have received, in the app's own JSON.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import json
from collections import defaultdict
from collections.abc import Awaitable, Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from types import SimpleNamespace
from typing import Any, TypeVar

import pytest
import socketio
from reflex_base.constants.state import FIELD_MARKER
from reflex_base.utils import format

from livinglab.core import settings
from livinglab.core.database import session_scope
from livinglab.identity import consent, revocation, service, sessions
from livinglab.identity.models import NotesOnWithdrawal, OrganizationKind, Role
from livinglab.workshops import access, facilitation, live, notes
from livinglab.workshops import service as workshops
from livinglab.workshops.models import WorkshopStatus
from livinglab.workshops.rules import Actor
from livinglab.workshops.snapshots import BoardSnapshot, ConsoleView, ParticipantView

NAMESPACE = "/_event"
STATE = "state.board_live_state"
T = TypeVar("T")
# A Redis database of the tests' own; pub/sub channels are shared by all, which the fan-out tolerates: an
# announcement only makes a worker check its screens again.
REDIS_URL = "redis://127.0.0.1:6379/11"


def run(scenario: Callable[[], Awaitable[T]]) -> T:
    """On a thread of its own, as tests/identity/test_guard.py does: a browser test's Playwright may hold
    this thread's event loop."""

    async def main() -> T:
        return await scenario()

    with ThreadPoolExecutor(max_workers=1) as runner:
        return runner.submit(asyncio.run, main()).result()


class Worker:
    """One app worker's Socket.IO server and live fan-out, with every packet it sent, per socket."""

    def __init__(self) -> None:
        self.sio = socketio.AsyncServer(
            async_mode="asgi", json=SimpleNamespace(dumps=format.json_dumps, loads=json.loads)
        )
        self.received: dict[str, list[str]] = defaultdict(list)

        async def record(eio_sid: str, packet: Any) -> None:
            self.received[eio_sid].append(str(packet.data))

        self.sio._send_eio_packet = record  # type: ignore[method-assign]
        self.fanout = live.Fanout(STATE, server=lambda: (self.sio, NAMESPACE))

    async def screen(self, name: str) -> str:
        """A connected browser tab; its socket id (its recorded packets are under ``name``)."""
        return str(await self.sio.manager.connect(name, NAMESPACE))

    def rooms(self, sid: str) -> set[str]:
        return {room for room in self.sio.manager.get_rooms(sid, NAMESPACE) if room and room != sid}

    def text(self, name: str, since: int = 0) -> str:
        return "\n".join(self.received[name][since:])

    def updates(self, name: str) -> list[dict[str, Any]]:
        """The Socket.IO "event" packets sent to ``name``'s socket, decoded: Reflex state updates."""
        decoded = [json.loads(packet[packet.index("[") :]) for packet in self.received[name]]
        return [update for event, update in decoded if event == "event"]

    async def settle(self) -> None:
        """Until every pass and check under way is done, those they started included."""
        for _ in range(200):
            await asyncio.sleep(0.01)
            busy = [t for t in (*self.fanout._passes.values(), *self.fanout._tasks) if not t.done()]
            if not busy:
                return
            await asyncio.wait(busy, timeout=5)
        raise AssertionError("the fan-out did not settle")


@dataclass(frozen=True)
class Lab:
    board_id: int
    column_id: int
    facilitator_id: int
    membership_id: int
    admin_id: int
    guest_id: int


@pytest.fixture(autouse=True)
def only_this_tests_workers(monkeypatch: pytest.MonkeyPatch) -> None:
    """The app's own fan-out (registered when its state module is imported) does not hear these tests."""
    monkeypatch.setattr(revocation, "_listeners", [])


@pytest.fixture
def lab(app_database: str) -> Lab:
    """An organization's open workshop with a board in private mode, its facilitator (also a practitioner
    there), an administrator, and a participant."""
    with session_scope() as db:
        organization = service.create_organization(
            db=db, name="Accueil", slug="accueil", kind=OrganizationKind.MEMBER
        )
        facilitator = service.create_person(db=db, display_name="Léa", email="lea@example.org")
        membership = service.add_membership(
            db=db, person=facilitator, organization=organization, role=Role.FACILITATOR
        )
        service.add_membership(db=db, person=facilitator, organization=organization, role=Role.PRACTITIONER)
        admin = service.create_admin(db=db, email="admin@example.org", display_name="Admin")
        workshop = workshops.create_workshop(
            db=db,
            organization_id=organization.id,
            title="Atelier",
            purpose="Co-concevoir",
            scheduled_on=dt.date(2026, 12, 5),
            status=WorkshopStatus.OPEN,
        )
        board = facilitation.create_board(
            db=db, workshop_id=workshop.id, title="Nos besoins", template=facilitation.BoardTemplate.NEEDS
        )
        facilitation.set_modes(db=db, board_id=board.id, private_mode=True)
        guest = consent.join_workshop(
            db=db, workshop_id=workshop.id, pseudonym="Amina", language="fr", consented=True
        )
        return Lab(board.id, board.columns[0].id, facilitator.id, membership.id, admin.id, guest.id)


@pytest.fixture
def no_redis(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.delenv("REDIS_URL", raising=False)
    settings.get_settings.cache_clear()
    yield
    settings.get_settings.cache_clear()


def signed_in(*, person_id: int | None = None, guest_id: int | None = None) -> tuple[str, sessions.Identity]:
    with session_scope() as db:
        token = sessions.start_session(db=db, person_id=person_id, guest_id=guest_id)
        identity = sessions.load_identity(db=db, token=token)
    assert identity is not None
    return token, identity


async def join(worker: Worker, name: str, lab: Lab, identity: sessions.Identity, **screen: Any) -> str:
    """``screen``: console=True for a facilitator's board, projector=True for the projection."""
    sid = await worker.screen(name)
    projector = screen.get("projector", False)
    await worker.fanout.join(
        sid=sid,
        board_id=lab.board_id,
        identity=identity,
        actor=None if projector else Actor.of(identity),
        console=screen.get("console", False),
    )
    return sid


async def post_in_private(worker: Worker, lab: Lab, text: str) -> None:
    """The participant posts while the board is in private mode; every worker hears of it."""
    with session_scope() as db:
        notes.post_note(
            db=db,
            board_id=lab.board_id,
            column_id=lab.column_id,
            text=text,
            color="yellow",
            actor=Actor(guest_id=lab.guest_id),
        )
    await worker.fanout.publish(live.BoardChange(lab.board_id, frozenset({f"g{lab.guest_id}"})))


def sent_away(worker: Worker, name: str) -> bool:
    """Whether the last thing the screen got was an empty board, console and own view, with the order to
    load its page again."""
    last = worker.updates(name)[-1]
    emptied = {
        var + FIELD_MARKER: json.loads(format.json_dumps(empty))
        for var, empty in (
            (live.PUBLIC_VAR, BoardSnapshot()),
            (live.OWN_VAR, ParticipantView()),
            (live.CONSOLE_VAR, ConsoleView()),
        )
    }
    return last["delta"] == {STATE: emptied} and last["events"] == [
        {
            "name": "_call_script",
            "router_data": {},
            "payload": {"javascript_code": "window.location.reload()", "callback": None},
        }
    ]


def test_the_recheck_applies_the_boards_rules_to_the_session_as_it_is_now(lab: Lab) -> None:
    token, facilitator = signed_in(person_id=lab.facilitator_id)
    _, other_tab = signed_in(person_id=lab.facilitator_id)
    guest_token, guest = signed_in(guest_id=lab.guest_id)

    def now(identity: sessions.Identity) -> access.BoardAccess:
        with session_scope() as db:
            return access.board_access(db=db, session_id=identity.session_id, board_id=lab.board_id)

    assert now(facilitator) == access.BoardAccess(sees=True, runs=True)
    assert now(guest) == access.BoardAccess(sees=True, runs=False)

    with session_scope() as db:
        service.revoke_membership(db=db, membership_id=lab.membership_id, by_person_id=lab.admin_id)
    # Still a practitioner of the organization: the board, not the console.
    assert now(facilitator) == access.BoardAccess(sees=True, runs=False)

    with session_scope() as db:
        sessions.end_session(db=db, token=token)
    assert now(facilitator) == access.BoardAccess(sees=False, runs=False)
    assert now(other_tab) == access.BoardAccess(sees=True, runs=False), "only the session that ended"

    with session_scope() as db:
        sessions.end_all_sessions(db=db, person_id=lab.facilitator_id, by_person_id=lab.admin_id)
    assert now(other_tab) == access.BoardAccess(sees=False, runs=False)

    with session_scope() as db:
        consent.withdraw_consent(db=db, guest_id=lab.guest_id, notes=NotesOnWithdrawal.ANONYMIZE)
    assert now(guest) == access.BoardAccess(sees=False, runs=False)
    assert guest_token


@pytest.mark.usefixtures("no_redis")
def test_an_ended_session_leaves_every_room_and_never_gets_the_next_private_note(lab: Lab) -> None:
    token, facilitator = signed_in(person_id=lab.facilitator_id)
    _, other_tab = signed_in(person_id=lab.facilitator_id)
    _, guest = signed_in(guest_id=lab.guest_id)

    async def scenario() -> None:
        worker = Worker()
        stop = revocation.on_access_lost(worker.fanout.access_lost)
        try:
            ended = await join(worker, "ended", lab, facilitator, console=True)
            projector = await join(worker, "projector", lab, facilitator, projector=True)
            kept = await join(worker, "kept", lab, other_tab, console=True)
            await join(worker, "tablet", lab, guest)
            await worker.settle()
            assert worker.rooms(ended) == {
                f"board:{lab.board_id}",
                f"board:{lab.board_id}:console",
                f"board:{lab.board_id}:p{lab.facilitator_id}",
            }

            # Signing out on the laptop ends that session: its board and its projection go, at once.
            with session_scope() as db:
                sessions.end_session(db=db, token=token)
            await worker.settle()
            assert worker.rooms(ended) == set()
            assert worker.rooms(projector) == set()
            assert sent_away(worker, "ended")
            assert sent_away(worker, "projector")
            assert worker.rooms(kept) == {
                f"board:{lab.board_id}",
                f"board:{lab.board_id}:console",
                f"board:{lab.board_id}:p{lab.facilitator_id}",
            }
            seen_before = {name: len(worker.received[name]) for name in ("ended", "projector", "kept")}

            await post_in_private(worker, lab, "Mon secret à moi")
            await worker.settle()
            assert "Mon secret à moi" in worker.text("kept", seen_before["kept"])
            assert "Mon secret à moi" in worker.text("tablet")
            assert "Mon secret à moi" not in worker.text("ended") + worker.text("projector")
            assert worker.received["ended"][seen_before["ended"] :] == []
        finally:
            stop()

    run(scenario)


@pytest.mark.usefixtures("no_redis")
def test_a_role_removed_takes_the_console_away_and_a_withdrawn_consent_the_board(lab: Lab) -> None:
    _, facilitator = signed_in(person_id=lab.facilitator_id)
    _, guest = signed_in(guest_id=lab.guest_id)
    _, guest_tablet_2 = signed_in(guest_id=lab.guest_id)

    async def scenario() -> None:
        worker = Worker()
        stop = revocation.on_access_lost(worker.fanout.access_lost)
        try:
            console = await join(worker, "console", lab, facilitator, console=True)
            tablet = await join(worker, "tablet", lab, guest)
            other = await join(worker, "other-tablet", lab, guest_tablet_2)
            await worker.settle()

            with session_scope() as db:
                service.revoke_membership(db=db, membership_id=lab.membership_id, by_person_id=lab.admin_id)
            await worker.settle()
            # Out of every room; its page's load lets it back in as the practitioner it still is.
            assert worker.rooms(console) == set()
            assert sent_away(worker, "console")
            assert worker.rooms(tablet) != set()

            with session_scope() as db:
                consent.withdraw_consent(db=db, guest_id=lab.guest_id, notes=NotesOnWithdrawal.DELETE)
            await worker.settle()
            assert worker.rooms(tablet) == set() == worker.rooms(other)
            assert sent_away(worker, "tablet")
            assert sent_away(worker, "other-tablet")
        finally:
            stop()

    run(scenario)


@pytest.mark.usefixtures("no_redis")
def test_screens_of_other_people_and_sessions_still_valid_are_left_alone(lab: Lab) -> None:
    _, facilitator = signed_in(person_id=lab.facilitator_id)
    _, guest = signed_in(guest_id=lab.guest_id)

    async def scenario() -> None:
        worker = Worker()
        console = await join(worker, "console", lab, facilitator, console=True)
        tablet = await join(worker, "tablet", lab, guest)
        await worker.settle()
        before = {name: len(worker.received[name]) for name in ("console", "tablet")}
        # Announced for both, nothing changed: an announcement that says too much costs a check, nothing else.
        await worker.fanout.announce(
            revocation.AccessLost(frozenset({lab.facilitator_id}), frozenset({lab.guest_id}))
        )
        await worker.settle()
        assert worker.rooms(console)
        assert worker.rooms(tablet)
        assert {name: len(worker.received[name]) for name in ("console", "tablet")} == before

    run(scenario)


def test_the_news_crosses_redis_to_the_worker_holding_the_screen(
    lab: Lab, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("REDIS_URL", REDIS_URL)
    settings.get_settings.cache_clear()
    _, facilitator = signed_in(person_id=lab.facilitator_id)

    async def scenario() -> None:
        # The administrator's request lands on worker A; the facilitator's screen is on worker B.
        worker_a, worker_b = Worker(), Worker()
        stop = revocation.on_access_lost(worker_a.fanout.access_lost)
        try:
            ended = await join(worker_b, "ended", lab, facilitator, console=True)
            await worker_b.settle()
            with session_scope() as db:
                sessions.end_all_sessions(db=db, person_id=lab.facilitator_id, by_person_id=lab.admin_id)
            for _ in range(100):
                await worker_a.settle()
                await worker_b.settle()
                if not worker_b.rooms(ended):
                    break
                await asyncio.sleep(0.05)
            assert worker_b.rooms(ended) == set()
            assert sent_away(worker_b, "ended")

            await post_in_private(worker_a, lab, "Secret sur Redis")
            await asyncio.sleep(0.3)
            await worker_b.settle()
            assert "Secret sur Redis" not in worker_b.text("ended")
        finally:
            stop()
            for worker in (worker_a, worker_b):
                if worker.fanout._subscriber is not None:
                    worker.fanout._subscriber.cancel()

    try:
        run(scenario)
    finally:
        settings.get_settings.cache_clear()


def test_without_redis_reachable_the_worker_still_checks_its_own_screens(
    lab: Lab, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Nothing listens on port 1: every publish fails, as when Redis is down.
    monkeypatch.setenv("REDIS_URL", "redis://127.0.0.1:1/0")
    settings.get_settings.cache_clear()
    token, facilitator = signed_in(person_id=lab.facilitator_id)

    async def scenario() -> None:
        worker = Worker()
        sid = await worker.screen("ended")
        # Joined without subscribing (there is no Redis to subscribe to): the screen is in its rooms.
        monkeypatch.setattr(worker.fanout, "_listen", _nothing)
        await worker.fanout.join(
            sid=sid, board_id=lab.board_id, identity=facilitator, actor=Actor.of(facilitator), console=True
        )
        await worker.settle()
        with session_scope() as db:
            sessions.end_session(db=db, token=token)
        await worker.fanout.announce(revocation.AccessLost(person_ids=frozenset({lab.facilitator_id})))
        await worker.settle()
        assert worker.rooms(sid) == set()
        assert sent_away(worker, "ended")

    try:
        run(scenario)
    finally:
        settings.get_settings.cache_clear()


async def _nothing() -> None:
    return None


@pytest.mark.usefixtures("no_redis")
def test_a_screen_gone_before_its_first_pass_is_sent_nothing(lab: Lab) -> None:
    _, facilitator = signed_in(person_id=lab.facilitator_id)

    async def scenario() -> None:
        worker = Worker()
        sid = await join(worker, "gone", lab, facilitator, console=True)
        # Sent away (or left) while its first pass had not run yet: that pass sends to sockets directly.
        await worker.fanout.leave(sid=sid)
        await worker.settle()
        assert worker.received["gone"] == []

    run(scenario)
