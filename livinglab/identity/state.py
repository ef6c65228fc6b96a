"""Identity states: who is signed in (for the header), signing in with a local account, and how a participant
reaches a workshop from a shared tablet."""

from __future__ import annotations

import json
from urllib.parse import urlencode

import reflex as rx
from reflex.event import EventSpec

from livinglab.core.database import session_scope
from livinglab.core.errors import DomainError
from livinglab.core.i18n import translate
from livinglab.identity import passwords, sessions, throttle
from livinglab.identity.guard import PUBLIC, current_identity, guarded, session_token
from livinglab.ui import routes
from livinglab.ui.i18n import LocaleState
from livinglab.workshops import service as workshops

# Room for the code with the spaces and dashes people type between its letters.
JOIN_CODE_MAX_LENGTH = 12


class ViewerState(LocaleState):
    """The name shown in the header: the signed-in person's own, never anyone else's."""

    viewer_name: str = ""

    @rx.event
    @guarded(PUBLIC)
    def load_viewer(self) -> None:
        viewer = current_identity()
        self.viewer_name = viewer.display_name if viewer else ""


def _full_page_load(url: str) -> EventSpec:
    """Leave the app for an HTTP route: the router's in-app navigation would never reach the server, and the
    websocket must reconnect to carry the changed cookie."""
    return rx.call_script(f"window.location.assign({json.dumps(url)})")


class SignOutState(LocaleState):
    @rx.event
    @guarded(PUBLIC)
    def sign_out(self) -> EventSpec:
        # The session ends on the server here and now; the HTTP route then clears the cookie.
        token = session_token(self)
        if token:
            with session_scope() as db:
                sessions.end_session(db=db, token=token)
        return _full_page_load(routes.AUTH_LOGOUT)


class SignInState(LocaleState):
    email: str = ""
    error_key: str = ""
    wait_seconds: int = 0

    @rx.event
    @guarded(PUBLIC)
    def sign_in(self, form_data: dict[str, str]) -> EventSpec | None:
        # The typed email stays in the field whatever happens; the password never comes back to the browser.
        self.email = form_data.get("email", "").strip()[:254]
        password = form_data.get("password", "")
        if not self.email or not password:
            self.error_key, self.wait_seconds = "login.error.empty", 0
            return None
        try:
            with session_scope() as db:
                person_id = passwords.authenticate(
                    db=db, email=self.email, password=password, address=self.router.session.client_ip
                )
                ticket = sessions.issue_ticket(db=db, person_id=person_id)
        except DomainError as refused:
            self.error_key = refused.key
            self.wait_seconds = int(str(refused.params.get("seconds", 0)))
            return None
        self.error_key = ""
        next_path = routes.safe_next_path(self.router.url.query_parameters.get("suite"))
        return _full_page_load(f"{routes.AUTH_SESSION}?{urlencode({'ticket': ticket, 'suite': next_path})}")

    @rx.var
    def error_message(self) -> str:
        return translate(self.error_key, self.lang, seconds=self.wait_seconds) if self.error_key else ""


class JoinState(LocaleState):
    """The join-code box of the home page. It reveals a workshop only for the exact code of an open one, and
    wrong codes are slowed down per browser and per network address so that codes cannot be guessed."""

    error_key: str = ""
    wait_seconds: int = 0

    @rx.event
    @guarded(PUBLIC)
    def join(self, form_data: dict[str, str]) -> EventSpec | None:
        code = workshops.normalize_join_code(form_data.get("code", "")[:JOIN_CODE_MAX_LENGTH])
        if not code:
            self.error_key = "join.error.empty"
            return None
        guesser = [
            throttle.key("join-address", self.router.session.client_ip),
            throttle.key("join-browser", self.router.session.client_token),
        ]
        with session_scope() as db:
            self.wait_seconds = throttle.seconds_to_wait(db=db, keys=guesser)
            workshop_id = (
                None if self.wait_seconds else workshops.find_open_workshop_id(db=db, join_code=code)
            )
            if workshop_id is None and not self.wait_seconds:
                throttle.count_failure(db=db, keys=guesser)
            elif workshop_id is not None:
                # A shared tablet, or a room behind one address, starts afresh once someone gets in.
                throttle.clear(db=db, keys=guesser)
        if workshop_id is None:
            # The typed code stays in the field so a one-letter typo is fixed, not retyped.
            self.error_key = "join.error.slow_down" if self.wait_seconds else "join.error.unknown"
            return None
        self.error_key = ""
        return rx.redirect(routes.workshop(workshop_id))

    @rx.var
    def error_message(self) -> str:
        return translate(self.error_key, self.lang, seconds=self.wait_seconds) if self.error_key else ""
