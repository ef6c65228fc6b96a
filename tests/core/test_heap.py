"""The worker's heap: the start-up's objects out of the collector's sweeps, full sweeps rarer."""

import gc
from collections.abc import Iterator

import pytest

from livinglab.core.heap import FULL_THRESHOLD, tune_for_live_boards


@pytest.fixture
def python_defaults() -> Iterator[None]:
    thresholds = gc.get_threshold()
    gc.unfreeze()
    yield
    gc.unfreeze()
    gc.set_threshold(*thresholds)


def test_what_is_alive_once_started_is_left_out_of_collections(python_defaults: None) -> None:
    started = [[index] for index in range(1000)]  # containers: objects the collector tracks
    assert gc.get_freeze_count() == 0
    tune_for_live_boards()
    assert gc.get_freeze_count() >= len(started)
    swept = {id(candidate) for candidate in gc.get_objects()}
    assert not any(id(kept) in swept for kept in started)
    # What comes after is collected as usual.
    later: list[int] = []
    assert id(later) in {id(candidate) for candidate in gc.get_objects()}


def test_full_collections_are_ten_times_rarer(python_defaults: None) -> None:
    young, middle, full = gc.get_threshold()
    tune_for_live_boards()
    assert gc.get_threshold() == (young, middle, FULL_THRESHOLD) == (young, middle, full * 10)


def test_every_worker_tunes_its_heap_once_the_app_has_started() -> None:
    from livinglab.livinglab import app

    assert tune_for_live_boards in app._lifespan_tasks
