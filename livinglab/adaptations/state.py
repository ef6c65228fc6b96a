"""Adaptation states: the list, one record, its editor, and the region comparison of one practice."""

from __future__ import annotations

from dataclasses import dataclass

import reflex as rx
from reflex.event import EventSpec

from livinglab.adaptations import access, service
from livinglab.adaptations.service import (
    AdaptationDetail,
    AdaptationInput,
    AdaptationSummary,
    RegionComparison,
)
from livinglab.catalog import access as catalog_access
from livinglab.catalog import service as catalog
from livinglab.core.database import session_scope
from livinglab.core.errors import FieldError
from livinglab.core.i18n import field_messages, normalize_language, translate_or_empty
from livinglab.core.taxonomy import TaxonomyScheme
from livinglab.core.taxonomy import terms as taxonomy_terms
from livinglab.evaluations.state import Choice
from livinglab.frameworks import answers
from livinglab.frameworks.answers import AnswerLine, AnswersRejected
from livinglab.frameworks.definitions import frame
from livinglab.identity import service as identity_service
from livinglab.identity.guard import STAFF, current_identity, guarded
from livinglab.ui import routes
from livinglab.ui.i18n import LocaleState
from livinglab.ui.loading import read
from livinglab.workshops import service as workshops


@dataclass(frozen=True)
class LinkChoice:
    """A cycle or a workshop idea the record may name: people's own words, the same in every language; the
    page writes the « Cycle n » and « from the workshop » around them in the reader's."""

    value: str
    text: str
    # A cycle's number; "" for an idea.
    number: str
    # The cycle's practice, or the idea's workshop (and board): written once, above the first of its group.
    group: str
    board: str
    group_start: bool


class AdaptationsState(LocaleState):
    adaptations: list[AdaptationSummary] = []
    can_write: bool = False

    @rx.event
    @guarded(STAFF)
    def load(self) -> None:
        self.adaptations = read(service.list_adaptations)
        self.can_write = catalog_access.writable_organizations(current_identity()) != set()


class AdaptationState(LocaleState):
    adaptation: AdaptationDetail | None = None
    not_found: bool = False
    can_edit: bool = False

    @rx.event
    @guarded(STAFF)
    def load(self) -> None:
        record = access.adaptation_id(self.router.page.params) or 0
        self.adaptation = read(service.detail, adaptation_id=record, reader=current_identity())
        self.not_found = self.adaptation is None
        self.can_edit = self.adaptation is not None and catalog_access.can_write_for(
            current_identity(), self.adaptation.organization_id
        )

    @rx.var
    def lines(self) -> list[AnswerLine]:
        return answers.answer_lines(frame(), self.adaptation.frame, self.lang) if self.adaptation else []


