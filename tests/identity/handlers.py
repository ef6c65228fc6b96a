"""Every public event handler of the app, and how to call one as Reflex does: the machinery of the guard
sweeps (``test_guard.py``: refused without the role; ``test_guard_organizations.py``: refused in another
organization)."""

from __future__ import annotations

import asyncio
import inspect
from collections.abc import Iterator, Mapping
from concurrent.futures import ThreadPoolExecutor
from typing import Any, get_type_hints

import reflex as rx

import livinglab.livinglab  # noqa: F401  (registers every state of the app)
from livinglab.identity.guard import GUARD_ATTRIBUTE, Rule

# Handlers Reflex itself puts on every state. They are not ours to guard; setvar is checked in test_guard.
FRAMEWORK_HANDLERS = {"setvar"}


def app_states() -> Iterator[type[rx.State]]:
    def walk(state: type[rx.State]) -> Iterator[type[rx.State]]:
        if state.__module__.startswith("livinglab."):
            yield state
        for substate in state.get_substates():
            yield from walk(substate)

    yield from walk(rx.State)


HANDLERS = sorted(
    (f"{state.__name__}.{name}", state, name)
    for state in app_states()
    for name in state.event_handlers
    if name not in FRAMEWORK_HANDLERS
)


def rule_of(state: type[rx.State], name: str) -> Rule | None:
    rule = getattr(state.event_handlers[name].fn, GUARD_ATTRIBUTE, None)
    return rule if isinstance(rule, Rule) else None


def plausible_arguments(function: Any, known: Mapping[str, Any] | None = None) -> dict[str, Any]:
    """Arguments of the right types, as a browser could send them: the ``known`` value of a parameter of that
    name (an object's id, as the parameter's type), else a sample of its type."""
    samples = {str: "x", int: 1, float: 1.0, bool: True, dict: {}, list: []}
    hints = get_type_hints(inspect.unwrap(function))
    arguments = {}
    for name in inspect.signature(inspect.unwrap(function)).parameters:
        if name == "self":
            continue
        kind = getattr(hints.get(name), "__origin__", hints.get(name))
        if known is not None and name in known:
            value = known[name]
            arguments[name] = kind(value) if kind in (str, int) else value
        else:
            arguments[name] = samples.get(kind, "x")
    return arguments


def call(state: type[rx.State], instance: rx.State, name: str, arguments: Mapping[str, Any]) -> Any:
    """Runs the handler ``name`` on ``instance`` as Reflex would, to the end; what it returned."""
    result = state.event_handlers[name].fn(instance, **arguments)
    if inspect.iscoroutine(result):
        # The live board's handlers are async (they await the fan-out). Run on a thread of its own: a browser
        # test's Playwright may hold this thread's event loop.
        with ThreadPoolExecutor(max_workers=1) as runner:
            result = runner.submit(asyncio.run, result).result()
    return result
