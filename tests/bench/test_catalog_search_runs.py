"""The catalogue search benchmark runs end to end on both engines; its figures go to docs/performance.md and
are never asserted."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parents[2]


def test_catalog_search_benchmark_runs_on_both_engines() -> None:
    result = subprocess.run(
        [sys.executable, "bench/catalog_search.py", "--sheets", "60", "--queries", "5"],
        cwd=PROJECT_ROOT,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    rows = [line for line in result.stdout.splitlines() if "| text + 2 facets | 5 |" in line]
    assert [row.split(" | ")[0] for row in rows] == ["| SQLite (FTS5)", "| PostgreSQL (full text)"]
