"""The start-up's objects are kept out of the garbage collector's sweeps, in every worker."""

import gc
from collections.abc import Iterator

import pytest

from livinglab.core.heap import freeze_startup_objects


@pytest.fixture
def thawed() -> Iterator[None]:
    gc.unfreeze()
    yield
    gc.unfreeze()


def test_what_is_alive_once_started_is_left_out_of_collections(thawed: None) -> None:
    started = [[index] for index in range(1000)]  # containers: objects the collector tracks
    assert gc.get_freeze_count() == 0
    freeze_startup_objects()
    assert gc.get_freeze_count() >= len(started)
    swept = {id(candidate) for candidate in gc.get_objects()}
    assert not any(id(kept) in swept for kept in started)
    # What comes after is collected as usual.
    later: list[int] = []
    assert id(later) in {id(candidate) for candidate in gc.get_objects()}


def test_every_worker_freezes_once_the_app_has_started() -> None:
    from livinglab.livinglab import app

    assert freeze_startup_objects in app._lifespan_tasks
