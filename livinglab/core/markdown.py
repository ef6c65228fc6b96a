"""People's Markdown (practice sheets, evaluations, comments), rendered to HTML that is safe to show anyone.

Two independent layers, so that a gap in one is caught by the other:
1. markdown-it-py, "js-default" preset (CommonMark plus tables and strikethrough) with raw HTML off: markup
   typed by a person is shown as text. Links keep only absolute http, https and mailto targets (anything else
   is left as plain text), and an image shows its description, never a request to another host.
2. nh3 (the Rust ``ammonia`` sanitizer) keeps only the tags and attributes this renderer produces, the same
   link schemes, and adds ``rel="nofollow noopener noreferrer"`` to every link.

This is the one renderer of the app: pages show its output, never ``rx.markdown`` on raw text.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

import nh3
from markdown_it import MarkdownIt
from markdown_it.common.utils import escapeHtml
from markdown_it.token import Token

LINK_SCHEMES = frozenset({"http", "https", "mailto"})
ALLOWED_TAGS = frozenset(
    {
        "p", "br", "hr", "h1", "h2", "h3", "h4", "h5", "h6", "strong", "em", "s", "code", "pre",
        "blockquote", "ul", "ol", "li", "a", "table", "thead", "tbody", "tr", "th", "td",
    }
)  # fmt: skip
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "ol": {"start"}}
_SCHEME = re.compile(r"^([a-z][a-z0-9+.\-]*):", re.IGNORECASE)


def _is_allowed_link(url: str) -> bool:
    """Only absolute links with an allowed scheme; markdown-it hands over the normalized (percent-encoded)
    URL, so a scheme hidden with spaces, tabs or entities no longer reads as one and is refused."""
    scheme = _SCHEME.match(url.strip())
    return scheme is not None and scheme.group(1).lower() in LINK_SCHEMES


def _image_as_text(renderer: Any, tokens: Sequence[Token], index: int, options: Any, env: Any) -> str:
    """An image is shown as its description: the app never makes a browser fetch from another host."""
    token = tokens[index]
    return escapeHtml(renderer.renderInlineAsText(token.children or [], options, env))


_parser = MarkdownIt("js-default", {"html": False, "linkify": False, "typographer": False})
_parser.validateLink = _is_allowed_link  # type: ignore[method-assign]
_parser.add_render_rule("image", _image_as_text)


def render_markdown(text: str) -> str:
    """Safe HTML for ``text``: inert whatever it holds (tested on a corpus of hostile inputs)."""
    return nh3.clean(
        _parser.render(text),
        tags=set(ALLOWED_TAGS),
        attributes={tag: set(names) for tag, names in ALLOWED_ATTRIBUTES.items()},
        url_schemes=set(LINK_SCHEMES),
        link_rel="nofollow noopener noreferrer",
        strip_comments=True,
    )
