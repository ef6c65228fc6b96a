"""Every public event handler of the app passes the guard, and every guarded one refuses a caller without the
needed role: a handler added later without a guard fails this test.

Handlers are called the way Reflex calls them, on real state instances whose router carries the cookies of the
websocket handshake, against a real migrated database holding the demo lab.
"""

from __future__ import annotations

import asyncio
import inspect
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from typing import Any, get_type_hints

import pytest
import reflex as rx
from sqlalchemy import event, select

import livinglab.livinglab  # noqa: F401  (registers every state of the app)
from livinglab.core import database
from livinglab.core.audit import AuditEvent
from livinglab.cycles.state import CyclesState
from livinglab.demo import DEMO_MANAGER_EMAIL
from livinglab.identity import sessions
from livinglab.identity.guard import GUARD_ATTRIBUTE, PUBLIC, SESSION_COOKIE, Rule
from livinglab.identity.models import Person
from livinglab.identity.state import ViewerState
from livinglab.ui import routes
from livinglab.ui.i18n import LocaleState
from tests.conftest import state_for

# Handlers Reflex itself puts on every state. They are not ours to guard; setvar is checked below.
FRAMEWORK_HANDLERS = {"setvar"}


def app_states() -> Iterator[type[rx.State]]:
    def walk(state: type[rx.State]) -> Iterator[type[rx.State]]:
        if state.__module__.startswith("livinglab."):
            yield state
        for substate in state.get_substates():
            yield from walk(substate)

    yield from walk(rx.State)


HANDLERS = sorted(
    (f"{state.__name__}.{name}", state, name)
    for state in app_states()
    for name in state.event_handlers
    if name not in FRAMEWORK_HANDLERS
)


def rule_of(state: type[rx.State], name: str) -> Rule | None:
    rule = getattr(state.event_handlers[name].fn, GUARD_ATTRIBUTE, None)
    return rule if isinstance(rule, Rule) else None


def plausible_arguments(function: Any) -> dict[str, Any]:
    """Arguments of the right types, as a browser could send them."""
    samples = {str: "x", int: 1, float: 1.0, bool: True, dict: {}, list: []}
    hints = get_type_hints(inspect.unwrap(function))
    return {
        name: samples.get(getattr(hints.get(name), "__origin__", hints.get(name)), "x")
        for name in inspect.signature(inspect.unwrap(function)).parameters
        if name != "self"
    }


def test_the_enumeration_finds_the_apps_handlers() -> None:
    names = {name for name, _, _ in HANDLERS}
    assert {"CyclesState.load", "JoinState.join", "SignInState.sign_in", "LocaleState.set_language"} <= names


@pytest.mark.parametrize(("handler", "state", "name"), HANDLERS, ids=[handler for handler, _, _ in HANDLERS])
def test_every_handler_declares_a_guard(handler: str, state: type[rx.State], name: str) -> None:
    assert rule_of(state, name) is not None, f"{handler} has no @guarded(...) rule"


def test_setvar_reaches_only_guarded_handlers() -> None:
    # Reflex's setvar(name, value) calls the state's set_<name> handler, if there is one.
    for state in app_states():
        for attribute in dir(state):
            if attribute.startswith("set_") and attribute in state.event_handlers:
                assert rule_of(state, attribute) is not None, f"{state.__name__}.{attribute}"


GUARDED = [entry for entry in HANDLERS if rule_of(entry[1], entry[2]) not in (None, PUBLIC)]


@pytest.mark.parametrize(("handler", "state", "name"), GUARDED, ids=[handler for handler, _, _ in GUARDED])
@pytest.mark.parametrize("cookie", ["", f"{SESSION_COOKIE}=forged-token"], ids=["signed-out", "forged"])
def test_guarded_handlers_refuse_a_caller_without_the_role(
    demo_database: str, handler: str, state: type[rx.State], name: str, cookie: str
) -> None:
    instance = state_for(state, cookie=cookie, path="/page")
    before = instance.dict()
    result = state.event_handlers[name].fn(instance, **plausible_arguments(state.event_handlers[name].fn))
    if inspect.iscoroutine(result):
        # The live board's handlers are async (they await the fan-out). Run on a thread of its own: a browser
        # test's Playwright may hold this thread's event loop.
        with ThreadPoolExecutor(max_workers=1) as runner:
            result = runner.submit(asyncio.run, result).result()

    assert result is not None
    assert routes.SIGN_IN in str(result), f"{handler} did not send the caller to sign in"
    assert instance.dict() == before, f"{handler} changed state for a refused caller"
    with database.session_scope() as db:
        refused = db.scalars(select(AuditEvent).order_by(AuditEvent.id.desc())).first()
    assert refused is not None
    assert (refused.action, refused.object_id) == (
        "authorization_refused",
        state.event_handlers[name].fn.__qualname__,
    )


def test_a_participant_account_is_not_staff(demo_database: str) -> None:
    with database.session_scope() as db:
        participant = db.scalars(select(Person).where(Person.display_name == "Yusuf Haddad")).one()
        token = sessions.start_session(db=db, person_id=participant.id)
    instance = state_for(CyclesState, cookie=f"{SESSION_COOKIE}={token}", path=routes.CYCLES)
    refusal = CyclesState.event_handlers["load"].fn(instance)
    assert instance.cycles == []
    # Signed in already: sent home, not to a sign-in page that could not help.
    assert routes.SIGN_IN not in str(refusal)
    assert "_var_value='/'" in str(refusal)


def test_a_manager_passes_the_guard(demo_database: str) -> None:
    with database.session_scope() as db:
        manager = db.scalars(select(Person).where(Person.email == DEMO_MANAGER_EMAIL)).one()
        token = sessions.start_session(db=db, person_id=manager.id)
    instance = state_for(CyclesState, cookie=f"{SESSION_COOKIE}={token}")
    assert CyclesState.event_handlers["load"].fn(instance) is None
    assert [cycle.title for cycle in instance.cycles] == ["Un rappel par texto la veille"]


def test_public_handlers_query_nothing_unless_they_ask_who_is_acting(demo_database: str) -> None:
    with database.session_scope() as db:
        manager = db.scalars(select(Person).where(Person.email == DEMO_MANAGER_EMAIL)).one()
        token = sessions.start_session(db=db, person_id=manager.id)
    statements: list[str] = []

    def count(_connection: Any, _cursor: Any, statement: str, *_rest: Any) -> None:
        statements.append(statement)

    event.listen(database.get_engine(), "before_cursor_execute", count)
    try:
        LocaleState.event_handlers["set_language"].fn(state_for(LocaleState), lang="en")
        assert statements == []

        viewer = state_for(ViewerState, cookie=f"{SESSION_COOKIE}={token}")
        ViewerState.event_handlers["load_viewer"].fn(viewer)
    finally:
        event.remove(database.get_engine(), "before_cursor_execute", count)
    assert viewer.viewer_name == "Nathalie Bouchard"
    assert statements, "the identity was asked for, so it was loaded"
