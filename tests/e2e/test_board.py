"""A live co-design session in real browsers: one facilitator and three tablets, each its own browser context.

What one screen does appears on the others without reload; private mode keeps each participant's notes off the
other tablets, down to the websocket frames; a screen whose session ends is sent nothing more; bad input is
explained and the typed text kept."""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import unquote

import pytest
from playwright.sync_api import Browser, BrowserContext, Locator, Page, expect
from redis import Redis

from livinglab.core.i18n import catalog
from livinglab.demo import DEMO_PASSWORD, IDEA_EVENING_FRENCH
from livinglab.ui import routes
from tests.conftest import spreadsheet_rows
from tests.e2e.conftest import (
    ARTIFACTS,
    TABLET_LANDSCAPE,
    TABLET_PORTRAIT,
    VIEWPORTS,
    free_port,
    serving_app,
    sign_in,
)
from tests.e2e.test_admin import person_card, sign_in_as_admin
from tests.e2e.test_participants import FACILITATOR_EMAIL, create_and_open_workshop, join

FR = catalog("fr")
SHOTS = ARTIFACTS / "screenshots"
PARTICIPANTS = ("Amina", "Bao", "Carmen")
ESTRIE_PRACTITIONER = "jean-philippe.roy@example.org"
# A Redis database of its own, emptied first: the tests never touch what another program keeps in Redis.
REDIS_TEST_DATABASE = 11
# Radix Themes' --pink-3, the pink note's background.
PINK_3 = "rgb(254, 233, 245)"


class Tablet:
    """A participant's tablet, with every websocket frame it received (what its browser was sent)."""

    def __init__(self, context: BrowserContext, pseudonym: str) -> None:
        self.context, self.pseudonym = context, pseudonym
        self.page = context.new_page()
        self.frames: list[str] = []
        self.page.on(
            "websocket",
            lambda socket: socket.on(
                "framereceived",
                lambda frame: self.frames.append(frame if isinstance(frame, str) else str(frame)),
            ),
        )

    def column(self, title: str) -> Locator:
        return self.page.get_by_role("region", name=title)

    def post(self, column: str, text: str, messages: dict[str, str] = FR) -> None:
        """``messages``: the catalog of the language the tablet shows."""
        self.column(column).get_by_role("button", name=messages["note.add"]).click()
        self.page.locator("#note-text").fill(text)
        self.page.locator("#post-note").click()


def drag_with_a_finger(page: Page, source: Locator, target: Locator) -> None:
    """A real touch drag (touchstart, moves, touchend through Chromium's input pipeline), not a synthetic
    mouse event: what a facilitator's finger does on a tablet. Both ends must be on screen, as for a
    finger."""
    source.evaluate("element => element.scrollIntoView({block: 'center'})")
    start, end = source.bounding_box(), target.bounding_box()
    viewport = page.viewport_size
    assert start is not None
    assert end is not None
    assert viewport is not None
    assert 0 <= end["y"] + end["height"] / 2 <= viewport["height"], "the drop target is off screen"
    x0, y0 = start["x"] + start["width"] / 2, start["y"] + start["height"] / 2
    x1, y1 = end["x"] + end["width"] / 2, end["y"] + end["height"] / 2
    touch = page.context.new_cdp_session(page)
    touch.send("Input.dispatchTouchEvent", {"type": "touchStart", "touchPoints": [{"x": x0, "y": y0}]})
    for step in range(1, 11):
        point = {"x": x0 + (x1 - x0) * step / 10, "y": y0 + (y1 - y0) * step / 10}
        touch.send("Input.dispatchTouchEvent", {"type": "touchMove", "touchPoints": [point]})
    touch.send("Input.dispatchTouchEvent", {"type": "touchEnd", "touchPoints": []})
    touch.detach()


