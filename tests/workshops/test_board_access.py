"""Each organization's board is its own: the live board's handlers as Reflex calls them, on the demo lab.

Its organization's staff, its workshop's participants and administrators take part; the staff of any other
organization are refused by every handler, with nothing changed in the database and the refusal audited.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import inspect
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any

import pytest
from sqlalchemy import func, select

from livinglab.core import database
from livinglab.core.audit import AuditEvent
from livinglab.demo import DEMO_ADMIN_EMAIL, ESTRIE, MONTREAL
from livinglab.identity import consent, sessions
from livinglab.identity import service as identity
from livinglab.identity.guard import GUARD_ATTRIBUTE, SESSION_COOKIE
from livinglab.identity.models import Person, Role
from livinglab.ui import routes
from livinglab.workshops import access, board_state, facilitation, live, notes, service
from livinglab.workshops.board_state import BoardLiveState
from livinglab.workshops.models import BoardPhase, Note, Vote, Workshop, WorkshopStatus
from livinglab.workshops.rules import Actor
from livinglab.workshops.state import WorkshopBoardState, WorkshopsState
from tests.conftest import state_for

ESTRIE_PRACTITIONER = "jean-philippe.roy@example.org"
MONTREAL_MANAGER = "isabelle.lavoie@example.org"
# Every handler a participant may call: posting, editing, deleting, voting, and the board's load.
CONTRIBUTING = sorted(
    name
    for name, handler in BoardLiveState.event_handlers.items()
    if getattr(handler.fn, GUARD_ATTRIBUTE, None) is access.BOARD_VIEWER
)


@dataclass(frozen=True)
class EstrieBoard:
    workshop_id: int
    board_id: int
    column_id: int
    guest_id: int
    note_id: int


class RecordingFanout:
    """Stands in for the live fan-out: these tests are about who may act, not about Socket.IO."""

    def __init__(self) -> None:
        self.joined: list[dict[str, Any]] = []
        self.published: list[live.BoardChange] = []

    async def join(self, **screen: Any) -> None:
        self.joined.append(screen)

    async def publish(self, change: live.BoardChange) -> None:
        self.published.append(change)


@pytest.fixture
def fanout(monkeypatch: pytest.MonkeyPatch) -> RecordingFanout:
    recording = RecordingFanout()
    monkeypatch.setattr(board_state, "FANOUT", recording)
    return recording


@pytest.fixture
def estrie_board(demo_database: str) -> EstrieBoard:
    """A new open workshop of Accueil Estrie Solidaire, collecting on one board, with a participant's note."""
    with database.session_scope() as db:
        estrie = identity.find_organization(db=db, slug=ESTRIE)
        assert estrie is not None
        workshop = service.create_workshop(
            db=db,
            organization_id=estrie.id,
            title="Atelier de l'Estrie",
            purpose="Co-concevoir",
            scheduled_on=dt.date(2026, 12, 5),
            status=WorkshopStatus.OPEN,
        )
        board = facilitation.create_board(
            db=db, workshop_id=workshop.id, title="Nos besoins", template=facilitation.BoardTemplate.NEEDS
        )
        guest = consent.join_workshop(
            db=db, workshop_id=workshop.id, pseudonym="Amina", language="fr", consented=True
        )
        column_id = board.columns[0].id
        note = notes.post_note(
            db=db,
            board_id=board.id,
            column_id=column_id,
            text="Un médecin de famille",
            color="yellow",
            actor=Actor(guest_id=guest.id),
        )
        # Returned from inside the unit of work, which commits as it closes.
        return EstrieBoard(workshop.id, board.id, column_id, guest.id, note.id)


def cookie_of(*, email: str | None = None, guest_id: int | None = None) -> str:
    with database.session_scope() as db:
        person_id = db.scalars(select(Person.id).where(Person.email == email)).one() if email else None
        token = sessions.start_session(db=db, person_id=person_id, guest_id=guest_id)
    return f"{SESSION_COOKIE}={token}"


