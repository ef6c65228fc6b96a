"""Each websocket event runs under a request id of its own and leaves one line in the app's log.

Reflex calls a middleware's ``preprocess`` in the task that then runs the handler, so the id set here is the
one every line of that handler (and of the services it calls) carries. The line names the handler, never its
payload, which holds what people typed.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import reflex as rx
from reflex.state import BaseState, StateUpdate

from livinglab.core.logs import logger, new_request_id, request_id

if TYPE_CHECKING:
    from reflex.app import App
    from reflex_base.event import Event


class EventRequestIds(rx.Middleware):
    async def preprocess(self, app: App, state: BaseState, event: Event) -> StateUpdate | None:
        request_id.set(new_request_id())
        logger.info("event", extra={"handler": event.name})
        return None
