"""The run-chart rules on known series: shifts, trends, points on the median, ties, short series."""

from __future__ import annotations

from livinglab.cycles.models import Direction
from livinglab.cycles.runchart import BASELINE_POINTS, RunChart, Signal, SignalKind, analyse


def _of(chart: RunChart, kind: SignalKind) -> list[Signal]:
    return [signal for signal in chart.signals if signal.kind is kind]


def test_an_empty_series_has_no_median_and_no_signal() -> None:
    assert analyse([]) == RunChart(median=None, signals=(), enough_points=False)


def test_fewer_than_ten_points_draw_a_median_but_claim_nothing() -> None:
    # Nine points rising: a trend and a shift by the rules, but too few to tell from chance.
    chart = analyse([1, 2, 3, 4, 5, 6, 7, 8, 9])
    assert chart.median == 5
    assert chart.enough_points is False
    assert chart.signals == ()
    assert BASELINE_POINTS == 10


def test_ten_rising_points_are_a_favourable_trend_and_no_shift() -> None:
    chart = analyse([1, 2, 3, 4, 5, 6, 7, 8, 9, 10])
    assert chart.enough_points is True
    assert chart.median == 5.5
    # Five below and five above the median: no side has six.
    assert _of(chart, SignalKind.SHIFT) == []
    [trend] = _of(chart, SignalKind.TREND)
    assert (trend.first, trend.last, trend.upward, trend.favourable) == (0, 9, True, True)
    assert trend.counted == tuple(range(10))


def test_a_shift_after_a_change_is_flagged_on_both_sides_of_the_median() -> None:
    # The demo's attendance: five weeks before the reminders, seven with them.
    chart = analyse([8, 9, 7, 8, 10, 12, 14, 13, 15, 14, 16, 15])
    assert chart.median == 12.5
    below, above = _of(chart, SignalKind.SHIFT)
    assert (below.first, below.last, below.upward, below.favourable) == (0, 5, False, False)
    assert (above.first, above.last, above.upward, above.favourable) == (6, 11, True, True)


def test_points_on_the_median_neither_break_a_shift_nor_count_towards_it() -> None:
    values = [1, 1, 1, 1, 5, 9, 9, 5, 9, 9, 9, 9, 5]
    chart = analyse(values)
    assert chart.median == 5
    [shift] = _of(chart, SignalKind.SHIFT)
    # Six points above, across the median point at position 7, which is not counted.
    assert shift.counted == (5, 6, 8, 9, 10, 11)
    assert (shift.first, shift.last) == (5, 11)


def test_a_point_on_the_median_does_not_make_five_points_a_shift() -> None:
    chart = analyse([1, 1, 1, 1, 5, 9, 9, 5, 9, 9, 9, 1, 5])
    assert chart.median == 5
    assert _of(chart, SignalKind.SHIFT) == []


def test_a_point_on_the_other_side_breaks_a_run() -> None:
    # Five above, one below, one above, five below: each run stops short of six.
    chart = analyse([8, 8, 8, 8, 8, 2, 8, 2, 2, 2, 2, 2])
    assert chart.median == 5
    assert _of(chart, SignalKind.SHIFT) == []


def test_ties_in_a_trend_neither_break_it_nor_count() -> None:
    # 1, 2, 3, 3, 4, 10: the repeated 3 is skipped, leaving five rising points.
    values = [10, 1, 2, 3, 3, 4, 10, 10, 10, 10]
    [trend] = _of(analyse(values), SignalKind.TREND)
    assert trend.counted == (1, 2, 3, 5, 6)
    assert (trend.first, trend.last, trend.upward) == (1, 6, True)


def test_ties_do_not_add_points_to_a_trend() -> None:
    # Six points rising or flat, but only four distinct steps up: no trend.
    values = [10, 1, 2, 2, 3, 3, 4, 0, 0, 0]
    assert _of(analyse(values), SignalKind.TREND) == []


def test_one_point_ends_a_rise_and_starts_a_fall() -> None:
    values = [1, 2, 3, 4, 9, 8, 7, 6, 5, 5]
    rise, fall = _of(analyse(values), SignalKind.TREND)
    assert rise.counted == (0, 1, 2, 3, 4)
    assert rise.upward
    assert fall.counted == (4, 5, 6, 7, 8)
    assert not fall.upward


def test_a_measure_better_down_reads_a_fall_as_good_news() -> None:
    waits = [30, 32, 31, 29, 33, 30, 20, 18, 17, 19, 16, 18]
    chart = analyse(waits, Direction.DOWN)
    below = next(s for s in _of(chart, SignalKind.SHIFT) if not s.upward)
    above = next(s for s in _of(chart, SignalKind.SHIFT) if s.upward)
    assert below.favourable is True
    assert above.favourable is False
