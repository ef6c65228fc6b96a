"""Production mode on this machine: two app workers sharing PostgreSQL and Redis, behind nginx running the
project's own proxy settings (docs/deploy/livinglab-proxy.conf), with real browsers on one board: notes, a
session ended on one worker, a killed worker and a restarted Redis.

Redis here is a server of the test's own (the machine's is shared), so that it can be restarted mid-session.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import psutil
import pytest
from playwright.sync_api import Browser, expect
from sqlalchemy import create_engine, text

from livinglab.core.i18n import catalog
from livinglab.ui import routes
from tests.conftest import _postgres_database
from tests.e2e.conftest import ARTIFACTS, PROJECT_ROOT, STARTUP_TIMEOUT_S, free_port
from tests.e2e.test_admin import person_card, sign_in_as_admin
from tests.e2e.test_board import Tablet, live_session

pytestmark = [pytest.mark.browser, pytest.mark.postgres]

FR = catalog("fr")
EN = catalog("en")
SHOTS = ARTIFACTS / "screenshots"
PROXY_SETTINGS = PROJECT_ROOT / "docs" / "deploy" / "livinglab-proxy.conf"


def _program(name: str) -> str:
    found = shutil.which(name) or shutil.which(name, path="/usr/sbin:/usr/bin")
    if found is None:
        pytest.fail(f"{name} is missing: ./scripts/test installs it (Debian package)", pytrace=False)
    return found


def _wait_for(check: object, what: str, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if check():  # type: ignore[operator]
            return
        time.sleep(0.2)
    pytest.fail(f"{what} within {timeout} s")


def _answers(url: str) -> int:
    try:
        with urllib.request.urlopen(url, timeout=2) as response:
            return int(response.status)
    except urllib.error.HTTPError as error:
        return int(error.code)
    except OSError:
        return 0


class RedisServer:
    """A redis-server of the test's own, without persistence: a restart empties it, as a lost Redis does."""

    def __init__(self, workdir: Path) -> None:
        self.port, self.workdir = free_port(), workdir
        self.process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        command = [_program("redis-server"), "--port", str(self.port), "--bind", "127.0.0.1", "--save", ""]
        command += ["--appendonly", "no", "--dir", str(self.workdir)]
        self.process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT)
        _wait_for(lambda: _port_open(self.port), "redis-server did not answer")

    def flush(self) -> None:
        """Everything forgotten, the connections kept: a Redis that lost its data between two requests."""
        command = [_program("redis-cli"), "-p", str(self.port), "FLUSHALL"]
        subprocess.run(command, check=True, capture_output=True)

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=10)


class Nginx:
    """nginx in front of the workers, with the project's proxy settings and least_conn, as the sample."""

    def __init__(self, workdir: Path, worker_ports: list[int]) -> None:
        self.port, self.workdir = free_port(), workdir
        servers = "".join(f"server 127.0.0.1:{port} max_fails=1 fail_timeout=10s;\n" for port in worker_ports)
        temp = " ".join(
            f"{kind}_temp_path {workdir / kind};"
            for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
        )
        self.config = workdir / "nginx.conf"
        self.config.write_text(
            f"pid {workdir / 'nginx.pid'};\nerror_log {workdir / 'error.log'};\nevents {{}}\n"
            f"http {{\naccess_log {workdir / 'access.log'};\n{temp}\n"
            'map $http_upgrade $connection_upgrade { default upgrade; "" close; }\n'
            f"upstream livinglab {{ least_conn;\n{servers}}}\n"
            f"server {{ listen 127.0.0.1:{self.port};\n"
            f"location / {{ include {PROXY_SETTINGS}; }} }}\n}}\n"
        )
        self.process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> None:
        command = [_program("nginx"), "-c", str(self.config), "-g", "daemon off;"]
        self.process = subprocess.Popen(command, stderr=subprocess.STDOUT, stdout=subprocess.DEVNULL)
        _wait_for(lambda: _port_open(self.port), "nginx did not answer")

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=10)


def _port_open(port: int) -> bool:
    return any(
        connection.status == psutil.CONN_LISTEN and connection.laddr.port == port
        for connection in psutil.net_connections(kind="tcp")
    )


def _websockets_on(port: int) -> int:
    """Connections open on a worker's port: once pages are loaded, the websockets nginx put there."""
    return sum(
        1
        for connection in psutil.net_connections(kind="tcp")
        if connection.status == psutil.CONN_ESTABLISHED and connection.laddr.port == port
    )


