"""Grouping notes that say the same thing into named clusters, in the board's « Regrouper » phase."""

from __future__ import annotations

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from livinglab.core.errors import DomainError
from livinglab.core.text import require_text
from livinglab.workshops.models import CLUSTER_NAME_MAX_LENGTH, BoardPhase, Cluster, Note
from livinglab.workshops.rules import board_for_change, require_phase


def group_notes(*, db: Session, board_id: int, note_ids: list[int], name: str) -> Cluster:
    """A new cluster named ``name`` holding the notes, which must all be in one column of the board."""
    require_phase(board_for_change(db=db, board_id=board_id), BoardPhase.GROUP)
    label = require_text(name, max_length=CLUSTER_NAME_MAX_LENGTH, subject="cluster")
    chosen = list(db.scalars(select(Note).where(Note.board_id == board_id, Note.id.in_(note_ids))))
    if not chosen or len(chosen) != len(set(note_ids)):
        raise DomainError("cluster.error.notes")
    columns = {note.column_id for note in chosen}
    if len(columns) != 1:
        raise DomainError("cluster.error.columns")
    cluster = Cluster(board_id=board_id, column_id=columns.pop(), name=label)
    db.add(cluster)
    db.flush()
    for note in chosen:
        note.cluster_id = cluster.id
    db.flush()
    return cluster


def move_note(*, db: Session, board_id: int, note_id: int, cluster_id: int | None) -> None:
    """Puts a note in a cluster of its column (a drag on the tablet), or out of any cluster with None."""
    require_phase(board_for_change(db=db, board_id=board_id), BoardPhase.GROUP)
    note = db.get(Note, note_id)
    if note is None or note.board_id != board_id:
        raise DomainError("note.error.not_found")
    if cluster_id is not None:
        cluster = db.get(Cluster, cluster_id)
        if cluster is None or cluster.board_id != board_id or cluster.column_id != note.column_id:
            raise DomainError("cluster.error.columns")
    note.cluster_id = cluster_id
    db.flush()


def ungroup(*, db: Session, board_id: int, cluster_id: int) -> None:
    """Dissolves a cluster; its notes stay on the board, in no cluster."""
    require_phase(board_for_change(db=db, board_id=board_id), BoardPhase.GROUP)
    cluster = db.get(Cluster, cluster_id)
    if cluster is None or cluster.board_id != board_id:
        raise DomainError("cluster.error.not_found")
    db.execute(update(Note).where(Note.cluster_id == cluster_id).values(cluster_id=None))
    db.delete(cluster)
    db.flush()