@contextmanager
def live_session(browser: Browser, base_url: str) -> Iterator[tuple[Page, list[Tablet]]]:
    """The facilitator's laptop with a new open workshop and a « Besoins » board, and three tablets on it."""
    # The facilitator's screen is a touch screen too: a note is dragged onto a cluster with a finger.
    laptop = browser.new_context(viewport=TABLET_LANDSCAPE, locale="fr-CA", has_touch=True)
    tablets = [
        browser.new_context(viewport=TABLET_PORTRAIT, locale="fr-CA", has_touch=True) for _ in PARTICIPANTS
    ]
    try:
        facilitator = laptop.new_page()
        sign_in(facilitator, base_url, email=FACILITATOR_EMAIL, password=DEMO_PASSWORD)
        code = create_and_open_workshop(facilitator, base_url, "Atelier en direct")
        facilitator.locator("#new-board").click()
        facilitator.get_by_label(FR["board.field.title"]).fill("Nos besoins")
        facilitator.locator("#board-template").select_option("needs")
        facilitator.get_by_role("button", name=FR["board.create"]).click()
        expect(facilitator).to_have_url(re.compile(r"/tableaux/\d+/?$"))
        expect(facilitator.get_by_role("region", name=FR["console.title"])).to_be_visible()

        screens = []
        for context, pseudonym in zip(tablets, PARTICIPANTS, strict=True):
            tablet = Tablet(context, pseudonym)
            tablet.page.goto(base_url + routes.HOME)
            join(tablet.page, base_url, code, pseudonym)
            expect(tablet.page).to_have_url(re.compile(r"/tableaux/\d+/?$"))
            expect(tablet.column("Besoins")).to_be_visible()
            screens.append(tablet)
        yield facilitator, screens
    finally:
        for context in (laptop, *tablets):
            context.close()


@pytest.fixture
def session_screens(browser: Browser, base_url: str) -> Iterator[tuple[Page, list[Tablet]]]:
    with live_session(browser, base_url) as screens:
        yield screens


