"""The worker's heap: what is there once the app has started is kept out of the garbage collector's sweeps.

A started worker holds about 180,000 objects made once and kept for its life (Reflex's compiled pages, the
states' classes, the catalogs). Python's full collection walks every one of them, and on a live board it runs
every few seconds: during the 300-tablet benchmark each took 90 to 190 ms (measured with ``gc.callbacks``), a
pause in which no screen of that worker gets anything. Frozen, they are left out of every collection (the
same run: 50 to 75 ms, for what the worker made since: each tab's state, each socket).
"""

from __future__ import annotations

import gc


def freeze_startup_objects() -> None:
    """Called once the app has started (a lifespan task of each worker)."""
    gc.collect()  # the start-up's garbage is freed, not kept forever
    gc.freeze()
