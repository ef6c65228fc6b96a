"""The live board benchmark runs end to end, small: every client gets every note, once. Its latencies go to
docs/performance.md and are never asserted; losing or duplicating a note is a fault, not a slowness."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parents[2]


def _rows(output: str) -> list[list[str]]:
    return [
        [cell.strip() for cell in line.strip().strip("|").split("|")]
        for line in output.splitlines()
        if line.startswith(("| Living Lab", "| floor"))
    ]


def test_live_board_benchmark_runs_and_loses_nothing() -> None:
    result = subprocess.run(
        [sys.executable, "bench/live_board.py", "--sizes", "5", "--posts", "10"],
        cwd=PROJECT_ROOT,
        capture_output=True,
        text=True,
        timeout=900,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "| stack | N | all connected (s) |" in result.stdout
    rows = _rows(result.stdout)
    assert [(row[0].split(",")[0], row[1]) for row in rows] == [
        ("Living Lab", "5"),
        ("floor: python-socketio", "5"),
        ("floor: python-socketio", "5"),
    ], result.stdout
    for row in rows:
        lost, duplicated = row[7], row[8]
        assert (lost, duplicated) == ("0", "0"), result.stdout
