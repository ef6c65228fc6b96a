"""Reading from the database inside an event handler."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from livinglab.core.database import session_scope

T = TypeVar("T")


def read(query: Callable[..., T], **arguments: object) -> T:
    """Run a service read function in its own unit of work and return what it found."""
    with session_scope() as db:
        return query(db=db, **arguments)
