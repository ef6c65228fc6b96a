"""Reflex reads its Redis address from REFLEX_REDIS_URL only: the project's REDIS_URL must reach it."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parents[1]
SHOW_CONFIG = (
    "import json, os, rxconfig; "
    "print(json.dumps([rxconfig.config.redis_url, os.environ.get('REFLEX_REDIS_URL'), "
    "rxconfig.config.db_url, rxconfig.config.telemetry_enabled, rxconfig.config.state_manager_mode]))"
)


def reflex_config(**environment: str) -> list[object]:
    env = {
        key: value
        for key, value in os.environ.items()
        if "REDIS" not in key and not key.startswith("LIVINGLAB_")
    }
    result = subprocess.run(
        [sys.executable, "-c", SHOW_CONFIG],
        cwd=PROJECT_ROOT,
        env={**env, **environment},
        capture_output=True,
        text=True,
        check=True,
    )
    return list(json.loads(result.stdout.strip().splitlines()[-1]))


def test_redis_url_is_handed_to_reflex() -> None:
    redis_url, reflex_redis_url, _, _, state_manager = reflex_config(REDIS_URL="redis://127.0.0.1:6379/3")
    assert redis_url == "redis://127.0.0.1:6379/3"
    assert reflex_redis_url == "redis://127.0.0.1:6379/3"
    # Workers share each tab's state through Redis.
    assert state_manager == "redis"


def test_embedded_default_needs_no_server_and_sends_no_telemetry() -> None:
    redis_url, reflex_redis_url, db_url, telemetry, state_manager = reflex_config()
    assert redis_url is None
    assert reflex_redis_url is None
    assert db_url == "sqlite:///data/livinglab.db"
    assert telemetry is False
    # One process: each tab's state in memory, not pickled to disk (a board is rebuilt from the database).
    assert state_manager == "memory"
