"""Who may write and review sheets: the rules the catalogue's handlers are guarded by."""

from __future__ import annotations

import dataclasses

from sqlalchemy.orm import Session

from livinglab.catalog import access, sheets
from livinglab.identity.models import Role
from livinglab.identity.sessions import Identity
from tests.catalog.test_sheets import CONTENT, _organization


def _identity(*roles: tuple[int, Role], admin: bool = False) -> Identity:
    return Identity(
        session_id=1, display_name="Quelqu'un", person_id=1, is_admin=admin, roles=frozenset(roles)
    )


def test_practitioners_of_a_carrier_edit_others_do_not(db: Session) -> None:
    carrier, other = _organization(db, "porteur"), _organization(db, "autre")
    practice = sheets.create_sheet(db=db, organization_id=carrier.id, content=CONTENT, author_id=None)
    arguments = {"slug": practice.slug}
    rule = access.SHEET_EDITOR.check
    assert rule is not None
    assert rule(_identity((carrier.id, Role.PRACTITIONER)), db, arguments)
    assert rule(_identity((carrier.id, Role.FACILITATOR)), db, arguments)
    assert not rule(_identity((other.id, Role.PRACTITIONER)), db, arguments)
    assert not rule(_identity((carrier.id, Role.PARTICIPANT)), db, arguments)
    assert not rule(None, db, arguments)
    # A manager anywhere reviews, so edits, every sheet; an unknown slug is nobody's.
    assert rule(_identity((other.id, Role.MANAGER)), db, arguments)
    assert not rule(_identity((other.id, Role.MANAGER)), db, {"slug": "inconnue"})


def test_a_co_carrier_edits_too(db: Session) -> None:
    carrier, co_carrier = _organization(db, "porteur"), _organization(db, "co-porteur")
    practice = sheets.create_sheet(
        db=db,
        organization_id=carrier.id,
        content=dataclasses.replace(CONTENT, carrier_ids=(co_carrier.id,)),
        author_id=None,
    )
    assert access.can_edit(
        _identity((co_carrier.id, Role.PRACTITIONER)), sheets.carrier_ids(db=db, practice_id=practice.id)
    )


def test_only_managers_and_administrators_review() -> None:
    assert access.is_reviewer(_identity((1, Role.MANAGER)))
    assert access.is_reviewer(_identity(admin=True))
    assert not access.is_reviewer(_identity((1, Role.PRACTITIONER), (1, Role.FACILITATOR)))
    assert not access.is_reviewer(None)
