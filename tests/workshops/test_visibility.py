"""Private mode holds everywhere: every place that reads notes outside the live board applies the one rule
of livinglab/workshops/visibility.py — private until revealed, hidden by moderation, the organization's
staff only.

The world: the live board's organization has a revealed board with a participant's note and a moderated one,
and a board in private mode with a participant's note and the facilitator's; another organization has a note
of its own. Every note was linked everywhere it can be (adaptation, cycle feedback, practices and cycles made
from it) while all were still in view: then one was moderated and the other board put in private mode.

``READERS`` lists every reader and how to run it; the last tests scan the code, so that a function reading
notes outside the live board and missing from ``READERS`` fails the build.
"""

from __future__ import annotations

import ast
import dataclasses
import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from livinglab.adaptations import service as adaptations
from livinglab.adaptations.models import Adaptation, adaptation_idea
from livinglab.adaptations.service import AdaptationInput
from livinglab.catalog import reading as sheet_reading
from livinglab.catalog import service as catalog
from livinglab.catalog import sheets
from livinglab.catalog.models import Practice
from livinglab.catalog.search import SearchQuery
from livinglab.core.errors import DomainError
from livinglab.core.i18n import LANGUAGES
from livinglab.core.i18n import catalog as messages
from livinglab.core.taxonomy import ensure_taxonomy
from livinglab.cycles import feedback, reading, report
from livinglab.cycles import service as cycles
from livinglab.cycles.models import Cycle, CycleFeedback
from livinglab.demo import CAFES_ADAPTATIONS
from livinglab.frameworks.answers import AnswersRejected
from livinglab.identity import consent
from livinglab.identity import service as identity
from livinglab.identity.models import OrganizationKind, Role
from livinglab.identity.sessions import Identity
from livinglab.models import Base
from livinglab.workshops import decisions, export, facilitation, notes, service, snapshots, visibility
from livinglab.workshops.decisions import IdeaKind
from livinglab.workshops.models import Board, BoardPhase, Cluster, Note, WorkshopStatus
from livinglab.workshops.rules import Actor
from tests.catalog.test_sheets import CONTENT
from tests.test_demo import ADMIN
from tests.workshops.conftest import LiveBoard

REVEALED, FACILITATORS, PRIVATE, MODERATED, OTHER = (
    "revealed",
    "facilitators",
    "private",
    "moderated",
    "other",
)
TEXTS = {
    REVEALED: "Un jardin partagé près de l'école",
    # On a board in private mode, what the facilitator posts stays in view (the board's own rule).
    FACILITATORS: "Consigne : pensez à la première semaine",
    PRIVATE: "Mon loyer a doublé et je n'ose pas le dire",
    MODERATED: "Appelez-moi au 555-0199",
    OTHER: "Une navette vers l'usine, dans l'autre région",
}
READABLE = {REVEALED, FACILITATORS}


@dataclass(frozen=True)
class World:
    reader: Identity
    boards: tuple[int, ...]
    note_ids: dict[str, int]
    # The practice every link below belongs to (carried by both organizations), and one more per organization
    # for the decisions to make cycles in.
    practice_id: int
    spare_practices: dict[int, int]
    # Made from each note: a practice and a cycle; the feedback cycle quotes every note.
    origin_practices: dict[str, int]
    origin_cycles: dict[str, int]
    feedback_cycle_id: int
    adaptation_id: int

    def key(self, note_id: int) -> str:
        return next(key for key, known in self.note_ids.items() if known == note_id)


def _said(text: str) -> set[str]:
    """The notes whose text appears in ``text``."""
    return {key for key, said in TEXTS.items() if said in text}


def _post(db: Session, board: Board, key: str, actor: Actor) -> int:
    return notes.post_note(
        db=db, board_id=board.id, column_id=board.columns[0].id, text=TEXTS[key], color="yellow", actor=actor
    ).id


