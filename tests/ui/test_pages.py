"""Every page of the app compiles: each message id it asks for exists and its Vars fit the state's data.

This is the quick check of the component modules (mypy cannot follow Reflex Vars); the browser journeys check
how the pages look and behave.
"""

from __future__ import annotations

import pytest

from livinglab.livinglab import app


@pytest.mark.parametrize("route", sorted(app._unevaluated_pages))
def test_page_compiles(route: str) -> None:
    page = app._unevaluated_pages[route]
    component = page.component() if callable(page.component) else page.component
    rendered = component.render()
    assert rendered["name"], f"{route} rendered nothing"


def test_every_area_has_a_page() -> None:
    assert {
        "index",
        "ateliers",
        "ateliers/[workshop_id]",
        "catalogue",
        "cycles",
        "adaptations",
        "evaluations",
    } <= set(app._unevaluated_pages)
