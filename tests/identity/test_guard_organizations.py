"""Every public event handler, called by signed-in staff of another organization, changes nothing there.

The first sweep (``test_guard.py``) proves every guarded handler refuses a caller without the role. This one
proves the rules look at the object too: a practitioner, a facilitator and a manager of organization A call
every handler of the app with the real ids of organization B's objects (its workshop, board, notes, cluster,
practice sheet, cycle, measure, data point, feedback, adaptation, evaluation, people), as handler arguments
and as the page's route parameters, after the page's own load handlers as a browser would run them, and with
form data that would change something if it were let through. Every table's rows are the same afterwards;
the audit log may only have grown by refusals.

The same calls are then made from A's own pages (its workshop's board, its cycle, its sheet, its adaptation
and evaluation: the route names A's objects, which its staff pass), the arguments and forms still naming B's
objects: A's own data may change there, B's may not.

So that the sweeps cannot pass by calling handlers with useless arguments, a companion test makes the same
calls (same arguments, route, preparation) as B's rightful caller and sees the database change.

Each test runs on its own copy of one prepared database: what a caller changes, even through a hole, stays in
that test.
"""

from __future__ import annotations

import datetime as dt
import inspect
import shutil
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
import reflex as rx
from sqlalchemy import inspect as inspect_database
from sqlalchemy import select, text
from sqlalchemy.orm import Session

from livinglab.adaptations.models import Adaptation
from livinglab.catalog import reading as catalog_reading
from livinglab.catalog import sheets, transfer
from livinglab.catalog.models import Practice
from livinglab.catalog.sheets import SheetContent
from livinglab.core import database
from livinglab.core.audit import AuditEvent
from livinglab.core.database import Base
from livinglab.core.migrations import upgrade_to_head
from livinglab.cycles import feedback
from livinglab.cycles import measures as measures_service
from livinglab.cycles import service as cycles
from livinglab.cycles.models import CycleStage, Direction, MeasureKind
from livinglab.demo import (
    CAFES_ADAPTATIONS,
    DEMO_ADMIN_EMAIL,
    DEMO_JOIN_CODE,
    ESTRIE,
    HEXAGON_CAFES,
    IDEA_EVENING_FRENCH,
    QUEBEC,
    seed_demo,
)
from livinglab.evaluations import service as evaluations
from livinglab.frameworks import answers
from livinglab.frameworks.definitions import frame, frameworks
from livinglab.identity import service as identity
from livinglab.identity import sessions
from livinglab.identity.guard import SESSION_COOKIE
from livinglab.identity.models import Guest, Membership, Person, Role
from livinglab.workshops import board_state, clusters, facilitation, votes
from livinglab.workshops import notes as board_notes
from livinglab.workshops import service as workshops
from livinglab.workshops.models import Board, BoardPhase, Note, Workshop, WorkshopStatus
from livinglab.workshops.rules import Actor
from tests.conftest import app_pointed_at, state_for
from tests.identity.handlers import HANDLERS, call, plausible_arguments, rule_of

# Organization B owns one of every kind of object; the callers come from organization A.
ORGANIZATION_B, ORGANIZATION_A = ESTRIE, QUEBEC
OTHER_STAFF = ("practitioner", "facilitator", "manager")

# Tables that are bookkeeping of the callers themselves, not anyone's data: the audit log, checked apart (it
# may grow by refusals), and the throttles' counters of failed sign-ins and join codes (keyed hashes; any
# table named "…_throttle", whatever the throttle's branch calls it).
BOOKKEEPING_TABLES = {"audit_event", "alembic_version"}
THROTTLE_SUFFIX = "_throttle"
# What the audit log may gain from another organization's staff: refusals, and their own sign-in and sign-out.
CALLERS_OWN_ACTIONS = {"authorization_refused", "login_failed", "logout"}

# Managers review the whole network by design (README « Practice catalogue », « Iteration cycles »;
# catalog/access.py, cycles/access.py, adaptations/access.py): a manager of any organization reviews, comments
# on and may edit every sheet, may write (or import) a sheet carried by any organization, comments on every
# cycle and may write adaptation records for any organization. So for a manager of A these handlers change
# B's data; the test checks they still do, so that a change of that rule shows up here and this set follows.
MANAGERS_REVIEW_THE_NETWORK = {
    "AdaptationEditorState.save",
    "CycleState.add_comment",
    "ImportState.import_checked",
    "SheetEditorState.create",
    "SheetEditorState.save",
    "SheetState.review",
}


@dataclass(frozen=True)
class World:
    """The prepared database and what the calls need: B's objects, and a session for every caller."""

    directory: Path
    # B's objects, by the name of the handler parameter or route parameter that names one.
    ids: dict[str, Any]
    # A's own page objects, by route parameter: the pages A's staff may open.
    own: dict[str, Any]
    # Every caller's session token, and person (or guest) id.
    tokens: dict[str, str]
    callers: dict[str, tuple[int | None, int | None]]
    # B's practice sheet as it stands (for the editor's forms), and a CSV file of it to import.
    sheet: SheetContent = field(default_factory=SheetContent)
    sheet_version: int = 0
    csv: bytes = b""


def _person(db: Session, email: str) -> Person:
    return db.scalars(select(Person).where(Person.email == email)).one()


