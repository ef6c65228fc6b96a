"""How long command 1 takes to serve the demo lab: a first start (an empty frontend build), then warm ones.

Run it by hand:
    .venv/bin/python bench/startup.py [--warm-runs 3] [--no-cold] [--report docs/performance.md]
It starts `livinglab serve --demo` on a free port and a fresh SQLite file, times the first HTTP 200 of the
home page, and stops the server. The figures are printed, and written to the report when --report is given.
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from report import free_port, markers, write_section  # bench/report.py: run as python bench/<name>.py

PROJECT_ROOT = Path(__file__).resolve().parents[1]
BENCH_WEB_DIR = PROJECT_ROOT / ".web-bench"
REPORT_BEGIN, REPORT_END = markers("bench/startup.py")
TIMEOUT_S = 900


def time_one_start(data_dir: Path) -> float:
    """Seconds from launching command 1's server to the first 200 on the home page."""
    port = free_port()
    environment = {
        **os.environ,
        "LIVINGLAB_DATABASE_URL": f"sqlite:///{data_dir / 'livinglab.db'}",
        "LIVINGLAB_PORT": str(port),
        "LIVINGLAB_HOST": "127.0.0.1",
        "REFLEX_WEB_WORKDIR": str(BENCH_WEB_DIR),
        "REFLEX_STATES_WORKDIR": str(data_dir / "states"),
    }
    started = time.perf_counter()
    server = subprocess.Popen(
        [sys.executable, "-m", "livinglab.cli", "serve", "--demo"],
        cwd=PROJECT_ROOT,
        env=environment,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    try:
        while time.perf_counter() - started < TIMEOUT_S:
            if server.poll() is not None:
                raise SystemExit(f"the server stopped with exit code {server.returncode}")
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=2) as response:
                    if response.status == 200:
                        return time.perf_counter() - started
            except OSError:
                time.sleep(0.2)
        raise SystemExit(f"no answer within {TIMEOUT_S} s")
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)


def measure(*, cold: bool, warm_runs: int) -> dict[str, list[float]]:
    figures: dict[str, list[float]] = {"cold": [], "warm": []}
    with tempfile.TemporaryDirectory() as scratch:
        if cold:
            shutil.rmtree(BENCH_WEB_DIR, ignore_errors=True)
            figures["cold"].append(time_one_start(Path(scratch) / "cold"))
        for run in range(warm_runs):
            figures["warm"].append(time_one_start(Path(scratch) / f"warm-{run}"))
    return figures


def render(figures: dict[str, list[float]]) -> str:
    lines = [
        REPORT_BEGIN,
        "## Start-up of command 1 (`bench/startup.py`)",
        "",
        f"Measured {time.strftime('%Y-%m-%d')} on {platform.node() or 'this machine'} "
        f"({os.cpu_count()} cores), SQLite, demo lab seeded, time to the first 200 of `/`.",
        "",
        "| start | runs | median (s) | max (s) |",
        "|---|---|---|---|",
    ]
    for kind, label in (("cold", "first start (frontend built from scratch)"), ("warm", "next starts")):
        if figures[kind]:
            values = figures[kind]
            lines.append(f"| {label} | {len(values)} | {statistics.median(values):.1f} | {max(values):.1f} |")
    lines.append(REPORT_END)
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--warm-runs", type=int, default=3)
    parser.add_argument("--no-cold", action="store_true", help="skip the first start from an empty build")
    parser.add_argument("--report", type=Path, help="markdown file to write the figures into")
    arguments = parser.parse_args()
    section = render(measure(cold=not arguments.no_cold, warm_runs=arguments.warm_runs))
    print(section)
    if arguments.report:
        write_section(arguments.report, "bench/startup.py", section)


if __name__ == "__main__":
    main()
