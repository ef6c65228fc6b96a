"""Workshops and their idea boards."""

from __future__ import annotations

import datetime as dt
import re
import secrets
from collections.abc import Collection, Sequence
from dataclasses import dataclass

from sqlalchemy import Select, select
from sqlalchemy.orm import Session

from livinglab.core import audit
from livinglab.core.database import count_of
from livinglab.core.errors import DomainError
from livinglab.core.text import require_text
from livinglab.identity import service as identity
from livinglab.identity.sessions import Identity
from livinglab.workshops import visibility
from livinglab.workshops.models import (
    Board,
    BoardColumn,
    BoardPhase,
    Cluster,
    Note,
    Workshop,
    WorkshopStatus,
)

# No 0/O, 1/I/L: the code is read aloud and typed on a tablet.
JOIN_CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
JOIN_CODE_LENGTH = 6
TITLE_MAX_LENGTH = 200
PURPOSE_MAX_LENGTH = 2000


@dataclass(frozen=True)
class WorkshopSummary:
    id: int
    title: str
    purpose: str
    organization_name: str
    region_code: str | None
    scheduled_on: dt.date
    status: WorkshopStatus
    board_count: int
    note_count: int


@dataclass(frozen=True)
class BoardSummary:
    id: int
    title: str
    phase: BoardPhase
    note_count: int


@dataclass(frozen=True)
class WorkshopBoards:
    """A workshop and its boards, for its page: what a board shows lives on the board's own page."""

    id: int
    organization_id: int
    title: str
    purpose: str
    status: WorkshopStatus
    boards: tuple[BoardSummary, ...]


@dataclass(frozen=True)
class IdeaOrigin:
    """The workshop board an idea made into a practice or a cycle came from; board_id 0: none."""

    workshop_id: int = 0
    board_id: int = 0
    workshop_title: str = ""
    board_title: str = ""


def idea_origins(
    *, db: Session, ideas: Sequence[tuple[int | None, int | None]], reader: Identity | None
) -> list[IdeaOrigin]:
    """For each (origin note id, origin cluster id) of a practice or a cycle, the board it came from, if
    ``reader`` may read that idea (none otherwise)."""
    by_note = _origins_by(
        db, Note, {note for note, _ in ideas if note is not None}, visibility.readable_note_ids(reader)
    )
    by_cluster = _origins_by(
        db,
        Cluster,
        {cluster for _, cluster in ideas if cluster is not None},
        visibility.readable_cluster_ids(reader),
    )
    return [by_note.get(note or 0) or by_cluster.get(cluster or 0) or IdeaOrigin() for note, cluster in ideas]


def _origins_by(
    db: Session, model: type[Note] | type[Cluster], ids: set[int], readable: Select[int]
) -> dict[int, IdeaOrigin]:
    if not ids:
        return {}
    rows = db.execute(
        select(model.id, Board.workshop_id, Board.id, Workshop.title, Board.title)
        .join(Board, model.board_id == Board.id)
        .join(Workshop, Board.workshop_id == Workshop.id)
        .where(model.id.in_(ids), model.id.in_(readable))
    )
    return {
        idea_id: IdeaOrigin(workshop_id, board_id, workshop_title, board_title)
        for idea_id, workshop_id, board_id, workshop_title, board_title in rows.all()
    }


@dataclass(frozen=True)
class IdeaRef:
    """A note of a workshop board that an adaptation may name as an idea behind it."""

    note_id: int
    text: str
    origin: IdeaOrigin


