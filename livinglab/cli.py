"""The ``livinglab`` command: database, demo data, accounts, and starting the app.

Every failure a person can fix (a wrong database address, a busy port, an old Node) ends in one translated
line saying what is wrong and what to do, never in a traceback.
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from typing import NoReturn
from urllib.parse import urlsplit, urlunsplit

import click
import redis
from sqlalchemy import make_url, text
from sqlalchemy.exc import ArgumentError, SQLAlchemyError

from livinglab.core.database import ensure_sqlite_directory, make_engine, session_scope
from livinglab.core.errors import DomainError
from livinglab.core.i18n import DEFAULT_LANGUAGE, translate
from livinglab.core.migrations import upgrade_to_head
from livinglab.core.settings import get_settings

PROJECT_ROOT = Path(__file__).resolve().parents[1]
MINIMUM_NODE_MAJOR = 22
# Environment every Reflex command of this project needs: npm, not bun (bun's installer downloads from the
# internet); the registry named so Reflex does not probe mirrors; no version check or telemetry calls out.
REFLEX_ENVIRONMENT = {
    "REFLEX_USE_NPM": "1",
    "NPM_CONFIG_REGISTRY": "https://registry.npmjs.org",
    "REFLEX_CHECK_LATEST_VERSION": "0",
    "REFLEX_TELEMETRY_ENABLED": "0",
}


def _language() -> str:
    return "en" if os.environ.get("LANG", "").startswith("en") else DEFAULT_LANGUAGE


def say(key: str, **params: object) -> None:
    click.echo(translate(key, _language(), **params))


def fail(key: str, **params: object) -> NoReturn:
    click.secho(translate(key, _language(), **params), fg="red", err=True)
    raise SystemExit(1)


def say_demo_accounts() -> None:
    from livinglab.demo import DEMO_ADMIN_EMAIL, DEMO_MANAGER_EMAIL, DEMO_PASSWORD

    say("cli.demo.accounts", admin=DEMO_ADMIN_EMAIL, manager=DEMO_MANAGER_EMAIL, password=DEMO_PASSWORD)


def check_database(database_url: str) -> None:
    try:
        make_url(database_url)
    except ArgumentError:
        fail("cli.error.database_url", url=database_url)
    engine = make_engine(database_url)
    try:
        ensure_sqlite_directory(database_url)
        with engine.connect() as connection:
            connection.execute(text("SELECT 1"))
    except (SQLAlchemyError, OSError) as error:
        # The driver's own message, first line only: the person needs the cause, not the driver's traceback.
        reason = str(getattr(error, "orig", None) or error).strip().splitlines()[0]
        fail("cli.error.database_unreachable", url=make_url(database_url).render_as_string(), reason=reason)
    finally:
        engine.dispose()


def check_redis(redis_url: str) -> None:
    try:
        with redis.Redis.from_url(redis_url, socket_connect_timeout=3) as client:
            client.ping()
    except (redis.RedisError, ValueError) as error:
        fail(
            "cli.error.redis_unreachable", url=_without_password(redis_url), reason=str(error).splitlines()[0]
        )


def _without_password(url: str) -> str:
    parts = urlsplit(url)
    if parts.password is None:
        return url
    return urlunsplit(parts._replace(netloc=parts.netloc.replace(f":{parts.password}@", ":***@", 1)))


def check_port_free(host: str, port: int) -> None:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        # As the server itself binds: connections of a worker that just stopped, still in TIME_WAIT, do not
        # make the port busy; a program listening on it does.
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host, port))
        except OSError:
            fail("cli.error.port_in_use", port=port, next_port=port + 1)


def check_node() -> None:
    node = shutil.which("node")
    if node is None:
        fail("cli.error.node_missing", minimum=MINIMUM_NODE_MAJOR)
    # node is the executable found on PATH, asked only for its version.
    version = subprocess.run(  # noqa: S603
        [node, "--version"], capture_output=True, text=True, check=False
    ).stdout.strip()
    major = int(version.lstrip("v").split(".")[0] or 0) if version else 0
    if major < MINIMUM_NODE_MAJOR:
        fail("cli.error.node_too_old", found=version or "?", minimum=MINIMUM_NODE_MAJOR)


def migrate(database_url: str) -> None:
    check_database(database_url)
    try:
        upgrade_to_head(database_url)
    except SQLAlchemyError as error:
        fail("cli.error.migration", reason=error)


@click.group(help="Living Lab : le laboratoire vivant de l'intégration. / The integration living lab.")
def main() -> None:
    pass


@main.group(help="Schéma de la base de données. / Database schema.")
def db() -> None:
    pass


@db.command("upgrade", help="Applique les migrations jusqu'à la dernière version. / Apply all migrations.")
def db_upgrade() -> None:
    database_url = get_settings().database_url
    migrate(database_url)
    say("cli.migrated")


@main.command(
    "seed-demo",
    short_help="Charge le laboratoire de démonstration.",
    help="Charge le laboratoire de démonstration, une seule fois : relancée, la commande n'ajoute rien. "
    "/ Loads the demo lab once: run again, it adds nothing.",
)
def seed_demo_command() -> None:
    from livinglab.demo import seed_demo

    check_database(get_settings().database_url)
    with session_scope() as session:
        seeded = seed_demo(db=session)
    say("cli.demo.seeded" if seeded else "cli.demo.already")
    say_demo_accounts()


@main.command(
    "create-admin", help="Crée un compte administrateur de la fédération. / Create a federation admin."
)
@click.option("--email", required=True, help="Adresse courriel. / Email address.")
@click.option("--name", "display_name", required=True, help="Nom affiché. / Display name.")
def create_admin_command(email: str, display_name: str) -> None:
    from livinglab.identity.service import create_admin

    check_database(get_settings().database_url)
    try:
        with session_scope() as session:
            create_admin(db=session, email=email, display_name=display_name)
    except DomainError as error:
        fail(error.key, **error.params)
    say("cli.admin.created", email=email)


@main.command(
    "backup",
    help="Sauvegarde la base de données dans un fichier (SQLite : copie en ligne ; PostgreSQL : pg_dump). "
    "/ Back the database up to a file (SQLite: online copy; PostgreSQL: pg_dump).",
)
@click.argument("target", type=click.Path(dir_okay=False, writable=True, path_type=Path))
def backup_command(target: Path) -> None:
    from livinglab.core.backup import backup

    database_url = get_settings().database_url
    check_database(database_url)
    try:
        backup(database_url=database_url, target=target)
    except DomainError as error:
        fail(error.key, **error.params)
    say("cli.backup.done", path=target)


@main.command(
    "restore",
    help="Restaure une sauvegarde faite par « livinglab backup » ; refuse une base qui contient des données, "
    "sauf avec --force. Arrêtez l'application avant. / Restore a backup made by `livinglab backup`; "
    "refuses a database holding data unless --force. Stop the app first.",
)
@click.argument("source", type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "--force",
    is_flag=True,
    help="Remplace les données présentes. / Replace the data already there.",
)
def restore_command(source: Path, force: bool) -> None:
    from livinglab.core.backup import restore

    database_url = get_settings().database_url
    check_database(database_url)
    try:
        restore(database_url=database_url, source=source, force=force)
    except DomainError as error:
        fail(error.key, **error.params)
    say("cli.restore.done", path=source)


@main.command("serve", help="Démarre l'application en mode production. / Start the app in production mode.")
@click.option(
    "--demo/--no-demo",
    default=False,
    help="Charge aussi le laboratoire de démonstration. / Also load the demo lab.",
)
@click.option(
    "--workers",
    type=click.IntRange(1, 64),
    help="Processus de l'application, sur LIVINGLAB_PORT, LIVINGLAB_PORT+1… (LIVINGLAB_WORKERS). "
    "/ App worker processes, on LIVINGLAB_PORT, LIVINGLAB_PORT+1… (LIVINGLAB_WORKERS).",
)
def serve(demo: bool, workers: int | None) -> None:
    settings = get_settings()
    workers = workers or settings.workers
    if workers > 1 and not settings.redis_url:
        fail("cli.error.workers_need_redis", workers=workers)
    check_node()
    ports = [settings.port + index for index in range(workers)]
    for port in ports:
        check_port_free(settings.host, port)
    if settings.redis_url:
        check_redis(settings.redis_url)
    migrate(settings.database_url)
    if demo:
        from livinglab.demo import seed_demo

        with session_scope() as session:
            seed_demo(db=session)
        say_demo_accounts()
    say("cli.serve.building")
    environment = {**os.environ, **REFLEX_ENVIRONMENT}
    if workers == 1:
        reflex = [sys.executable, "-m", "reflex", "run", "--env", "prod", "--single-port"]
        command = [*reflex, "--frontend-port", str(settings.port), "--backend-host", settings.host]
        with subprocess.Popen(command, cwd=PROJECT_ROOT, env=environment) as server:  # noqa: S603
            try:
                _announce_when_ready(server, settings.port)
                server.wait()
            except KeyboardInterrupt:
                server.send_signal(signal.SIGINT)
                server.wait(timeout=15)
        raise SystemExit(server.returncode or 0)
    _build_frontend(environment)
    raise SystemExit(_run_workers(settings.host, ports, environment))


def _build_frontend(environment: dict[str, str]) -> None:
    """The frontend, built once for every worker (each worker serves the same files)."""
    build = [sys.executable, "-m", "reflex", "export", "--frontend-only", "--no-zip", "--env", "prod"]
    if subprocess.run(build, cwd=PROJECT_ROOT, env=environment, check=False).returncode != 0:  # noqa: S603
        fail("cli.error.build")


# A worker is Reflex's production backend as `reflex run --env prod --single-port` starts it (Granian, the
# compiled frontend mounted beside the API), without writing the frontend again: it was built once for all.
# Reflex names its internal settings with two underscores (reflex_base.environment).
WORKER_ENVIRONMENT = {
    "REFLEX_ENV_MODE": "prod",
    "__REFLEX_SKIP_COMPILE": "true",
    "__REFLEX_MOUNT_FRONTEND_COMPILED_APP": "true",
}
# A stopped worker lets its requests and websockets end this long, then is killed: a post under way is
# either committed or never acknowledged, and its screens reconnect to another worker.
WORKER_STOP_TIMEOUT_S = 5


def _run_workers(host: str, ports: list[int], environment: dict[str, str]) -> int:
    """Starts one worker per port and waits for them. A worker that dies leaves the others serving (the
    proxy sends its screens to them); SIGTERM or Ctrl-C stops them all, gracefully."""
    granian = [sys.executable, "-m", "granian", "--interface", "asgi", "--factory", "--workers", "1"]
    workers: list[subprocess.Popen[bytes]] = []
    for index, port in enumerate(ports, start=1):
        command = [
            *granian,
            "--host",
            host,
            "--port",
            str(port),
            "--workers-kill-timeout",
            str(WORKER_STOP_TIMEOUT_S),
            "livinglab.livinglab:app",
        ]
        # Each worker in its own process group, so that one can be stopped (or killed) with its children.
        worker = subprocess.Popen(  # noqa: S603
            command, cwd=PROJECT_ROOT, env={**environment, **WORKER_ENVIRONMENT}, start_new_session=True
        )
        workers.append(worker)
        say("cli.serve.worker", index=index, port=port, pid=worker.pid)

    stopping_since: list[float] = []

    def stop(_signal: int, _frame: object) -> None:
        stopping_since.append(time.monotonic())
        for worker in workers:
            if worker.poll() is None:
                os.killpg(worker.pid, signal.SIGTERM)

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    for worker, port in zip(workers, ports, strict=True):
        _announce_when_ready(worker, port)
    running = dict(enumerate(workers, start=1))
    while running:
        for index, worker in list(running.items()):
            if (code := worker.poll()) is not None:
                del running[index]
                say("cli.serve.worker_stopped", index=index, code=code)
            elif stopping_since and time.monotonic() - stopping_since[0] > 2 * WORKER_STOP_TIMEOUT_S:
                os.killpg(worker.pid, signal.SIGKILL)
        time.sleep(0.2)
    return 0


def _announce_when_ready(server: subprocess.Popen[bytes], port: int) -> None:
    url = f"http://localhost:{port}/"
    while server.poll() is None:
        try:
            with urllib.request.urlopen(url, timeout=2):
                click.secho(translate("cli.serve.ready", _language(), url=url), fg="green", bold=True)
                return
        except OSError:
            time.sleep(0.5)


if __name__ == "__main__":
    main()
