"""What each screen of a live board may see, read from the database (the truth) in one pass.

Three audiences, three snapshots, so that nothing is sent to a browser that may not see it:
- ``BoardSnapshot``: what every viewer of the board may see (participants' tablets, the projector). In private
  mode it holds no participant's note, only how many there are; vote totals appear once revealed.
- ``ParticipantView``: what is one participant's own (their notes, hidden from others in private mode, and
  their votes).
- ``ConsoleView``: the facilitator's: every note, moderated ones with their reason, live vote totals.
In anonymous mode no snapshot names an author, the facilitator's included.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import NamedTuple

from sqlalchemy import select
from sqlalchemy.orm import Session

from livinglab.core.database import as_utc
from livinglab.identity.models import Guest, Person
from livinglab.workshops import visibility
from livinglab.workshops.decisions import IdeaKind, Outcome, OutcomeKind
from livinglab.workshops.models import Board, BoardColumn, BoardPhase, Cluster, Note, Vote
from livinglab.workshops.rules import Actor, shown_to


@dataclass(frozen=True)
class NoteCard:
    id: int
    column_id: int
    cluster_id: int  # 0: in no cluster
    text: str
    color: str
    author: str  # "" when the board is anonymous or the author withdrew
    votes: int  # 0 until revealed, except on the facilitator's console
    hidden_reason: str = ""  # only on the console
    to_prototype: bool = False


@dataclass(frozen=True)
class ClusterCard:
    id: int
    column_id: int
    name: str
    to_prototype: bool = False


@dataclass(frozen=True)
class ColumnCard:
    id: int
    title: str
    prompt: str
    notes: tuple[NoteCard, ...]
    # In private mode the notes are not sent but their number is: the room sees the board fill up.
    note_count: int


@dataclass(frozen=True)
class BoardSnapshot:
    id: int = 0  # 0: not loaded yet
    workshop_id: int = 0
    title: str = ""
    phase: str = BoardPhase.COLLECT.value
    private_mode: bool = False
    anonymous: bool = False
    frozen: bool = False
    votes_per_participant: int = 0
    votes_per_note: int = 0
    votes_revealed: bool = False
    # ISO 8601 in UTC, "" without a countdown: every screen counts down to the same instant.
    timer_ends_at: str = ""
    focus_column_id: int = 0
    focus_cluster_id: int = 0
    columns: tuple[ColumnCard, ...] = ()
    clusters: tuple[ClusterCard, ...] = ()
    note_count: int = 0


@dataclass(frozen=True)
class ParticipantView:
    note_ids: tuple[int, ...] = ()
    # Their own notes the others cannot see yet (private mode).
    private_notes: tuple[NoteCard, ...] = ()
    # One entry per vote cast: a note voted twice appears twice.
    voted_note_ids: tuple[int, ...] = ()
    votes_left: int = 0


@dataclass(frozen=True)
class OutcomeLink:
    """A practice (number 0) or a cycle made from an idea of the board."""

    kind: str
    id: int
    title: str
    number: int


@dataclass(frozen=True)
class IdeaCard:
    """On the console: an idea marked « à prototyper », or already made into a practice or a cycle."""

    kind: str  # note or cluster
    id: int
    text: str
    to_prototype: bool
    has_practice: bool
    outcomes: tuple[OutcomeLink, ...]


@dataclass(frozen=True)
class PracticeChoice:
    id: int
    title: str


@dataclass(frozen=True)
class ConsoleView:
    columns: tuple[ColumnCard, ...] = ()
    hidden_notes: tuple[NoteCard, ...] = ()
    voters: int = 0
    votes_cast: int = 0
    ideas: tuple[IdeaCard, ...] = ()
    # The organization's practices a new cycle may belong to.
    practices: tuple[PracticeChoice, ...] = ()


class CastVote(NamedTuple):
    """One vote as the snapshots count it (read as a row: a board change reads them all)."""

    note_id: int
    guest_id: int | None
    person_id: int | None


@dataclass(frozen=True)
class BoardContent:
    """One read of a board, from which every audience's snapshot is cut."""

    board: Board
    columns: list[BoardColumn]
    clusters: list[Cluster]
    notes: list[Note]
    votes: list[CastVote]
    pseudonyms: dict[int, str] = field(default_factory=dict)
    person_names: dict[int, str] = field(default_factory=dict)

    def author_of(self, note: Note) -> str:
        if self.board.anonymous:
            return ""
        if note.author_guest_id is not None:
            return self.pseudonyms.get(note.author_guest_id, "")
        return self.person_names.get(note.author_person_id or 0, "")


def read_board(*, db: Session, board_id: int) -> BoardContent | None:
    board = db.get(Board, board_id)
    if board is None:
        return None
    # The live fan-out reads the board at every change: authors come with their notes and votes as plain
    # rows, in statements of the same text whatever the board holds (a list of ids in the SQL would make
    # each read a new statement for the database to plan).
    authored = db.execute(
        select(Note, Guest.pseudonym, Person.display_name)
        .outerjoin(Guest, Guest.id == Note.author_guest_id)
        .outerjoin(Person, Person.id == Note.author_person_id)
        .where(Note.board_id == board_id)
        .order_by(Note.id)
    ).all()
    named = not board.anonymous
    return BoardContent(
        board=board,
        columns=list(
            db.scalars(
                select(BoardColumn).where(BoardColumn.board_id == board_id).order_by(BoardColumn.position)
            )
        ),
        clusters=list(db.scalars(select(Cluster).where(Cluster.board_id == board_id).order_by(Cluster.id))),
        notes=[note for note, _, _ in authored],
        votes=[
            CastVote(*row)
            for row in db.execute(
                select(Vote.note_id, Vote.guest_id, Vote.person_id).where(Vote.board_id == board_id)
            )
        ],
        pseudonyms={
            note.author_guest_id: pseudonym
            for note, pseudonym, _ in authored
            if named and note.author_guest_id is not None and pseudonym is not None
        },
        person_names={
            note.author_person_id: name
            for note, _, name in authored
            if named and note.author_person_id is not None and name is not None
        },
    )


