"""The one declarative guard of every public event handler.

Any browser can call any public event handler, with any arguments. So each handler declares who may call it,
with ``@guarded(rule)``, and the guard checks it on the server before the handler runs: the acting identity
is loaded from the session cookie of the websocket's handshake, never from an argument or a state var. A
refusal changes nothing, is written to the audit log and sends the browser to the sign-in page.

``tests/identity/test_guard.py`` enumerates every handler of every state of the app: one without a guard
fails the build.
"""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable
from contextvars import ContextVar, Token
from dataclasses import dataclass
from http.cookies import CookieError, SimpleCookie
from typing import Any, TypeVar

import reflex as rx
from reflex.event import EventSpec
from sqlalchemy.orm import Session

from livinglab.core import audit
from livinglab.core.database import session_scope
from livinglab.identity.browser import browser_secret_in
from livinglab.identity.sessions import STAFF_ROLES, Identity, load_identity

SESSION_COOKIE = "livinglab_session"
GUARD_ATTRIBUTE = "__livinglab_guard__"

Handler = TypeVar("Handler", bound=Callable[..., Any])

IdentityLoader = Callable[[], "Identity | None"]

# Inside a guarded handler, how to get the acting identity: already loaded by a rule that needed it, or
# loaded on first use (public handlers, which mostly never ask: no database query per keystroke).
_identity_loader: ContextVar[IdentityLoader] = ContextVar("livinglab_identity", default=lambda: None)


@dataclass(frozen=True)
class Rule:
    """Who may call a handler. ``check`` sees the identity, the database and the handler's arguments (with
    the page's route parameters), so a rule can look at the object being touched (a facilitator of workshop A
    cannot close workshop B); a rule without ``check`` lets everyone through."""

    name: str
    check: Callable[[Identity | None, Session, dict[str, Any]], bool] | None


# The roles that make a person staff of an organization; the participant role does not.
def is_staff(identity: Identity | None) -> bool:
    return identity is not None and (identity.is_admin or identity.has_role(*STAFF_ROLES))


PUBLIC = Rule("public", None)
STAFF = Rule("staff", lambda identity, _db, _arguments: is_staff(identity))
ADMIN = Rule("admin", lambda identity, _db, _arguments: identity is not None and identity.is_admin)
# A workshop participant on their tablet session: their own consent is theirs to see and withdraw.
GUEST = Rule(
    "guest", lambda identity, _db, _arguments: identity is not None and identity.guest_id is not None
)


def session_token(state: rx.State) -> str | None:
    """The session token from the cookies the browser sent when its websocket connected."""
    try:
        cookies = SimpleCookie(state.router.headers.cookie)
    except CookieError:
        return None
    morsel = cookies.get(SESSION_COOKIE)
    return morsel.value if morsel else None


def browser_secret(state: rx.State) -> str | None:
    """The browser's own secret (livinglab/identity/browser.py), from the cookies its websocket connected
    with: what a sign-in ticket is bound to."""
    return browser_secret_in(state.router.headers.cookie)


def current_identity() -> Identity | None:
    """Inside a guarded handler: who is acting, loaded on the server from the session cookie."""
    return _identity_loader.get()()


def _loader_for(token: str | None) -> IdentityLoader:
    @functools.cache
    def load() -> Identity | None:
        with session_scope() as db:
            return load_identity(db=db, token=token)

    return load


def _enter(
    state: rx.State, rule: Rule, name: str, arguments: dict[str, Any]
) -> Token[IdentityLoader] | EventSpec:
    """Admit the caller and make its identity current for the handler, or refuse (audited): a signed-out
    caller is sent to sign in, a signed-in one without the role back home."""
    if rule.check is None:
        return _identity_loader.set(_loader_for(session_token(state)))
    with session_scope() as db:
        identity = load_identity(db=db, token=session_token(state))
        if rule.check(identity, db, arguments):
            return _identity_loader.set(lambda: identity)
        audit.record(
            db=db,
            action="authorization_refused",
            object_type="event_handler",
            object_id=name,
            actor_person_id=identity.person_id if identity else None,
            detail={"rule": rule.name},
        )
    from livinglab.ui import routes  # the guard sits below the UI; the route table is plain constants

    if identity is not None:
        return rx.redirect(routes.HOME)
    # The static build serves pages at "/cycles/": come back to the page's own route.
    return rx.redirect(routes.sign_in(next_path=state.router.url.path.rstrip("/") or routes.HOME))


def guarded(rule: Rule) -> Callable[[Handler], Handler]:
    def decorate(handler: Handler) -> Handler:
        name = handler.__qualname__
        signature = inspect.signature(handler)

        def bind(state: rx.State, args: tuple[Any, ...], kwargs: dict[str, Any]) -> dict[str, Any]:
            # A page's load names its object in the route ("/ateliers/[workshop_id]"), a handler in its
            # arguments: a rule sees both, the arguments winning.
            bound = signature.bind(state, *args, **kwargs)
            named = {key: value for key, value in bound.arguments.items() if key != "self"}
            return {**state.router.page.params, **named}

        if inspect.iscoroutinefunction(handler):

            @functools.wraps(handler)
            async def async_wrapper(self: rx.State, *args: Any, **kwargs: Any) -> Any:
                entered = _enter(self, rule, name, bind(self, args, kwargs))
                if isinstance(entered, EventSpec):
                    return entered
                try:
                    return await handler(self, *args, **kwargs)
                finally:
                    _identity_loader.reset(entered)

            wrapper: Any = async_wrapper
        else:

            @functools.wraps(handler)
            def sync_wrapper(self: rx.State, *args: Any, **kwargs: Any) -> Any:
                entered = _enter(self, rule, name, bind(self, args, kwargs))
                if isinstance(entered, EventSpec):
                    return entered
                try:
                    return handler(self, *args, **kwargs)
                finally:
                    _identity_loader.reset(entered)

            wrapper = sync_wrapper
        setattr(wrapper, GUARD_ATTRIBUTE, rule)
        return wrapper  # type: ignore[no-any-return]

    return decorate
