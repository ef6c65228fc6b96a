"""The start-up benchmark runs end to end; its figures go to docs/performance.md and are never asserted."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parents[2]


def test_startup_benchmark_runs_and_prints_its_table() -> None:
    result = subprocess.run(
        [sys.executable, "bench/startup.py", "--no-cold", "--warm-runs", "1"],
        cwd=PROJECT_ROOT,
        capture_output=True,
        text=True,
        timeout=900,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "| next starts | 1 |" in result.stdout