def on_board(board: EstrieBoard, cookie: str) -> Any:
    return state_for(
        BoardLiveState,
        cookie=cookie,
        path=routes.board(board.workshop_id, board.board_id),
        params={"workshop_id": str(board.workshop_id), "board_id": str(board.board_id)},
    )


def call(state: Any, name: str, **arguments: Any) -> Any:
    result = type(state).event_handlers[name].fn(state, **arguments)
    if inspect.iscoroutine(result):
        # On a thread of its own, as tests/identity/test_guard.py does: Playwright may hold this loop.
        with ThreadPoolExecutor(max_workers=1) as runner:
            result = runner.submit(asyncio.run, result).result()
    return result


def arguments_for(name: str, board: EstrieBoard) -> dict[str, Any]:
    """What a browser could send each contributing handler, aimed at the participant's note."""
    return {
        "start_note": {"column_id": board.column_id},
        "start_edit": {"note_id": board.note_id, "text": "Modifié", "color": "pink"},
        "save_note": {"form_data": {"text": "Intrus", "color": "pink"}},
        "delete_note": {"note_id": board.note_id},
        "vote": {"note_id": board.note_id},
        "unvote": {"note_id": board.note_id},
    }.get(name, {})


def board_rows(board: EstrieBoard) -> list[tuple[str, ...]]:
    with database.session_scope() as db:
        texts = db.scalars(select(Note.text).where(Note.board_id == board.board_id).order_by(Note.id))
        votes = db.scalar(select(func.count(Vote.id)).where(Vote.board_id == board.board_id))
        return [tuple(texts), (str(votes),)]


def newest_event() -> AuditEvent:
    with database.session_scope() as db:
        found = db.scalars(select(AuditEvent).order_by(AuditEvent.id.desc())).first()
    assert found is not None
    return found


def test_every_contributing_handler_is_guarded_by_the_board_rule() -> None:
    assert {"load", "save_note", "start_edit", "delete_note", "vote", "unvote"} <= set(CONTRIBUTING)


@pytest.mark.parametrize("name", CONTRIBUTING)
@pytest.mark.parametrize(
    "outsider", [MONTREAL_MANAGER, "luc.pelletier@example.org"], ids=["montreal", "quebec"]
)
def test_staff_of_another_organization_are_refused_by_every_board_handler(
    estrie_board: EstrieBoard, fanout: RecordingFanout, name: str, outsider: str
) -> None:
    before = board_rows(estrie_board)
    state = on_board(estrie_board, cookie_of(email=outsider))
    # Even a state that claims an edit of the note (the browser cannot set it; assume the worst).
    state.editing_note_id = estrie_board.note_id
    vars_before = state.dict()

    refusal = call(state, name, **arguments_for(name, estrie_board))

    # Signed in already: sent home, as every refusal of a signed-in person.
    assert "_var_value='/'" in str(refusal)
    assert state.dict() == vars_before
    assert board_rows(estrie_board) == before
    assert (fanout.joined, fanout.published) == ([], [])
    refused = newest_event()
    assert (refused.action, refused.object_id, refused.detail) == (
        "authorization_refused",
        f"BoardLiveState.{name}",
        {"rule": "board_viewer"},
    )


