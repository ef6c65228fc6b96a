"""People's text written into Markdown reads as typed, and is escaped no more than that."""

from __future__ import annotations

import html
import re

import pytest
from markdown_it import MarkdownIt

from livinglab.core.text import markdown_escaped

# The readers people open a report in: CommonMark, with GitHub's tables and strikethrough.
READER = MarkdownIt("commonmark").enable(["table", "strikethrough"])

TYPED = [
    "Un **café** <script>x</script>",
    "[lien](https://example.org) et ![image](x.png)",
    "- 3 familles sur 10",
    "+ de liens",
    "# 1 priorité",
    "12. Rendez-vous",
    "3) Suivi",
    "===",
    "> une citation",
    "`code` et ~~barré~~ | colonne |",
    "&eacute; n'est pas é",
    "C:\\dossier\\fichier",
    "_souligné_ et *penché*",
]


def _read(markdown: str) -> str:
    """The text a reader shows for ``markdown``: its HTML without tags, entities decoded."""
    return html.unescape(re.sub(r"<[^>]+>", "", READER.render(markdown))).strip()


@pytest.mark.parametrize("text", TYPED)
def test_escaped_text_reads_as_typed_alone_in_a_list_and_after_a_line(text: str) -> None:
    escaped = markdown_escaped(text)
    assert _read(escaped) == text
    assert _read(f"- {escaped}") == text
    # A second line of a paragraph (the cycle report joins lines with hard breaks): no heading underline.
    assert _read(f"Avant  \n{escaped}") == f"Avant\n{text}"


def test_only_what_markdown_would_misread_is_escaped() -> None:
    assert (
        markdown_escaped("Avez-vous 12.5 minutes (ou plus) ? Oui !")
        == "Avez-vous 12.5 minutes (ou plus) ? Oui !"
    )
    assert markdown_escaped("- 3 familles") == r"\- 3 familles"
    assert markdown_escaped("12. Rendez-vous") == r"12\. Rendez-vous"
