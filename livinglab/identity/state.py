"""Identity states: how a participant reaches a workshop from a shared tablet."""

from __future__ import annotations

import reflex as rx
from reflex.event import EventSpec

from livinglab.core.database import session_scope
from livinglab.core.i18n import translate
from livinglab.ui import routes
from livinglab.ui.i18n import LocaleState
from livinglab.workshops import service as workshops

JOIN_CODE_MAX_LENGTH = 12


class JoinState(LocaleState):
    """The join-code box of the home page. It reveals a workshop only for the exact code of an open one."""

    code: str = ""
    error_key: str = ""

    @rx.event
    def set_code(self, value: str) -> None:
        self.code = value[: JOIN_CODE_MAX_LENGTH * 2]
        self.error_key = ""

    @rx.event
    def join(self, form_data: dict[str, str]) -> EventSpec | None:
        code = workshops.normalize_join_code(form_data.get("code", self.code))
        if not code:
            self.error_key = "join.error.empty"
            return None
        with session_scope() as db:
            workshop_id = workshops.find_open_workshop_id(db=db, join_code=code)
        if workshop_id is None:
            # The typed code stays in the field so a one-letter typo is fixed, not retyped.
            self.error_key = "join.error.unknown"
            return None
        self.error_key = ""
        return rx.redirect(routes.workshop(workshop_id))

    @rx.var
    def error_message(self) -> str:
        return translate(self.error_key, self.lang) if self.error_key else ""