def _build(
    db: Session,
) -> tuple[dict[str, Any], dict[str, Any], dict[str, tuple[int | None, int | None]], SheetContent, int]:
    seed_demo(db=db)
    estrie, quebec = (
        identity.find_organization(db=db, slug=ESTRIE),
        identity.find_organization(db=db, slug=QUEBEC),
    )
    assert estrie is not None
    assert quebec is not None
    # A: the demo's practitioner and manager of Québec, and a facilitator of Québec only.
    facilitator_a = identity.create_person(
        db=db, display_name="Facilitatrice de Québec", email="fq@example.org"
    )
    identity.add_membership(db=db, person=facilitator_a, organization=quebec, role=Role.FACILITATOR)
    # B (Estrie): the demo's workshop, board, notes, practice « Parcours », adaptation and evaluation; the
    # rest is added here.
    workshop = db.scalars(select(Workshop).where(Workshop.organization_id == estrie.id)).one()
    board = db.scalars(select(Board).where(Board.workshop_id == workshop.id)).one()
    columns = sorted(board.columns, key=lambda column: column.position)
    column_notes = sorted(
        db.scalars(select(Note).where(Note.column_id == columns[0].id)), key=lambda note: note.id
    )
    note, other_note, hidden_note = column_notes[:3]
    facilitator_b = _person(db, "karim.benali@example.org")
    facilitation.set_phase(db=db, board_id=board.id, phase=BoardPhase.GROUP)
    cluster = clusters.group_notes(db=db, board_id=board.id, note_ids=[other_note.id], name="Le transport")
    cluster.to_prototype = True
    board_notes.hide_note(
        db=db, board_id=board.id, note_id=hidden_note.id, reason="off_topic", by_person_id=facilitator_b.id
    )
    facilitation.set_phase(db=db, board_id=board.id, phase=BoardPhase.COLLECT)
    practice = db.scalars(select(Practice).where(Practice.organization_id == estrie.id)).one()
    cycle = cycles.create_cycle(
        db=db,
        practice_id=practice.id,
        title="Une visite en autobus",
        plan={
            "objective": "Savoir prendre l'autobus dès la première semaine.",
            "questions": [{"question": "Les personnes reprennent-elles l'autobus ?", "prediction": "Oui."}],
            "who": "Jean-Philippe",
            "where": "Sherbrooke",
            "when": "Octobre",
            "tasks": [{"task": "Acheter les titres", "who": "Jean-Philippe"}],
        },
    )
    measure = measures_service.define_measure(
        db=db,
        practice_id=practice.id,
        cycle_id=cycle.id,
        draft=measures_service.MeasureDraft(
            name="Personnes à la visite", kind=MeasureKind.OUTCOME, unit="personnes", direction=Direction.UP
        ),
    )
    point = measures_service.record_point(
        db=db,
        measure=measure,
        draft=measures_service.PointDraft(observed_on="2025-10-01", value="6", annotation=""),
        cycle_id=cycle.id,
        today=dt.date(2025, 10, 2),
    )
    said = feedback.add_feedback(db=db, cycle=cycle, text="Le guide illustré aide beaucoup.", by=None)
    practitioner_b = _person(db, "jean-philippe.roy@example.org")
    draft_evaluation = evaluations.save_evaluation(
        db=db,
        evaluation_id=None,
        record=evaluations.EvaluationInput(
            practice_id=practice.id,
            organization_id=estrie.id,
            region_code="05",
            framework="hexagon",
            answers=HEXAGON_CAFES,
        ),
        by_person_id=practitioner_b.id,
    )
    adaptation = db.scalars(select(Adaptation).where(Adaptation.organization_id == estrie.id)).one()
    membership = db.scalars(
        select(Membership).where(
            Membership.person_id == practitioner_b.id, Membership.organization_id == estrie.id
        )
    ).one()
    guest = db.scalars(
        select(Guest).where(Guest.workshop_id == workshop.id, Guest.id == note.author_guest_id)
    ).one()
    db.flush()
    ids = {
        "organization_id": estrie.id,
        "workshop_id": workshop.id,
        "board_id": board.id,
        "column_id": columns[0].id,
        "note_id": note.id,
        "hidden_note_id": hidden_note.id,
        "cluster_id": cluster.id,
        "kind": "cluster",
        "idea_id": cluster.id,
        "practice_id": practice.id,
        "slug": practice.slug,
        "cycle_id": cycle.id,
        "measure_id": measure.id,
        "point_id": point.id,
        "feedback_id": said.id,
        "evaluation_id": draft_evaluation.id,
        "adaptation_id": adaptation.id,
        "person_id": practitioner_b.id,
        "membership_id": membership.id,
        "evening_french_note_id": db.scalars(select(Note.id).where(Note.text == IDEA_EVENING_FRENCH)).one(),
    }
    callers: dict[str, tuple[int | None, int | None]] = {
        "practitioner": (_person(db, "fatou.diallo@example.org").id, None),
        "facilitator": (facilitator_a.id, None),
        "manager": (_person(db, "luc.pelletier@example.org").id, None),
        "b_practitioner": (practitioner_b.id, None),
        "b_facilitator": (facilitator_b.id, None),
        "b_manager": (_person(db, "daniel.cote@example.org").id, None),
        "admin": (_person(db, DEMO_ADMIN_EMAIL).id, None),
        "b_guest": (None, guest.id),
    }
    found = catalog_reading.editable_content(db=db, slug=practice.slug)
    assert found is not None
    version, content = found
    return (
        ids,
        _furnish_a(db, quebec.id, facilitator_a.id, callers["practitioner"][0]),
        callers,
        content,
        version,
    )


