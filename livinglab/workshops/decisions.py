"""Decisions: in the « Décider » phase the facilitator marks the ideas worth trying « à prototyper » (a note,
or a cluster of notes) and makes each one a practice draft in the catalogue, or an iteration cycle of one of
the organization's practices.

The link is kept both ways: the practice or cycle records the note or cluster it came from
(``origin_note_id`` / ``origin_cluster_id``), and the board reads back what came of each idea (``outcomes``).

What is made leaves the live board (every staff member reads the catalogue and the cycles), so it quotes only
notes its author may read outside the board (see visibility): a note hidden by private mode is made into
nothing until the board is revealed, and a cluster's private or moderated notes are left out of it.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass

from sqlalchemy import ColumnElement, select
from sqlalchemy.orm import InstrumentedAttribute, Session

from livinglab.catalog import service as catalog
from livinglab.catalog.models import EvidenceLevel, Practice, PracticeStatus, PracticeVersion
from livinglab.core import audit
from livinglab.core.errors import DomainError
from livinglab.core.i18n import translate
from livinglab.core.text import markdown_escaped, shortened
from livinglab.cycles import service as cycles
from livinglab.cycles.models import Cycle
from livinglab.identity.sessions import Identity
from livinglab.workshops import visibility
from livinglab.workshops.models import Board, BoardPhase, Cluster, Note
from livinglab.workshops.rules import board_for_change, require_phase

# A note's text becomes the title of what is made from it, cut to fit a title.
IDEA_TITLE_MAX_LENGTH = 90


class IdeaKind(enum.StrEnum):
    NOTE = "note"
    CLUSTER = "cluster"


class OutcomeKind(enum.StrEnum):
    PRACTICE = "practice"
    CYCLE = "cycle"


@dataclass(frozen=True)
class Outcome:
    """A practice or a cycle made from an idea of a board."""

    kind: OutcomeKind
    id: int
    title: str
    # The cycle's number within its practice; 0 for a practice.
    number: int
    idea_kind: IdeaKind
    idea_id: int


def mark(*, db: Session, board_id: int, kind: IdeaKind, idea_id: int, to_prototype: bool) -> None:
    """Marks an idea « à prototyper », or takes the mark off."""
    require_phase(board_for_change(db=db, board_id=board_id), BoardPhase.DECIDE)
    _idea(db, board_id, kind, idea_id).to_prototype = to_prototype
    db.flush()


def create_practice_draft(
    *, db: Session, board_id: int, kind: IdeaKind, idea_id: int, by: Identity | None
) -> Practice:
    """A draft practice sheet of the workshop's organization, written from a marked idea, in the workshop's
    language: the note (or the cluster's notes) quoted, and where they come from."""
    board = board_for_change(db=db, board_id=board_id)
    require_phase(board, BoardPhase.DECIDE)
    idea = _marked_idea(db, board_id, kind, idea_id, by)
    if db.scalar(select(Practice.id).where(_made_from(kind, idea_id, Practice))) is not None:
        raise DomainError("decision.error.practice_exists")
    title, notes = _title_and_notes(db, idea, by)
    workshop, lang = board.workshop, board.workshop.language
    origin = translate(
        "decision.origin",
        lang,
        workshop=workshop.title,
        date=workshop.scheduled_on.isoformat(),
        board=board.title,
    )
    note_id, cluster_id = _origin(kind, idea_id)
    return catalog.create_practice(
        db=db,
        organization_id=workshop.organization_id,
        title=title,
        summary=shortened(" · ".join(notes), max_length=500),
        description_md="\n".join(
            [markdown_escaped(origin), "", *(f"- {markdown_escaped(text)}" for text in notes)]
        ),
        # An idea from a workshop has not been tried yet: no evidence criterion is met.
        details={"evidence_criteria": []},
        evidence_level=EvidenceLevel.EMERGING,
        status=PracticeStatus.DRAFT,
        term_codes={},
        author_id=by.person_id if by else None,
        content_language=lang,
        origin_note_id=note_id,
        origin_cluster_id=cluster_id,
    )


def create_cycle(
    *,
    db: Session,
    board_id: int,
    kind: IdeaKind,
    idea_id: int,
    practice_id: int,
    by: Identity | None,
) -> Cycle:
    """The next iteration cycle of one of the organization's practices, testing a marked idea."""
    board = board_for_change(db=db, board_id=board_id)
    require_phase(board, BoardPhase.DECIDE)
    idea = _marked_idea(db, board_id, kind, idea_id, by)
    practice = db.get(Practice, practice_id)
    if practice is None or practice.organization_id != board.workshop.organization_id:
        raise DomainError("decision.error.practice")
    if (
        db.scalar(select(Cycle.id).where(Cycle.practice_id == practice_id, _made_from(kind, idea_id, Cycle)))
        is not None
    ):
        raise DomainError("decision.error.cycle_exists")
    title, notes = _title_and_notes(db, idea, by)
    note_id, cluster_id = _origin(kind, idea_id)
    cycle = cycles.create_cycle(
        db=db,
        practice_id=practice_id,
        title=title,
        plan={"objective": "\n".join(notes)},
        origin_note_id=note_id,
        origin_cluster_id=cluster_id,
    )
    # The practice sheet's creation is audited by the catalogue; a cycle's is not, so it is here.
    audit.record(
        db=db,
        action="create_cycle",
        object_type="cycle",
        object_id=cycle.id,
        actor_person_id=by.person_id if by else None,
        detail={"board_id": board_id, kind.value: idea_id},
    )
    return cycle


def outcomes(*, db: Session, board_id: int) -> list[Outcome]:
    """Every practice and cycle made from an idea of the board, oldest first: for the board's console, which
    names them, not the notes."""
    note_ids = select(Note.id).where(Note.board_id == board_id).scalar_subquery()
    cluster_ids = select(Cluster.id).where(Cluster.board_id == board_id).scalar_subquery()
    practices = db.execute(
        select(Practice.id, PracticeVersion.title, Practice.origin_note_id, Practice.origin_cluster_id)
        .join(PracticeVersion, Practice.current_version_id == PracticeVersion.id)
        .where(Practice.origin_note_id.in_(note_ids) | Practice.origin_cluster_id.in_(cluster_ids))
        .order_by(Practice.id)
    ).all()
    cycle_rows = db.execute(
        select(Cycle.id, Cycle.title, Cycle.number, Cycle.origin_note_id, Cycle.origin_cluster_id)
        .where(Cycle.origin_note_id.in_(note_ids) | Cycle.origin_cluster_id.in_(cluster_ids))
        .order_by(Cycle.id)
    ).all()
    return [
        Outcome(OutcomeKind.PRACTICE, id_, title, 0, *_idea_of(note_id, cluster_id))
        for id_, title, note_id, cluster_id in practices
    ] + [
        Outcome(OutcomeKind.CYCLE, id_, title, number, *_idea_of(note_id, cluster_id))
        for id_, title, number, note_id, cluster_id in cycle_rows
    ]


def practice_choices(*, db: Session, board_id: int) -> list[tuple[int, str]]:
    """(id, title) of the practices a cycle from this board may belong to: its organization's."""
    board = db.get(Board, board_id)
    if board is None:
        return []
    return catalog.organization_practices(db=db, organization_id=board.workshop.organization_id)


def _idea(db: Session, board_id: int, kind: IdeaKind, idea_id: int) -> Note | Cluster:
    """The board's note or cluster; a moderated note is no longer an idea to decide on."""
    idea: Note | Cluster | None = db.get(Note, idea_id) if kind is IdeaKind.NOTE else db.get(Cluster, idea_id)
    if (
        idea is None
        or idea.board_id != board_id
        or (isinstance(idea, Note) and visibility.is_moderated(idea))
    ):
        raise DomainError(f"{kind.value}.error.not_found")
    return idea


def _marked_idea(
    db: Session, board_id: int, kind: IdeaKind, idea_id: int, by: Identity | None
) -> Note | Cluster:
    """A marked idea to make something of: a note must be one ``by`` may read outside the board."""
    idea = _idea(db, board_id, kind, idea_id)
    if not idea.to_prototype:
        raise DomainError("decision.error.not_marked")
    if isinstance(idea, Note):
        readable = select(Note.id).where(Note.id == idea.id, visibility.readable(Note.id, by))
        if db.scalar(readable) is None:
            raise DomainError("decision.error.not_readable")
    return idea


def _title_and_notes(db: Session, idea: Note | Cluster, by: Identity | None) -> tuple[str, list[str]]:
    """A title for what is made of the idea, and the text of its notes that ``by`` may read outside the
    board."""
    if isinstance(idea, Note):
        return shortened(idea.text, max_length=IDEA_TITLE_MAX_LENGTH), [idea.text]
    notes = db.scalars(
        select(Note.text)
        .where(Note.cluster_id == idea.id, visibility.readable(Note.id, by))
        .order_by(Note.id)
    )
    return idea.name, list(notes)


def _origin(kind: IdeaKind, idea_id: int) -> tuple[int | None, int | None]:
    """(origin note id, origin cluster id) of what is made from the idea."""
    return (idea_id, None) if kind is IdeaKind.NOTE else (None, idea_id)


def _made_from(kind: IdeaKind, idea_id: int, model: type[Practice] | type[Cycle]) -> ColumnElement[bool]:
    column: InstrumentedAttribute[int | None] = (
        model.origin_note_id if kind is IdeaKind.NOTE else model.origin_cluster_id
    )
    return column == idea_id


def _idea_of(note_id: int | None, cluster_id: int | None) -> tuple[IdeaKind, int]:
    return (IdeaKind.NOTE, note_id) if note_id is not None else (IdeaKind.CLUSTER, cluster_id or 0)