@pytest.fixture
def world(db: Session, live: LiveBoard) -> World:
    ensure_taxonomy(db=db)
    organization = live.board.workshop.organization_id
    private_board = facilitation.create_board(
        db=db, workshop_id=live.board.workshop_id, title="En privé", template=facilitation.BoardTemplate.NEEDS
    )
    elsewhere = identity.create_organization(
        db=db, name="Autre organisme", slug="autre-organisme", kind=OrganizationKind.MEMBER
    )
    workshop = service.create_workshop(
        db=db,
        organization_id=elsewhere.id,
        title="Atelier d'ailleurs",
        purpose="Co-concevoir",
        scheduled_on=dt.date(2026, 11, 28),
        status=WorkshopStatus.OPEN,
    )
    other_board = facilitation.create_board(
        db=db, workshop_id=workshop.id, title="Ailleurs", template=facilitation.BoardTemplate.NEEDS
    )
    chen = consent.join_workshop(
        db=db, workshop_id=workshop.id, pseudonym="Chen", language="fr", consented=True
    )
    note_ids = {
        REVEALED: _post(db, live.board, REVEALED, live.amina),
        MODERATED: _post(db, live.board, MODERATED, live.bao),
        PRIVATE: _post(db, private_board, PRIVATE, live.amina),
        FACILITATORS: _post(db, private_board, FACILITATORS, live.facilitator),
        OTHER: _post(db, other_board, OTHER, Actor(guest_id=chen.id)),
    }

    def sheet(title: str, lead: int, *co_carriers: int) -> int:
        content = dataclasses.replace(CONTENT, title=title, carrier_ids=co_carriers)
        return sheets.create_sheet(db=db, organization_id=lead, content=content, author_id=None).id

    practice_id = sheet("Café-rencontre des deux régions", organization, elsewhere.id)
    origin_practices, origin_cycles = {}, {}
    feedback_cycle = cycles.create_cycle(db=db, practice_id=practice_id, title="Retours", plan={})
    for key, note_id in note_ids.items():
        origin_practices[key] = sheet(f"Née de l'idée {key}", organization)
        db.get_one(Practice, origin_practices[key]).origin_note_id = note_id
        origin_cycles[key] = cycles.create_cycle(
            db=db, practice_id=practice_id, title=f"Teste l'idée {key}", plan={}, origin_note_id=note_id
        ).id
        db.add(CycleFeedback(cycle=feedback_cycle, text=TEXTS[key], note_id=note_id))
    _, _, _, _, answers = CAFES_ADAPTATIONS[0]
    # An administrator reads every note: this record names them all, as today's code let anyone do.
    adaptation = adaptations.save_adaptation(
        db=db,
        adaptation_id=None,
        record=AdaptationInput(
            practice_id, organization, "05", "Le soir.", answers, (), tuple(note_ids.values())
        ),
        by=ADMIN,
    )
    # Later, the facilitator hides a note and starts a board in private mode.
    notes.hide_note(
        db=db, board_id=live.board.id, note_id=note_ids[MODERATED], reason="personal_data", by_person_id=None
    )
    facilitation.set_modes(db=db, board_id=private_board.id, private_mode=True)
    return World(
        reader=live.staff,
        boards=(live.board.id, private_board.id, other_board.id),
        note_ids=note_ids,
        practice_id=practice_id,
        spare_practices={
            organization: sheet("Jumelage", organization),
            elsewhere.id: sheet("Navette", elsewhere.id),
        },
        origin_practices=origin_practices,
        origin_cycles=origin_cycles,
        feedback_cycle_id=feedback_cycle.id,
        adaptation_id=adaptation.id,
    )


# Every reader: what it shows, as the notes it names. ``functions`` are the code that reads notes, as the scan
# below finds it.


@dataclass(frozen=True)
class Reader:
    name: str
    functions: tuple[str, ...]
    read: Callable[[Session, World], set[str]]


def _ideas(db: Session, w: World) -> set[str]:
    return {w.key(idea.note_id) for idea in service.ideas(db=db, reader=w.reader)}