def _furnish_a(db: Session, quebec: int, facilitator: int, practitioner: int | None) -> dict[str, Any]:
    """A's own pages, which its staff may open: a workshop and its board, a sheet and its cycle, an adaptation
    and a draft evaluation of Québec."""
    workshop = workshops.create_workshop(
        db=db,
        organization_id=quebec,
        title="Atelier de Québec",
        purpose="Co-concevoir l'accueil à Québec",
        scheduled_on=dt.date(2025, 11, 8),
        status=WorkshopStatus.OPEN,
        created_by_id=facilitator,
    )
    board = facilitation.create_board(
        db=db, workshop_id=workshop.id, title="Nos besoins", template=facilitation.BoardTemplate.NEEDS
    )
    practice = db.scalars(
        select(Practice).where(Practice.organization_id == quebec).order_by(Practice.slug)
    ).first()
    assert practice is not None
    cycle = cycles.create_cycle(db=db, practice_id=practice.id, title="Un essai à Québec", plan={})
    evaluation = evaluations.save_evaluation(
        db=db,
        evaluation_id=None,
        record=evaluations.EvaluationInput(
            practice_id=practice.id,
            organization_id=quebec,
            region_code="03",
            framework="hexagon",
            answers=HEXAGON_CAFES,
        ),
        by_person_id=practitioner,
    )
    adaptation = db.scalars(select(Adaptation.id).where(Adaptation.organization_id == quebec)).one()
    db.flush()
    return {
        "workshop_id": workshop.id,
        "board_id": board.id,
        "slug": practice.slug,
        "cycle_id": cycle.id,
        "adaptation_id": adaptation,
        "evaluation_id": evaluation.id,
    }


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> World:
    directory = tmp_path_factory.mktemp("two-organizations")
    url = f"sqlite:///{directory / 'lab.db'}"
    upgrade_to_head(url)
    with app_pointed_at(url, directory):
        with database.session_scope() as db:
            ids, own, callers, content, version = _build(db)
        with database.session_scope() as db:
            tokens = {
                name: sessions.start_session(db=db, person_id=person_id, guest_id=guest_id)
                for name, (person_id, guest_id) in callers.items()
            }
            rows = [
                row
                for row in transfer.export_rows(db=db, published_only=False)
                if row[transfer.COLUMNS["slug"]] == ids["slug"]
            ]
        csv = transfer.to_csv(rows).encode()
        database.get_engine().dispose()
    return World(directory, ids, own, tokens, callers, content, version, csv)


@pytest.fixture
def lab(world: World, tmp_path: Path) -> Iterator[World]:
    """The prepared database, copied for this test alone, behind the app's own session_scope()."""
    copy = tmp_path / "lab"
    shutil.copytree(world.directory, copy)
    with app_pointed_at(f"sqlite:///{copy / 'lab.db'}", copy):
        yield world
        database.get_engine().dispose()


@pytest.fixture(autouse=True)
def no_live_fanout(monkeypatch: pytest.MonkeyPatch) -> None:
    """The live board's fan-out needs a running Socket.IO server; the database is what these tests look at."""

    async def nothing(*_args: Any, **_kwargs: Any) -> None:
        return None

    for method in ("join", "leave", "publish"):
        monkeypatch.setattr(board_state.FANOUT, method, nothing)


# --- What each handler is sent -----------------------------------------------------------------------------

Ids = dict[str, Any]
Setup = Callable[[Session, Ids], None]


def sheet_form(content: SheetContent) -> dict[str, str]:
    """The editor's form for ``content``: the inverse of ``catalog.state._content_from``."""
    form = {
        "title": content.title,
        "summary": content.summary,
        "description_md": content.description_md,
        "staff": content.staff,
        "budget": content.budget,
        "duration": content.duration,
        "contact_name": content.contact_name,
        "contact_email": content.contact_email,
        "language": content.language,
        **{part: "\n".join(getattr(content, part)) for part in sheets.LIST_PARTS},
    }
    for part in (*sheets.TERM_PARTS, "carrier_ids", "evidence_criteria"):
        form.update({f"{part}:{code}": "on" for code in getattr(content, part)})
    return form


def _phase(phase: BoardPhase) -> Setup:
    def setup(db: Session, ids: Ids) -> None:
        facilitation.set_phase(db=db, board_id=ids["board_id"], phase=phase)

    return setup


def _stage(stage: CycleStage) -> Setup:
    def setup(db: Session, ids: Ids) -> None:
        db.execute(
            text("UPDATE cycle SET stage = :stage WHERE id = :id"),
            {"stage": stage.value, "id": ids["cycle_id"]},
        )

    return setup


def _voted(db: Session, ids: Ids) -> None:
    """B's participant has voted for the note: what withdrawing a vote needs."""
    _phase(BoardPhase.VOTE)(db, ids)
    guest_id = db.scalars(select(Note.author_guest_id).where(Note.id == ids["note_id"])).one()
    votes.cast_vote(db=db, board_id=ids["board_id"], note_id=ids["note_id"], actor=Actor(guest_id=guest_id))


