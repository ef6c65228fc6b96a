"""A workshop's join code, checked so that codes cannot be guessed and guessing never locks out a room.

A join code is JOIN_CODE_LENGTH (6) characters of a 31-letter alphabet: 31^6 = 887,503,681 codes. Wrong codes
are limited three ways, and a try is checked only while all three are open:

- per browser (a tablet's tab): a few typos, then one try every few seconds;
- per network (an IPv4 address, an IPv6 /64): generous enough for a room of 30 tablets behind one public
  address to mistype three times each at once; and a tablet that keeps mistyping is stopped by its own limit
  after 5, so one tablet alone cannot spend its room's;
- in total, for the whole deployment: the bound that holds whatever an attacker does, however many browsers
  and addresses it rotates through (CODES_CHECKED_PER_HOUR).

The right code from a tablet whose limits are open is accepted at once, whatever other tablets of its room
typed: a throttled tablet's refused tries are not counted against its room. What this does not prevent: many
fresh browsers in one room's network can spend its limit, and six networks or more can keep the total spent;
both are written to the audit log, once per burst.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy.orm import Session

from livinglab.core.errors import DomainError, RecordedRefusal
from livinglab.identity import throttle
from livinglab.identity.network import network_of
from livinglab.workshops import service as workshops

PER_BROWSER = throttle.Limit(
    scope="join-browser", burst=5, interval=dt.timedelta(seconds=12), refusal="join.error.slow_down"
)
# A room of 30 tablets behind one public address, each mistyping three times at once (90), still gets in.
ROOM_TABLETS = 30
ROOM_TYPOS = 3
PER_NETWORK = throttle.Limit(
    scope="join-network",
    burst=100,
    interval=dt.timedelta(seconds=30),
    refusal="join.error.slow_down_network",
    alarm="join_guessing",
    alarm_about="join_code",
)
# Six networks' bursts at once, then one wrong code every 5 seconds across the whole deployment. Every
# network's limit also bounds how much of this budget it can spend: keeping it spent takes six networks.
IN_TOTAL = throttle.Limit(
    scope="join-all",
    burst=600,
    interval=dt.timedelta(seconds=5),
    refusal="join.error.busy",
    alarm="join_guessing",
    alarm_about="join_code",
)

CODE_SPACE = len(workshops.JOIN_CODE_ALPHABET) ** workshops.JOIN_CODE_LENGTH
# The guarantee README states: wrong codes checked in any hour, by everyone together (600 + 720 = 1,320, that
# is 1 in 672,351 of the codes, 0.00015 %).
CODES_CHECKED_PER_HOUR = IN_TOTAL.most_failures_in(dt.timedelta(hours=1))


class UnknownCodeError(RecordedRefusal):
    """A wrong code: the count it added stays, though the try is refused."""


def admit(*, db: Session, code: str, browser: str, address: str) -> tuple[int, str]:
    """The id and title of the open workshop whose code this is, tried from ``browser`` (the tab's client
    token) at ``address``. Raises DomainError: an empty code, a closed limit (nothing was checked), a wrong
    code (counted)."""
    code = workshops.normalize_join_code(code)
    if not code:
        raise DomainError("join.error.empty")
    counters = [
        throttle.counter(PER_BROWSER, browser),
        throttle.counter(PER_NETWORK, network_of(address)),
        throttle.counter(IN_TOTAL, ""),
    ]
    throttle.refuse_if_closed(db=db, counters=counters)
    found = workshops.find_open_workshop(db=db, join_code=code)
    if found is None:
        throttle.count_failure(db=db, counters=counters)
        raise UnknownCodeError("join.error.unknown")
    return found
