"""The one Markdown renderer: ordinary Markdown reads as intended, and hostile input comes out inert.

"Inert" is checked on the parsed output, not by looking for strings: every tag is one the renderer may
produce, every attribute is allowed on its tag, and every link is absolute http, https or mailto."""

from __future__ import annotations

import html
from html.parser import HTMLParser

import pytest

from livinglab.core.markdown import ALLOWED_ATTRIBUTES, ALLOWED_TAGS, LINK_SCHEMES, render_markdown

HOSTILE = [
    "<script>alert(1)</script>",
    "<SCRIPT SRC=//evil.example/x.js></SCRIPT>",
    '<img src=x onerror="alert(1)">',
    "<svg onload=alert(1)>",
    "<iframe src=https://evil.example></iframe>",
    '<a href="javascript:alert(1)">clic</a>',
    "[clic](javascript:alert(1))",
    "[clic](JaVaScRiPt:alert(1))",
    "[clic](java\tscript:alert(1))",
    "[clic](&#106;avascript:alert(1))",
    "[clic](javascript&colon;alert(1))",
    "[clic](%6Aavascript:alert(1))",
    "[clic]( javascript:alert(1))",
    "[clic](vbscript:msgbox(1))",
    "[clic](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "[clic](file:///etc/passwd)",
    "<javascript:alert(1)>",
    "<data:text/html,<script>alert(1)</script>>",
    "![x](https://evil.example/pixel.png)",
    "![x](javascript:alert(1))",
    '![x" onerror="alert(1)](https://evil.example/x.png)',
    '[clic](https://ok.example "titre" onmouseover="alert(1)")',
    '[clic](https://ok.example"onmouseover="alert(1))',
    "[ref][1]\n\n[1]: javascript:alert(1)",
    '<div style="background:url(javascript:alert(1))">x</div>',
    "<style>body{display:none}</style>",
    "<!-- <script>alert(1)</script> -->",
    '<math><mi xlink:href="javascript:alert(1)">x</mi></math>',
    "<form action=https://evil.example><input name=x></form>",
    "<object data=javascript:alert(1)></object>",
    "<<script>script>alert(1)<</script>/script>",
    "**<img src=x onerror=alert(1)>**",
    "`<script>alert(1)</script>`",
    "```html\n<script>alert(1)</script>\n```",
    "> <script>alert(1)</script>\n> [x](javascript:alert(1))",
    "| a |\n|---|\n| <img src=x onerror=alert(1)> |",
    "&lt;script&gt;alert(1)&lt;/script&gt;",
    "[clic](\x00javascript:alert(1))",
    "<meta http-equiv=refresh content='0;url=https://evil.example'>",
    "<base href=https://evil.example/>",
]


class _Inspector(HTMLParser):
    """Collects what an HTML fragment would make a browser do: its tags, attributes and link targets."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.problems: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in ALLOWED_TAGS:
            self.problems.append(f"tag <{tag}>")
        for name, value in attrs:
            allowed = ALLOWED_ATTRIBUTES.get(tag, set()) | ({"rel"} if tag == "a" else set())
            if name not in allowed:
                self.problems.append(f"attribute {name} on <{tag}>")
            if name == "href":
                scheme = (value or "").split(":", 1)[0].strip().lower()
                if ":" not in (value or "") or scheme not in LINK_SCHEMES:
                    self.problems.append(f"link {value!r}")


def inert_problems(fragment: str) -> list[str]:
    inspector = _Inspector()
    inspector.feed(fragment)
    inspector.close()
    return inspector.problems


def test_the_corpus_is_large_enough() -> None:
    assert len(HOSTILE) >= 30
    assert len(set(HOSTILE)) == len(HOSTILE)


@pytest.mark.parametrize("source", HOSTILE)
def test_hostile_markdown_comes_out_inert(source: str) -> None:
    rendered = render_markdown(source)
    assert inert_problems(rendered) == []
    # What the person typed is still there to read, as text, whenever it was not a link target.
    assert "<script" not in rendered.lower()


def test_the_inspector_catches_what_it_must() -> None:
    # The check above is only worth something if it fails on live markup.
    assert inert_problems('<img src=x onerror="alert(1)">') == [
        "tag <img>",
        "attribute src on <img>",
        "attribute onerror on <img>",
    ]
    assert inert_problems('<a href="javascript:alert(1)">x</a>') == ["link 'javascript:alert(1)'"]
    assert inert_problems('<a href="/relatif">x</a>') == ["link '/relatif'"]


def test_ordinary_markdown_reads_as_intended() -> None:
    rendered = render_markdown(
        "## Objectifs\n\n"
        "- Créer des **liens** avec les familles\n"
        "- Voir [le guide](https://www.quebec.ca/immigration) ou [écrire](mailto:info@example.org)\n\n"
        "1. un\n2. deux\n\n"
        "| Région | Durée |\n|---|---|\n| Estrie | 8 semaines |\n\n"
        "> Une citation\n\n`code` et ~~barré~~"
    )
    assert "<h2>Objectifs</h2>" in rendered
    assert "<strong>liens</strong>" in rendered
    assert (
        '<a href="https://www.quebec.ca/immigration" rel="nofollow noopener noreferrer">le guide</a>'
        in rendered
    )
    assert '<a href="mailto:info@example.org" rel="nofollow noopener noreferrer">écrire</a>' in rendered
    assert "<ol>" in rendered
    assert "<td>Estrie</td>" in rendered
    assert "<blockquote>" in rendered
    assert "<code>code</code>" in rendered
    assert "<s>barré</s>" in rendered


def test_markup_and_refused_links_are_shown_as_text() -> None:
    rendered = render_markdown(
        "<b>gras</b> [clic](javascript:alert(1)) ![photo du groupe](https://x.example/p.png)"
    )
    assert html.unescape(rendered) == ("<p><b>gras</b> [clic](javascript:alert(1)) photo du groupe</p>\n")