def _closed(db: Session, ids: Ids) -> None:
    workshops.close_workshop(db=db, workshop_id=ids["workshop_id"], by_person_id=None)


def _timer_running(db: Session, ids: Ids) -> None:
    facilitation.start_timer(db=db, board_id=ids["board_id"], minutes=5)


@dataclass(frozen=True)
class Call:
    """How a handler is called beyond the inferred arguments: the form it is sent, arguments of its own, the
    handlers its page runs before it on the same state (its load always comes first), and the database as the
    handler needs it to do anything at all (a board's phase, a cycle's stage) — for every caller alike."""

    form: Callable[[World], dict[str, Any]] | None = None
    arguments: Callable[[Ids], dict[str, Any]] = lambda _ids: {}
    before: tuple[tuple[str, Callable[[Ids], dict[str, Any]]], ...] = ()
    load: str = "load"
    setup: Setup | None = None


def _frame_form(world: World) -> dict[str, str]:
    return {
        **answers.form_values(frame(), CAFES_ADAPTATIONS[0][4]),
        "practice_id": str(world.ids["practice_id"]),
        "organization_id": str(world.ids["organization_id"]),
        "region": "05",
        "summary": "Des visites le samedi, pour celles et ceux qui travaillent en semaine.",
    }


def _evaluation_form(world: World) -> dict[str, str]:
    return {
        **answers.form_values(frameworks()["hexagon"], HEXAGON_CAFES),
        "practice_id": str(world.ids["practice_id"]),
        "organization_id": str(world.ids["organization_id"]),
        "region": "05",
    }


NOTE_IN_CLUSTER_COLUMN = ("toggle_selected", lambda ids: {"note_id": ids["note_id"]})