def _adaptation(db: Session, w: World) -> set[str]:
    record = adaptations.detail(db=db, adaptation_id=w.adaptation_id, reader=w.reader)
    assert record is not None
    return {w.key(idea.note_id) for idea in record.ideas}


def _search_origins(db: Session, w: World) -> set[str]:
    found = catalog.search_practices(db=db, query=SearchQuery(), published_only=False, reader=w.reader)
    by_practice = {practice: key for key, practice in w.origin_practices.items()}
    return {by_practice[p.id] for p in found.practices if p.origin.board_id and p.id in by_practice}


def _sheet_origins(db: Session, w: World) -> set[str]:
    slugs = {key: db.get_one(Practice, practice).slug for key, practice in w.origin_practices.items()}
    views = {
        key: sheet_reading.sheet_view(db=db, slug=slug, staff=True, reader=w.reader)
        for key, slug in slugs.items()
    }
    return {key for key, view in views.items() if view is not None and view.origin.board_id}


def _cycle_list_origins(db: Session, w: World) -> set[str]:
    by_cycle = {cycle: key for key, cycle in w.origin_cycles.items()}
    return {
        by_cycle[c.id]
        for c in cycles.list_cycles(db=db, reader=w.reader)
        if c.origin.board_id and c.id in by_cycle
    }


def _cycle_page_origins(db: Session, w: World) -> set[str]:
    views = {
        key: reading.cycle_view(db=db, cycle_id=cycle, lang="fr", reader=w.reader)
        for key, cycle in w.origin_cycles.items()
    }
    return {key for key, view in views.items() if view is not None and view.origin.board_id}


def _cycle_feedback(db: Session, w: World) -> set[str]:
    view = reading.cycle_view(db=db, cycle_id=w.feedback_cycle_id, lang="fr", reader=w.reader)
    assert view is not None
    # Each quote still names the board it was said on.
    assert all(item.source.board_id for item in view.feedback)
    return _said(" ".join(item.text for item in view.feedback))


def _cycle_report(db: Session, w: World) -> set[str]:
    view = reading.cycle_view(db=db, cycle_id=w.feedback_cycle_id, lang="fr", reader=w.reader)
    assert view is not None
    return _said(report.cycle_report(view, "fr").replace("\\", ""))


def _feedback_sources(db: Session, w: World) -> set[str]:
    shown = set()
    for board_id in w.boards:
        try:
            board_notes = feedback.board_notes(
                db=db, practice_id=w.practice_id, board_id=board_id, reader=w.reader
            )
        except DomainError:
            continue
        shown |= {w.key(note.id) for note in board_notes}
    return shown


def _exports(db: Session, w: World) -> set[str]:
    shown = set()
    for board_id in w.boards:
        content = export.readable_board(db=db, board_id=board_id, reader=w.reader)
        if content is not None:
            shown |= _said(
                export.board_markdown(content, "fr").replace("\\", "") + export.board_csv(content, "fr")
            )
    return shown


def _decide(db: Session, w: World) -> None:
    for board_id in w.boards:
        facilitation.set_phase(db=db, board_id=board_id, phase=BoardPhase.DECIDE)


def _cycles_made_from_notes(db: Session, w: World) -> set[str]:
    _decide(db, w)
    made, refusals = set(), set()
    for key, note_id in w.note_ids.items():
        note = db.get_one(Note, note_id)
        note.to_prototype = True
        try:
            cycle = decisions.create_cycle(
                db=db,
                board_id=note.board_id,
                kind=IdeaKind.NOTE,
                idea_id=note_id,
                practice_id=w.spare_practices[note.board.workshop.organization_id],
                by=w.reader,
            )
        except DomainError as refused:
            refusals.add(refused.key)
        else:
            made |= {key} & _said(cycle.plan["objective"])
    # A moderated note is no idea any more; a private one, or another organization's, is not the reader's.
    assert refusals == {"note.error.not_found", "decision.error.not_readable"}
    return made


