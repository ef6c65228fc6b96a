"""Who may see and run a workshop: the rules its handlers declare with ``@guarded``.

A facilitator runs the workshops of the organizations where they hold the role (a facilitator of workshop A
cannot close workshop B); participants see only the workshop they joined; staff see every board.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from livinglab.identity.guard import Rule, is_staff
from livinglab.identity.models import Role
from livinglab.identity.sessions import Identity
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


def _runs_the_workshop(identity: Identity | None, db: Session, arguments: dict[str, Any]) -> bool:
    workshop_id = workshop_id_argument(arguments)
    workshop = None if workshop_id is None else db.get(Workshop, workshop_id)
    return workshop is not None and can_facilitate(identity, workshop.organization_id)


def _sees_the_workshop(identity: Identity | None, _db: Session, arguments: dict[str, Any]) -> bool:
    workshop_id = workshop_id_argument(arguments)
    return is_staff(identity) or (
        identity is not None and workshop_id is not None and identity.guest_workshop_id == workshop_id
    )


def _sees_the_board(identity: Identity | None, db: Session, arguments: dict[str, Any]) -> bool:
    workshop = board_workshop(db, arguments)
    return workshop is not None and (
        is_staff(identity) or (identity is not None and identity.guest_workshop_id == workshop.id)
    )


def _runs_the_board(identity: Identity | None, db: Session, arguments: dict[str, Any]) -> bool:
    workshop = board_workshop(db, arguments)
    return workshop is not None and can_facilitate(identity, workshop.organization_id)


def _is_a_facilitator(identity: Identity | None, _db: Session, _arguments: dict[str, Any]) -> bool:
    return identity is not None and (identity.is_admin or identity.has_role(Role.FACILITATOR))


FACILITATOR = Rule("facilitator", _is_a_facilitator)
FACILITATOR_OF_WORKSHOP = Rule("facilitator_of_workshop", _runs_the_workshop)
WORKSHOP_VIEWER = Rule("workshop_viewer", _sees_the_workshop)
# A live board's handlers read the board from the page's route (/ateliers/<workshop>/tableaux/<board>).
BOARD_VIEWER = Rule("board_viewer", _sees_the_board)
BOARD_FACILITATOR = Rule("board_facilitator", _runs_the_board)