CALLS: dict[str, Call] = {
    "AdaptationEditorState.save": Call(form=_frame_form, load="load_new"),
    "AdminState.add_organization": Call(form=lambda _w: {"name": "Organisme ajouté", "region": "05"}),
    "AdminState.add_person": Call(form=lambda _w: {"name": "Personne ajoutée", "email": "ajout@example.org"}),
    "AdminState.grant_role": Call(
        form=lambda w: {
            "person_id": str(w.ids["person_id"]),
            "organization_id": str(w.ids["organization_id"]),
            "role": Role.MANAGER.value,
        }
    ),
    "AuditState.filter": Call(form=lambda _w: {"action": "login"}),
    "BoardLiveState.add_selected_to": Call(before=(NOTE_IN_CLUSTER_COLUMN,), setup=_phase(BoardPhase.GROUP)),
    "BoardLiveState.create_cycle": Call(
        form=lambda w: {
            "kind": "cluster",
            "idea_id": w.ids["cluster_id"],
            "practice_id": w.ids["practice_id"],
        },
        setup=_phase(BoardPhase.DECIDE),
    ),
    "BoardLiveState.create_practice": Call(setup=_phase(BoardPhase.DECIDE)),
    "BoardLiveState.delete_note": Call(),
    "BoardLiveState.group_selected": Call(
        form=lambda _w: {"name": "Le logement"},
        before=(NOTE_IN_CLUSTER_COLUMN,),
        setup=_phase(BoardPhase.GROUP),
    ),
    "BoardLiveState.mark_idea": Call(setup=_phase(BoardPhase.DECIDE)),
    "BoardLiveState.move_note": Call(
        form=lambda w: {"note_id": w.ids["note_id"], "cluster_id": w.ids["cluster_id"]},
        setup=_phase(BoardPhase.GROUP),
    ),
    "BoardLiveState.restore_note": Call(arguments=lambda ids: {"note_id": ids["hidden_note_id"]}),
    "BoardLiveState.save_note": Call(
        form=lambda _w: {"text": "Une note venue d'ailleurs", "color": "green"},
        before=(("start_note", lambda ids: {"column_id": ids["column_id"]}),),
    ),
    "BoardLiveState.set_vote_budget": Call(form=lambda _w: {"per_participant": "5", "per_note": "2"}),
    "BoardLiveState.stop_timer": Call(setup=_timer_running),
    "BoardLiveState.ungroup": Call(setup=_phase(BoardPhase.GROUP)),
    "BoardLiveState.unvote": Call(setup=_voted),
    "BoardLiveState.vote": Call(setup=_phase(BoardPhase.VOTE)),
    "CatalogState.search": Call(form=lambda _w: {"q": "autobus"}),
    "CycleState.add_comment": Call(form=lambda _w: {"comment": "Pensez aux horaires du dimanche."}),
    "CycleState.add_feedback": Call(form=lambda _w: {"feedback": "Le chauffeur nous a attendus."}),
    "CycleState.decide": Call(
        form=lambda _w: {"decision": "adopt", "rationale": "Tout le monde a repris l'autobus."},
        setup=_stage(CycleStage.ACT),
    ),
    "CycleState.define_measure": Call(
        form=lambda _w: {"name": "Trajets seuls", "kind": "process", "unit": "%", "direction": "up"}
    ),
    "CycleState.delete_point": Call(
        before=(("ask_delete_point", lambda ids: {"point_id": ids["point_id"]}),)
    ),
    "CycleState.paste_points": Call(
        form=lambda w: {"measure_id": str(w.ids["measure_id"]), "pasted": "2025-10-08\t7\n2025-10-15\t9"}
    ),
    "CycleState.pull_note": Call(before=(("choose_board", lambda ids: {"board_id": str(ids["board_id"])}),)),
    "CycleState.record_point": Call(
        form=lambda w: {
            "measure_id": str(w.ids["measure_id"]),
            "observed_on": "2025-10-08",
            "value": "7",
            "annotation": "",
        }
    ),
    "CycleState.save_doing": Call(
        form=lambda _w: {
            "what_happened": "Deux visites, douze personnes.",
            "problems": "Un autobus en retard",
        },
        setup=_stage(CycleStage.DO),
    ),
    "CycleState.save_plan": Call(
        form=lambda _w: {
            "objective": "Savoir aller seul·e à la clinique.",
            "question:0": "Les personnes y vont-elles seules ?",
            "prediction:0": "La moitié.",
            "who": "Jean-Philippe",
            "where": "Magog",
            "when": "Novembre",
            "task:0": "Réserver l'autobus",
            "task_who:0": "Jean-Philippe",
            "task_due:0": "",
        }
    ),
    "CycleState.save_study": Call(
        form=lambda _w: {"result:0": "Neuf personnes sur douze.", "learned": "Le samedi convient mieux."},
        setup=_stage(CycleStage.STUDY),
    ),
    "WorkshopBoardState.open_workshop": Call(setup=_closed),
    "CycleState.undo_delete_point": Call(
        before=(
            ("ask_delete_point", lambda ids: {"point_id": ids["point_id"]}),
            ("delete_point", lambda _ids: {}),
        )
    ),
    "EvaluationEditorState.save": Call(form=_evaluation_form, load="load_new"),
    "EvaluationState.review": Call(form=lambda _w: {"move": "submit", "comment": ""}),
    "ImportState.import_checked": Call(before=(("check", lambda _ids: {}),)),
    "JoinState.enter": Call(form=lambda _w: {"pseudonym": "Visiteur", "consent": "on"}),
    "JoinState.join": Call(form=lambda _w: {"code": DEMO_JOIN_CODE}),
    "ParticipationState.withdraw": Call(form=lambda _w: {"notes": "delete"}),
    "PasswordLinkState.choose_password": Call(
        form=lambda _w: {"password": "un-mot-de-passe-solide", "confirmation": "un-mot-de-passe-solide"}
    ),
    "PortfolioState.filter": Call(form=lambda _w: {"region": "05"}),
    "SheetEditorState.create": Call(
        form=lambda w: {
            **sheet_form(w.sheet),
            "title": "Parcours d'accueil du samedi",
            "organization_id": str(w.ids["organization_id"]),
        },
        load="load_new",
    ),
    "SheetEditorState.keep_mine": Call(load="load_edit"),
    "SheetEditorState.save": Call(
        form=lambda w: {
            **sheet_form(w.sheet),
            "summary": "Une visite de la ville en autobus, la première semaine, en petit groupe.",
            "base_number": str(w.sheet_version),
        },
        load="load_edit",
    ),
    "SheetEditorState.take_theirs": Call(load="load_edit"),
    "SheetState.review": Call(form=lambda _w: {"move": "comment", "comment": "À relire avant l'hiver."}),
    "SignInState.sign_in": Call(
        form=lambda _w: {"email": "jean-philippe.roy@example.org", "password": "devine"}
    ),
    "TimelineState.start_cycle": Call(form=lambda _w: {"title": "Une visite le samedi"}),
    "WorkshopBoardState.create_board": Call(
        form=lambda _w: {"title": "Nos idées pour l'hiver", "template": "needs", "columns": ""}
    ),
    "WorkshopsState.create": Call(
        form=lambda w: {
            "organization_id": str(w.ids["organization_id"]),
            "title": "Un atelier de plus",
            "purpose": "Préparer l'hiver",
            "scheduled_on": "2026-12-05",
        }
    ),
}

# Constant arguments: what a browser would send that names no object.
SAMPLES = {
    "phase": BoardPhase.VOTE.value,
    "mode": "frozen",
    "on": True,
    "minutes": 5,
    "reason": "off_topic",
    "text": "Un autre texte",
    "color": "green",
    "lang": "en",
    "to_prototype": False,
}


class Upload:
    """A file the browser uploads (``rx.UploadFile`` as the handler reads it)."""

    def __init__(self, name: str, data: bytes) -> None:
        self.name, self._data = name, data

    async def read(self, size: int = -1) -> bytes:
        return self._data if size < 0 else self._data[:size]


def arguments_for(world: World, state: type[rx.State], name: str, extra: dict[str, Any] | None = None) -> Any:
    """The handler's arguments: B's objects by parameter name, then the handler's own."""
    how = CALLS.get(f"{state.__name__}.{name}", Call())
    known = {
        **world.ids,
        **SAMPLES,
        "target": f"column:{world.ids['column_id']}",
        "files": [Upload("fiches.csv", world.csv)],
        "form_data": how.form(world) if how.form else {},
        **how.arguments(world.ids),
        **(extra or {}),
    }
    return plausible_arguments(state.event_handlers[name].fn, known)


# --- Calling, and what changed ------------------------------------------------------------------------------

