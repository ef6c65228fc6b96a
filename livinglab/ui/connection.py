"""What a screen shows while its websocket is lost: one calm line in the reader's language, instead of
Reflex's default overlay (an English « Cannot connect to server » toast and a pulsing icon).

Reflex keeps retrying on its own (the proxy hands the new connection to a worker that is up); when the
connection is back the page is rebuilt from the database."""

from __future__ import annotations

import reflex as rx
from reflex.components.core.banner import has_connection_errors

from livinglab.ui.i18n import t


def connection_banner() -> rx.Component:
    return rx.cond(
        has_connection_errors,
        rx.box(
            rx.hstack(
                rx.spinner(size="2"),
                rx.text(t("connection.reconnecting"), size="3", weight="medium"),
                align="center",
                spacing="3",
            ),
            id="connection-banner",
            role="status",
            position="fixed",
            top="0",
            left="0",
            right="0",
            z_index="1000",
            padding="12px 16px",
            background_color="var(--amber-3)",
            border_bottom="1px solid var(--amber-7)",
            color="var(--amber-12)",
        ),
    )
