"""Co-design workshops and their idea boards: boards, columns and sticky notes."""

from __future__ import annotations

import datetime as dt
import enum

from sqlalchemy import ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from livinglab.core.database import Base, CreatedAtMixin, utcnow

NOTE_MAX_LENGTH = 280
# Named colors, not CSS: the theme maps each to a palette shade that keeps the text readable.
NOTE_COLORS = ("yellow", "pink", "blue", "green", "lilac")
CLUSTER_NAME_MAX_LENGTH = 80
HIDDEN_REASON_MAX_LENGTH = 200


class WorkshopStatus(enum.StrEnum):
    DRAFT = "draft"
    OPEN = "open"
    CLOSED = "closed"


class BoardPhase(enum.StrEnum):
    """The facilitator's steps, in order: each one changes what participants may do (see facilitation)."""

    COLLECT = "collect"
    GROUP = "group"
    VOTE = "vote"
    DISCUSS = "discuss"
    DECIDE = "decide"


class Workshop(CreatedAtMixin, Base):
    __tablename__ = "workshop"

    id: Mapped[int] = mapped_column(primary_key=True)
    organization_id: Mapped[int] = mapped_column(ForeignKey("organization.id"))
    title: Mapped[str] = mapped_column(String(200))
    purpose: Mapped[str] = mapped_column(Text)
    scheduled_on: Mapped[dt.date]
    language: Mapped[str] = mapped_column(String(2), default="fr")
    # Participants type it on a shared tablet to join; only a workshop that is open has one.
    join_code: Mapped[str | None] = mapped_column(String(12), unique=True)
    status: Mapped[WorkshopStatus] = mapped_column(default=WorkshopStatus.DRAFT)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("person.id", ondelete="SET NULL"))

    boards: Mapped[list[Board]] = relationship(
        back_populates="workshop",
        order_by="Board.position",
        cascade="all, delete-orphan",
        passive_deletes=True,
    )


class Board(Base):
    __tablename__ = "board"

    id: Mapped[int] = mapped_column(primary_key=True)
    workshop_id: Mapped[int] = mapped_column(ForeignKey("workshop.id", ondelete="CASCADE"))
    title: Mapped[str] = mapped_column(String(200))
    phase: Mapped[BoardPhase] = mapped_column(default=BoardPhase.COLLECT)
    position: Mapped[int] = mapped_column(default=0)
    # Private mode: each participant sees only their own notes until the facilitator reveals them all.
    private_mode: Mapped[bool] = mapped_column(default=False)
    # Anonymous mode: no one sees who wrote a note, not even the facilitator, not even in exports.
    anonymous: Mapped[bool] = mapped_column(default=False)
    frozen: Mapped[bool] = mapped_column(default=False)
    votes_per_participant: Mapped[int] = mapped_column(default=3)
    votes_per_note: Mapped[int] = mapped_column(default=1)
    votes_revealed: Mapped[bool] = mapped_column(default=False)
    timer_ends_at: Mapped[dt.datetime | None]
    # Where the facilitator brings everyone: a column or a cluster, highlighted on every screen. Plain ids,
    # not foreign keys (board and column would reference each other); a focus on a deleted one shows nothing.
    focus_column_id: Mapped[int | None]
    focus_cluster_id: Mapped[int | None]

    workshop: Mapped[Workshop] = relationship(back_populates="boards")
    columns: Mapped[list[BoardColumn]] = relationship(
        back_populates="board",
        order_by="BoardColumn.position",
        cascade="all, delete-orphan",
        passive_deletes=True,
    )
    notes: Mapped[list[Note]] = relationship(
        back_populates="board", order_by="Note.id", cascade="all, delete-orphan", passive_deletes=True
    )


class BoardColumn(Base):
    __tablename__ = "board_column"

    id: Mapped[int] = mapped_column(primary_key=True)
    board_id: Mapped[int] = mapped_column(ForeignKey("board.id", ondelete="CASCADE"))
    title: Mapped[str] = mapped_column(String(120))
    # The question the facilitator asks, shown at the top of the column.
    prompt: Mapped[str | None] = mapped_column(String(280))
    position: Mapped[int] = mapped_column(default=0)

    board: Mapped[Board] = relationship(back_populates="columns")
    notes: Mapped[list[Note]] = relationship(
        back_populates="column", order_by="Note.id", cascade="all, delete-orphan", passive_deletes=True
    )


class Cluster(Base):
    """Notes of one column that say the same thing, grouped under a name by the facilitator."""

    __tablename__ = "cluster"

    id: Mapped[int] = mapped_column(primary_key=True)
    board_id: Mapped[int] = mapped_column(ForeignKey("board.id", ondelete="CASCADE"), index=True)
    column_id: Mapped[int] = mapped_column(ForeignKey("board_column.id", ondelete="CASCADE"))
    name: Mapped[str] = mapped_column(String(CLUSTER_NAME_MAX_LENGTH))
    # Marked « à prototyper » by the facilitator in the « Décider » phase (see decisions).
    to_prototype: Mapped[bool] = mapped_column(default=False)


class Note(CreatedAtMixin, Base):
    __tablename__ = "note"
    # A tablet that sends the same post twice (a double tap, a resend after reconnecting) posts it once.
    __table_args__ = (UniqueConstraint("board_id", "request_key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    # Redundant with the column's board, so the live board loads every note of a board in one indexed query.
    board_id: Mapped[int] = mapped_column(ForeignKey("board.id", ondelete="CASCADE"), index=True)
    column_id: Mapped[int] = mapped_column(ForeignKey("board_column.id", ondelete="CASCADE"))
    text: Mapped[str] = mapped_column(String(NOTE_MAX_LENGTH))
    color: Mapped[str] = mapped_column(String(16), default="yellow")
    author_guest_id: Mapped[int | None] = mapped_column(ForeignKey("guest.id", ondelete="SET NULL"))
    author_person_id: Mapped[int | None] = mapped_column(ForeignKey("person.id", ondelete="SET NULL"))
    updated_at: Mapped[dt.datetime | None] = mapped_column(onupdate=utcnow)
    # Set by a facilitator's moderation: the note stays for the record but is no longer shown.
    hidden_reason: Mapped[str | None] = mapped_column(String(HIDDEN_REASON_MAX_LENGTH))
    cluster_id: Mapped[int | None] = mapped_column(ForeignKey("cluster.id", ondelete="SET NULL"))
    request_key: Mapped[str | None] = mapped_column(String(40))
    to_prototype: Mapped[bool] = mapped_column(default=False)

    board: Mapped[Board] = relationship(back_populates="notes")
    column: Mapped[BoardColumn] = relationship(back_populates="notes")


class Vote(CreatedAtMixin, Base):
    """One dot of a participant's voting budget, on one note."""

    __tablename__ = "vote"
    __table_args__ = (Index("ix_vote_board_id_voter", "board_id", "guest_id", "person_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    board_id: Mapped[int] = mapped_column(ForeignKey("board.id", ondelete="CASCADE"))
    note_id: Mapped[int] = mapped_column(ForeignKey("note.id", ondelete="CASCADE"), index=True)
    guest_id: Mapped[int | None] = mapped_column(ForeignKey("guest.id", ondelete="CASCADE"))
    person_id: Mapped[int | None] = mapped_column(ForeignKey("person.id", ondelete="CASCADE"))
