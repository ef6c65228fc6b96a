"""Who may write an evaluation: the evaluating organization's own staff; managers of every organization review
it, and write none in another organization's name."""

from __future__ import annotations

from sqlalchemy.orm import Session

from livinglab.catalog.access import is_reviewer
from livinglab.evaluations import access
from livinglab.identity.models import Role
from livinglab.identity.sessions import Identity
from tests.evaluations.test_review import COMPLETE, _draft

OTHER = 10_000  # an organization id the demo does not use


def _identity(*roles: tuple[int, Role], admin: bool = False) -> Identity:
    return Identity(
        session_id=1, display_name="Quelqu'un", person_id=1, is_admin=admin, roles=frozenset(roles)
    )


def test_the_evaluating_organizations_staff_write_it(db: Session) -> None:
    evaluation = _draft(db, COMPLETE)
    arguments = {"evaluation_id": evaluation.id}
    own = evaluation.organization_id
    for role in (Role.PRACTITIONER, Role.FACILITATOR, Role.MANAGER):
        assert access.can_edit(_identity((own, role)), db, arguments), role
    assert access.can_edit(_identity(admin=True), db, arguments)
    assert not access.can_edit(_identity((own, Role.PARTICIPANT)), db, arguments)
    assert not access.can_edit(None, db, arguments)
    assert not access.can_edit(_identity((own, Role.MANAGER)), db, {"evaluation_id": "inconnue"})


def test_a_manager_of_another_organization_reviews_but_writes_nothing_in_its_name(db: Session) -> None:
    evaluation = _draft(db, COMPLETE)
    arguments = {"evaluation_id": evaluation.id}
    manager = _identity((OTHER, Role.MANAGER))
    assert is_reviewer(manager)
    review = access.EVALUATION_REVIEW.check
    assert review is not None
    assert review(manager, db, arguments)
    # Not the evaluation's editor: no submitting it, no saving it, no new one in that organization's name.
    assert not access.can_edit(manager, db, arguments)
    assert not access.evaluates_for(manager, evaluation.organization_id)
    assert access.evaluating_organizations(manager) == {OTHER}
    for role in (Role.PRACTITIONER, Role.FACILITATOR):
        assert not access.can_edit(_identity((OTHER, role)), db, arguments)
    assert access.evaluating_organizations(_identity(admin=True)) is None
