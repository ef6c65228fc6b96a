"""The demo lab loads through the services, once, on both engines."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from livinglab.adaptations import service as adaptations
from livinglab.catalog import service as catalog
from livinglab.catalog.search import SearchQuery
from livinglab.cycles import service as cycles
from livinglab.demo import DEMO_JOIN_CODE, seed_demo
from livinglab.evaluations import service as evaluations
from livinglab.evaluations.models import EvaluationDecision, EvaluationStatus
from livinglab.identity import service as identity
from livinglab.identity.models import Guest, Membership, OrganizationKind, Person, Role
from livinglab.identity.sessions import Identity
from livinglab.models import Base
from livinglab.workshops import service as workshops
from livinglab.workshops import snapshots

# Administrators read every organization's workshop ideas.
ADMIN = Identity(session_id=0, display_name="Sophie Tremblay", is_admin=True)


def _row_counts(db: Session) -> dict[str, int]:
    return {
        name: db.scalar(select(func.count()).select_from(table)) or 0
        for name, table in Base.metadata.tables.items()
    }


def test_seed_demo_builds_the_whole_chain_of_evidence(db: Session) -> None:
    assert seed_demo(db=db) is True

    organizations = identity.list_organizations(db=db)
    assert [o.kind for o in organizations].count(OrganizationKind.FEDERATION) == 1
    members = [o for o in organizations if o.kind is OrganizationKind.MEMBER]
    assert sorted(str(o.region_code) for o in members) == ["03", "05", "06"]
    roles = set(db.scalars(select(Membership.role)))
    assert roles == set(Role)
    assert db.scalar(select(func.count(Person.id)).where(Person.is_admin)) == 1
    assert (db.scalar(select(func.count(Guest.id))) or 0) >= 3

    [workshop] = workshops.list_workshops(db=db)
    assert (workshop.board_count, workshop.region_code) == (1, "05")
    assert 12 <= workshop.note_count <= 16
    assert workshops.find_open_workshop(db=db, join_code=DEMO_JOIN_CODE.lower()) == (
        workshop.id,
        workshop.title,
    )
    boards = workshops.get_workshop_boards(db=db, workshop_id=workshop.id)
    assert boards is not None
    content = snapshots.read_board(db=db, board_id=boards.boards[0].id)
    assert content is not None
    assert [c.title for c in content.columns] == ["Besoins", "Idées", "Obstacles", "Ressources"]

    practices = catalog.search_practices(
        db=db, query=SearchQuery(), published_only=False, reader=ADMIN
    ).practices
    assert len(practices) == 5
    published = catalog.search_practices(
        db=db, query=SearchQuery(), published_only=True, reader=None
    ).practices
    assert 0 < len(published) < 5
    assert {p.status for p in published} == {"published"}
    assert {p.evidence_level for p in practices} == {"emerging", "promising", "proven"}

    # The practice born in the demo workshop links back to its board.
    assert [p.origin.board_id for p in practices if p.origin.board_id] == [content.board.id]
    [cycle] = cycles.list_cycles(db=db, reader=ADMIN)
    assert (cycle.measure_count, cycle.data_point_count) == (2, 24)
    # The cafés were adapted in three regions; one evaluation waits for review, one was decided.
    assert sorted(a.region_code for a in adaptations.list_adaptations(db=db)) == ["03", "05", "06"]
    assert sorted((e.framework, e.status, e.decision) for e in evaluations.list_evaluations(db=db)) == [
        ("hexagon", EvaluationStatus.DECIDED, EvaluationDecision.SCALE_OUT),
        ("hexagon", EvaluationStatus.SUBMITTED, None),
    ]


def test_seed_demo_twice_changes_nothing(db: Session) -> None:
    seed_demo(db=db)
    before = _row_counts(db)
    assert seed_demo(db=db) is False
    assert _row_counts(db) == before
