"""What each audience's snapshot holds: nothing private reaches a screen that may not see it."""

from __future__ import annotations

import json
from dataclasses import asdict

from sqlalchemy.orm import Session

from livinglab.workshops import facilitation, notes, snapshots, votes
from livinglab.workshops.models import BoardPhase
from tests.workshops.conftest import LiveBoard


def _read(db: Session, live: LiveBoard) -> snapshots.BoardContent:
    db.flush()
    db.expire_all()  # read back from the database, as the live fan-out does
    content = snapshots.read_board(db=db, board_id=live.board.id)
    assert content is not None
    return content


def _post(db: Session, live: LiveBoard, text: str, actor_name: str) -> int:
    actor = getattr(live, actor_name)
    return notes.post_note(
        db=db, board_id=live.board.id, column_id=live.column_ids[0], text=text, color="yellow", actor=actor
    ).id


def test_private_mode_sends_each_participant_only_their_own_notes(db: Session, live: LiveBoard) -> None:
    facilitation.set_modes(db=db, board_id=live.board.id, private_mode=True)
    _post(db, live, "Secret d'Amina", "amina")
    _post(db, live, "Secret de Bao", "bao")
    _post(db, live, "Exemple de l'animatrice", "facilitator")
    content = _read(db, live)

    public = json.dumps(asdict(snapshots.public_snapshot(content)), ensure_ascii=False)
    amina = json.dumps(asdict(snapshots.participant_view(content, live.amina)), ensure_ascii=False)
    console = json.dumps(asdict(snapshots.console_view(content)), ensure_ascii=False)

    assert "Secret" not in public
    assert "Exemple de l'animatrice" in public
    assert snapshots.public_snapshot(content).columns[0].note_count == 3
    assert "Secret d'Amina" in amina
    assert "Secret de Bao" not in amina
    assert "Secret d'Amina" in console
    assert "Secret de Bao" in console

    facilitation.set_modes(db=db, board_id=live.board.id, private_mode=False)
    revealed = _read(db, live)
    assert [n.text for n in snapshots.public_snapshot(revealed).columns[0].notes] == [
        "Secret d'Amina",
        "Secret de Bao",
        "Exemple de l'animatrice",
    ]
    assert snapshots.participant_view(revealed, live.amina).private_notes == ()


def test_anonymous_mode_names_no_author_anywhere(db: Session, live: LiveBoard) -> None:
    _post(db, live, "Une idée", "amina")
    named = _read(db, live)
    assert snapshots.public_snapshot(named).columns[0].notes[0].author == "Amina"

    facilitation.set_modes(db=db, board_id=live.board.id, anonymous=True)
    anonymous = _read(db, live)
    for snapshot in (snapshots.public_snapshot(anonymous), snapshots.console_view(anonymous)):
        assert "Amina" not in json.dumps(asdict(snapshot))


def test_vote_totals_reach_participants_only_once_revealed(db: Session, live: LiveBoard) -> None:
    idea = _post(db, live, "Une idée", "bao")
    facilitation.set_phase(db=db, board_id=live.board.id, phase=BoardPhase.VOTE)
    votes.cast_vote(db=db, board_id=live.board.id, note_id=idea, actor=live.amina)
    hidden = _read(db, live)
    assert snapshots.public_snapshot(hidden).columns[0].notes[0].votes == 0
    assert snapshots.console_view(hidden).columns[0].notes[0].votes == 1
    mine = snapshots.participant_view(hidden, live.amina)
    assert (mine.voted_note_ids, mine.votes_left) == ((idea,), 2)

    facilitation.set_modes(db=db, board_id=live.board.id, votes_revealed=True)
    assert snapshots.public_snapshot(_read(db, live)).columns[0].notes[0].votes == 1


def test_a_hidden_note_leaves_every_screen_but_the_facilitators_list(db: Session, live: LiveBoard) -> None:
    note = _post(db, live, "Hors sujet", "bao")
    notes.hide_note(db=db, board_id=live.board.id, note_id=note, reason="off_topic", by_person_id=None)
    content = _read(db, live)
    assert snapshots.public_snapshot(content).note_count == 0
    assert snapshots.participant_view(content, live.bao).note_ids == ()
    console = snapshots.console_view(content)
    assert [(n.text, n.hidden_reason) for n in console.hidden_notes] == [("Hors sujet", "off_topic")]