def _card(content: BoardContent, note: Note, votes: int, *, with_reason: bool = False) -> NoteCard:
    return NoteCard(
        id=note.id,
        column_id=note.column_id,
        cluster_id=note.cluster_id or 0,
        text=note.text,
        color=note.color,
        author=content.author_of(note),
        votes=votes,
        hidden_reason=(note.hidden_reason or "") if with_reason else "",
        to_prototype=note.to_prototype,
    )


def _columns(
    content: BoardContent, shown: list[Note], totals: Counter[int], counted: list[Note]
) -> tuple[ColumnCard, ...]:
    by_column: dict[int, list[NoteCard]] = defaultdict(list)
    for note in shown:
        by_column[note.column_id].append(_card(content, note, totals[note.id]))
    counts = Counter(note.column_id for note in counted)
    return tuple(
        ColumnCard(
            id=column.id,
            title=column.title,
            prompt=column.prompt or "",
            notes=tuple(by_column[column.id]),
            note_count=counts[column.id],
        )
        for column in content.columns
    )


def _timer(board: Board) -> str:
    return as_utc(board.timer_ends_at).isoformat() if board.timer_ends_at else ""


def public_snapshot(content: BoardContent) -> BoardSnapshot:
    board = content.board
    visible = [note for note in content.notes if not visibility.is_moderated(note)]
    shown = [note for note in visible if shown_to(board, note, None)]
    totals = Counter(vote.note_id for vote in content.votes) if board.votes_revealed else Counter[int]()
    return BoardSnapshot(
        id=board.id,
        workshop_id=board.workshop_id,
        title=board.title,
        phase=board.phase.value,
        private_mode=board.private_mode,
        anonymous=board.anonymous,
        frozen=board.frozen,
        votes_per_participant=board.votes_per_participant,
        votes_per_note=board.votes_per_note,
        votes_revealed=board.votes_revealed,
        timer_ends_at=_timer(board),
        focus_column_id=board.focus_column_id or 0,
        focus_cluster_id=board.focus_cluster_id or 0,
        columns=_columns(content, shown, totals, visible),
        clusters=tuple(
            ClusterCard(id=c.id, column_id=c.column_id, name=c.name, to_prototype=c.to_prototype)
            for c in content.clusters
        ),
        note_count=len(visible),
    )


def participant_view(content: BoardContent, actor: Actor) -> ParticipantView:
    board = content.board
    own = [
        note
        for note in content.notes
        if not visibility.is_moderated(note) and actor.wrote(note.author_guest_id, note.author_person_id)
    ]
    cast = [vote.note_id for vote in content.votes if actor.wrote(vote.guest_id, vote.person_id)]
    return ParticipantView(
        note_ids=tuple(note.id for note in own),
        # The public snapshot leaves these out: they go to their author alone.
        private_notes=tuple(_card(content, note, 0) for note in own if visibility.is_private(board, note)),
        voted_note_ids=tuple(sorted(cast)),
        votes_left=max(board.votes_per_participant - len(cast), 0),
    )


def console_view(
    content: BoardContent,
    made: Sequence[Outcome] = (),
    practices: Sequence[tuple[int, str]] = (),
) -> ConsoleView:
    """``made``: what came of the board's ideas; ``practices``: those a new cycle may belong to."""
    visible = [note for note in content.notes if not visibility.is_moderated(note)]
    totals = Counter(vote.note_id for vote in content.votes)
    return ConsoleView(
        columns=_columns(content, visible, totals, visible),
        hidden_notes=tuple(
            _card(content, note, totals[note.id], with_reason=True)
            for note in content.notes
            if visibility.is_moderated(note)
        ),
        voters=len({(vote.guest_id, vote.person_id) for vote in content.votes}),
        votes_cast=len(content.votes),
        ideas=_ideas(content, visible, made),
        practices=tuple(PracticeChoice(id=id_, title=title) for id_, title in practices),
    )


def _ideas(content: BoardContent, visible: list[Note], made: Sequence[Outcome]) -> tuple[IdeaCard, ...]:
    """The ideas marked « à prototyper » or already made into something, clusters first."""
    by_idea: dict[tuple[IdeaKind, int], list[Outcome]] = defaultdict(list)
    for outcome in made:
        by_idea[(outcome.idea_kind, outcome.idea_id)].append(outcome)
    ideas = [(IdeaKind.CLUSTER, c.id, c.name, c.to_prototype) for c in content.clusters] + [
        (IdeaKind.NOTE, n.id, n.text, n.to_prototype) for n in visible
    ]
    return tuple(
        IdeaCard(
            kind=kind.value,
            id=idea_id,
            text=text,
            to_prototype=marked,
            has_practice=any(o.kind is OutcomeKind.PRACTICE for o in by_idea[(kind, idea_id)]),
            outcomes=tuple(
                OutcomeLink(kind=o.kind.value, id=o.id, title=o.title, number=o.number)
                for o in by_idea[(kind, idea_id)]
            ),
        )
        for kind, idea_id, text, marked in ideas
        if marked or (kind, idea_id) in by_idea
    )