def ideas(
    *,
    db: Session,
    reader: Identity | None,
    organization_ids: Collection[int] | None = None,
    note_ids: Collection[int] | None = None,
) -> list[IdeaRef]:
    """The notes ``reader`` may read (see visibility), of the workshops of ``organization_ids`` and among
    ``note_ids`` when given. Board by board."""
    query = (
        select(Note.id, Note.text, Board.workshop_id, Board.id, Workshop.title, Board.title)
        .join(Board, Note.board_id == Board.id)
        .join(Workshop, Board.workshop_id == Workshop.id)
        .where(visibility.readable(Note.id, reader))
        .order_by(Workshop.scheduled_on.desc(), Board.id, Note.id)
    )
    if organization_ids is not None:
        query = query.where(Workshop.organization_id.in_(organization_ids))
    if note_ids is not None:
        query = query.where(Note.id.in_(note_ids))
    return [
        IdeaRef(note_id, text, IdeaOrigin(workshop_id, board_id, workshop_title, board_title))
        for note_id, text, workshop_id, board_id, workshop_title, board_title in db.execute(query).all()
    ]


def create_workshop(
    *,
    db: Session,
    organization_id: int,
    title: str,
    purpose: str,
    scheduled_on: dt.date,
    language: str = "fr",
    status: WorkshopStatus = WorkshopStatus.DRAFT,
    created_by_id: int | None = None,
    join_code: str | None = None,
) -> Workshop:
    """A workshop; an open one gets ``join_code``, or a fresh random one."""
    if status is WorkshopStatus.OPEN and join_code is None:
        join_code = _free_join_code(db=db)
    workshop = Workshop(
        organization_id=organization_id,
        title=require_text(title, max_length=TITLE_MAX_LENGTH, subject="workshop_title"),
        purpose=require_text(purpose, max_length=PURPOSE_MAX_LENGTH, subject="workshop_purpose"),
        scheduled_on=scheduled_on,
        language=language,
        status=status,
        created_by_id=created_by_id,
        join_code=None if join_code is None else normalize_join_code(join_code),
    )
    db.add(workshop)
    db.flush()
    return workshop


def _free_join_code(*, db: Session) -> str:
    while True:
        code = "".join(secrets.choice(JOIN_CODE_ALPHABET) for _ in range(JOIN_CODE_LENGTH))
        if db.scalars(select(Workshop.id).where(Workshop.join_code == code)).first() is None:
            return code


def normalize_join_code(value: str) -> str:
    """What a participant typed, as stored: upper case, without the spaces and dashes people add."""
    return re.sub(r"[\s-]+", "", value).upper()


def open_join_code(*, db: Session, workshop_id: int | None) -> str | None:
    """The join code of the workshop if it is open, else None."""
    return db.scalars(
        select(Workshop.join_code).where(Workshop.id == workshop_id, Workshop.status == WorkshopStatus.OPEN)
    ).first()


def find_open_workshop(*, db: Session, join_code: str) -> tuple[int, str] | None:
    """The id and title of the open workshop with this code."""
    row = db.execute(
        select(Workshop.id, Workshop.title).where(
            Workshop.join_code == normalize_join_code(join_code), Workshop.status == WorkshopStatus.OPEN
        )
    ).first()
    return None if row is None else (row.id, row.title)


def open_workshop(*, db: Session, workshop_id: int, by_person_id: int | None) -> str:
    """Open the workshop to participants; its join code (kept from an earlier opening, or a new one)."""
    workshop = _workshop(db=db, workshop_id=workshop_id)
    workshop.status = WorkshopStatus.OPEN
    workshop.join_code = workshop.join_code or _free_join_code(db=db)
    audit.record(
        db=db,
        action="workshop_opened",
        object_type="workshop",
        object_id=workshop_id,
        actor_person_id=by_person_id,
    )
    return workshop.join_code


def close_workshop(*, db: Session, workshop_id: int, by_person_id: int | None) -> None:
    """No one joins a closed workshop: its code stops working, but its boards and notes stay."""
    workshop = _workshop(db=db, workshop_id=workshop_id)
    workshop.status = WorkshopStatus.CLOSED
    audit.record(
        db=db,
        action="workshop_closed",
        object_type="workshop",
        object_id=workshop_id,
        actor_person_id=by_person_id,
    )