ROUTE_PARAMETERS = ("workshop_id", "board_id", "slug", "cycle_id", "adaptation_id", "evaluation_id")
Snapshot = dict[str, list[dict[str, Any]]]


def snapshot(caller: tuple[int | None, int | None]) -> Snapshot:
    """Every table's rows: all but the bookkeeping of the caller's own session (its activity time, its end at
    sign-out) and the tables that are nobody's data."""
    person_id, guest_id = caller
    tables: Snapshot = {}
    with database.session_scope() as db:
        connection = db.connection()
        for table in inspect_database(connection).get_table_names():
            if table in BOOKKEEPING_TABLES or table.endswith(THROTTLE_SUFFIX):
                continue
            # The names come from the database's own list of its tables.
            every_row = text(f'SELECT * FROM "{table}"')  # noqa: S608
            rows = [dict(row) for row in connection.execute(every_row).mappings()]
            if table in ("auth_session", "login_ticket"):
                rows = [
                    {key: value for key, value in row.items() if key != "last_seen_at"}
                    for row in rows
                    if not (
                        (person_id is not None and row["person_id"] == person_id)
                        or (guest_id is not None and row["guest_id"] == guest_id)
                    )
                ]
            tables[table] = rows
    return tables


def _rows(rows: list[dict[str, Any]]) -> set[str]:
    return {repr(sorted(row.items())) for row in rows}


def differences(before: Snapshot, after: Snapshot) -> list[str]:
    """What changed, table by table: rows that appeared and rows that went (a changed row is both)."""
    changed = []
    for table in sorted(before.keys() | after.keys()):
        old, new = _rows(before.get(table, [])), _rows(after.get(table, []))
        if old != new:
            changed.append(f"{table} (+{len(new - old)} -{len(old - new)})")
    return changed


# B's objects by the table that holds them, from the names of ``World.ids``.
OBJECT_TABLES = {
    "organization_id": "organization",
    "workshop_id": "workshop",
    "board_id": "board",
    "column_id": "board_column",
    "note_id": "note",
    "hidden_note_id": "note",
    "evening_french_note_id": "note",
    "cluster_id": "cluster",
    "practice_id": "practice",
    "cycle_id": "cycle",
    "measure_id": "measure",
    "point_id": "data_point",
    "feedback_id": "cycle_feedback",
    "evaluation_id": "evaluation",
    "adaptation_id": "adaptation",
    "person_id": "person",
    "membership_id": "membership",
}
# A's own records may name B's objects: an adaptation links the cycles and workshop ideas it drew on, a sheet
# names its co-carrying organizations. That is A's data, not B's.
REFERENCES_BY_DESIGN = {"adaptation_cycle", "adaptation_idea", "practice_carrier"}


def changes_to_b(world: World, before: Snapshot, after: Snapshot) -> list[str]:
    """B's objects that changed or went, and rows that hang on one of them and appeared or went (a vote on
    B's note, a point of B's measure, a feedback pulled from B's board): what A may not do from its own pages
    either."""
    objects: dict[str, set[int]] = {}
    for name, table in OBJECT_TABLES.items():
        objects.setdefault(table, set()).add(world.ids[name])
    found = []
    for table, ids in sorted(objects.items()):
        old = [row for row in before[table] if row["id"] in ids]
        new = [row for row in after[table] if row["id"] in ids]
        if _rows(old) != _rows(new):
            found.append(f"{table} {sorted(ids)}")
    for table in sorted(before.keys() & after.keys()):
        if table in REFERENCES_BY_DESIGN or table not in Base.metadata.tables:
            continue
        keys = [(key.parent.name, key.column.table.name) for key in Base.metadata.tables[table].foreign_keys]
        old, new = _rows(before[table]), _rows(after[table])
        for row in before[table] + after[table]:
            written = repr(sorted(row.items()))
            if (written in old) == (written in new):
                continue
            found += [
                f"{table} on {target} {row[column]} ({'new' if written in new else 'gone'})"
                for column, target in keys
                if row[column] in objects.get(target, ())
            ]
    return found


@dataclass(frozen=True)
class Outcome:
    # Before anything ran, once the page's load and the preparing handlers ran, and after the handler.
    before: Snapshot
    prepared: Snapshot
    after: Snapshot
    audit_actions: list[str]


def _mirrored(db: Session, world: World) -> None:
    """A's own board and cycle in the phase and stage that B's are in, so the handler could act on them."""
    for table, column, name in (("board", "phase", "board_id"), ("cycle", "stage", "cycle_id")):
        db.execute(
            text(f"UPDATE {table} SET {column} = (SELECT {column} FROM {table} WHERE id = :b) WHERE id = :a"),  # noqa: S608
            {"a": world.own[name], "b": world.ids[name]},
        )


