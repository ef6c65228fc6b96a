"""Co-design workshops and their idea boards: boards, columns and sticky notes."""

from __future__ import annotations

import datetime as dt
import enum

from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from livinglab.core.database import Base, CreatedAtMixin, utcnow

NOTE_MAX_LENGTH = 280
# Named colors, not CSS: the theme maps each to a palette shade that keeps the text readable.
NOTE_COLORS = ("yellow", "pink", "blue", "green", "lilac")


class WorkshopStatus(enum.StrEnum):
    DRAFT = "draft"
    OPEN = "open"
    CLOSED = "closed"


class BoardPhase(enum.StrEnum):
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


class Note(CreatedAtMixin, Base):
    __tablename__ = "note"

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
    hidden_reason: Mapped[str | None] = mapped_column(String(200))

    board: Mapped[Board] = relationship(back_populates="notes")
    column: Mapped[BoardColumn] = relationship(back_populates="notes")