def _practices_made_from_clusters(db: Session, w: World) -> set[str]:
    _decide(db, w)
    quoted = set()
    for board_id in w.boards:
        board = db.get_one(Board, board_id)
        cluster = Cluster(
            board_id=board_id, column_id=board.columns[0].id, name="Ensemble", to_prototype=True
        )
        db.add(cluster)
        db.flush()
        for note in board.notes:
            note.cluster_id = cluster.id
        practice = decisions.create_practice_draft(
            db=db, board_id=board_id, kind=IdeaKind.CLUSTER, idea_id=cluster.id, by=w.reader
        )
        assert practice.current_version is not None
        quoted |= _said(practice.current_version.description_md.replace("\\", ""))
    return quoted


READERS = (
    Reader("the adaptation editor's list of ideas", ("livinglab.workshops.service.ideas",), _ideas),
    Reader(
        "an adaptation record's ideas",
        ("livinglab.adaptations.service.detail", "livinglab.workshops.service.ideas"),
        _adaptation,
    ),
    Reader(
        "the catalogue search's origin line", ("livinglab.workshops.service.idea_origins",), _search_origins
    ),
    Reader("a practice sheet's origin line", ("livinglab.workshops.service.idea_origins",), _sheet_origins),
    Reader(
        "the cycle list's origin line", ("livinglab.workshops.service.idea_origins",), _cycle_list_origins
    ),
    Reader("a cycle page's origin line", ("livinglab.workshops.service.idea_origins",), _cycle_page_origins),
    Reader("a cycle's feedback", ("livinglab.cycles.reading._feedback",), _cycle_feedback),
    Reader("a cycle's report", ("livinglab.cycles.reading._feedback",), _cycle_report),
    Reader(
        "the notes a cycle's feedback may quote",
        ("livinglab.workshops.service.public_notes",),
        _feedback_sources,
    ),
    Reader("a board's Markdown and CSV export", ("livinglab.workshops.export.readable_board",), _exports),
    Reader(
        "a decision: a note made into a cycle",
        ("livinglab.workshops.decisions._idea", "livinglab.workshops.decisions._marked_idea"),
        _cycles_made_from_notes,
    ),
    Reader(
        "a decision: a cluster made into a practice draft",
        ("livinglab.workshops.decisions._title_and_notes",),
        _practices_made_from_clusters,
    ),
)


@pytest.mark.parametrize("reader", READERS, ids=[reader.name for reader in READERS])
def test_a_reader_shows_no_private_moderated_or_other_organizations_note(
    db: Session, world: World, reader: Reader
) -> None:
    assert reader.read(db, world) == READABLE


def test_the_live_board_and_every_reader_agree_on_what_is_in_view(db: Session, world: World) -> None:
    for board_id in world.boards:
        content = snapshots.read_board(db=db, board_id=board_id)
        assert content is not None
        on_the_board = {
            note.id for column in snapshots.public_snapshot(content).columns for note in column.notes
        }
        in_python = {note.id for note in content.notes if visibility.in_view(content.board, note)}
        in_sql = set(
            db.scalars(select(Note.id).join(Board).where(Note.board_id == board_id, visibility.IN_VIEW))
        )
        assert on_the_board == in_python == in_sql


def test_the_organizations_staff_and_administrators_read_its_notes_no_one_else(
    db: Session, world: World
) -> None:
    [organization_a, organization_b] = [
        db.get_one(Board, board_id).workshop.organization_id
        for board_id in (world.boards[0], world.boards[2])
    ]
    manager_b = Identity(
        session_id=0, display_name="G", person_id=None, roles=frozenset({(organization_b, Role.MANAGER)})
    )
    participant = Identity(session_id=0, display_name="Amina", guest_id=1, guest_workshop_id=1)
    participant_role = Identity(
        session_id=0, display_name="P", person_id=None, roles=frozenset({(organization_a, Role.PARTICIPANT)})
    )

    def read_by(reader: Identity | None) -> set[str]:
        return {world.key(idea.note_id) for idea in service.ideas(db=db, reader=reader)}

    assert read_by(ADMIN) == READABLE | {OTHER}
    assert read_by(manager_b) == {OTHER}
    assert read_by(None) == read_by(participant) == read_by(participant_role) == set()


