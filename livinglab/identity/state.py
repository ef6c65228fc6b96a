"""Identity states: who is signed in (for the header), signing in with a local account, and how a participant
reaches a workshop from a shared tablet."""

from __future__ import annotations

import json
from urllib.parse import urlencode

import reflex as rx
from reflex.event import EventSpec

from livinglab.core.database import session_scope
from livinglab.core.errors import DomainError
from livinglab.core.i18n import translate, translate_or_empty
from livinglab.identity import consent, join_codes, passwords, service, sessions
from livinglab.identity.guard import GUEST, PUBLIC, browser_secret, current_identity, guarded
from livinglab.identity.models import NotesOnWithdrawal
from livinglab.identity.network import client_address
from livinglab.ui import routes
from livinglab.ui.i18n import LocaleState

# Room for the code with the spaces and dashes people type between its letters.
JOIN_CODE_MAX_LENGTH = 12


class ViewerState(LocaleState):
    """Who is signed in, for the header: the person's or guest's own name, never anyone else's."""

    viewer_name: str = ""
    viewer_is_admin: bool = False
    # A participant's own workshop (0 for staff and visitors): their header leads there and to their consent.
    viewer_workshop_id: int = 0

    @rx.event
    @guarded(PUBLIC)
    def load_viewer(self) -> None:
        viewer = current_identity()
        self.viewer_name = viewer.display_name if viewer else ""
        self.viewer_is_admin = viewer is not None and viewer.is_admin
        self.viewer_workshop_id = (viewer.guest_workshop_id or 0) if viewer else 0


def _full_page_load(url: str) -> EventSpec:
    """Leave the app for an HTTP route: the router's in-app navigation would never reach the server, and the
    websocket must reconnect to carry the changed cookie."""
    return rx.call_script(f"window.location.assign({json.dumps(url)})")


def _address(state: rx.State) -> str:
    """The address the event came from, through the trusted proxies if there are any."""
    return client_address(
        peer=state.router.session.client_ip,
        forwarded_for=state.router.headers.raw_headers.get("x-forwarded-for", ""),
    )


def _signed_out_home() -> EventSpec:
    """Sign-out is a POST (livinglab/identity/routes.py): the route clears this browser's cookie, then the
    home page loads afresh."""
    return rx.call_script(
        f"fetch({json.dumps(routes.AUTH_LOGOUT)}, {{method: 'POST'}})"
        f".finally(() => window.location.assign({json.dumps(routes.HOME)}))"
    )


class SignInState(LocaleState):
    email: str = ""
    error_key: str = ""
    error_params: dict[str, str] = {}

    @rx.event
    @guarded(PUBLIC)
    def sign_in(self, form_data: dict[str, str]) -> EventSpec | None:
        # The typed email stays in the field whatever happens; the password never comes back to the browser.
        self.email = form_data.get("email", "").strip()[:254]
        password = form_data.get("password", "")
        if not self.email or not password:
            self.error_key, self.error_params = "login.error.empty", {}
            return None
        try:
            with session_scope() as db:
                person_id = passwords.authenticate(
                    db=db, email=self.email, password=password, address=_address(self)
                )
                ticket = sessions.issue_ticket(
                    db=db, person_id=person_id, browser_secret=browser_secret(self)
                )
        except DomainError as refused:
            self.error_key, self.error_params = refused.key, refused.text_params
            return None
        self.error_key = ""
        next_path = routes.safe_next_path(self.router.url.query_parameters.get("suite"))
        return _full_page_load(f"{routes.AUTH_SESSION}?{urlencode({'ticket': ticket, 'suite': next_path})}")

    @rx.var
    def error_message(self) -> str:
        return translate_or_empty(self.error_key, self.lang, self.error_params)


