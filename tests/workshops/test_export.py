"""Exports: Markdown and CSV hold the board's shown notes, respect anonymous mode and neutralize markup."""

from __future__ import annotations

from sqlalchemy.orm import Session

from livinglab.workshops import export, facilitation, notes, snapshots
from tests.conftest import spreadsheet_rows
from tests.workshops.conftest import LiveBoard


def _content(db: Session, live: LiveBoard) -> snapshots.BoardContent:
    db.flush()
    db.expire_all()
    content = snapshots.read_board(db=db, board_id=live.board.id)
    assert content is not None
    return content


def _post(db: Session, live: LiveBoard, text: str, column: int = 0) -> int:
    return notes.post_note(
        db=db,
        board_id=live.board.id,
        column_id=live.column_ids[column],
        text=text,
        color="blue",
        actor=live.amina,
    ).id


def test_markdown_lists_notes_by_column_with_authors_and_escaped_markup(db: Session, live: LiveBoard) -> None:
    _post(db, live, "Un **café** <script>x</script>")
    hidden = _post(db, live, "Mon numéro de téléphone", column=1)
    notes.hide_note(db=db, board_id=live.board.id, note_id=hidden, reason="personal_data", by_person_id=None)
    markdown = export.board_markdown(_content(db, live), "fr")

    assert markdown.startswith("# Nos besoins\n")
    assert "## Besoins" in markdown
    assert r"- Un \*\*café\*\* \<script\>x\</script\> (Amina)" in markdown
    assert "téléphone" not in markdown


def test_csv_has_one_row_per_note_drops_authors_when_anonymous_and_defuses_formulas(
    db: Session, live: LiveBoard
) -> None:
    _post(db, live, '=HYPERLINK("http://example.com")')
    _post(db, live, "Un jumelage", column=1)
    rows = spreadsheet_rows(export.board_csv(_content(db, live), "fr"))
    assert rows[0] == ["Colonne", "Regroupement", "Note", "Auteur", "Votes"]
    assert rows[1] == ["Besoins", "", '\'=HYPERLINK("http://example.com")', "Amina", "0"]
    assert rows[2] == ["Idées", "", "Un jumelage", "Amina", "0"]

    facilitation.set_modes(db=db, board_id=live.board.id, anonymous=True)
    anonymous = export.board_csv(_content(db, live), "en")
    assert "Amina" not in anonymous
    assert spreadsheet_rows(anonymous)[0] == ["Column", "Cluster", "Note", "Votes"]
