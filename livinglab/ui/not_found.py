"""The page of an address the lab does not have: in the reader's language, in the app's shell, with the ways
on from there (a link that went stale, a code typed into the address bar, a page that moved)."""

from __future__ import annotations

import reflex as rx

from livinglab.ui import routes
from livinglab.ui.shell import page
from livinglab.ui.widgets import action_link, card, page_header


def not_found_page() -> rx.Component:
    return page(
        page_header("not_found.title", "not_found.intro", "map-pin-off"),
        card(
            rx.hstack(
                action_link("house", "not_found.home", routes.HOME, variant="solid"),
                # Most people who open the app hold a workshop code: the join page is one tap away.
                action_link("ticket", "not_found.join", routes.JOIN),
                action_link("book-open", "not_found.catalog", routes.CATALOG),
                spacing="3",
                wrap="wrap",
            ),
            width="100%",
        ),
        active="",
    )