class JoinState(LocaleState):
    """How a participant gets in, in at most three screens: the code (typed on the home page, or carried by
    the QR code), then a pseudonym and the consent text on the join page, then the workshop.

    A code reveals a workshop only if it is the exact code of an open one; wrong codes are limited per
    browser, per network and in total (livinglab/identity/join_codes.py).
    """

    error_key: str = ""
    error_params: dict[str, str] = {}
    # The workshop the given code opens, for the join page's heading. Its id stays on the server.
    workshop_title: str = ""
    pseudonym: str = ""
    _workshop_id: int | None = None

    @rx.event
    @guarded(PUBLIC)
    def join(self, form_data: dict[str, str]) -> EventSpec | None:
        """The code box (home page and join page): on to the pseudonym and consent."""
        if not self._admit(form_data.get("code", "")):
            return None
        return rx.redirect(routes.JOIN)

    @rx.event
    @guarded(PUBLIC)
    def load_join(self) -> None:
        # The QR code's address carries the code: it passes the same throttled check as a typed one.
        code = self.router.page.params.get("code")
        if code:
            self._admit(str(code))

    @rx.event
    @guarded(PUBLIC)
    def enter(self, form_data: dict[str, str]) -> EventSpec | None:
        """Pseudonym and consent given: a guest session for this tablet, then the workshop's boards."""
        self.pseudonym = form_data.get("pseudonym", "")[: service.PSEUDONYM_MAX_LENGTH * 2]
        if self._workshop_id is None:
            self.error_key = "join.error.empty"
            return None
        try:
            with session_scope() as db:
                guest = consent.join_workshop(
                    db=db,
                    workshop_id=self._workshop_id,
                    pseudonym=self.pseudonym,
                    language=self.lang,
                    consented=form_data.get("consent") == "on",
                )
                ticket = sessions.issue_ticket(db=db, guest_id=guest.id, browser_secret=browser_secret(self))
        except DomainError as refused:
            self.error_key, self.error_params = refused.key, refused.text_params
            return None
        workshop_path = routes.workshop(self._workshop_id)
        self.error_key, self.pseudonym, self.workshop_title, self._workshop_id = "", "", "", None
        return _full_page_load(
            f"{routes.AUTH_SESSION}?{urlencode({'ticket': ticket, 'suite': workshop_path})}"
        )

    @rx.event
    @guarded(PUBLIC)
    def change_code(self) -> None:
        self.error_key, self.workshop_title, self._workshop_id = "", "", None

    def _admit(self, raw_code: str) -> bool:
        try:
            with session_scope() as db:
                found = join_codes.admit(
                    db=db,
                    code=raw_code[:JOIN_CODE_MAX_LENGTH],
                    browser=self.router.session.client_token,
                    address=_address(self),
                )
        except DomainError as refused:
            # The typed code stays in the field so a one-letter typo is fixed, not retyped.
            self.error_key, self.error_params = refused.key, refused.text_params
            return False
        self.error_key, self.error_params = "", {}
        self._workshop_id, self.workshop_title = found
        return True

    @rx.var
    def error_message(self) -> str:
        return translate_or_empty(self.error_key, self.lang, self.error_params)

    @rx.var
    def consent_paragraphs(self) -> list[str]:
        return [translate(key, self.lang) for key in consent.consent_text_keys()]


class ParticipationState(LocaleState):
    """A participant's own page: the consent they gave, and its withdrawal."""

    pseudonym: str = ""
    accepted_paragraphs: list[str] = []
    error_key: str = ""

    @rx.event
    @guarded(GUEST)
    def load(self) -> None:
        guest = current_identity()
        with session_scope() as db:
            record = consent.consent_of(db=db, guest_id=guest.guest_id) if guest and guest.guest_id else None
        self.pseudonym = guest.display_name if guest else ""
        # The very text they accepted: its version, in the language they read it in.
        self.accepted_paragraphs = (
            [translate(key, record.language) for key in consent.consent_text_keys(record.text_version)]
            if record
            else []
        )

    @rx.event
    @guarded(GUEST)
    def withdraw(self, form_data: dict[str, str]) -> EventSpec | None:
        guest = current_identity()
        try:
            choice = NotesOnWithdrawal(form_data.get("notes", ""))
        except ValueError:
            self.error_key = "consent.error.choice"
            return None
        if guest is None or guest.guest_id is None:
            return None
        with session_scope() as db:
            consent.withdraw_consent(db=db, guest_id=guest.guest_id, notes=choice)
        # The guest and their sessions are gone; the HTTP route clears the cookie on this tablet.
        return _signed_out_home()

    @rx.var
    def error_message(self) -> str:
        return translate_or_empty(self.error_key, self.lang)
