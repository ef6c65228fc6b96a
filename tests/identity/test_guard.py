"""Every public event handler of the app passes the guard, and every guarded one refuses a caller without the
needed role: a handler added later without a guard fails this test.

Handlers are called the way Reflex calls them, on real state instances whose router carries the cookies of the
websocket handshake, against a real migrated database holding the demo lab.
"""

from __future__ import annotations

from typing import Any

import pytest
import reflex as rx
from sqlalchemy import event, select

from livinglab.core import database
from livinglab.core.audit import AuditEvent
from livinglab.cycles.state import CyclesState
from livinglab.demo import DEMO_MANAGER_EMAIL
from livinglab.identity import sessions
from livinglab.identity.guard import PUBLIC, SESSION_COOKIE
from livinglab.identity.models import Person
from livinglab.identity.state import ViewerState
from livinglab.ui import routes
from livinglab.ui.i18n import LocaleState
from tests.conftest import state_for
from tests.identity.handlers import HANDLERS, app_states, call, plausible_arguments, rule_of


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
    result = call(state, instance, name, plausible_arguments(state.event_handlers[name].fn))

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
