"""Administration states: organizations, people and their roles, sessions and password links; the audit log;
and the public page where a person chooses a password through a one-time link.

Every argument comes from the browser: ids may arrive as text or as anything else, roles as any string. They
are parsed here and checked again by the services; the acting administrator comes from the session only.
"""

from __future__ import annotations

import datetime as dt
from urllib.parse import urlencode
from zoneinfo import ZoneInfo

import reflex as rx
from reflex.event import EventSpec

from livinglab.core import audit
from livinglab.core.audit import AuditEntry
from livinglab.core.database import session_scope
from livinglab.core.errors import DomainError
from livinglab.core.i18n import LAB_TIME_ZONE, translate, translate_or_empty
from livinglab.core.settings import get_settings
from livinglab.identity import passwords, service, sessions
from livinglab.identity.guard import ADMIN, PUBLIC, current_identity, guarded
from livinglab.identity.models import Role
from livinglab.identity.passwords import LINK_REFUSED
from livinglab.identity.service import OrganizationSummary, PersonRef, PersonSummary
from livinglab.ui import routes
from livinglab.ui.i18n import LocaleState
from livinglab.ui.loading import read

# The federation works in Québec: the audit page reads and shows days and times on its clock, whatever the
# clock of the server or of the tablet.
# The query parameter that carries a password link's token (/mot-de-passe?jeton=…), French like the routes.
LINK_PARAMETER = "jeton"
ROLE_VALUES = frozenset(role.value for role in Role)
# Ids of the form fields an event empties after a success (the forms keep what was typed after an error).
ORGANIZATION_NAME_FIELD = "organization-name"
ORGANIZATION_REGION_FIELD = "organization-region"
PERSON_NAME_FIELD = "person-name"
PERSON_EMAIL_FIELD = "person-email"


# The largest id a database integer column holds: a larger one would fail in the database, not be refused.
MAX_ID = 2**31 - 1


def browser_id(value: object) -> int | None:
    """A positive id sent by the browser, as a number or its digits (form fields are text); None otherwise."""
    if isinstance(value, str) and value.strip().isdecimal():
        value = int(value)
    if isinstance(value, int) and not isinstance(value, bool) and 0 < value <= MAX_ID:
        return value
    return None


def _acting_admin_id() -> int:
    identity = current_identity()
    if identity is None or identity.person_id is None:
        raise RuntimeError("the ADMIN guard lets only signed-in administrators through")
    return identity.person_id


def _form_text(form_data: dict[str, str], name: str) -> str:
    value = form_data.get(name, "")
    return value if isinstance(value, str) else ""


class AdminState(LocaleState):
    organizations: list[OrganizationSummary] = []
    people: list[PersonSummary] = []
    organization_error_key: str = ""
    organization_error_params: dict[str, str] = {}
    person_error_key: str = ""
    person_error_params: dict[str, str] = {}
    # The last password link made, shown once on its person's card: gone at the next visit of the page.
    password_link: str = ""
    password_link_person_id: int = 0
    password_link_expires_at: str = ""

    def _refresh(self) -> None:
        with session_scope() as db:
            self.organizations = service.list_organizations(db=db)
            self.people = service.list_people(db=db)

    def _toast(self, key: str, *, error: bool = False, **params: object) -> EventSpec:
        # A toast is read once, at once: translated now in the reader's language.
        message = translate(key, self.lang, **params)
        return rx.toast.error(message) if error else rx.toast.success(message)

    @rx.event
    @guarded(ADMIN)
    def load(self) -> None:
        self.organization_error_key = self.person_error_key = ""
        self.password_link = self.password_link_expires_at = ""
        self.password_link_person_id = 0
        self._refresh()

    @rx.event
    @guarded(ADMIN)
    def add_organization(self, form_data: dict[str, str]) -> list[EventSpec] | None:
        name = _form_text(form_data, "name")
        try:
            with session_scope() as db:
                service.add_member_organization(
                    db=db,
                    name=name,
                    region_code=_form_text(form_data, "region"),
                    by_person_id=_acting_admin_id(),
                )
        except DomainError as refused:
            self.organization_error_key, self.organization_error_params = refused.key, refused.text_params
            return None
        self.organization_error_key = ""
        self._refresh()
        return [
            rx.set_value(ORGANIZATION_NAME_FIELD, ""),
            rx.set_value(ORGANIZATION_REGION_FIELD, ""),
            self._toast("admin.organization.added", name=name.strip()),
        ]

    @rx.event
    @guarded(ADMIN)
    def add_person(self, form_data: dict[str, str]) -> list[EventSpec] | None:
        name = _form_text(form_data, "name")
        try:
            with session_scope() as db:
                service.add_person(
                    db=db,
                    display_name=name,
                    email=_form_text(form_data, "email"),
                    by_person_id=_acting_admin_id(),
                )
        except DomainError as refused:
            self.person_error_key, self.person_error_params = refused.key, refused.text_params
            return None
        self.person_error_key = ""
        self._refresh()
        return [
            rx.set_value(PERSON_NAME_FIELD, ""),
            rx.set_value(PERSON_EMAIL_FIELD, ""),
            self._toast("admin.person.added", name=name.strip()),
        ]

    @rx.event
    @guarded(ADMIN)
    def grant_role(self, form_data: dict[str, str]) -> EventSpec:
        person_id = browser_id(form_data.get("person_id"))
        organization_id = browser_id(form_data.get("organization_id"))
        role = _form_text(form_data, "role")
        if person_id is None or organization_id is None or role not in ROLE_VALUES:
            return self._toast("admin.role.incomplete", error=True)
        try:
            with session_scope() as db:
                service.grant_role(
                    db=db,
                    person_id=person_id,
                    organization_id=organization_id,
                    role=Role(role),
                    by_person_id=_acting_admin_id(),
                )
        except DomainError as refused:
            return self._toast(refused.key, error=True, **refused.params)
        self._refresh()
        return self._toast("admin.role.granted")

    @rx.event
    @guarded(ADMIN)
    def revoke_role(self, membership_id: int) -> EventSpec:
        membership = browser_id(membership_id)
        try:
            if membership is None:
                raise DomainError("membership.error.not_found")
            with session_scope() as db:
                service.revoke_membership(db=db, membership_id=membership, by_person_id=_acting_admin_id())
        except DomainError as refused:
            return self._toast(refused.key, error=True, **refused.params)
        self._refresh()
        return self._toast("admin.role.revoked")

    @rx.event
    @guarded(ADMIN)
    def end_sessions(self, person_id: int) -> EventSpec:
        person = browser_id(person_id)
        if person is None:
            return self._toast("person.error.not_found", error=True)
        with session_scope() as db:
            ended = sessions.end_all_sessions(db=db, person_id=person, by_person_id=_acting_admin_id())
        self._refresh()
        return self._toast("admin.sessions.ended", count=ended)

    @rx.event
    @guarded(ADMIN)
    def create_password_link(self, person_id: int) -> EventSpec | None:
        person = browser_id(person_id)
        try:
            if person is None:
                raise DomainError("person.error.not_found")
            with session_scope() as db:
                issued = passwords.issue_password_link(
                    db=db, person_id=person, by_person_id=_acting_admin_id()
                )
        except DomainError as refused:
            return self._toast(refused.key, error=True, **refused.params)
        query = urlencode({LINK_PARAMETER: issued.token})
        self.password_link = f"{get_settings().public_url.rstrip('/')}{routes.PASSWORD_LINK}?{query}"
        self.password_link_person_id = person
        self.password_link_expires_at = issued.expires_at.isoformat()
        return None

    @rx.var
    def organization_error(self) -> str:
        return translate_or_empty(self.organization_error_key, self.lang, self.organization_error_params)

    @rx.var
    def person_error(self) -> str:
        return translate_or_empty(self.person_error_key, self.lang, self.person_error_params)


