"""What every benchmark shares: a free port to serve on, and its own section of docs/performance.md."""

from __future__ import annotations

import socket
from pathlib import Path


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def markers(script: str) -> tuple[str, str]:
    """The comments around ``script``'s section of the report."""
    return f"<!-- {script}: begin -->", f"<!-- {script}: end -->"


def write_section(path: Path, script: str, section: str) -> None:
    """Replaces ``script``'s section of the report (the markers included in ``section``), or appends it; the
    other sections stay as they are."""
    begin, end = markers(script)
    current = path.read_text(encoding="utf-8") if path.exists() else "# Performance\n"
    if begin in current:
        before, _, rest = current.partition(begin)
        _, _, after = rest.partition(end)
        current = before + section + after
    else:
        current = current.rstrip("\n") + "\n\n" + section + "\n"
    path.write_text(current, encoding="utf-8")
