"""What the facilitator steers on a board: its columns (from a co-design template or written freely), the
phase, the private, anonymous and frozen modes, the voting budget, the countdown and where everyone looks."""

from __future__ import annotations

import datetime as dt
import enum

from sqlalchemy import select
from sqlalchemy.orm import Session

from livinglab.core.database import utcnow
from livinglab.core.errors import DomainError
from livinglab.core.i18n import translate
from livinglab.core.text import require_text
from livinglab.workshops.models import Board, BoardColumn, BoardPhase, Cluster, Workshop
from livinglab.workshops.rules import board_for_change

BOARD_TITLE_MAX_LENGTH = 200
COLUMN_TITLE_MAX_LENGTH = 120
MAX_COLUMNS = 8
MAX_VOTES = 20
MAX_TIMER_MINUTES = 120


class BoardTemplate(enum.StrEnum):
    """Common co-design activities; each gives its columns, named in the workshop's language."""

    NEEDS = "needs"
    JOURNEY = "journey"
    HOW_MIGHT_WE = "how_might_we"
    FREE = "free"


TEMPLATE_COLUMNS: dict[BoardTemplate, tuple[str, ...]] = {
    BoardTemplate.NEEDS: ("needs", "ideas", "obstacles", "resources"),
    BoardTemplate.JOURNEY: ("before", "arrival", "first_months", "settling", "belonging"),
    BoardTemplate.HOW_MIGHT_WE: ("question",),
    BoardTemplate.FREE: (),
}


def create_board(
    *,
    db: Session,
    workshop_id: int,
    title: str,
    template: BoardTemplate,
    free_columns: list[str] | None = None,
) -> Board:
    """A board of the workshop, with the template's columns, or with ``free_columns`` (one title each)."""
    workshop = db.get(Workshop, workshop_id)
    if workshop is None:
        raise DomainError("workshop.not_found")
    board = Board(
        title=require_text(title, max_length=BOARD_TITLE_MAX_LENGTH, subject="board_title"),
        position=len(workshop.boards),
    )
    if template is BoardTemplate.FREE:
        titles = [line.strip() for line in free_columns or [] if line.strip()]
        if not titles:
            raise DomainError("board.error.no_columns")
        if len(titles) > MAX_COLUMNS:
            raise DomainError("board.error.too_many_columns", max_columns=MAX_COLUMNS)
        columns = [
            BoardColumn(title=require_text(t, max_length=COLUMN_TITLE_MAX_LENGTH, subject="column_title"))
            for t in titles
        ]
    else:
        columns = [
            BoardColumn(
                title=translate(f"template.{template.value}.{name}", workshop.language),
                prompt=translate(f"template.{template.value}.{name}.prompt", workshop.language),
            )
            for name in TEMPLATE_COLUMNS[template]
        ]
    for position, column in enumerate(columns):
        column.position = position
        board.columns.append(column)
    workshop.boards.append(board)
    db.flush()
    return board


def set_phase(*, db: Session, board_id: int, phase: BoardPhase) -> Board:
    board = board_for_change(db=db, board_id=board_id)
    board.phase = phase
    return board


def set_modes(
    *,
    db: Session,
    board_id: int,
    private_mode: bool | None = None,
    anonymous: bool | None = None,
    frozen: bool | None = None,
    votes_revealed: bool | None = None,
) -> Board:
    """Turns modes on or off; None leaves a mode as it is. Ending private mode is the reveal."""
    board = board_for_change(db=db, board_id=board_id)
    if private_mode is not None:
        board.private_mode = private_mode
    if anonymous is not None:
        board.anonymous = anonymous
    if frozen is not None:
        board.frozen = frozen
    if votes_revealed is not None:
        board.votes_revealed = votes_revealed
    return board


def set_vote_budget(*, db: Session, board_id: int, per_participant: int, per_note: int) -> Board:
    if not 1 <= per_participant <= MAX_VOTES:
        raise DomainError("board.error.vote_budget", max_votes=MAX_VOTES)
    if not 1 <= per_note <= per_participant:
        raise DomainError("board.error.votes_per_note")
    board = board_for_change(db=db, board_id=board_id)
    board.votes_per_participant, board.votes_per_note = per_participant, per_note
    return board


def start_timer(*, db: Session, board_id: int, minutes: int, now: dt.datetime | None = None) -> Board:
    if not 1 <= minutes <= MAX_TIMER_MINUTES:
        raise DomainError("board.error.timer", max_minutes=MAX_TIMER_MINUTES)
    board = board_for_change(db=db, board_id=board_id)
    board.timer_ends_at = (now or utcnow()) + dt.timedelta(minutes=minutes)
    return board


def stop_timer(*, db: Session, board_id: int) -> Board:
    board = board_for_change(db=db, board_id=board_id)
    board.timer_ends_at = None
    return board


def set_focus(
    *, db: Session, board_id: int, column_id: int | None = None, cluster_id: int | None = None
) -> Board:
    """Brings everyone to one column, or to one cluster (and its column); neither clears the focus."""
    board = board_for_change(db=db, board_id=board_id)
    if cluster_id is not None:
        column_id = db.scalar(
            select(Cluster.column_id).where(Cluster.id == cluster_id, Cluster.board_id == board_id)
        )
        if column_id is None:
            raise DomainError("cluster.error.not_found")
    elif (
        column_id is not None
        and db.scalar(
            select(BoardColumn.id).where(BoardColumn.id == column_id, BoardColumn.board_id == board_id)
        )
        is None
    ):
        raise DomainError("board.error.not_found")
    board.focus_column_id, board.focus_cluster_id = column_id, cluster_id
    return board
