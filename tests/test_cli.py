"""The ``livinglab`` command as an administrator meets it: clear one-line messages, never a traceback."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from livinglab.core.i18n import translate
from livinglab.demo import DEMO_PASSWORD

PROJECT_ROOT = Path(__file__).resolve().parents[1]


def livinglab(*arguments: str, **environment: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "LANG": "fr_CA.UTF-8", **environment}
    return subprocess.run(
        [sys.executable, "-m", "livinglab.cli", *arguments],
        cwd=PROJECT_ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def assert_one_clear_line(result: subprocess.CompletedProcess[str], expected_start: str) -> None:
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith(expected_start), lines[0]


def test_help_lists_every_command() -> None:
    result = livinglab("--help")
    assert result.returncode == 0
    for command in ("db", "seed-demo", "create-admin", "serve"):
        assert command in result.stdout


def test_malformed_database_url_is_one_clear_line() -> None:
    result = livinglab("db", "upgrade", LIVINGLAB_DATABASE_URL="pas une adresse")
    assert_one_clear_line(result, "LIVINGLAB_DATABASE_URL n'est pas une adresse de base de données valide")


def test_unreachable_database_is_one_clear_line_that_hides_the_password() -> None:
    # Port 9 (discard) has no PostgreSQL on this machine: the connection is refused at once.
    url = "postgresql+psycopg://lab:secret@127.0.0.1:9/livinglab"
    result = livinglab("db", "upgrade", LIVINGLAB_DATABASE_URL=url)
    assert_one_clear_line(
        result, "Impossible de joindre la base de données postgresql+psycopg://lab:***@127.0.0.1:9"
    )
    assert "secret" not in result.stderr


def test_messages_follow_the_administrators_language() -> None:
    result = livinglab("db", "upgrade", LIVINGLAB_DATABASE_URL="not a url", LANG="en_CA.UTF-8")
    assert_one_clear_line(result, "LIVINGLAB_DATABASE_URL is not a valid database address")


def test_busy_port_is_one_clear_line(tmp_path: Path) -> None:
    with socket.socket() as occupant:
        occupant.bind(("127.0.0.1", 0))
        occupant.listen()
        port = occupant.getsockname()[1]
        result = livinglab(
            "serve",
            LIVINGLAB_PORT=str(port),
            LIVINGLAB_HOST="127.0.0.1",
            LIVINGLAB_DATABASE_URL=f"sqlite:///{tmp_path / 'lab.db'}",
        )
    assert_one_clear_line(result, f"Le port {port} est déjà utilisé")
    assert f"LIVINGLAB_PORT={port + 1}" in result.stderr


def test_missing_node_is_one_clear_line(tmp_path: Path) -> None:
    empty_path = tmp_path / "bin"
    empty_path.mkdir()
    result = livinglab(
        "serve", PATH=str(empty_path), LIVINGLAB_DATABASE_URL=f"sqlite:///{tmp_path / 'lab.db'}"
    )
    assert_one_clear_line(result, "Node.js est introuvable")


def test_old_node_is_one_clear_line(tmp_path: Path) -> None:
    # Debian's own Node is 20; this stand-in answers like it, whatever this machine has installed.
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    node = bin_dir / "node"
    node.write_text("#!/bin/sh\necho v20.19.2\n")
    node.chmod(0o755)
    result = livinglab("serve", PATH=str(bin_dir), LIVINGLAB_DATABASE_URL=f"sqlite:///{tmp_path / 'lab.db'}")
    assert_one_clear_line(result, "Node.js v20.19.2 est trop ancien")


def test_seed_demo_twice_adds_nothing_the_second_time(tmp_path: Path) -> None:
    database = {"LIVINGLAB_DATABASE_URL": f"sqlite:///{tmp_path / 'data' / 'lab.db'}"}
    assert livinglab("db", "upgrade", **database).stdout.strip() == translate("cli.migrated", "fr")

    first = livinglab("seed-demo", **database)
    second = livinglab("seed-demo", **database)

    assert first.stdout.splitlines()[0] == translate("cli.demo.seeded", "fr")
    assert second.stdout.splitlines()[0] == translate("cli.demo.already", "fr")
    assert DEMO_PASSWORD in second.stdout


@pytest.mark.parametrize("engine", ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def test_create_admin_refuses_a_taken_email(engine: str, request: pytest.FixtureRequest) -> None:
    url = str(request.getfixturevalue(f"{engine}_url"))
    assert livinglab("db", "upgrade", LIVINGLAB_DATABASE_URL=url).returncode == 0

    created = livinglab(
        "create-admin", "--email", "admin@lab.quebec", "--name", "Nadia", LIVINGLAB_DATABASE_URL=url
    )
    again = livinglab(
        "create-admin", "--email", "admin@lab.quebec", "--name", "Autre", LIVINGLAB_DATABASE_URL=url
    )

    assert created.returncode == 0, created.stderr
    assert created.stdout.strip() == translate("cli.admin.created", "fr", email="admin@lab.quebec")
    assert_one_clear_line(again, translate("person.error.exists", "fr", email="admin@lab.quebec"))
