"""A board, exported for the facilitator's report: Markdown to read and share, CSV for a spreadsheet.

A report leaves the live board: both hold the notes in view of the whole room (see visibility: neither
moderated nor private until the reveal), only for staff of the workshop's organization, and respect anonymous
mode: no author column then.

Participants' text is data: Markdown's markup characters are escaped, and a CSV cell that a spreadsheet would
run as a formula (=, +, -, @) is quoted as text; the CSV is in the dialect French Excel opens.
"""

from __future__ import annotations

from collections import Counter

from sqlalchemy.orm import Session

from livinglab.core.i18n import translate
from livinglab.core.text import markdown_escaped, spreadsheet_csv
from livinglab.identity.sessions import Identity
from livinglab.workshops import snapshots, visibility
from livinglab.workshops.snapshots import BoardContent


def readable_board(*, db: Session, board_id: int, reader: Identity | None) -> BoardContent | None:
    """The board to export, if it is one of ``reader``'s organization's."""
    content = snapshots.read_board(db=db, board_id=board_id)
    if content is None or not visibility.is_staff_of(reader, content.board.workshop.organization_id):
        return None
    return content


def _rows(content: BoardContent) -> list[tuple[int, str, str, str, str, int]]:
    """(column id, column, cluster, text, author, votes) for every note in view, column by column."""
    votes = Counter(vote.note_id for vote in content.votes)
    clusters = {cluster.id: cluster.name for cluster in content.clusters}
    rows = []
    for column in content.columns:
        for note in content.notes:
            if note.column_id == column.id and visibility.in_view(content.board, note):
                rows.append(
                    (
                        column.id,
                        column.title,
                        clusters.get(note.cluster_id or 0, ""),
                        note.text,
                        content.author_of(note),
                        votes[note.id],
                    )
                )
    return rows


def board_markdown(content: BoardContent, lang: str) -> str:
    lines = [f"# {markdown_escaped(content.board.title)}", ""]
    rows = _rows(content)
    for column in content.columns:
        lines += [f"## {markdown_escaped(column.title)}", ""]
        if column.prompt:
            lines += [f"*{markdown_escaped(column.prompt)}*", ""]
        column_rows = [row for row in rows if row[0] == column.id]
        for *_, cluster, text, author, votes in column_rows:
            details = [part for part in (author, cluster) if part]
            if votes:
                details.append(translate("vote.count", lang, count=votes))
            suffix = f" ({', '.join(markdown_escaped(part) for part in details)})" if details else ""
            lines.append(f"- {markdown_escaped(text)}{suffix}")
        if not column_rows:
            lines.append(translate("outline.no_notes", lang))
        lines.append("")
    return "\n".join(lines)


def board_csv(content: BoardContent, lang: str) -> str:
    anonymous = content.board.anonymous
    header = [
        "export.column",
        "export.cluster",
        "export.note",
        *([] if anonymous else ["export.author"]),
        "export.votes",
    ]
    return spreadsheet_csv(
        [translate(key, lang) for key in header],
        (
            [column, cluster, text, *([] if anonymous else [author]), votes]
            for _, column, cluster, text, author, votes in _rows(content)
        ),
    )
