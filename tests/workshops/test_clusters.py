"""Clusters: notes of one column grouped under a name while the board is in its grouping phase."""

from __future__ import annotations

import pytest
from sqlalchemy.orm import Session

from livinglab.core.errors import DomainError
from livinglab.workshops import clusters, facilitation, notes, snapshots
from livinglab.workshops.models import BoardPhase, Note
from tests.workshops.conftest import LiveBoard


def _notes(db: Session, live: LiveBoard, *columns: int) -> list[int]:
    return [
        notes.post_note(
            db=db,
            board_id=live.board.id,
            column_id=live.column_ids[column],
            text=f"Note {number}",
            color="yellow",
            actor=live.facilitator,
        ).id
        for number, column in enumerate(columns)
    ]


def test_notes_of_one_column_are_grouped_moved_and_ungrouped(db: Session, live: LiveBoard) -> None:
    first, second, third = _notes(db, live, 0, 0, 0)
    with pytest.raises(DomainError) as refused:
        clusters.group_notes(db=db, board_id=live.board.id, note_ids=[first, second], name="Logement")
    assert refused.value.key == "board.error.not_group"
    facilitation.set_phase(db=db, board_id=live.board.id, phase=BoardPhase.GROUP)

    housing = clusters.group_notes(
        db=db, board_id=live.board.id, note_ids=[first, second], name="  Logement "
    )
    assert housing.name == "Logement"
    clusters.move_note(db=db, board_id=live.board.id, note_id=third, cluster_id=housing.id)
    clusters.move_note(db=db, board_id=live.board.id, note_id=first, cluster_id=None)
    assert [db.get(Note, n).cluster_id for n in (first, second, third)] == [None, housing.id, housing.id]  # type: ignore[union-attr]

    db.flush()
    content = snapshots.read_board(db=db, board_id=live.board.id)
    assert content is not None
    public = snapshots.public_snapshot(content)
    assert [(c.name, c.column_id) for c in public.clusters] == [("Logement", live.column_ids[0])]

    clusters.ungroup(db=db, board_id=live.board.id, cluster_id=housing.id)
    assert {db.get(Note, n).cluster_id for n in (first, second, third)} == {None}  # type: ignore[union-attr]


def test_a_cluster_needs_a_name_notes_of_this_board_and_one_column(db: Session, live: LiveBoard) -> None:
    first, other_column = _notes(db, live, 0, 1)
    facilitation.set_phase(db=db, board_id=live.board.id, phase=BoardPhase.GROUP)
    for note_ids, name, key in (
        ([first], "  ", "cluster.error.empty"),
        ([first, other_column], "Mélange", "cluster.error.columns"),
        ([first, 999_999], "Fantôme", "cluster.error.notes"),
        ([], "Vide", "cluster.error.notes"),
    ):
        with pytest.raises(DomainError) as refused:
            clusters.group_notes(db=db, board_id=live.board.id, note_ids=note_ids, name=name)
        assert refused.value.key == key
    assert db.get(Note, first).cluster_id is None  # type: ignore[union-attr]