def run(world: World, caller: str, state: type[rx.State], name: str, *, own_page: bool = False) -> Outcome:
    """Calls the handler with B's objects as ``caller``'s browser would: on a page whose route names B's
    objects (or, ``own_page``, A's own), after that page's load and the handlers that prepare this one."""
    how = CALLS.get(f"{state.__name__}.{name}", Call())
    with database.session_scope() as db:
        if how.setup is not None:
            how.setup(db, world.ids)
        if own_page:
            _mirrored(db, world)
    route = world.own if own_page else world.ids
    instance = state_for(
        state,
        cookie=f"{SESSION_COOKIE}={world.tokens[caller]}",
        path="/page",
        params={parameter: str(route[parameter]) for parameter in ROUTE_PARAMETERS},
    )
    with database.session_scope() as db:
        last_event = db.scalar(select(AuditEvent.id).order_by(AuditEvent.id.desc()).limit(1)) or 0
    before = snapshot(world.callers[caller])
    steps: list[tuple[str, dict[str, Any]]] = []
    if how.load in state.event_handlers and how.load != name:
        steps.append((how.load, {}))
    steps += [(step, arguments(world.ids)) for step, arguments in how.before]
    for step, extra in steps:
        call(state, instance, step, arguments_for(world, state, step, extra))
    prepared = snapshot(world.callers[caller])
    call(state, instance, name, arguments_for(world, state, name))
    after = snapshot(world.callers[caller])
    with database.session_scope() as db:
        actions = list(db.scalars(select(AuditEvent.action).where(AuditEvent.id > last_event)))
    return Outcome(before, prepared, after, actions)


# --- The sweep ----------------------------------------------------------------------------------------------


def _sweep_parameters() -> list[Any]:
    parameters = []
    for handler, state, name in HANDLERS:
        for caller in OTHER_STAFF:
            parameters.append(pytest.param(handler, state, name, caller, id=f"{handler}-{caller}"))
    return parameters


@pytest.mark.parametrize(("handler", "state", "name", "caller"), _sweep_parameters())
def test_staff_of_another_organization_change_nothing(
    lab: World, handler: str, state: type[rx.State], name: str, caller: str
) -> None:
    outcome = run(lab, caller, state, name)

    changed = differences(outcome.before, outcome.after)
    if caller == "manager" and handler in MANAGERS_REVIEW_THE_NETWORK:
        assert changed, (
            f"{handler}: a manager of another organization no longer changes B's data; if managers no longer "
            "review the whole network, take it out of MANAGERS_REVIEW_THE_NETWORK"
        )
        return
    assert not changed, (
        f"{handler}, called by a {caller} of {ORGANIZATION_A} with {ORGANIZATION_B}'s objects, changed "
        f"{ORGANIZATION_B}'s data: {', '.join(changed)}"
    )
    assert set(outcome.audit_actions) <= CALLERS_OWN_ACTIONS, (
        f"{handler} wrote {outcome.audit_actions} to the log"
    )


def _own_page_parameters() -> list[Any]:
    return [
        pytest.param(handler, state, name, caller, id=f"{handler}-{caller}")
        for handler, state, name in HANDLERS
        for caller in OTHER_STAFF
    ]


@pytest.mark.parametrize(("handler", "state", "name", "caller"), _own_page_parameters())
def test_from_their_own_pages_staff_reach_no_other_organizations_objects(
    lab: World, handler: str, state: type[rx.State], name: str, caller: str
) -> None:
    """The guard checks the page's object when the handler's arguments name none: on A's own pages (its
    workshop's board, its cycle, its sheet…), which A's staff pass, the same calls name B's notes, cluster,
    measure, points, feedback, practice and organization. A's own data may change; B's may not."""
    outcome = run(lab, caller, state, name, own_page=True)

    changed = changes_to_b(lab, outcome.before, outcome.after)
    if caller == "manager" and handler in MANAGERS_REVIEW_THE_NETWORK:
        return
    assert not changed, (
        f"{handler}, called by a {caller} of {ORGANIZATION_A} on its own page with {ORGANIZATION_B}'s "
        f"objects, changed {ORGANIZATION_B}'s data: {', '.join(changed)}"
    )


# --- The same calls, by the rightful caller -----------------------------------------------------------------

# Who may make each rule's changes to B's objects.
RIGHTFUL_CALLER = {
    "admin": "admin",
    "guest": "b_guest",
    "board_viewer": "b_guest",
    "board_facilitator": "b_facilitator",
    "facilitator_of_workshop": "b_facilitator",
    "facilitator": "b_facilitator",
    "reviewer": "b_manager",
}


def rightful_caller(state: type[rx.State], name: str) -> str:
    rule = rule_of(state, name)
    assert rule is not None
    return RIGHTFUL_CALLER.get(rule.name, "b_practitioner")