# Saving a link: refused beside the field, in the reader's language, nothing saved.


def test_every_language_says_why_a_link_is_refused() -> None:
    for lang in LANGUAGES:
        assert messages(lang)[visibility.LINK_REFUSED].strip()
        assert messages(lang)["decision.error.not_readable"].strip()


def _links(db: Session) -> int:
    return (db.scalar(select(func.count()).select_from(adaptation_idea)) or 0) + (
        db.scalar(select(func.count(CycleFeedback.id))) or 0
    )


@pytest.mark.parametrize("key", [PRIVATE, MODERATED, OTHER])
def test_an_adaptation_naming_a_note_its_author_may_not_read_is_refused_and_nothing_saved(
    db: Session, world: World, key: str
) -> None:
    records, links = db.scalar(select(func.count(Adaptation.id))), _links(db)
    _, _, _, _, answers = CAFES_ADAPTATIONS[0]
    organization = db.get_one(Board, world.boards[0]).workshop.organization_id
    ticked = (world.note_ids[REVEALED], world.note_ids[key])
    record = AdaptationInput(world.practice_id, organization, "05", "Le soir.", answers, (), ticked)
    with pytest.raises(AnswersRejected) as refused:
        adaptations.save_adaptation(db=db, adaptation_id=None, record=record, by=world.reader)
    assert [(e.part, e.key) for e in refused.value.errors] == [("ideas", visibility.LINK_REFUSED)]
    assert (db.scalar(select(func.count(Adaptation.id))), _links(db)) == (records, links)
    saved = adaptations.save_adaptation(
        db=db, adaptation_id=None, record=dataclasses.replace(record, note_ids=ticked[:1]), by=world.reader
    )
    assert db.scalars(
        select(adaptation_idea.c.note_id).where(adaptation_idea.c.adaptation_id == saved.id)
    ).all() == [world.note_ids[REVEALED]]


def test_editing_a_record_keeps_the_links_its_editor_cannot_see_and_shows_them_to_no_one_who_may_not(
    db: Session, world: World
) -> None:
    before = set(
        db.scalars(
            select(adaptation_idea.c.note_id).where(adaptation_idea.c.adaptation_id == world.adaptation_id)
        )
    )
    record = adaptations.detail(db=db, adaptation_id=world.adaptation_id, reader=world.reader)
    assert record is not None
    adaptations.save_adaptation(
        db=db,
        adaptation_id=world.adaptation_id,
        record=AdaptationInput(
            record.practice_id,
            record.organization_id,
            record.region_code,
            record.summary,
            record.frame,
            (),
            (),
        ),
        by=world.reader,
    )
    after = set(
        db.scalars(
            select(adaptation_idea.c.note_id).where(adaptation_idea.c.adaptation_id == world.adaptation_id)
        )
    )
    # The editor unticked what they saw; what they could not see is not theirs to remove.
    assert after == before - {world.note_ids[key] for key in READABLE}
    shown = adaptations.detail(db=db, adaptation_id=world.adaptation_id, reader=ADMIN)
    assert shown is not None
    assert {world.key(idea.note_id) for idea in shown.ideas} == {OTHER}


@pytest.mark.parametrize("key", [PRIVATE, MODERATED, OTHER])
def test_feedback_pulled_from_a_note_its_puller_may_not_read_is_refused_and_nothing_saved(
    db: Session, world: World, key: str
) -> None:
    cycle = db.get_one(Cycle, world.feedback_cycle_id)
    note = db.get_one(Note, world.note_ids[key])
    links = _links(db)
    with pytest.raises(DomainError) as refused:
        feedback.pull_note(db=db, cycle=cycle, board_id=note.board_id, note_id=note.id, by=world.reader)
    # Another organization's board is not even offered as a source.
    assert refused.value.key == ("cycle.error.board_not_found" if key == OTHER else visibility.LINK_REFUSED)
    assert all(messages(lang)[refused.value.key] for lang in LANGUAGES)
    assert _links(db) == links


