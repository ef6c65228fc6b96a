"""The worker's heap, tuned for a live board: the collector's full sweeps are what stalls every screen.

A started worker holds hundreds of thousands of objects made once and kept for its life (Reflex's compiled
pages, the states' classes, the catalogs), and Python's full collection walks every one of them. During the
300-tablet benchmark (``gc.callbacks``), a worker ran one every 3 to 5 seconds, each 90 to 190 ms in which
none of its screens got anything. So:

- what is alive once the app has started is frozen: left out of every collection;
- full collections come after 100 collections of the middle generation instead of Python's 10: the states
  of 300 tablets in one process still took about 150 ms a sweep, every 3 seconds; now about every 30. The
  young generations are collected as usual, so short-lived garbage goes as fast as before.

Measured (docs/performance.md), single process, N=300, runs taken in turns on the same machine: p95 127, 326
and 174 ms with both, against 261, 372 and 370 ms with the freeze alone.
"""

from __future__ import annotations

import gc

# Python's thresholds are (700, 10, 10).
YOUNG_THRESHOLD, MIDDLE_THRESHOLD, FULL_THRESHOLD = 700, 10, 100


def tune_for_live_boards() -> None:
    """Called once the app has started (a lifespan task of each worker)."""
    gc.collect()  # the start-up's garbage is freed, not kept forever
    gc.freeze()
    gc.set_threshold(YOUNG_THRESHOLD, MIDDLE_THRESHOLD, FULL_THRESHOLD)
