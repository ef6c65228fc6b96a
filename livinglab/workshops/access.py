"""Who may see and run a workshop: the rules its handlers declare with ``@guarded``.

A workshop and its boards belong to the workshop's organization. Its people take part: the staff of that
organization (practitioners, facilitators, managers), the participants who joined that very workshop, and
administrators. Taking part is one right: open the workshop and its boards, post, edit and delete one's own
notes, vote. Seeing and contributing are not split, because what a board shows is not for outsiders either:
participants' pseudonyms, and for facilitators every private-mode note. Staff of any other organization
(the federation's too: a role counts in its own organization only, as for facilitating) see neither the
workshop nor its boards, and the workshops list shows them none of it.

A facilitator runs the workshops of the organizations where they hold the role (a facilitator of workshop A
cannot close workshop B).

A live board's screen stays open after its guard let it in: when its access may have shrunk (its session
ended, a role removed, a consent withdrawn), ``board_access`` applies the same two rules again, and the live
fan-out takes the screen out of what it may no longer see (``livinglab.workshops.live``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy.orm import Session

from livinglab.identity.guard import Rule
from livinglab.identity.models import Role
from livinglab.identity.sessions import STAFF_ROLES, Identity, identity_of_session
from livinglab.workshops.models import Board, Workshop


def workshop_id_argument(arguments: dict[str, Any]) -> int | None:
    """The workshop a handler touches, as its ``workshop_id`` argument or route parameter, if well formed."""
    raw = str(arguments.get("workshop_id", ""))
    return int(raw) if raw.isdigit() else None


def board_id_argument(arguments: dict[str, Any]) -> int | None:
    raw = str(arguments.get("board_id", ""))
    return int(raw) if raw.isdigit() else None


def board_workshop(db: Session, arguments: dict[str, Any]) -> Workshop | None:
    """The workshop of the board a handler touches, if the board belongs to the workshop its route names."""
    board_id = board_id_argument(arguments)
    board = None if board_id is None else db.get(Board, board_id)
    if board is None or board.workshop_id != workshop_id_argument(arguments):
        return None
    return board.workshop


def can_facilitate(identity: Identity | None, organization_id: int) -> bool:
    return identity is not None and (
        identity.is_admin or identity.has_role(Role.FACILITATOR, organization_id=organization_id)
    )


def takes_part(identity: Identity | None, workshop: Workshop) -> bool:
    """Whether ``identity`` is one of the workshop's people, who may see and contribute to its boards."""
    return identity is not None and (
        identity.is_admin
        or identity.has_role(*STAFF_ROLES, organization_id=workshop.organization_id)
        or identity.guest_workshop_id == workshop.id
    )


@dataclass(frozen=True)
class BoardAccess:
    """What a screen open on a board may show now."""

    # The board and one's own notes (``BOARD_VIEWER``).
    sees: bool
    # The facilitator's console and the projector (``BOARD_FACILITATOR``).
    runs: bool


def board_access(*, db: Session, session_id: int, board_id: int) -> BoardAccess:
    """The board's two rules applied again to a session, as the database has it now."""
    identity = identity_of_session(db=db, session_id=session_id)
    board = db.get(Board, board_id)
    if board is None:
        return BoardAccess(sees=False, runs=False)
    workshop = board.workshop
    return BoardAccess(
        sees=takes_part(identity, workshop), runs=can_facilitate(identity, workshop.organization_id)
    )


def _runs_the_workshop(identity: Identity | None, db: Session, arguments: dict[str, Any]) -> bool:
    workshop_id = workshop_id_argument(arguments)
    workshop = None if workshop_id is None else db.get(Workshop, workshop_id)
    return workshop is not None and can_facilitate(identity, workshop.organization_id)


def _sees_the_workshop(identity: Identity | None, db: Session, arguments: dict[str, Any]) -> bool:
    workshop_id = workshop_id_argument(arguments)
    workshop = None if workshop_id is None else db.get(Workshop, workshop_id)
    return workshop is not None and takes_part(identity, workshop)


def _sees_the_board(identity: Identity | None, db: Session, arguments: dict[str, Any]) -> bool:
    workshop = board_workshop(db, arguments)
    return workshop is not None and takes_part(identity, workshop)


def _runs_the_board(identity: Identity | None, db: Session, arguments: dict[str, Any]) -> bool:
    workshop = board_workshop(db, arguments)
    return workshop is not None and can_facilitate(identity, workshop.organization_id)


def _is_a_facilitator(identity: Identity | None, _db: Session, _arguments: dict[str, Any]) -> bool:
    return identity is not None and (identity.is_admin or identity.has_role(Role.FACILITATOR))


FACILITATOR = Rule("facilitator", _is_a_facilitator)
FACILITATOR_OF_WORKSHOP = Rule("facilitator_of_workshop", _runs_the_workshop)
WORKSHOP_VIEWER = Rule("workshop_viewer", _sees_the_workshop)
# A live board's handlers read the board from the page's route (/ateliers/<workshop>/tableaux/<board>). The
# viewer's rule is also the contributor's: posting, editing, deleting and voting are guarded by it.
BOARD_VIEWER = Rule("board_viewer", _sees_the_board)
BOARD_FACILITATOR = Rule("board_facilitator", _runs_the_board)