@dataclass
class Deployment:
    url: str
    worker_ports: list[int]
    worker_pids: list[int]
    database_url: str
    redis: RedisServer
    proxy: Nginx
    serve: subprocess.Popen[bytes]
    log: Path

    def notes_stored(self) -> list[str]:
        engine = create_engine(self.database_url)
        try:
            with engine.connect() as connection:
                return list(connection.execute(text("SELECT text FROM note ORDER BY id")).scalars())
        finally:
            engine.dispose()


@pytest.fixture(scope="module")
def deployment(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Deployment]:
    """``livinglab serve --demo --workers 2`` on PostgreSQL and the test's Redis, nginx in front."""
    workdir = tmp_path_factory.mktemp("workers")
    first = free_port()
    while _port_open(first + 1):
        first = free_port()
    ports = [first, first + 1]
    redis, proxy = RedisServer(workdir), Nginx(workdir, ports)
    redis.start()
    ARTIFACTS.mkdir(exist_ok=True)
    log = ARTIFACTS / "workers-server.log"
    with _postgres_database() as database_url:
        environment = {
            **os.environ,
            "LANG": "en_US.UTF-8",
            "LIVINGLAB_DATABASE_URL": database_url,
            "REDIS_URL": redis.url,
            "LIVINGLAB_PORT": str(first),
            "LIVINGLAB_HOST": "127.0.0.1",
            "LIVINGLAB_PUBLIC_URL": proxy.url,
            # As the sample deployment: the workers believe the client address nginx forwards.
            "LIVINGLAB_TRUSTED_PROXIES": "127.0.0.1",
            # The build names the proxy's address for the websocket: its own build directory.
            "REFLEX_WEB_WORKDIR": os.environ.get("LIVINGLAB_E2E_WEB_WORKDIR", str(PROJECT_ROOT / ".web-e2e"))
            + "-workers",
        }
        with log.open("wb") as output:
            serve = subprocess.Popen(
                [sys.executable, "-m", "livinglab.cli", "serve", "--demo", "--workers", "2"],
                cwd=PROJECT_ROOT,
                env=environment,
                stdout=output,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        try:
            _wait_for(
                lambda: (
                    all(_answers(f"http://127.0.0.1:{port}/health") == 200 for port in ports)
                    or serve.poll() is not None
                ),
                "the workers did not start",
                STARTUP_TIMEOUT_S,
            )
            assert serve.poll() is None, log.read_text()[-4000:]
            pids = [int(pid) for pid in re.findall(r"Worker \d+: port \d+ \(pid (\d+)\)", log.read_text())]
            proxy.start()
            yield Deployment(proxy.url, ports, pids, database_url, redis, proxy, serve, log)
        finally:
            proxy.stop()
            os.killpg(serve.pid, signal.SIGTERM)
            try:
                serve.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(serve.pid, signal.SIGKILL)
            redis.stop()


def _sees(tablets: list[Tablet], texts: list[str]) -> None:
    for tablet in tablets:
        for note in texts:
            expect(tablet.page.get_by_text(note)).to_be_visible(timeout=15_000)


def test_health_checks_the_database_and_redis(deployment: Deployment) -> None:
    for port in deployment.worker_ports:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/health", timeout=5) as response:
            assert response.read() == b'{"status":"ok","database":true,"redis":true}'
    deployment.redis.stop()
    try:
        assert _answers(f"http://127.0.0.1:{deployment.worker_ports[0]}/health") == 503
    finally:
        deployment.redis.start()
    _wait_for(lambda: _answers(f"{deployment.url}/health") == 200, "health did not come back")


def test_an_ended_session_is_sent_away_from_the_board_on_both_workers(
    browser: Browser, deployment: Deployment
) -> None:
    with live_session(browser, deployment.url) as (facilitator, tablets):
        amina = tablets[0]
        facilitator.locator("#mode-private_mode").click()
        expect(amina.page.get_by_text(FR["board.mode.private"])).to_be_visible()
        # Three consoles of the same facilitator, each frame they receive recorded; with the tablets, nginx
        # spreads them over both workers (least_conn), so whichever worker the administrator's request
        # reaches, the others' consoles hear of it only through Redis.
        consoles = [Tablet(facilitator.context, f"console-{n}") for n in range(3)]
        for console in consoles:
            console.page.goto(facilitator.url)
            expect(console.page.get_by_role("region", name=FR["console.title"])).to_be_visible()
        _wait_for(
            lambda: all(_websockets_on(port) >= 2 for port in deployment.worker_ports),
            "both workers did not get screens",
        )

        office = browser.new_context(locale="fr-CA")
        try:
            admin = office.new_page()
            sign_in_as_admin(admin, deployment.url)
            end_sessions = person_card(admin, "Karim Benali").get_by_role(
                "button", name=FR["admin.sessions.end"]
            )
            end_sessions.click()
            expect(end_sessions).to_be_disabled()
        finally:
            office.close()

        amina.post("Besoins", "Secret après la fin, sur deux workers")
        expect(amina.page.get_by_text("Secret après la fin, sur deux workers")).to_be_visible()
        amina.page.wait_for_timeout(1000)
        for console in consoles:
            assert "Secret après la fin, sur deux workers" not in "\n".join(console.frames), console.pseudonym
            expect(console.page).to_have_url(re.compile(re.escape(routes.SIGN_IN)))


def test_one_board_across_two_workers_survives_a_killed_worker(
    browser: Browser, deployment: Deployment
) -> None:
    with live_session(browser, deployment.url) as (facilitator, tablets):
        bao = tablets[1]
        # nginx spread the four screens' websockets over both workers (least_conn).
        _wait_for(
            lambda: all(_websockets_on(port) >= 1 for port in deployment.worker_ports),
            "both workers did not get screens",
        )

        # Each sees the others' notes live, whichever worker holds their websocket.
        for tablet in tablets:
            tablet.post("Besoins", f"Avant tout de {tablet.pseudonym}")
        _sees(tablets, [f"Avant tout de {t.pseudonym}" for t in tablets])

        # Each tablet is writing a note, not sent yet, when one worker dies mid-session (SIGKILL, no goodbye).
        dropped: set[str] = set()
        for tablet in tablets:
            tablet.column("Besoins").get_by_role("button", name=FR["note.add"]).click()
            tablet.page.locator("#note-text").press_sequentially(f"Brouillon de {tablet.pseudonym}")
            tablet.page.on(
                "websocket",
                lambda _socket, pseudonym=tablet.pseudonym: dropped.add(pseudonym),  # type: ignore[misc]
            )
        os.killpg(deployment.worker_pids[0], signal.SIGKILL)
        _wait_for(lambda: _websockets_on(deployment.worker_ports[0]) == 0, "the killed worker kept screens")
        # Its screens reconnected through nginx to the other worker.
        _wait_for(
            lambda: _websockets_on(deployment.worker_ports[1]) >= 4, "the screens did not all reconnect"
        )

        # The tablets whose worker died opened a new websocket (Playwright hands over a page's events during
        # its calls): their text is still in the field, like the others', and is sent once.
        for tablet in tablets:
            tablet.page.evaluate("0")
        assert dropped, "no tablet was on the killed worker"
        for tablet in tablets:
            field = tablet.page.locator("#note-text")
            if tablet.pseudonym in dropped:
                # Its page was redrawn from the server, the composer closed with it: opening it again brings
                # the text back.
                expect(field).to_have_count(0, timeout=15_000)
                tablet.column("Besoins").get_by_role("button", name=FR["note.add"]).click()
            expect(field).to_have_value(f"Brouillon de {tablet.pseudonym}", timeout=15_000)
            tablet.page.locator("#post-note").click()
            expect(field).to_have_count(0, timeout=15_000)
        drafts = [f"Brouillon de {t.pseudonym}" for t in tablets]
        _sees(tablets, drafts)
        # Sent, the text is forgotten: a new note starts empty.
        tablets[0].column("Besoins").get_by_role("button", name=FR["note.add"]).click()
        expect(tablets[0].page.locator("#note-text")).to_have_value("")
        tablets[0].page.keyboard.press("Escape")

        # While nothing answers at all (the proxy down too), a screen says so, calmly, and keeps the text.
        deployment.proxy.stop()
        expect(bao.page.locator("#connection-banner")).to_be_visible(timeout=15_000)
        expect(bao.page.locator("#connection-banner")).to_contain_text(FR["connection.reconnecting"])
        SHOTS.mkdir(parents=True, exist_ok=True)
        bao.page.screenshot(path=SHOTS / "reconnecting-tablet-portrait.png")
        deployment.proxy.start()
        expect(bao.page.locator("#connection-banner")).to_have_count(0, timeout=20_000)

        # Every screen works on: what each posts reaches all, and nothing posted before was lost.
        for tablet in tablets:
            tablet.post("Besoins", f"Après la panne de {tablet.pseudonym}")
        everything = [
            f"{when} {t.pseudonym}" for t in tablets for when in ("Avant tout de", "Après la panne de")
        ]
        _sees(tablets, everything)
        expect(facilitator.locator(".note")).to_have_count(9)
        # Nothing posted was lost, nothing stored twice.
        stored = deployment.notes_stored()
        assert [stored.count(note) for note in everything + drafts] == [1] * (len(everything) + len(drafts))


def test_a_board_recovers_from_a_redis_restart(browser: Browser, deployment: Deployment) -> None:
    with live_session(browser, deployment.url) as (facilitator, tablets):
        # One participant switched the board to English.
        reader = tablets[2]
        reader.page.locator("#language-en").click()
        add_in_english = reader.column("Besoins").get_by_role("button", name=EN["note.add"])
        expect(add_in_english).to_be_visible()
        for tablet in tablets:
            tablet.post("Besoins", f"Avant Redis de {tablet.pseudonym}", EN if tablet is reader else FR)
        _sees(tablets, [f"Avant Redis de {t.pseudonym}" for t in tablets])
        # Redis restarts (empty): every screen's state on the server is gone. A tablet's next event (opening
        # the composer) finds none; Reflex makes a new one, sends it whole (an empty board) and runs the
        # page's load again, which rebuilds the board from the database and leaves the composer open.
        deployment.redis.stop()
        time.sleep(2)
        deployment.redis.start()
        for tablet in tablets:
            tablet.post("Besoins", f"Après Redis de {tablet.pseudonym}", EN if tablet is reader else FR)
        everything = [f"{when} de {t.pseudonym}" for t in tablets for when in ("Avant Redis", "Après Redis")]
        _sees(tablets, everything)
        # Each page is in its reader's language again (the reader's choice is a cookie of its browser).
        expect(add_in_english).to_be_visible()
        expect(reader.page.locator("#language-en")).to_have_attribute("aria-pressed", "true")
        expect(tablets[0].page.locator("#language-fr")).to_have_attribute("aria-pressed", "true")

        # Redis loses its data again, without a connection error this time: the reader's next event finds no
        # state; Reflex rebuilds it from its defaults (French) and the page then sends its browser's values
        # again, the language cookie among them.
        deployment.redis.flush()
        again = f"Encore de {reader.pseudonym}"
        reader.post("Besoins", again, EN)
        _sees(tablets, [again])
        expect(add_in_english).to_be_visible()
        expect(reader.page.locator("#language-en")).to_have_attribute("aria-pressed", "true")
        # The facilitator's screen sent nothing since: the live boards' subscription brought it the new notes.
        for screen in [facilitator, *(t.page for t in tablets)]:
            expect(screen.locator(".note")).to_have_count(7)
        stored = deployment.notes_stored()
        assert [stored.count(note) for note in [*everything, again]] == [1] * (len(everything) + 1)


# Last of the module: it stops the last worker left (the first one was killed above).
def test_a_stopped_worker_ends_within_seconds_and_loses_nothing(
    browser: Browser, deployment: Deployment
) -> None:
    alive = [pid for pid in deployment.worker_pids if psutil.pid_exists(pid)]
    assert alive, "no worker left to stop"
    with live_session(browser, deployment.url) as (_facilitator, tablets):
        amina = tablets[0]
        amina.column("Besoins").get_by_role("button", name=FR["note.add"]).click()
        amina.page.locator("#note-text").fill("Juste avant l'arrêt")
        # Stored (the composer closes when the server has it), and the worker told to stop at once. An event
        # still on its way when a worker stops is not read (Granian closes the websockets): the tablet's
        # composer then stays open with its text, to be sent again (see the test above).
        amina.page.locator("#post-note").click()
        expect(amina.page.locator("#note-text")).to_have_count(0, timeout=15_000)
        stopping = time.monotonic()
        worker = psutil.Process(alive[-1])
        os.killpg(worker.pid, signal.SIGTERM)
        worker.wait(timeout=10)
        took = time.monotonic() - stopping
    assert took < 10
    assert deployment.notes_stored().count("Juste avant l'arrêt") == 1
    # `livinglab serve` saw it end (it looks every 0.2 s).
    _wait_for(lambda: re.search(r"Worker \d+ stopped", deployment.log.read_text()), "serve did not notice", 5)
