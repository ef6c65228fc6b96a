"""Who may read a board's notes, wherever they are read: the one visibility rule of the lab.

On the live board, private mode keeps a participant's note from everyone but its author until the facilitator
reveals the board (ends private mode), and moderation takes a note out of everyone's view (the facilitator's
console lists it apart, with its reason). Everywhere else a note is read — adaptation records, cycle feedback,
the practices and cycles made from an idea, exports, reports, the catalogue's origin line — it is read only if
it is *in view* (neither private nor moderated) and the reader is staff of the workshop's organization, or an
administrator. A link to a note the reader may not read is refused when saved and left out when read.

Each rule is written here once, in its two forms side by side: in Python for the live board's snapshots,
which cut one read of the board for each audience, and in SQL for every other reader, which composes
``readable(...)`` into its own query. ``tests/workshops/test_visibility.py`` checks that both forms agree,
runs every reader against private, moderated and other organizations' notes, and fails when a function
outside the live board reads notes without going through this module.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import ColumnElement, Select, select
from sqlalchemy.orm import InstrumentedAttribute

from livinglab.identity.sessions import Identity, staff_organizations
from livinglab.workshops.models import Board, Cluster, Note, Workshop

# What a refused link says, beside the field that named it.
LINK_REFUSED = "note.error.not_readable"


# The live board's form: one note of one board already read.


def is_moderated(note: Note) -> bool:
    return note.hidden_reason is not None


def is_private(board: Board, note: Note) -> bool:
    """Hidden by private mode: a participant's note on a board not revealed yet. What facilitators post stays
    in view: it is the board's material, not a participant's answer."""
    return board.private_mode and note.author_guest_id is not None


def in_view(board: Board, note: Note) -> bool:
    """What the whole room may see of the board."""
    return not is_moderated(note) and not is_private(board, note)


# The same rules in SQL, for a query that reads ``Note`` joined with its ``Board``.

NOT_MODERATED: ColumnElement[bool] = Note.hidden_reason.is_(None)
NOT_PRIVATE: ColumnElement[bool] = Board.private_mode.is_(False) | Note.author_guest_id.is_(None)
IN_VIEW: ColumnElement[bool] = NOT_MODERATED & NOT_PRIVATE


# The organization: a workshop's notes are its organization's (participants are not staff: outside the live
# board, a guest reads nothing).


def is_staff_of(reader: Identity | None, organization_id: int) -> bool:
    organizations = staff_organizations(reader)
    return organizations is None or organization_id in organizations


def of_readers_organizations(
    organization_id: InstrumentedAttribute[int], reader: Identity | None
) -> ColumnElement[bool]:
    """SQL: the organization column names one of ``reader``'s organizations (any, for an administrator: the
    column is never empty, so the condition holds for every row)."""
    organizations = staff_organizations(reader)
    return organization_id.in_(organizations) if organizations is not None else organization_id.is_not(None)


# What every reader outside the live board composes into its query.


def readable_note_ids(reader: Identity | None) -> Select[int]:
    """The ids of the notes ``reader`` may read outside the live board."""
    return (
        select(Note.id)
        .join(Board, Board.id == Note.board_id)
        .join(Workshop, Workshop.id == Board.workshop_id)
        .where(IN_VIEW, of_readers_organizations(Workshop.organization_id, reader))
    )


def readable(
    note_id: InstrumentedAttribute[int] | InstrumentedAttribute[int | None] | ColumnElement[Any],
    reader: Identity | None,
) -> ColumnElement[bool]:
    """SQL: the note ``note_id`` (a column of ``Note`` or a link to it) is one ``reader`` may read."""
    return note_id.in_(readable_note_ids(reader))


def readable_cluster_ids(reader: Identity | None) -> Select[int]:
    """The clusters ``reader`` may see named as an idea's origin: their organization's. A cluster's name is
    the facilitator's, shown on every screen even in private mode; its notes each follow the note rule."""
    return (
        select(Cluster.id)
        .join(Board, Board.id == Cluster.board_id)
        .join(Workshop, Workshop.id == Board.workshop_id)
        .where(of_readers_organizations(Workshop.organization_id, reader))
    )