# The handlers that change the database, each shown to do so below for its rightful caller with the very calls
# the sweep makes: the sweep's arguments are ones that would change something if they were let through.
WRITES = {
    "AdaptationEditorState.save",
    "AdminState.add_organization",
    "AdminState.add_person",
    "AdminState.create_password_link",
    "AdminState.end_sessions",
    "AdminState.grant_role",
    "AdminState.revoke_role",
    "BoardLiveState.add_selected_to",
    "BoardLiveState.create_cycle",
    "BoardLiveState.create_practice",
    "BoardLiveState.delete_note",
    "BoardLiveState.group_selected",
    "BoardLiveState.hide_note",
    "BoardLiveState.mark_idea",
    "BoardLiveState.move_note",
    "BoardLiveState.restore_note",
    "BoardLiveState.save_note",
    "BoardLiveState.set_focus",
    "BoardLiveState.set_mode",
    "BoardLiveState.set_phase",
    "BoardLiveState.set_vote_budget",
    "BoardLiveState.start_timer",
    "BoardLiveState.stop_timer",
    "BoardLiveState.ungroup",
    "BoardLiveState.unvote",
    "BoardLiveState.vote",
    "CycleState.add_comment",
    "CycleState.add_feedback",
    "CycleState.advance",
    "CycleState.decide",
    "CycleState.define_measure",
    "CycleState.delete_point",
    "CycleState.paste_points",
    "CycleState.pull_note",
    "CycleState.record_point",
    "CycleState.remove_feedback",
    "CycleState.save_doing",
    "CycleState.save_plan",
    "CycleState.save_study",
    "CycleState.undo_delete_point",
    "EvaluationEditorState.save",
    "EvaluationState.review",
    "ImportState.import_checked",
    "ParticipationState.withdraw",
    "SheetEditorState.create",
    "SheetEditorState.save",
    "SheetState.review",
    "TimelineState.start_cycle",
    "WorkshopBoardState.close_workshop",
    "WorkshopBoardState.create_board",
    "WorkshopBoardState.open_workshop",
    "WorkshopsState.create",
}
# Handlers that write only with a secret the caller holds (a join code, a password link, a password) or only
# the caller's own session: the sweep calls them like the others, without the secret.
WRITE_WITH_A_SECRET = {
    "JoinState.enter",
    "PasswordLinkState.choose_password",
    "SignInState.sign_in",
}
# Every other handler reads (loads a page, filters, keeps a choice in the state): it changes nothing, even for
# its rightful caller. A new handler must be put in one of these sets: see the test below.
READS = {
    "AdaptationEditorState.load_edit",
    "AdaptationEditorState.load_new",
    "AdaptationState.load",
    "AdaptationsState.load",
    "AdminState.load",
    "AuditState.filter",
    "AuditState.load",
    "BoardLiveState.close_composer",
    "BoardLiveState.leave",
    "BoardLiveState.load",
    "BoardLiveState.load_projection",
    "BoardLiveState.start_edit",
    "BoardLiveState.start_note",
    "BoardLiveState.toggle_selected",
    "CatalogState.load",
    "CatalogState.search",
    "CycleReportState.load_cycle",
    "CycleReportState.load_history",
    "CycleState.ask_delete_point",
    "CycleState.cancel_delete_point",
    "CycleState.choose_board",
    "CycleState.load",
    "CyclesState.load",
    "EvaluationComparisonState.load",
    "EvaluationEditorState.load_edit",
    "EvaluationEditorState.load_new",
    "EvaluationState.load",
    "EvaluationsState.load",
    "ImportState.check",
    "ImportState.load",
    "JoinState.change_code",
    "JoinState.join",
    "JoinState.load_join",
    "LocaleState.set_language",
    "ParticipationState.load",
    "PasswordLinkState.load",
    "PortfolioState.filter",
    "PortfolioState.load",
    "RegionComparisonState.load",
    "SheetEditorState.keep_mine",
    "SheetEditorState.load_edit",
    "SheetEditorState.load_new",
    "SheetEditorState.take_theirs",
    "SheetState.load",
    "SheetState.load_history",
    "TimelineState.load",
    "ViewerState.load_viewer",
    "WorkshopBoardState.load",
    "WorkshopsState.load",
}


# Writing handlers that touch no existing organization's objects: they add an organization or a person.
NOBODYS_YET = {"AdminState.add_organization", "AdminState.add_person"}


def test_every_handler_is_known_to_write_or_to_read() -> None:
    """A handler added later is put in WRITES (and given what it needs to change something: CALLS), in
    WRITE_WITH_A_SECRET or in READS; so the sweep never calls a writing handler with useless arguments
    unnoticed."""
    names = [handler for handler, _, _ in HANDLERS]
    assert sorted(set(names) - WRITES - WRITE_WITH_A_SECRET - READS) == [], "unclassified handlers"
    assert sorted((WRITES | WRITE_WITH_A_SECRET | READS) - set(names)) == [], "handlers that no longer exist"
    assert not WRITES & READS
    assert not WRITES & WRITE_WITH_A_SECRET
    assert not READS & WRITE_WITH_A_SECRET
    forms = [
        handler
        for handler, state, name in HANDLERS
        if "form_data" in inspect.signature(inspect.unwrap(state.event_handlers[name].fn)).parameters
    ]
    assert sorted(set(forms) - CALLS.keys()) == [], "form handlers without a plausible form in CALLS"


@pytest.mark.parametrize(("handler", "state", "name"), HANDLERS, ids=[handler for handler, _, _ in HANDLERS])
def test_the_rightful_caller_changes_what_the_sweep_protects(
    lab: World, handler: str, state: type[rx.State], name: str
) -> None:
    caller = rightful_caller(state, name)
    outcome = run(lab, caller, state, name)

    changed = differences(outcome.prepared, outcome.after)
    if handler in WRITES:
        assert changed, f"{handler}, called by {caller} with the sweep's arguments, changed nothing"
        # What the own-page sweep looks for: it would see this change (but for new organizations and people,
        # which are nobody's objects yet).
        assert changes_to_b(lab, outcome.prepared, outcome.after) or handler in NOBODYS_YET, handler
    else:
        assert not changed, f"{handler} is not in WRITES but changed {', '.join(changed)}"