class AdaptationEditorState(LocaleState):
    """Writing an adaptation record, new or existing; what was typed stays whatever the server refuses."""

    loaded: bool = False
    adaptation_id: int = 0
    values: dict[str, str] = {}
    practices: list[Choice] = []
    organizations: list[Choice] = []
    regions: list[Choice] = []
    # Every practice's cycles, under their practice, and the workshop ideas, under their board.
    cycles: list[LinkChoice] = []
    ideas: list[LinkChoice] = []
    errors: list[FieldError] = []
    form_key: int = 0

    @rx.event
    @guarded(catalog_access.WRITER)
    def load_new(self) -> None:
        self.adaptation_id = 0
        self.values = {"practice_id": self.router.url.query_parameters.get("pratique", "")}
        self._load_choices()

    @rx.event
    @guarded(access.ADAPTATION_EDITOR)
    def load_edit(self) -> None:
        found = read(
            service.detail,
            adaptation_id=access.adaptation_id(self.router.page.params) or 0,
            reader=current_identity(),
        )
        if found is None:
            return
        self.adaptation_id = found.id
        self.values = {
            **answers.form_values(frame(), found.frame),
            "practice_id": str(found.practice_id),
            "organization_id": str(found.organization_id),
            "region": found.region_code,
            "summary": found.summary,
            **{f"cycle:{cycle.id}": "on" for cycle in found.cycles},
            **{f"idea:{idea.note_id}": "on" for idea in found.ideas},
        }
        self._load_choices()

    @rx.event
    @guarded(catalog_access.WRITER)
    def save(self, form_data: dict[str, str]) -> EventSpec | None:
        self.values = dict(form_data)
        identity = current_identity()

        def number(name: str) -> int:
            raw = form_data.get(name, "")
            return int(raw) if raw.isdigit() else 0

        def ticked(prefix: str) -> tuple[int, ...]:
            return tuple(
                int(name[len(prefix) :])
                for name in form_data
                if name.startswith(prefix) and name[len(prefix) :].isdigit()
            )

        organization = number("organization_id")
        if not catalog_access.can_write_for(identity, organization):
            self.errors = [FieldError("organization", "evaluation.error.organization")]
            return None
        record = AdaptationInput(
            practice_id=number("practice_id"),
            organization_id=organization,
            region_code=form_data.get("region", ""),
            summary=form_data.get("summary", ""),
            frame=answers.answers_from_form(frame(), form_data),
            cycle_ids=ticked("cycle:"),
            note_ids=ticked("idea:"),
        )
        try:
            with session_scope() as db:
                if self.adaptation_id and not access.can_edit(
                    identity, db, {"adaptation_id": self.adaptation_id}
                ):
                    self.errors = [FieldError("organization", "evaluation.error.organization")]
                    return None
                saved = service.save_adaptation(
                    db=db,
                    adaptation_id=self.adaptation_id or None,
                    record=record,
                    by=identity,
                )
                saved_id = saved.id
        except AnswersRejected as rejected:
            self.errors = rejected.errors
            return None
        return rx.redirect(routes.adaptation(saved_id))

    @rx.var
    def field_errors(self) -> dict[str, str]:
        return field_messages(self.errors, self.lang)

    @rx.var
    def error_message(self) -> str:
        return translate_or_empty(
            "framework.error.invalid" if self.errors else "", self.lang, {"count": str(len(self.errors))}
        )

    def _load_choices(self) -> None:
        identity = current_identity()
        writable = catalog_access.writable_organizations(identity)
        with session_scope() as db:
            practices = catalog.summaries(db=db, ids=catalog.practices_in_use(db=db))
            self.practices = [Choice(str(p.id), p.title, p.title) for p in practices]
            self.cycles = [
                LinkChoice(str(cycle.id), cycle.title, str(cycle.number), p.title, "", index == 0)
                for p in practices
                for index, cycle in enumerate(service.practice_cycles(db=db, practice_id=p.id))
            ]
            found = workshops.ideas(db=db, reader=identity, organization_ids=writable)
            self.ideas = [
                LinkChoice(
                    str(idea.note_id),
                    idea.text,
                    "",
                    idea.origin.workshop_title,
                    idea.origin.board_title,
                    index == 0 or found[index - 1].origin.board_id != idea.origin.board_id,
                )
                for index, idea in enumerate(found)
            ]
            self.organizations = [
                Choice(str(org.id), org.name, org.name)
                for org in identity_service.all_organizations(db=db)
                if writable is None or org.id in writable
            ]
            self.regions = [
                Choice(term.code, term.label_fr, term.label_en)
                for term in taxonomy_terms(db=db, scheme=TaxonomyScheme.REGION)
            ]
        self.errors = []
        self.form_key += 1
        self.loaded = True


@dataclass(frozen=True)
class MatrixRow:
    element: str
    # One cell per region, in the header's order: the options chosen there, then their notes.
    cells: list[str]


@dataclass(frozen=True)
class RecurrenceLine:
    element: str
    option: str
    regions: str
    count: int


class RegionComparisonState(LocaleState):
    comparison: RegionComparison | None = None
    not_found: bool = False
    region_names: dict[str, str] = {}

    @rx.event
    @guarded(STAFF)
    def load(self) -> None:
        slug = str(self.router.page.params.get("slug", ""))
        with session_scope() as db:
            self.comparison = service.region_comparison(db=db, slug=slug)
            terms = taxonomy_terms(db=db, scheme=TaxonomyScheme.REGION)
        self.region_names = {
            f"{lang}:{term.code}": term.label_en if lang == "en" else term.label_fr
            for term in terms
            for lang in ("fr", "en")
        }
        self.not_found = self.comparison is None

    @rx.var
    def regions(self) -> list[str]:
        lang = normalize_language(self.lang)
        return [
            self.region_names.get(f"{lang}:{code}", code)
            for code in (self.comparison.region_codes if self.comparison else [])
        ]

    @rx.var
    def rows(self) -> list[MatrixRow]:
        if self.comparison is None:
            return []
        lang = normalize_language(self.lang)
        return [
            MatrixRow(
                element=frame().field(row.element).label[lang],
                cells=[
                    " · ".join(
                        [*answers.option_labels(frame().field(row.element), cell.options, lang), *cell.notes]
                    )
                    for cell in row.cells
                ],
            )
            for row in self.comparison.rows
        ]

    @rx.var
    def recurrences(self) -> list[RecurrenceLine]:
        if self.comparison is None:
            return []
        lang = normalize_language(self.lang)
        return [
            RecurrenceLine(
                element=frame().field(recurrence.element).label[lang],
                option=answers.option_labels(frame().field(recurrence.element), [recurrence.option], lang)[0],
                regions=", ".join(
                    self.region_names.get(f"{lang}:{code}", code) for code in recurrence.region_codes
                ),
                count=len(recurrence.region_codes),
            )
            for recurrence in self.comparison.recurrences
        ]
