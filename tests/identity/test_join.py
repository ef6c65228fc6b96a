"""A participant's way in, handler by handler as Reflex calls them: the code (typed or from the QR code), the
pseudonym and consent, the guest session; and codes that cannot be guessed."""

from __future__ import annotations

import random
import secrets
from urllib.parse import parse_qs, urlsplit

import pytest
from sqlalchemy import select

from livinglab.core import database
from livinglab.demo import DEMO_JOIN_CODE
from livinglab.identity import sessions, throttle
from livinglab.identity.models import ConsentRecord
from livinglab.identity.state import JoinState
from livinglab.ui import routes
from livinglab.workshops.service import JOIN_CODE_ALPHABET, JOIN_CODE_LENGTH
from tests.conftest import BROWSER_SECRET, state_for


def tablet(params: dict[str, str] | None = None) -> JoinState:
    """A fresh browser tab on its own network address, so that each test starts with no failed guesses."""
    browser = (secrets.token_hex(8), f"198.51.100.{random.randrange(1, 255)}")
    state = state_for(JoinState, path=routes.JOIN, params=params, browser=browser)
    assert isinstance(state, JoinState)
    return state


def ticket_of(outcome: object) -> str:
    """The ticket in the full-page load an ``enter`` sends the browser to."""
    url = str(outcome).split("window.location.assign(")[1].split(")")[0].strip("\\\"'")
    assert urlsplit(url).path == routes.AUTH_SESSION
    return parse_qs(urlsplit(url).query)["ticket"][0]


def test_the_qr_codes_address_opens_the_join_page_on_the_workshop(demo_database: str) -> None:
    state = tablet({"code": DEMO_JOIN_CODE.lower()})
    state.load_join()
    assert state.workshop_title.startswith("Premiers pas en région")
    assert state.error_key == ""


def test_a_bad_pseudonym_or_no_consent_is_explained_and_the_text_kept(demo_database: str) -> None:
    state = tablet()
    state.join({"code": DEMO_JOIN_CODE})

    assert state.enter({"pseudonym": "Tournesol"}) is None
    assert (state.error_key, state.pseudonym) == ("consent.error.required", "Tournesol")
    assert "Cochez" in state.error_message

    assert state.enter({"pseudonym": "   ", "consent": "on"}) is None
    assert state.error_key == "guest.error.empty"

    first = tablet()
    first.join({"code": DEMO_JOIN_CODE})
    ticket_of(first.enter({"pseudonym": "Tournesol", "consent": "on"}))
    assert state.enter({"pseudonym": "TOURNESOL", "consent": "on"}) is None
    assert (state.error_key, state.pseudonym) == ("guest.error.pseudonym_taken", "TOURNESOL")
    state.lang = "en"
    assert (
        state.error_message
        == "The pseudonym TOURNESOL is already taken in this workshop: choose another one."
    )


def test_joining_opens_a_guest_session_on_the_workshop(demo_database: str) -> None:
    state = tablet()
    state.lang = "en"
    assert "/rejoindre" in str(state.join({"code": f" {DEMO_JOIN_CODE[:3]}-{DEMO_JOIN_CODE[3:]} "}))
    outcome = state.enter({"pseudonym": "Mésange bleue", "consent": "on"})
    with database.session_scope() as db:
        token = sessions.redeem_ticket(db=db, ticket=ticket_of(outcome), browser_secret=BROWSER_SECRET)
        assert token is not None
        guest = sessions.load_identity(db=db, token=token)
        assert guest is not None
        record = db.scalars(select(ConsentRecord).where(ConsentRecord.guest_id == guest.guest_id)).one()
    assert (guest.display_name, guest.person_id) == ("Mésange bleue", None)
    assert f"suite=%2Fateliers%2F{guest.guest_workshop_id}" in str(outcome)
    # The consent is recorded in the language it was read in.
    assert record.language == "en"
    # The tablet is ready for the next participant, who starts from the code.
    assert (state.workshop_title, state.pseudonym) == ("", "")


def test_a_thousand_guesses_from_one_browser_find_no_workshop(
    demo_database: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The guesses come within the first second of waiting, however slow the machine running the test is.
    now = database.utcnow()
    monkeypatch.setattr(throttle, "utcnow", lambda: now)
    state = tablet()
    rng = random.Random(7)
    checked = found = 0
    for _ in range(1000):
        guess = "".join(rng.choice(JOIN_CODE_ALPHABET) for _ in range(JOIN_CODE_LENGTH))
        state.join({"code": guess})
        checked += state.error_key == "join.error.unknown"
        found += state.workshop_title != ""
    # After three free tries, every guess waits: the 997 others were refused before any lookup.
    assert (checked, found) == (3, 0)
    assert state.error_key == "join.error.slow_down"
    # Even the right code is refused from this browser until the wait is over.
    state.join({"code": DEMO_JOIN_CODE})
    assert (state.error_key, state.workshop_title) == ("join.error.slow_down", "")