def test_the_organizations_own_staff_participants_and_administrators_take_part(
    estrie_board: EstrieBoard, fanout: RecordingFanout
) -> None:
    practitioner = on_board(estrie_board, cookie_of(email=ESTRIE_PRACTITIONER))
    assert call(practitioner, "load") is None
    call(practitioner, "start_note", column_id=estrie_board.column_id)
    call(practitioner, "save_note", form_data={"text": "Un jardin partagé", "color": "green"})
    assert practitioner.error_key == ""

    participant = on_board(estrie_board, cookie_of(guest_id=estrie_board.guest_id))
    assert call(participant, "load") is None
    call(
        participant, "start_edit", note_id=estrie_board.note_id, text="Un médecin de famille", color="yellow"
    )
    call(participant, "save_note", form_data={"text": "Un médecin de famille, vite", "color": "yellow"})
    assert participant.error_key == ""

    administrator = on_board(estrie_board, cookie_of(email=DEMO_ADMIN_EMAIL))
    assert call(administrator, "load") is None
    with database.session_scope() as db:
        facilitation.set_phase(db=db, board_id=estrie_board.board_id, phase=BoardPhase.VOTE)
    call(participant, "vote", note_id=estrie_board.note_id)
    call(practitioner, "vote", note_id=estrie_board.note_id)
    assert (participant.error_key, practitioner.error_key) == ("", "")

    assert board_rows(estrie_board) == [("Un médecin de famille, vite", "Un jardin partagé"), ("2",)]
    assert len(fanout.joined) == 3
    # A practitioner takes part without running the board: no console.
    assert [screen["console"] for screen in fanout.joined] == [False, False, True]


def test_another_organizations_staff_neither_list_nor_open_the_workshop(
    estrie_board: EstrieBoard,
) -> None:
    outsider = state_for(WorkshopsState, cookie=cookie_of(email=MONTREAL_MANAGER))
    WorkshopsState.event_handlers["load"].fn(outsider)
    assert estrie_board.workshop_id not in {workshop.id for workshop in outsider.workshops}

    own = state_for(WorkshopsState, cookie=cookie_of(email=ESTRIE_PRACTITIONER))
    WorkshopsState.event_handlers["load"].fn(own)
    assert estrie_board.workshop_id in {workshop.id for workshop in own.workshops}
    with database.session_scope() as db:
        montreal = identity.find_organization(db=db, slug=MONTREAL)
        assert montreal is not None
        estrie = identity.find_organization(db=db, slug=ESTRIE)
        assert estrie is not None
        listed = {w.organization_name for w in own.workshops}
    assert listed == {estrie.name}

    page = state_for(
        WorkshopBoardState,
        cookie=cookie_of(email=MONTREAL_MANAGER),
        path=routes.workshop(estrie_board.workshop_id),
        params={"workshop_id": str(estrie_board.workshop_id)},
    )
    refusal = WorkshopBoardState.event_handlers["load"].fn(page)
    assert "_var_value='/'" in str(refusal)
    assert page.workshop is None
    assert newest_event().detail == {"rule": "workshop_viewer"}


def test_the_rule_names_the_organizations_people() -> None:
    estrie, montreal, workshop_id = 5, 6, 40
    workshop = Workshop(id=workshop_id, organization_id=estrie)

    def someone(**fields: Any) -> sessions.Identity:
        return sessions.Identity(session_id=1, display_name="x", **fields)

    assert access.takes_part(someone(person_id=1, roles=frozenset({(estrie, Role.PRACTITIONER)})), workshop)
    assert access.takes_part(someone(person_id=1, is_admin=True), workshop)
    assert access.takes_part(someone(guest_id=1, guest_workshop_id=workshop_id), workshop)
    assert not access.takes_part(someone(guest_id=1, guest_workshop_id=workshop_id + 1), workshop)
    assert not access.takes_part(someone(person_id=1, roles=frozenset({(montreal, Role.MANAGER)})), workshop)
    # A participant account is not staff, even of the workshop's own organization.
    assert not access.takes_part(
        someone(person_id=1, roles=frozenset({(estrie, Role.PARTICIPANT)})), workshop
    )
    assert not access.takes_part(None, workshop)
    assert sessions.staff_organizations(someone(person_id=1, is_admin=True)) is None
    assert sessions.staff_organizations(
        someone(person_id=1, roles=frozenset({(estrie, Role.MANAGER), (montreal, Role.PARTICIPANT)}))
    ) == {estrie}
