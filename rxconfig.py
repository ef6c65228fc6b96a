"""Reflex configuration, derived from Living Lab's own settings (see livinglab/core/settings.py)."""

import os

import reflex as rx

from livinglab.core.settings import get_settings

settings = get_settings()

# Reflex only reads REFLEX_REDIS_URL; the project's setting is REDIS_URL, so hand it over explicitly.
if settings.redis_url:
    os.environ.setdefault("REFLEX_REDIS_URL", settings.redis_url)

# The address the browser's websocket dials is written into the frontend when it is built. Behind a reverse
# proxy it must be the proxy's (the public URL), not one worker's port; unset, Reflex's default (this port, on
# the page's own host) is the right one.
public_api = {"api_url": settings.public_origin} if "public_url" in settings.model_fields_set else {}

config = rx.Config(
    app_name="livinglab",
    db_url=settings.database_url,
    redis_url=settings.redis_url,
    frontend_port=settings.port,
    backend_port=settings.port,
    telemetry_enabled=False,
    show_built_with_reflex=False,
    plugins=[rx.plugins.RadixThemesPlugin()],
    **public_api,
    disable_plugins=[rx.plugins.SitemapPlugin],
    # Per-tab state (what a screen types, its composer) lives in this process, or in Redis when workers
    # share the app. Not Reflex's default disk manager: it pickles every tab's state to a file and re-reads
    # the whole folder's timestamps to expire them, about a tenth of the server's time on a 300-tablet board
    # (docs/performance.md); nothing needs it, since a board is rebuilt from the database on reconnect.
    state_manager_mode=(
        rx.constants.StateManagerMode.REDIS if settings.redis_url else rx.constants.StateManagerMode.MEMORY
    ),
    # The websocket server checks origins too when the deployment names its own (livinglab/identity/origin.py
    # checks every request in any case, with or without it).
    cors_allowed_origins=([settings.public_origin] if "public_url" in settings.model_fields_set else ["*"]),
)
