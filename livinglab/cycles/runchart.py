"""Run-chart rules: the median of a measure's series, and the non-random patterns around it.

The rules are the ones of REFERENCE.md (after Perla, Provost and Murray, 2011):
- a **shift** is 6 or more consecutive points on the same side of the median; a point exactly on the median
  neither breaks a shift nor counts towards it;
- a **trend** is 5 or more points each going the same way; a point equal to the one before it neither breaks a
  trend nor counts towards it (ties are counted once);
- the rules want a baseline of about 10 points: with fewer, the median is drawn but no signal is claimed,
  because a short series makes chance look like a pattern.
"""

from __future__ import annotations

import enum
import statistics
from collections.abc import Sequence
from dataclasses import dataclass

from livinglab.cycles.models import Direction

SHIFT_POINTS = 6
TREND_POINTS = 5
BASELINE_POINTS = 10


class SignalKind(enum.StrEnum):
    SHIFT = "shift"
    TREND = "trend"


@dataclass(frozen=True)
class Signal:
    kind: SignalKind
    # Positions in the series of the first and last points of the pattern, and of the points it counts.
    first: int
    last: int
    counted: tuple[int, ...]
    # A shift above the median, or a trend going up.
    upward: bool
    # Whether the pattern goes the measure's better way.
    favourable: bool


@dataclass(frozen=True)
class RunChart:
    median: float | None
    signals: tuple[Signal, ...]
    # False while the series is shorter than a baseline: no signal is claimed yet.
    enough_points: bool


def analyse(values: Sequence[float], better: Direction = Direction.UP) -> RunChart:
    if not values:
        return RunChart(median=None, signals=(), enough_points=False)
    median = float(statistics.median(values))
    if len(values) < BASELINE_POINTS:
        return RunChart(median=median, signals=(), enough_points=False)
    signals = [*_shifts(values, median, better), *_trends(values, better)]
    return RunChart(
        median=median, signals=tuple(sorted(signals, key=lambda s: (s.first, s.kind))), enough_points=True
    )


def _signal(kind: SignalKind, counted: list[int], upward: bool, better: Direction) -> Signal:
    return Signal(
        kind=kind,
        first=counted[0],
        last=counted[-1],
        counted=tuple(counted),
        upward=upward,
        favourable=upward == (better is Direction.UP),
    )


def _shifts(values: Sequence[float], median: float, better: Direction) -> list[Signal]:
    found: list[Signal] = []
    run: list[int] = []
    side = 0
    for position, value in enumerate(values):
        if value == median:
            continue
        point_side = 1 if value > median else -1
        if point_side != side:
            if len(run) >= SHIFT_POINTS:
                found.append(_signal(SignalKind.SHIFT, run, side > 0, better))
            run, side = [], point_side
        run.append(position)
    if len(run) >= SHIFT_POINTS:
        found.append(_signal(SignalKind.SHIFT, run, side > 0, better))
    return found


def _trends(values: Sequence[float], better: Direction) -> list[Signal]:
    """Runs of steps the same way; a step's two ends both count, so one point may end a rise and start a
    fall."""
    found: list[Signal] = []
    # The series without repeated values: each kept point's position is its first occurrence.
    kept = [
        position for position, value in enumerate(values) if position == 0 or value != values[position - 1]
    ]
    run = kept[:1]
    going = 0
    for position in kept[1:]:
        step = 1 if values[position] > values[run[-1]] else -1
        if step != going:
            if len(run) >= TREND_POINTS:
                found.append(_signal(SignalKind.TREND, run, going > 0, better))
            run, going = [run[-1]], step
        run.append(position)
    if len(run) >= TREND_POINTS:
        found.append(_signal(SignalKind.TREND, run, going > 0, better))
    return found