@pytest.fixture(scope="module")
def redis_base_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The app as production runs it: Reflex's state and the boards' fan-out on Redis."""
    redis_url = f"redis://127.0.0.1:6379/{REDIS_TEST_DATABASE}"
    Redis.from_url(redis_url).flushdb()
    with serving_app(
        tmp_path_factory.mktemp("e2e-redis"), free_port(), build_suffix="-redis", REDIS_URL=redis_url
    ) as url:
        yield url


def test_a_whole_session_private_mode_reveal_group_vote_decide_export(
    session_screens: tuple[Page, list[Tablet]],
) -> None:
    facilitator, tablets = session_screens
    amina, bao, carmen = tablets

    # Collect, in private mode: each tablet sees its own note only; the facilitator sees them all.
    facilitator.locator("#mode-private_mode").click()
    expect(amina.page.get_by_text(FR["board.mode.private"])).to_be_visible()
    sent_before_private_notes = len(carmen.frames)
    for tablet in tablets:
        tablet.post("Besoins", f"Idée secrète de {tablet.pseudonym}")
    for tablet in tablets:
        expect(tablet.column("Besoins").get_by_text(f"Idée secrète de {tablet.pseudonym}")).to_be_visible()
    expect(facilitator.locator(".note")).to_have_count(3)
    for tablet in tablets:
        for other in tablets:
            if other is not tablet:
                expect(tablet.page.get_by_text(f"Idée secrète de {other.pseudonym}")).to_have_count(0)
        expect(tablet.column("Besoins").get_by_text(re.compile("Notes déposées : 3"))).to_be_visible()
    # Not hidden by the page, absent from what the browser received: no other participant's text in any frame.
    frames = "\n".join(carmen.frames[sent_before_private_notes:])
    assert "Idée secrète de Carmen" in frames
    assert "Idée secrète de Amina" not in frames
    assert "Idée secrète de Bao" not in frames

    # Reveal: every screen shows every note, without reload.
    facilitator.locator("#mode-private_mode").click()
    for tablet in tablets:
        expect(tablet.page.locator(".note")).to_have_count(3)
    SHOTS.mkdir(parents=True, exist_ok=True)
    amina.page.screenshot(path=SHOTS / "board-participant-tablet-portrait.png", full_page=True)
    facilitator.screenshot(path=SHOTS / "board-console-tablet-landscape.png", full_page=True)

    # The text outline: columns as headings, notes as list items, in reading order; it prints as the summary.
    carmen.page.get_by_role("link", name=FR["board.outline_link"]).click()
    outline = carmen.page.get_by_role("region", name="Besoins")
    expect(outline.get_by_role("heading", level=2)).to_have_text("Besoins")
    expect(outline.get_by_role("listitem")).to_have_text(
        [f"Idée secrète de {name} — {name}" for name in PARTICIPANTS]
    )
    carmen.page.screenshot(path=SHOTS / "board-outline-tablet-portrait.png", full_page=True)
    carmen.page.get_by_role("link", name=FR["outline.back"]).click()
    expect(carmen.page.locator(".note")).to_have_count(3)

    # Group: the facilitator picks two notes and names them; every tablet shows the cluster.
    facilitator.locator(".phase-group").click()
    facilitator.locator(".select-note").nth(0).click()
    facilitator.locator(".select-note").nth(1).click()
    facilitator.locator("#cluster-name").fill("Se soigner")
    facilitator.locator("#group-notes").click()
    for tablet in tablets:
        cluster = tablet.page.get_by_role("region", name="Se soigner")
        expect(cluster.locator(".note")).to_have_count(2)
    expect(carmen.page.locator(".note")).to_have_count(3)
    # The third note joins the cluster by a drag of its handle, with a finger.
    loose = facilitator.locator(".loose-notes .note")
    expect(loose).to_have_count(1)
    drag_with_a_finger(
        facilitator, loose.locator(".drag-handle"), facilitator.get_by_role("region", name="Se soigner")
    )
    for tablet in tablets:
        expect(tablet.page.get_by_role("region", name="Se soigner").locator(".note")).to_have_count(3)
    # « Amener tout le monde à » the cluster: every tablet highlights it.
    facilitator.locator("#focus-picker").select_option(label="Se soigner")
    for tablet in tablets:
        expect(tablet.page.locator(".cluster[data-focused=true]")).to_have_accessible_name("Se soigner")
        expect(tablet.page.get_by_text(FR["board.focus_banner"])).to_be_visible()

    # Vote with a budget of 3, at most 1 per note: the fourth tap is explained and changes nothing.
    facilitator.locator(".phase-vote").click()
    expect(bao.page.locator("#board-phase")).to_have_text(FR["board.phase.vote"])
    expect(bao.page.locator("#votes-left")).to_have_text("Votes restants : 3")
    vote_buttons = bao.page.get_by_role("button", name=FR["vote.cast"], exact=True)
    for index in range(3):
        vote_buttons.nth(index).click()
        expect(bao.page.locator("#votes-left")).to_have_text(f"Votes restants : {2 - index}")
    bao.page.locator(".unvote").first.click()
    expect(bao.page.locator("#votes-left")).to_have_text("Votes restants : 1")
    vote_buttons.nth(0).click()
    expect(bao.page.locator("#votes-left")).to_have_text("Votes restants : 0")
    vote_buttons.nth(1).click()
    expect(bao.page.get_by_role("alert")).to_have_text(FR["vote.error.budget"].format(budget=3))
    expect(bao.page.locator("#votes-left")).to_have_text("Votes restants : 0")
    # Totals stay off the tablets until the facilitator shows them.
    expect(amina.page.get_by_text(re.compile(r"^Votes : \d"))).to_have_count(0)
    facilitator.locator("#mode-votes_revealed").click()
    expect(amina.page.get_by_text(re.compile(r"^Votes : 1$"))).to_have_count(3)

    # Decide: the cluster is marked « à prototyper » (every screen shows it), then made a practice draft and a
    # cycle; the console links to both, and the catalogue links back to the board.
    facilitator.locator(".phase-decide").click()
    facilitator.get_by_role("region", name="Se soigner").locator(".mark-cluster").click()
    for tablet in tablets:
        expect(tablet.page.locator(".cluster .to-prototype")).to_have_text(FR["decision.badge"])
    decisions = facilitator.get_by_role("region", name=FR["decision.title"])
    idea = decisions.locator(".idea", has_text="Se soigner")
    idea.locator(".create-practice").click()
    expect(idea.locator(".outcome")).to_have_text(["Fiche : Se soigner"])
    expect(idea.locator(".create-practice")).to_have_count(0)
    idea.locator("select").select_option(label="Se soigner")
    idea.locator(".create-cycle").click()
    expect(idea.locator(".outcome")).to_have_text(["Fiche : Se soigner", "Cycle 1 : Se soigner"])
    facilitator.screenshot(path=SHOTS / "board-decisions-tablet-landscape.png", full_page=True)
    board_url = facilitator.url
    idea.locator(".outcome").first.click()
    origin = facilitator.locator(".idea-origin", has_text="Atelier en direct")
    expect(origin).to_have_text("Née de l'atelier « Atelier en direct », tableau « Nos besoins »")
    origin.click()
    expect(facilitator).to_have_url(board_url)
    expect(facilitator.locator(".cluster .to-prototype")).to_be_visible()

    # Export: the board as the session left it.
    with facilitator.expect_download() as download:
        facilitator.locator("#export-csv").click()
    rows = spreadsheet_rows(Path(download.value.path()).read_text(encoding="utf-8"))
    assert sorted(rows[1:]) == [
        ["Besoins", "Se soigner", f"Idée secrète de {name}", name, "1"] for name in PARTICIPANTS
    ]


def test_bad_input_is_explained_the_text_kept_and_markup_shown_as_text(
    session_screens: tuple[Page, list[Tablet]],
) -> None:
    facilitator, [amina, bao, _carmen] = session_screens
    page = amina.page

    amina.post("Idées", "   ")
    expect(page.get_by_role("alert")).to_have_text(FR["note.error.empty"])
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SHOTS / "board-composer-error-tablet-portrait.png")
    too_long = "Un jardin communautaire " * 12  # 288 characters
    page.locator("#note-text").fill(too_long)
    page.locator("#post-note").click()
    expect(page.get_by_role("alert")).to_contain_text("280")
    expect(page.locator("#note-text")).to_have_value(too_long)
    page.locator("#note-text").fill("<b>gras</b><script>window.pwned=1</script>")
    page.locator("label:has(input[value=pink])").click()  # the swatch a finger taps
    expect(page.get_by_role("radio", name=FR["note.color.pink"])).to_be_checked()
    page.locator("#post-note").click()
    expect(bao.page.get_by_text("<b>gras</b><script>window.pwned=1</script>")).to_be_visible()
    expect(bao.page.locator(".note", has_text="<b>gras</b>")).to_have_css("background-color", PINK_3)
    assert bao.page.evaluate("window.pwned") is None

    # A frozen board refuses, says why, and keeps the text.
    amina.column("Idées").get_by_role("button", name=FR["note.add"]).click()
    page.locator("#note-text").fill("Trop tard ?")
    facilitator.locator("#mode-frozen").click()
    expect(page.get_by_text(FR["board.mode.frozen"])).to_be_visible()
    page.locator("#post-note").click()
    expect(page.get_by_role("alert")).to_have_text(FR["board.error.frozen"])
    expect(page.locator("#note-text")).to_have_value("Trop tard ?")


def test_a_tablet_that_loses_its_connection_comes_back_to_the_current_board(
    session_screens: tuple[Page, list[Tablet]],
) -> None:
    facilitator, [amina, bao, _carmen] = session_screens
    amina.post("Obstacles", "Les horaires du bus")
    expect(bao.page.get_by_text("Les horaires du bus")).to_be_visible()

    bao.context.set_offline(True)
    amina.post("Obstacles", "Pendant la coupure")
    facilitator.locator(".phase-group").click()
    bao.context.set_offline(False)
    expect(bao.page.get_by_text("Pendant la coupure")).to_be_visible(timeout=20_000)
    expect(bao.page.locator("#board-phase")).to_have_text(FR["board.phase.group"])
    # And it is live again, not a picture of the past.
    facilitator.locator(".phase-vote").click()
    expect(bao.page.locator("#board-phase")).to_have_text(FR["board.phase.vote"])


def test_the_countdown_and_the_focus_reach_every_screen(session_screens: tuple[Page, list[Tablet]]) -> None:
    facilitator, tablets = session_screens
    facilitator.get_by_role("button", name="5 min", exact=True).click()
    for tablet in tablets:
        # Ticked by each browser from the same instant: 5:00 then down, never a round trip per second.
        expect(tablet.page.get_by_role("timer").locator(".countdown")).to_have_attribute(
            "data-remaining", re.compile(r"^[45]:[0-5]\d$")
        )
    facilitator.get_by_role("button", name=FR["console.timer_stop"]).click()
    for tablet in tablets:
        expect(tablet.page.get_by_role("timer")).to_have_count(0)

    # « Ressources », the last column, is off a portrait tablet's screen until the facilitator brings everyone
    # to it.
    expect(tablets[0].column("Ressources")).not_to_be_in_viewport()
    facilitator.locator("#focus-picker").select_option(label="Ressources")
    for tablet in tablets:
        expect(tablet.column("Ressources")).to_have_attribute("data-focused", "true")
        expect(tablet.column("Ressources")).to_be_in_viewport(ratio=0.9)
        expect(tablet.column("Besoins")).to_have_attribute("data-focused", "false")
    facilitator.locator("#focus-picker").select_option(value="")
    for tablet in tablets:
        expect(tablet.page.get_by_text(FR["board.focus_banner"])).to_have_count(0)


def test_simultaneous_posts_lose_nothing_and_duplicate_nothing(
    session_screens: tuple[Page, list[Tablet]],
) -> None:
    facilitator, tablets = session_screens
    for tablet in tablets:
        tablet.column("Ressources").get_by_role("button", name=FR["note.add"]).click()
        tablet.page.locator("#note-text").fill(f"En même temps, {tablet.pseudonym}")
    # The three taps leave together: none waits for another's answer.
    for tablet in tablets:
        tablet.page.locator("#post-note").dispatch_event("click")
    for screen in (facilitator, *(tablet.page for tablet in tablets)):
        for tablet in tablets:
            expect(screen.get_by_text(f"En même temps, {tablet.pseudonym}")).to_have_count(1)
    expect(facilitator.locator(".note")).to_have_count(3)


@pytest.mark.parametrize("size", VIEWPORTS)
def test_the_projector_and_the_board_fit_every_screen(
    session_screens: tuple[Page, list[Tablet]], browser: Browser, size: str
) -> None:
    facilitator, [amina, *_] = session_screens
    amina.post("Besoins", "Trouver un médecin de famille")
    amina.post("Idées", "Un jumelage avec une famille d'ici")
    SHOTS.mkdir(parents=True, exist_ok=True)
    for lang in ("fr", "en"):
        amina.page.locator(f"#language-{lang}").click()
        amina.page.set_viewport_size(VIEWPORTS[size])
        amina.page.screenshot(path=SHOTS / f"board-{size}-{lang}.png", full_page=True)
    projector = facilitator.context.new_page()
    projector.set_viewport_size(VIEWPORTS[size])
    projector.goto(facilitator.url.rstrip("/") + "/projection")
    expect(projector.locator("#projection-code")).to_be_visible()
    expect(projector.get_by_text("Un jumelage avec une famille d'ici")).to_be_visible()
    projector.screenshot(path=SHOTS / f"projector-{size}.png", full_page=True)
    projector.close()


def test_the_facilitator_exports_the_board_and_a_participant_cannot(
    session_screens: tuple[Page, list[Tablet]], base_url: str
) -> None:
    facilitator, [amina, bao, _carmen] = session_screens
    amina.post("Idées", "Un jumelage avec une famille d'ici")
    expect(facilitator.get_by_text("Un jumelage avec une famille d'ici")).to_be_visible()
    board_id = re.search(r"/tableaux/(\d+)", facilitator.url).group(1)  # type: ignore[union-attr]

    with facilitator.expect_download() as download:
        facilitator.locator("#export-csv").click()
    rows = spreadsheet_rows(Path(download.value.path()).read_text(encoding="utf-8"))
    assert rows[0] == ["Colonne", "Regroupement", "Note", "Auteur", "Votes"]
    assert ["Idées", "", "Un jumelage avec une famille d'ici", "Amina", "0"] in rows
    with facilitator.expect_download() as download:
        facilitator.locator("#export-md").click()
    assert "- Un jumelage avec une famille d'ici (Amina)" in Path(download.value.path()).read_text(
        encoding="utf-8"
    )

    # A participant's session does not open the export, and learns nothing from the answer.
    url = f"{base_url}{routes.board_export(board_id, 'csv')}"
    assert bao.page.request.get(url).status == 404


def test_with_redis_every_tablet_sees_the_board_live_and_private_mode_holds(
    browser: Browser, redis_base_url: str
) -> None:
    with live_session(browser, redis_base_url) as (facilitator, tablets):
        amina, bao, carmen = tablets
        facilitator.locator("#mode-private_mode").click()
        expect(amina.page.get_by_text(FR["board.mode.private"])).to_be_visible()
        sent_before = len(carmen.frames)
        amina.post("Besoins", "Secret d'Amina sur Redis")
        expect(facilitator.get_by_text("Secret d'Amina sur Redis")).to_be_visible()
        expect(bao.column("Besoins").get_by_text(re.compile("Notes déposées : 1"))).to_be_visible()
        assert "Secret d'Amina sur Redis" not in "\n".join(carmen.frames[sent_before:])
        facilitator.locator("#mode-private_mode").click()
        for tablet in tablets:
            expect(tablet.page.get_by_text("Secret d'Amina sur Redis")).to_be_visible()


def test_a_console_whose_session_an_administrator_ends_is_sent_no_more_notes(
    session_screens: tuple[Page, list[Tablet]], browser: Browser, base_url: str
) -> None:
    facilitator, [amina, *_] = session_screens
    facilitator.locator("#mode-private_mode").click()
    expect(amina.page.get_by_text(FR["board.mode.private"])).to_be_visible()
    # The facilitator's console in a second tab of the laptop, every frame its browser receives recorded.
    console = Tablet(facilitator.context, "console")
    console.page.goto(facilitator.url)
    board_path = console.page.url.removeprefix(base_url)
    amina.post("Besoins", "Avant la fin de session")
    expect(console.page.get_by_text("Avant la fin de session")).to_be_visible()

    # An administrator ends every session of the facilitator, from another computer.
    office = browser.new_context(viewport=TABLET_LANDSCAPE, locale="fr-CA")
    try:
        admin = office.new_page()
        sign_in_as_admin(admin, base_url)
        card = person_card(admin, "Karim Benali")
        end_sessions = card.get_by_role("button", name=FR["admin.sessions.end"])
        end_sessions.click()
        expect(end_sessions).to_be_disabled()
    finally:
        office.close()

    # A participant then posts in private mode: the console's browser is sent nothing of it, not even a frame.
    amina.post("Besoins", "Après la fin de session")
    expect(amina.column("Besoins").get_by_text("Après la fin de session")).to_be_visible()
    # The frames of a pass reach every screen within milliseconds: leave the console's a whole second.
    console.page.wait_for_timeout(1000)
    assert "Avant la fin de session" in "\n".join(console.frames)
    assert "Après la fin de session" not in "\n".join(console.frames)
    # Its page was emptied and loaded again, and the guard sent it to sign in, to come back to the board.
    expect(console.page).to_have_url(re.compile(re.escape(routes.SIGN_IN)))
    assert board_path.rstrip("/") in unquote(console.page.url)
    expect(facilitator).to_have_url(re.compile(re.escape(routes.SIGN_IN)))


def _adaptation_editor(context: BrowserContext, base_url: str, email: str | None = None) -> Tablet:
    """A staff member's browser on the new adaptation's editor (signed in as ``email`` first, if given),
    every frame it receives recorded."""
    staff = Tablet(context, email or "")
    if email is not None:
        sign_in(staff.page, base_url, email=email, password=DEMO_PASSWORD)
    staff.page.goto(base_url + routes.ADAPTATION_NEW)
    expect(staff.page.get_by_role("heading", level=1)).to_have_text(FR["adaptation.editor_title"])
    return staff


def test_a_private_note_reaches_no_page_outside_the_board_until_the_reveal(
    session_screens: tuple[Page, list[Tablet]], browser: Browser, base_url: str
) -> None:
    facilitator, [amina, *_] = session_screens
    facilitator.locator("#mode-private_mode").click()
    expect(amina.page.get_by_text(FR["board.mode.private"])).to_be_visible()
    amina.post("Besoins", "Une halte-garderie pendant les cours")
    expect(facilitator.get_by_text("Une halte-garderie pendant les cours")).to_be_visible()

    # The workshop is the federation's. Its own staff write adaptations from its ideas (the facilitator, in a
    # second tab): while the board is private, the editor never offers this one, down to the frames.
    own = _adaptation_editor(facilitator.context, base_url)
    other = browser.new_context(viewport=TABLET_LANDSCAPE, locale="fr-CA")
    try:
        estrie = _adaptation_editor(other, base_url, ESTRIE_PRACTITIONER)
        expect(estrie.page.get_by_text(IDEA_EVENING_FRENCH).first).to_be_visible()
        # The facilitator also facilitates in Estrie: once its ideas are shown, the whole list has arrived.
        expect(own.page.get_by_text(IDEA_EVENING_FRENCH).first).to_be_visible()
        assert "Une halte-garderie" not in "\n".join(own.frames)

        # Revealed, it is the federation's idea like the others; another organization's staff never see it.
        facilitator.locator("#mode-private_mode").click()
        expect(amina.page.get_by_text(FR["board.mode.private"])).to_have_count(0)
        for staff in (own, estrie):
            staff.page.reload()
            expect(staff.page.get_by_role("heading", level=1)).to_have_text(FR["adaptation.editor_title"])
        expect(own.page.get_by_text("Une halte-garderie pendant les cours").first).to_be_visible()
        expect(estrie.page.get_by_text(IDEA_EVENING_FRENCH).first).to_be_visible()
        assert "Une halte-garderie" not in "\n".join(estrie.frames)
    finally:
        other.close()