def test_a_quote_saved_while_in_view_leaves_the_cycle_when_its_note_is_hidden(
    db: Session, live: LiveBoard
) -> None:
    # The same path a practitioner takes, then the facilitator's moderation.
    ensure_taxonomy(db=db)
    organization = live.board.workshop.organization_id
    practice = sheets.create_sheet(db=db, organization_id=organization, content=CONTENT, author_id=None)
    cycle = cycles.create_cycle(db=db, practice_id=practice.id, title="Retours", plan={})
    note = _post(db, live.board, REVEALED, live.amina)
    feedback.pull_note(db=db, cycle=cycle, board_id=live.board.id, note_id=note, by=live.staff)

    def quoted() -> set[str]:
        view = reading.cycle_view(db=db, cycle_id=cycle.id, lang="fr", reader=live.staff)
        assert view is not None
        return _said(" ".join(item.text for item in view.feedback))

    assert quoted() == {REVEALED}
    notes.hide_note(db=db, board_id=live.board.id, note_id=note, reason="off_topic", by_person_id=None)
    assert quoted() == set()
    notes.restore_note(db=db, board_id=live.board.id, note_id=note, by_person_id=None)
    facilitation.set_modes(db=db, board_id=live.board.id, private_mode=True)
    assert quoted() == set()


# Every reader is in READERS: a function that reads notes outside the live board without being listed (and
# tested above) fails here, and so does one listed that does not go through the rule.

PACKAGE = Path(__file__).resolve().parents[2] / "livinglab"
RULE_MODULE = "livinglab.workshops.visibility"
# The live board itself: posts, votes and clusters change notes, and the one read of a board is cut for each
# audience by the snapshots, with the rule's Python form.
LIVE_BOARD_MODULES = {
    "livinglab.workshops.notes",
    "livinglab.workshops.votes",
    "livinglab.workshops.clusters",
    "livinglab.workshops.snapshots",
    "livinglab.workshops.live",
}
# Functions that touch notes but show none of them, each with why.
SHOW_NO_NOTE = {
    "livinglab.identity.consent.withdraw_consent": "erases a withdrawing participant's notes or their author",
    "livinglab.workshops.decisions.outcomes": "the board's console: practices and cycles made from its ideas",
    "livinglab.workshops.service.list_workshops": "counts notes as the board does (NOT_MODERATED)",
    "livinglab.workshops.service.get_workshop_boards": "counts notes as the board does (NOT_MODERATED)",
}
# Where a function may only link notes: what saves a link is checked by the tests above.
LINK_SAVERS = {
    "livinglab.adaptations.service._set_links": "test_an_adaptation_naming_a_note_its_author_may_not_read…",
    "livinglab.cycles.feedback.pull_note": "test_feedback_pulled_from_a_note_its_puller_may_not_read…",
}


def _note_tables() -> tuple[set[str], set[str]]:
    """The names that reach notes in the code: the Note class and link tables (as Python names), and the
    columns that link to a note (as attributes of a model or a table), all read from the schema, so that a
    new link is watched without a word here."""
    note = Base.metadata.tables["note"]
    mapped = {mapper.local_table.name: mapper.class_.__name__ for mapper in Base.registry.mappers}

    def links(table: object) -> list[str]:
        return [
            column.name for column in table.columns for key in column.foreign_keys if key.column.table is note
        ]  # type: ignore[attr-defined]

    names = {mapped["note"]} | {
        table.name for table in Base.metadata.tables.values() if table.name not in mapped and links(table)
    }
    columns = {column for table in Base.metadata.tables.values() for column in links(table)}
    return names, columns


