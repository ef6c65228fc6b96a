"""Decisions: a note or a cluster marked « à prototyper » becomes a practice draft or an iteration cycle,
and the link is kept both ways (the practice or cycle names its origin, the board lists what came of each
idea)."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from sqlalchemy.orm import Session

from livinglab.catalog import service as catalog
from livinglab.catalog.models import EvidenceLevel, Practice, PracticeStatus
from livinglab.catalog.search import SearchQuery
from livinglab.core.errors import DomainError
from livinglab.cycles import service as cycles
from livinglab.cycles.models import Cycle
from livinglab.identity import service as identity
from livinglab.identity.models import OrganizationKind
from livinglab.workshops import clusters, decisions, facilitation, notes, snapshots
from livinglab.workshops.decisions import IdeaKind, OutcomeKind
from livinglab.workshops.models import BoardPhase
from tests.workshops.conftest import LiveBoard


def _post(db: Session, live: LiveBoard, text: str) -> int:
    return notes.post_note(
        db=db,
        board_id=live.board.id,
        column_id=live.column_ids[1],
        text=text,
        color="yellow",
        actor=live.amina,
    ).id


def _refused(action: Callable[[], object]) -> str:
    with pytest.raises(DomainError) as refused:
        action()
    return refused.value.key


def test_a_marked_note_becomes_a_practice_draft_that_points_back_to_the_board(
    db: Session, live: LiveBoard
) -> None:
    board_id = live.board.id
    idea = _post(
        db,
        live,
        "Un jumelage avec une famille du quartier pendant les trois premiers mois, avec un repas "
        "partagé chaque semaine [et **musique**]",
    )
    _post(db, live, "Une autre idée")

    def mark() -> None:
        decisions.mark(db=db, board_id=board_id, kind=IdeaKind.NOTE, idea_id=idea, to_prototype=True)

    def make_practice() -> Practice:
        return decisions.create_practice_draft(
            db=db,
            board_id=board_id,
            kind=IdeaKind.NOTE,
            idea_id=idea,
            by=live.staff,
        )

    assert _refused(mark) == "board.error.not_decide"
    facilitation.set_phase(db=db, board_id=board_id, phase=BoardPhase.DECIDE)
    assert _refused(make_practice) == "decision.error.not_marked"

    mark()
    practice = make_practice()

    assert (practice.status, practice.evidence_level) == (PracticeStatus.DRAFT, EvidenceLevel.EMERGING)
    assert practice.organization_id == live.board.workshop.organization_id
    assert practice.origin_note_id == idea
    version = practice.current_version
    # Not tried yet: no evidence criterion is claimed for it.
    assert version is not None
    assert version.details["evidence_criteria"] == []
    # The title is the note, cut at a word; the sheet quotes the whole note, its markup escaped, and names
    # the workshop and board.
    assert version.title.startswith("Un jumelage avec une famille du quartier pendant les trois")
    assert version.title.endswith(" avec un repas…")
    assert len(version.title) <= decisions.IDEA_TITLE_MAX_LENGTH
    assert "\\[et \\*\\*musique\\*\\*\\]" in version.description_md
    assert "« Atelier »" in version.description_md
    assert "« Nos besoins »" in version.description_md
    # A second tap makes no second sheet.
    assert _refused(make_practice) == "decision.error.practice_exists"

    # Both ways: the catalogue (for staff) names the board, and the board's console lists the practice.
    [summary] = catalog.search_practices(
        db=db, query=SearchQuery(), published_only=False, reader=live.staff
    ).practices
    assert (summary.origin.board_id, summary.origin.workshop_id) == (board_id, live.board.workshop_id)
    assert summary.origin.board_title == "Nos besoins"
    [public] = catalog.search_practices(
        db=db, query=SearchQuery(), published_only=False, reader=None
    ).practices
    assert public.origin.board_id == 0
    content = snapshots.read_board(db=db, board_id=board_id)
    assert content is not None
    console = snapshots.console_view(content, decisions.outcomes(db=db, board_id=board_id))
    [card] = console.ideas
    assert (card.kind, card.id, card.to_prototype, card.has_practice) == ("note", idea, True, True)
    assert [(o.kind, o.id) for o in card.outcomes] == [(OutcomeKind.PRACTICE.value, practice.id)]
    # Every screen sees the mark, and nobody but the console sees the practice.
    public_note = next(n for c in snapshots.public_snapshot(content).columns for n in c.notes if n.id == idea)
    assert public_note.to_prototype


def test_a_marked_cluster_becomes_a_cycle_of_one_of_the_organizations_practices(
    db: Session, live: LiveBoard
) -> None:
    board_id = live.board.id
    first, second = _post(db, live, "Des ateliers cuisine"), _post(db, live, "Cuisiner ensemble le samedi")
    facilitation.set_phase(db=db, board_id=board_id, phase=BoardPhase.GROUP)
    kitchen = clusters.group_notes(
        db=db, board_id=board_id, note_ids=[first, second], name="Cuisine collective"
    )
    notes.hide_note(db=db, board_id=board_id, note_id=second, reason="off_topic", by_person_id=None)
    existing = _published_practice(db, live.board.workshop.organization_id, "Repas partagés")
    other_organization = identity.create_organization(
        db=db, name="Autre organisme", slug="autre-organisme", kind=OrganizationKind.MEMBER
    )
    elsewhere = _published_practice(db, other_organization.id, "Ailleurs")
    facilitation.set_phase(db=db, board_id=board_id, phase=BoardPhase.DECIDE)
    decisions.mark(db=db, board_id=board_id, kind=IdeaKind.CLUSTER, idea_id=kitchen.id, to_prototype=True)
    assert decisions.practice_choices(db=db, board_id=board_id) == [(existing.id, "Repas partagés")]

    def make_cycle(practice_id: int) -> Cycle:
        return decisions.create_cycle(
            db=db,
            board_id=board_id,
            kind=IdeaKind.CLUSTER,
            idea_id=kitchen.id,
            practice_id=practice_id,
            by=live.staff,
        )

    assert _refused(lambda: make_cycle(elsewhere.id)) == "decision.error.practice"
    cycle = make_cycle(existing.id)
    assert (cycle.title, cycle.origin_cluster_id, cycle.number) == ("Cuisine collective", kitchen.id, 1)
    # The moderated note is left out of the cycle's objective.
    assert cycle.plan == {"objective": "Des ateliers cuisine"}
    assert _refused(lambda: make_cycle(existing.id)) == "decision.error.cycle_exists"

    [summary] = cycles.list_cycles(db=db, reader=live.staff)
    assert summary.origin.board_id == board_id
    [outcome] = decisions.outcomes(db=db, board_id=board_id)
    assert (outcome.kind, outcome.idea_kind, outcome.idea_id, outcome.number) == (
        OutcomeKind.CYCLE,
        IdeaKind.CLUSTER,
        kitchen.id,
        1,
    )
    content = snapshots.read_board(db=db, board_id=board_id)
    assert content is not None
    [cluster_card] = snapshots.public_snapshot(content).clusters
    assert cluster_card.to_prototype


def test_ideas_of_another_board_or_moderated_ones_cannot_be_decided(db: Session, live: LiveBoard) -> None:
    board_id = live.board.id
    idea = _post(db, live, "Une idée retirée")
    other = facilitation.create_board(
        db=db, workshop_id=live.board.workshop_id, title="Autre", template=facilitation.BoardTemplate.NEEDS
    )
    notes.hide_note(db=db, board_id=board_id, note_id=idea, reason="off_topic", by_person_id=None)
    facilitation.set_phase(db=db, board_id=board_id, phase=BoardPhase.DECIDE)
    facilitation.set_phase(db=db, board_id=other.id, phase=BoardPhase.DECIDE)
    for target_board in (board_id, other.id):
        assert (
            _refused(
                lambda target_board=target_board: decisions.mark(
                    db=db, board_id=target_board, kind=IdeaKind.NOTE, idea_id=idea, to_prototype=True
                )
            )
            == "note.error.not_found"
        )
    assert decisions.outcomes(db=db, board_id=board_id) == []


def _published_practice(db: Session, organization_id: int, title: str) -> Practice:
    return catalog.create_practice(
        db=db,
        organization_id=organization_id,
        title=title,
        summary="…",
        description_md="",
        details={},
        evidence_level=EvidenceLevel.PROMISING,
        status=PracticeStatus.PUBLISHED,
        term_codes={},
    )
