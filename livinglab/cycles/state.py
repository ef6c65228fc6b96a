"""Iteration-cycle states: the list of cycles, one cycle's page, and a practice's timeline.

The cycle page is one state for its many small forms (each stage, feedback, measures, points, comments):
every handler runs one unit of work through ``_change``, which keeps each form's refusals apart (a refused
point under its own measure, not under every measure) and reloads the page's view after a change.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

import reflex as rx
from sqlalchemy.orm import Session

from livinglab.catalog import sheets
from livinglab.catalog.access import is_reviewer
from livinglab.core.database import session_scope
from livinglab.core.errors import DomainError, FieldError, FieldsRejected
from livinglab.core.i18n import field_messages, lab_today, translate_or_empty
from livinglab.core.markdown import render_markdown
from livinglab.cycles import access, feedback, measures, reading, report, service, stages
from livinglab.cycles.measures import MeasureDraft, PointDraft, RemovedPoint
from livinglab.cycles.models import Cycle, Measure
from livinglab.cycles.reading import CycleLink, CycleView
from livinglab.cycles.service import CycleSummary
from livinglab.cycles.stages import Doing, Plan, Question, Study, Task
from livinglab.identity.guard import STAFF, current_identity, guarded
from livinglab.ui import routes
from livinglab.ui.i18n import LocaleState
from livinglab.ui.loading import read
from livinglab.workshops.service import IdeaOrigin, PublicNote

Done = TypeVar("Done")


class CyclesState(LocaleState):
    cycles: list[CycleSummary] = []

    @rx.event
    @guarded(STAFF)
    def load(self) -> None:
        self.cycles = read(service.list_cycles, reader=current_identity())


def _rows(form_data: dict[str, Any], *names: str) -> list[tuple[str, ...]]:
    """The numbered rows of a form (``question:0``, ``prediction:0``, ``question:1``…), in order."""
    count = 1 + max(
        (int(key.split(":")[1]) for key in form_data if ":" in key and key.split(":")[1].isdigit()),
        default=-1,
    )
    return [tuple(str(form_data.get(f"{name}:{index}", "")) for name in names) for index in range(count)]


class CycleState(LocaleState):
    cycle: CycleView | None = None
    loaded: bool = False
    can_run: bool = False
    can_comment: bool = False
    # Each form's refusals, keyed "<form>/<part>" (the form is "plan", "point-12"…), translated by a var.
    errors: list[FieldError] = []
    error_key: str = ""
    error_params: dict[str, str] = {}
    # Bumped after a change succeeds: the forms remount with what was saved, the entry forms empty again.
    form_version: int = 0
    # The point waiting for « Supprimer ? » to be confirmed, and the last deleted one, which can be undone.
    point_to_delete: int = 0
    removed: RemovedPoint | None = None
    # Where feedback may be pulled from, the board chosen and its notes.
    boards: list[IdeaOrigin] = []
    board_id: int = 0
    board_notes: list[PublicNote] = []

    @rx.var
    def field_errors(self) -> dict[str, str]:
        return field_messages(self.errors, self.lang)

    @rx.var
    def error_message(self) -> str:
        return translate_or_empty(self.error_key, self.lang, self.error_params)

    @rx.var
    def markdown_href(self) -> str:
        return routes.cycle_export(self.cycle.id) if self.cycle else ""

    @rx.event
    @guarded(STAFF)
    def load(self) -> None:
        identity = current_identity()
        self.errors, self.error_key, self.point_to_delete, self.removed = [], "", 0, None
        self.board_id, self.board_notes = 0, []
        with session_scope() as db:
            self._reload(db)
            if self.cycle is None:
                return
            practice_id = self._practice_id(db)
            self.can_run = access.runs_cycles(identity, sheets.carrier_ids(db=db, practice_id=practice_id))
            self.can_comment = self.can_run or is_reviewer(identity)
            self.boards = (
                feedback.source_boards(db=db, practice_id=practice_id, reader=identity)
                if self.can_run
                else []
            )
        self.loaded = True

    @rx.event
    @guarded(access.CYCLE_RUNNER)
    def save_plan(self, form_data: dict[str, Any]) -> None:
        plan = Plan(
            objective=str(form_data.get("objective", "")),
            questions=tuple(Question(*row) for row in _rows(form_data, "question", "prediction")),
            who=str(form_data.get("who", "")),
            where=str(form_data.get("where", "")),
            when=str(form_data.get("when", "")),
            tasks=tuple(Task(*row) for row in _rows(form_data, "task", "task_who", "task_due")),
        )
        self._change("plan", lambda db: stages.save_plan(db=db, cycle=self._open(db), plan=plan))

    @rx.event
    @guarded(access.CYCLE_RUNNER)
    def save_doing(self, form_data: dict[str, Any]) -> None:
        doing = Doing(
            what_happened=str(form_data.get("what_happened", "")),
            problems=tuple(str(form_data.get("problems", "")).splitlines()),
        )
        self._change("doing", lambda db: stages.save_doing(db=db, cycle=self._open(db), doing=doing))

    @rx.event
    @guarded(access.CYCLE_RUNNER)
    def save_study(self, form_data: dict[str, Any]) -> None:
        study = Study(
            results=tuple(row[0] for row in _rows(form_data, "result")),
            learned=str(form_data.get("learned", "")),
        )
        self._change("study", lambda db: stages.save_study(db=db, cycle=self._open(db), study=study))

    @rx.event
    @guarded(access.CYCLE_RUNNER)
    def advance(self) -> None:
        """Refusals land on the stage being left, whose form shows them beside each missing part."""
        form = {"plan": "plan", "do": "doing", "study": "study"}.get(
            self.cycle.stage if self.cycle else "", ""
        )
        by = self._person_id()
        self._change(form, lambda db: stages.advance(db=db, cycle=self._open(db), by=by, today=lab_today()))

    @rx.event
    @guarded(access.CYCLE_RUNNER)
    def decide(self, form_data: dict[str, Any]) -> Any:
        by = self._person_id()

        def decide(db: Session) -> int | None:
            following = stages.decide(
                db=db,
                cycle=self._open(db),
                decision=str(form_data.get("decision", "")),
                rationale=str(form_data.get("rationale", "")),
                by=by,
            )
            return following.id if following is not None else None

        following_id = self._change("decide", decide)
        return rx.redirect(routes.cycle(following_id)) if following_id is not None else None

    @rx.event
    @guarded(access.CYCLE_RUNNER)
    def add_feedback(self, form_data: dict[str, Any]) -> None:
        text, by = str(form_data.get("feedback", "")), self._person_id()
        self._change(
            "feedback", lambda db: feedback.add_feedback(db=db, cycle=self._open(db), text=text, by=by)
        )

    @rx.event
    @guarded(access.CYCLE_RUNNER)
    def choose_board(self, board_id: str) -> None:
        chosen = int(board_id) if board_id.isdigit() else 0
        self.board_id, self.board_notes = chosen, []
        if chosen:
            with session_scope() as db:
                try:
                    self.board_notes = feedback.board_notes(
                        db=db, practice_id=self._practice_id(db), board_id=chosen, reader=current_identity()
                    )
                except DomainError as refused:
                    self._refuse("feedback", refused)

    @rx.event
    @guarded(access.CYCLE_RUNNER)
    def pull_note(self, note_id: int) -> None:
        board_id, by = self.board_id, current_identity()
        self._change(
            "feedback",
            lambda db: feedback.pull_note(
                db=db, cycle=self._open(db), board_id=board_id, note_id=int(note_id), by=by
            ),
        )

    @rx.event
    @guarded(access.CYCLE_RUNNER)
    def remove_feedback(self, feedback_id: int) -> None:
        self._change(
            "feedback",
            lambda db: feedback.remove_feedback(db=db, cycle=self._open(db), feedback_id=int(feedback_id)),
        )

    @rx.event
    @guarded(access.CYCLE_RUNNER)
    def define_measure(self, form_data: dict[str, Any]) -> None:
        draft = MeasureDraft(
            **{name: str(form_data.get(name, "")) for name in ("name", "kind", "unit", "direction")}
        )
        self._change(
            "measure",
            lambda db: measures.define_measure(
                db=db, practice_id=self._practice_id(db), cycle_id=self._cycle_id(), draft=draft
            ),
        )

    @rx.event
    @guarded(access.CYCLE_RUNNER)
    def record_point(self, form_data: dict[str, Any]) -> None:
        measure_id = int(str(form_data.get("measure_id", "0")) or 0)
        draft = PointDraft(
            str(form_data.get("observed_on", "")),
            str(form_data.get("value", "")),
            str(form_data.get("annotation", "")),
        )
        self._change(
            f"point-{measure_id}",
            lambda db: measures.record_point(
                db=db,
                measure=self._measure(db, measure_id),
                draft=draft,
                cycle_id=self._cycle_id(),
                today=lab_today(),
            ),
        )

    @rx.event
    @guarded(access.CYCLE_RUNNER)
    def paste_points(self, form_data: dict[str, Any]) -> None:
        measure_id = int(str(form_data.get("measure_id", "0")) or 0)
        pasted = str(form_data.get("pasted", ""))
        self._change(
            f"paste-{measure_id}",
            lambda db: measures.paste_points(
                db=db,
                measure=self._measure(db, measure_id),
                pasted=pasted,
                cycle_id=self._cycle_id(),
                today=lab_today(),
            ),
        )

    @rx.event
    @guarded(access.CYCLE_RUNNER)
    def ask_delete_point(self, point_id: int) -> None:
        self.point_to_delete = int(point_id)

    @rx.event
    @guarded(access.CYCLE_RUNNER)
    def cancel_delete_point(self) -> None:
        self.point_to_delete = 0

    @rx.event
    @guarded(access.CYCLE_RUNNER)
    def delete_point(self) -> None:
        point_id, self.point_to_delete = self.point_to_delete, 0
        measure_id = next(
            (m.id for m in (self.cycle.measures if self.cycle else []) for p in m.points if p.id == point_id),
            0,
        )
        self.removed = self._change(
            "points",
            lambda db: measures.delete_point(db=db, measure=self._measure(db, measure_id), point_id=point_id),
        )

    @rx.event
    @guarded(access.CYCLE_RUNNER)
    def undo_delete_point(self) -> None:
        removed, self.removed = self.removed, None
        if removed is not None:
            self._change(
                "points",
                lambda db: measures.restore_point(
                    db=db, measure=self._measure(db, removed.measure_id), removed=removed
                ),
            )

    @rx.event
    @guarded(access.CYCLE_COMMENTER)
    def add_comment(self, form_data: dict[str, Any]) -> None:
        body, by = str(form_data.get("comment", "")), self._person_id()
        self._change(
            "comment", lambda db: service.add_comment(db=db, cycle_id=self._cycle_id(), body=body, by=by)
        )

    def _cycle_id(self) -> int:
        raw = str(self.router.page.params.get("cycle_id", "0"))
        return int(raw) if raw.isdigit() else 0

    def _practice_id(self, db: Session) -> int:
        return db.get_one(Cycle, self._cycle_id()).practice_id

    def _open(self, db: Session) -> Cycle:
        return stages.open_cycle(db, cycle_id=self._cycle_id())

    def _measure(self, db: Session, measure_id: int) -> Measure:
        # An open cycle's page records points; the measure must be its practice's.
        cycle = self._open(db)
        return measures.practice_measure(db, practice_id=cycle.practice_id, measure_id=measure_id)

    @staticmethod
    def _person_id() -> int | None:
        identity = current_identity()
        return identity.person_id if identity else None

    def _reload(self, db: Session) -> None:
        self.cycle = reading.cycle_view(
            db=db, cycle_id=self._cycle_id(), lang=self.lang, reader=current_identity()
        )

    def _change(self, form: str, work: Callable[[Session], Done]) -> Done | None:
        """Runs ``work`` as one unit of work and gives back what it returned; a refusal keeps what was typed
        (no remount), says why, and gives back None."""
        try:
            with session_scope() as db:
                done = work(db)
        except FieldsRejected as rejected:
            self.errors = [FieldError(f"{form}/{e.part}", e.key, e.params) for e in rejected.errors]
            self.error_key, self.error_params = rejected.key, rejected.text_params
            return None
        except DomainError as refused:
            self._refuse(form, refused)
            return None
        self.errors, self.error_key, self.error_params = [], "", {}
        self.form_version += 1
        with session_scope() as db:
            self._reload(db)
        return done

    def _refuse(self, form: str, refused: DomainError) -> None:
        self.errors = [FieldError(f"{form}/", refused.key, refused.text_params)]
        self.error_key, self.error_params = refused.key, refused.text_params


class TimelineState(LocaleState):
    """A practice's cycles, first to last, with its measures' run charts."""

    practice_title: str = ""
    practice_slug: str = ""
    cycles: list[CycleLink] = []
    measures: list[reading.MeasureView] = []
    loaded: bool = False
    found: bool = False
    can_run: bool = False
    title_error: str = ""

    @rx.var
    def markdown_href(self) -> str:
        return routes.practice_cycles_export(self.practice_slug) if self.practice_slug else ""

    @rx.event
    @guarded(access.PRACTICE_RUNNER)
    def start_cycle(self, form_data: dict[str, Any]) -> Any:
        """A cycle that does not come from a workshop idea: a prototype tried as it is, or an adaptation."""
        title = str(form_data.get("title", "")).strip()
        if not title or len(title) > stages.LINE_MAX_LENGTH:
            self.title_error = "cycle.error.title"
            return None
        with session_scope() as db:
            # The route's practice, the one the guard checked.
            practice = reading.practice_of(db=db, slug=str(self.router.page.params.get("slug", "")))
            if practice is None:
                return None
            cycle = service.create_cycle(db=db, practice_id=practice[0], title=title, plan={})
            cycle_id = cycle.id
        return rx.redirect(routes.cycle(cycle_id))

    @rx.var
    def title_error_message(self) -> str:
        return translate_or_empty(self.title_error, self.lang)

    @rx.event
    @guarded(STAFF)
    def load(self) -> None:
        slug = str(self.router.page.params.get("slug", ""))
        with session_scope() as db:
            practice = reading.practice_of(db=db, slug=slug)
            self.found = practice is not None
            if practice is not None:
                practice_id, self.practice_title = practice
                self.practice_slug = slug
                self.can_run = access.runs_cycles(
                    current_identity(), sheets.carrier_ids(db=db, practice_id=practice_id)
                )
                self.cycles = reading.timeline(db=db, practice_id=practice_id)
                self.measures = reading.measure_views(db=db, practice_id=practice_id, lang=self.lang)
        self.loaded = True


class CycleReportState(LocaleState):
    """The printable report: the Markdown report, rendered by the lab's one safe renderer."""

    report_html: str = ""
    loaded: bool = False

    @rx.event
    @guarded(STAFF)
    def load_cycle(self) -> None:
        raw = str(self.router.page.params.get("cycle_id", ""))
        with session_scope() as db:
            view = (
                reading.cycle_view(db=db, cycle_id=int(raw), lang=self.lang, reader=current_identity())
                if raw.isdigit()
                else None
            )
        self.report_html = render_markdown(report.cycle_report(view, self.lang)) if view else ""
        self.loaded = True

    @rx.event
    @guarded(STAFF)
    def load_history(self) -> None:
        with session_scope() as db:
            practice = reading.practice_of(db=db, slug=str(self.router.page.params.get("slug", "")))
            if practice is None:
                self.report_html = ""
            else:
                practice_id, title = practice
                self.report_html = render_markdown(
                    report.history_report(
                        title,
                        reading.timeline(db=db, practice_id=practice_id),
                        reading.measure_views(db=db, practice_id=practice_id, lang=self.lang),
                        self.lang,
                    )
                )
        self.loaded = True