@dataclass
class _Touch:
    notes: bool = False
    rule: bool = False


class _Scan(ast.NodeVisitor):
    """Which functions of a module reach notes (a select on Note, a link column, a board read whole), and
    whether each goes through the rule module. Annotations are not reads, and are skipped."""

    def __init__(self, module: str, names: set[str], columns: set[str]) -> None:
        self.module, self.names, self.columns = module, names, columns
        self.path: list[str] = []
        self.found: dict[str, _Touch] = {}

    def _here(self) -> _Touch | None:
        return self.found.setdefault(".".join([self.module, *self.path]), _Touch()) if self.path else None

    def visit_FunctionDef(self, node: ast.FunctionDef | ast.AsyncFunctionDef) -> None:
        self.path.append(node.name)
        for default in [*node.args.defaults, *node.args.kw_defaults, *node.body]:
            if default is not None:
                self.visit(default)
        self.path.pop()

    visit_AsyncFunctionDef = visit_FunctionDef  # noqa: N815  (ast's naming)

    def visit_ClassDef(self, node: ast.ClassDef) -> None:
        self.path.append(node.name)
        for statement in node.body:
            self.visit(statement)
        self.path.pop()

    def visit_AnnAssign(self, node: ast.AnnAssign) -> None:
        if node.value is not None:
            self.visit(node.value)

    def visit_Name(self, node: ast.Name) -> None:
        touch = self._here()
        if touch is not None:
            touch.notes |= node.id in self.names
            touch.rule |= node.id == "visibility"

    def visit_Attribute(self, node: ast.Attribute) -> None:
        touch = self._here()
        if touch is not None:
            on_a_model = isinstance(node.value, ast.Name) and node.value.id[:1].isupper()
            on_a_table = isinstance(node.value, ast.Attribute) and node.value.attr == "c"
            touch.notes |= node.attr in self.columns and (on_a_model or on_a_table)
            # A board read whole, notes and all, is the live board's: anyone else must cut it by the rule.
            touch.notes |= node.attr == "read_board"
        self.generic_visit(node)


def _functions_reaching_notes() -> dict[str, bool]:
    """Every function of the app that reaches notes, outside the rule's module: whether it uses the rule."""
    names, columns = _note_tables()
    found: dict[str, bool] = {}
    for source in sorted(PACKAGE.rglob("*.py")):
        module = ".".join(source.relative_to(PACKAGE.parent).with_suffix("").parts)
        if module == RULE_MODULE or module in LIVE_BOARD_MODULES:
            continue
        scan = _Scan(module, names, columns)
        scan.visit(ast.parse(source.read_text(encoding="utf-8")))
        found |= {function: touch.rule for function, touch in scan.found.items() if touch.notes}
    return found


def test_every_function_reading_notes_outside_the_live_board_is_a_tested_reader_using_the_rule() -> None:
    found = _functions_reaching_notes()
    tested = {function for reader in READERS for function in reader.functions} | set(LINK_SAVERS)
    assert len(found) > 10, "the scan found too few functions: it is broken"
    assert sorted(set(found) - tested - set(SHOW_NO_NOTE)) == [], "add each to READERS, with its test"
    assert sorted(function for function in tested if not found.get(function)) == [], (
        "each tested reader reaches notes and goes through livinglab/workshops/visibility.py"
    )


def test_the_scan_sees_a_new_reader() -> None:
    names, columns = _note_tables()
    scan = _Scan("livinglab.somewhere", names, columns)
    scan.visit(
        ast.parse(
            "def leak(db):\n    return db.scalars(select(Note.text))\n"
            "def linked(db):\n    return db.scalars(select(Report.origin_note_id))\n"
            "def typed(note: Note) -> Note:\n    return note\n"
        )
    )
    assert {function: touch.notes for function, touch in scan.found.items()} == {
        "livinglab.somewhere.leak": True,
        "livinglab.somewhere.linked": True,
        "livinglab.somewhere.typed": False,
    }