def _day_start(day: str) -> dt.datetime | None:
    """Midnight on the lab's clock at the start of an ISO day (what a date field sends); None if empty."""
    if not day:
        return None
    return dt.datetime.combine(dt.date.fromisoformat(day), dt.time.min, tzinfo=ZoneInfo(LAB_TIME_ZONE))


class AuditState(LocaleState):
    """The audit log, newest first, and the filters that narrow it."""

    events: list[AuditEntry] = []
    people: list[PersonRef] = []
    filter_error_key: str = ""

    def _show(
        self,
        *,
        action: str | None = None,
        person_id: int | None = None,
        since: dt.datetime | None = None,
        before: dt.datetime | None = None,
    ) -> None:
        with session_scope() as db:
            self.events = audit.list_events(
                db=db, action=action, person_id=person_id, since=since, before=before
            )
            self.people = service.list_person_refs(db=db)

    @rx.event
    @guarded(ADMIN)
    def load(self) -> None:
        self.filter_error_key = ""
        self._show()

    @rx.event
    @guarded(ADMIN)
    def filter(self, form_data: dict[str, str]) -> None:
        try:
            since = _day_start(_form_text(form_data, "since"))
            until = _day_start(_form_text(form_data, "until"))
        except ValueError:
            self.filter_error_key = "audit.error.date_invalid"
            return
        if since is not None and until is not None and until < since:
            self.filter_error_key = "audit.error.dates_reversed"
            return
        self.filter_error_key = ""
        self._show(
            action=_form_text(form_data, "action") or None,
            person_id=browser_id(form_data.get("person_id")),
            since=since,
            # The end day is included: events before the next midnight.
            before=None if until is None else until + dt.timedelta(days=1),
        )

    @rx.var
    def filter_error(self) -> str:
        return translate_or_empty(self.filter_error_key, self.lang, {})


class PasswordLinkState(LocaleState):
    """A person chooses their password with the link an administrator gave them. Public: the link is the
    secret, read from the page's address at every event."""

    holder_name: str = ""
    # "" until the link is checked (nothing is shown yet), then "valid", "invalid" or "done".
    link_status: str = ""
    error_key: str = ""
    error_params: dict[str, str] = {}

    def _token(self) -> str:
        return str(self.router.url.query_parameters.get(LINK_PARAMETER, ""))

    @rx.event
    @guarded(PUBLIC)
    def load(self) -> None:
        token = self._token()
        holder = read(passwords.password_link_holder, token=token) if token else None
        self.holder_name = holder or ""
        self.link_status = "invalid" if holder is None else "valid"
        self.error_key = ""

    @rx.event
    @guarded(PUBLIC)
    def choose_password(self, form_data: dict[str, str]) -> None:
        password = _form_text(form_data, "password")
        if password != _form_text(form_data, "confirmation"):
            self.error_key, self.error_params = "password_link.error.mismatch", {}
            return
        try:
            with session_scope() as db:
                passwords.use_password_link(db=db, token=self._token(), password=password)
        except DomainError as refused:
            if refused.key == LINK_REFUSED:
                self.link_status = "invalid"
            self.error_key, self.error_params = refused.key, refused.text_params
            return
        self.error_key = ""
        self.link_status = "done"

    @rx.var
    def error_message(self) -> str:
        return translate_or_empty(self.error_key, self.lang, self.error_params)
