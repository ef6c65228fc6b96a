"""``GET /health``: whether this worker can reach its database and, when workers share one, Redis.

The reverse proxy or the orchestrator asks it to know whether to send people to this worker. Reflex's own
``/_health`` needs SQLModel (``reflex[db]``), which the app does not use, and says nothing of the app's
settings: asked, it failed with a server error. This one checks exactly what the app uses, with short
timeouts so that an unreachable server makes the answer slow by at most a few seconds, never hangs it, and
answers at ``/_health`` too, in Reflex's place, for the tools that know Reflex's address.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable
from typing import cast

import redis.asyncio as aioredis
from redis.exceptions import RedisError
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from livinglab.core.database import get_engine
from livinglab.core.settings import get_settings

HEALTH_PATH = "/health"
REFLEX_HEALTH_PATH = "/_health"
TIMEOUT_S = 3.0


def _database_answers() -> bool:
    try:
        with get_engine().connect() as connection:
            connection.execute(text("SELECT 1"))
    except SQLAlchemyError:
        return False
    return True


async def _redis_answers(url: str) -> bool:
    client = aioredis.from_url(url, socket_connect_timeout=TIMEOUT_S, socket_timeout=TIMEOUT_S)
    try:
        # redis-py types ping() for its sync and async clients at once.
        return bool(await cast(Awaitable[bool], client.ping()))
    except (RedisError, OSError):
        return False
    finally:
        await client.aclose()


async def health(_request: Request) -> JSONResponse:
    redis_url = get_settings().redis_url
    try:
        database = await asyncio.wait_for(asyncio.to_thread(_database_answers), TIMEOUT_S)
    except TimeoutError:
        database = False
    redis = await _redis_answers(redis_url) if redis_url else None
    healthy = database and redis is not False
    # "redis": null when the app runs without Redis (one worker, state in the process).
    return JSONResponse(
        {"status": "ok" if healthy else "unavailable", "database": database, "redis": redis},
        status_code=200 if healthy else 503,
    )


def health_routes() -> Starlette:
    return Starlette(
        routes=[Route(path, health, methods=["GET"]) for path in (HEALTH_PATH, REFLEX_HEALTH_PATH)]
    )
