"""A participant's way in, handler by handler as Reflex calls them: the code (typed or from the QR code), the
pseudonym and consent, the guest session; and codes that cannot be guessed, by anyone, without guessing ever
locking out a room."""

from __future__ import annotations

import datetime as dt
import random
import secrets
from urllib.parse import parse_qs, urlsplit

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from livinglab.core import database
from livinglab.core.audit import AuditEvent
from livinglab.core.errors import DomainError
from livinglab.demo import DEMO_JOIN_CODE
from livinglab.identity import join_codes, sessions
from livinglab.identity.join_codes import CODES_CHECKED_PER_HOUR, IN_TOTAL, PER_BROWSER, PER_NETWORK
from livinglab.identity.models import ConsentRecord
from livinglab.identity.state import JoinState
from livinglab.ui import routes
from livinglab.workshops import service as workshops
from livinglab.workshops.service import JOIN_CODE_ALPHABET, JOIN_CODE_LENGTH
from tests.conftest import BROWSER_SECRET, state_for
from tests.identity.conftest import Clock


def tablet(params: dict[str, str] | None = None, address: str = "") -> JoinState:
    """A fresh browser tab, on its own network address unless it is given one (a room's), so that each test
    starts with no failed guesses."""
    browser = (secrets.token_hex(8), address or f"2001:db8:{secrets.token_hex(2)}::1")
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


def _guesses(seed: int) -> list[str]:
    rng = random.Random(seed)
    return ["".join(rng.choice(JOIN_CODE_ALPHABET) for _ in range(JOIN_CODE_LENGTH)) for _ in range(1000)]


@pytest.mark.usefixtures("clock")
def test_a_thousand_guesses_from_one_browser_find_no_workshop(demo_database: str) -> None:
    state = tablet()
    checked = found = 0
    for guess in _guesses(7):
        state.join({"code": guess})
        checked += state.error_key == "join.error.unknown"
        found += state.workshop_title != ""
    # After its five free tries the browser waits: the 995 others were refused before any lookup.
    assert (checked, found) == (PER_BROWSER.burst, 0)
    assert state.error_key == "join.error.slow_down"
    # Even the right code is refused from this browser until the wait is over: else it would tell right from
    # wrong while refusing to count.
    state.join({"code": DEMO_JOIN_CODE})
    assert (state.error_key, state.workshop_title) == ("join.error.slow_down", "")
    assert "réessayez dans 12 secondes" in state.error_message


def test_joining_with_a_known_code_buys_no_guesses(demo_database: str, clock: Clock) -> None:
    # An attacker who knows one open code alternates it with guesses, on one browser.
    state = tablet()
    checked = 0
    for guess in _guesses(8)[:300]:
        state.join({"code": guess})
        checked += state.error_key == "join.error.unknown"
        state.join({"code": DEMO_JOIN_CODE})
        clock.advance(seconds=0.5)
    # 150 s of guessing from one browser: its burst, then one every 12 seconds.
    assert checked == PER_BROWSER.most_failures_in(dt.timedelta(seconds=150)) == 17


def test_the_right_code_on_another_tablet_of_the_room_is_accepted_at_once(demo_database: str) -> None:
    # Thirty tablets behind the room's one public address; one of them mistypes and mistypes.
    room = "203.0.113.30"
    clumsy = tablet(address=room)
    for guess in _guesses(9)[:100]:
        clumsy.join({"code": guess})
    assert clumsy.error_key == "join.error.slow_down"
    neighbour = tablet(address=room)
    neighbour.join({"code": DEMO_JOIN_CODE})
    assert (neighbour.error_key, neighbour.workshop_title[:8]) == ("", "Premiers")


def test_a_room_of_tablets_mistyping_all_at_once_gets_in(demo_database: str) -> None:
    room = "203.0.113.31"
    tablets = [tablet(address=room) for _ in range(join_codes.ROOM_TABLETS)]
    for each in tablets:
        for guess in _guesses(10)[: join_codes.ROOM_TYPOS]:
            each.join({"code": guess})
            assert each.error_key == "join.error.unknown"
    for each in tablets:
        each.join({"code": DEMO_JOIN_CODE})
        assert each.error_key == ""


def test_codes_checked_in_an_hour_stay_within_the_bound(
    db: Session, clock: Clock, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An attacker rotating browsers and addresses, as fast as it likes, for an hour: the codes actually
    looked up never exceed the stated bound, however many it sends."""
    lookups: list[str] = []
    look_up = workshops.find_open_workshop

    def counted_lookup(*, db: Session, join_code: str) -> tuple[int, str] | None:
        lookups.append(join_code)
        return look_up(db=db, join_code=join_code)

    monkeypatch.setattr(workshops, "find_open_workshop", counted_lookup)
    guesses = iter(_guesses(11) * 5)
    tries = 0

    def guess_from_anywhere(times: int) -> None:
        nonlocal tries
        for _ in range(times):
            tries += 1
            # A new browser each time, on one of 200 networks: no browser or network limit ever closes.
            address = f"198.51.{tries % 200 // 100}.{tries % 100}"
            with pytest.raises(DomainError):
                join_codes.admit(db=db, code=next(guesses), browser=f"bot-{tries}", address=address)

    start = clock.now
    guess_from_anywhere(1000)
    while clock.now - start < dt.timedelta(hours=1):
        clock.advance(seconds=IN_TOTAL.interval.total_seconds())
        guess_from_anywhere(2)

    assert tries == 1000 + 2 * 720
    assert len(lookups) == CODES_CHECKED_PER_HOUR == 1320
    # 1,320 of the 887,503,681 codes: 1 in 672,351.
    assert join_codes.CODE_SPACE == 887_503_681
    # Everyone else is told the service is busy, after their own try was refused unchecked.
    with pytest.raises(DomainError) as refused:
        join_codes.admit(db=db, code=DEMO_JOIN_CODE, browser="a-tablet", address="192.0.2.1")
    assert refused.value.key == "join.error.busy"


def test_a_burst_of_wrong_codes_is_audited_once(db: Session, clock: Clock) -> None:
    for attempt in range(3 * PER_NETWORK.burst):
        with pytest.raises(DomainError):
            join_codes.admit(db=db, code=f"X{attempt}", browser=f"tab-{attempt}", address="203.0.113.9")
    alarms = db.scalars(select(AuditEvent).where(AuditEvent.action == "join_guessing")).all()
    assert [(alarm.object_type, alarm.detail["scope"]) for alarm in alarms] == [("join_code", "join-network")]