def _workshop(*, db: Session, workshop_id: int) -> Workshop:
    workshop = db.get(Workshop, workshop_id)
    if workshop is None:
        raise DomainError("workshop.not_found")
    return workshop


def add_board(
    *, db: Session, workshop: Workshop, title: str, phase: BoardPhase = BoardPhase.COLLECT
) -> Board:
    board = Board(title=title, phase=phase, position=len(workshop.boards))
    workshop.boards.append(board)
    db.flush()
    return board


def add_column(*, db: Session, board: Board, title: str, prompt: str | None = None) -> BoardColumn:
    column = BoardColumn(title=title, prompt=prompt, position=len(board.columns))
    board.columns.append(column)
    db.flush()
    return column


def list_workshops(*, db: Session, organization_ids: Collection[int] | None = None) -> list[WorkshopSummary]:
    """The workshops of ``organization_ids``, or of every organization (None), newest first."""
    board_count = count_of(Board.id, Board.workshop_id == Workshop.id)
    # As many notes as the boards themselves count: private ones are counted (the room sees the board fill
    # up), moderated ones are not.
    note_count = count_of(
        Note.id, Note.board_id == Board.id, Board.workshop_id == Workshop.id, visibility.NOT_MODERATED
    )
    query = select(Workshop, board_count, note_count).order_by(Workshop.scheduled_on.desc(), Workshop.id)
    if organization_ids is not None:
        query = query.where(Workshop.organization_id.in_(organization_ids))
    rows = db.execute(query).all()
    organizations = identity.organization_refs(db=db, ids={w.organization_id for w, _, _ in rows})
    return [
        WorkshopSummary(
            id=w.id,
            title=w.title,
            purpose=w.purpose,
            organization_name=organizations[w.organization_id].name,
            region_code=organizations[w.organization_id].region_code,
            scheduled_on=w.scheduled_on,
            status=w.status,
            board_count=boards,
            note_count=notes,
        )
        for w, boards, notes in rows
    ]


def get_workshop_boards(*, db: Session, workshop_id: int) -> WorkshopBoards | None:
    workshop = db.get(Workshop, workshop_id)
    if workshop is None:
        return None
    note_count = count_of(Note.id, Note.board_id == Board.id, visibility.NOT_MODERATED)
    rows = db.execute(
        select(Board.id, Board.title, Board.phase, note_count)
        .where(Board.workshop_id == workshop_id)
        .order_by(Board.position, Board.id)
    ).all()
    return WorkshopBoards(
        id=workshop.id,
        organization_id=workshop.organization_id,
        title=workshop.title,
        purpose=workshop.purpose,
        status=workshop.status,
        boards=tuple(BoardSummary(id=r.id, title=r.title, phase=r.phase, note_count=r[3]) for r in rows),
    )


@dataclass(frozen=True)
class PublicNote:
    """A note everyone at the workshop could read: what may be quoted elsewhere (a cycle's feedback)."""

    id: int
    text: str
    board_id: int


def organization_boards(*, db: Session, organization_ids: set[int]) -> list[IdeaOrigin]:
    """The boards of the organizations' workshops, the latest workshop first."""
    rows = db.execute(
        select(Workshop.id, Board.id, Workshop.title, Board.title)
        .join(Board, Board.workshop_id == Workshop.id)
        .where(Workshop.organization_id.in_(organization_ids))
        .order_by(Workshop.scheduled_on.desc(), Workshop.id.desc(), Board.position)
    )
    return [IdeaOrigin(*row) for row in rows.all()]


def public_notes(*, db: Session, board_id: int, reader: Identity | None) -> list[PublicNote]:
    """The board's notes ``reader`` may quote elsewhere: in view of the whole room, and of their
    organization's workshops (see visibility)."""
    rows = db.execute(
        select(Note.id, Note.text, Note.board_id)
        .where(Note.board_id == board_id, visibility.readable(Note.id, reader))
        .order_by(Note.id)
    )
    return [PublicNote(*row) for row in rows.all()]
