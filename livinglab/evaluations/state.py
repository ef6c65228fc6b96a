"""Evaluation states: the list, the editor (drafts), one evaluation with its review, two side by side, and the
managers' portfolio. Labels come from the framework files in the reader's language, computed here so that
switching language re-labels everything at once."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import reflex as rx
from reflex.event import EventSpec

from livinglab.catalog import access as catalog_access
from livinglab.catalog import service as catalog
from livinglab.core.database import session_scope
from livinglab.core.errors import DomainError, FieldError
from livinglab.core.i18n import field_messages, translate_or_empty
from livinglab.core.taxonomy import TaxonomyScheme
from livinglab.core.taxonomy import terms as taxonomy_terms
from livinglab.evaluations import access, links, review, service
from livinglab.evaluations.models import ReviewMove
from livinglab.evaluations.review import HistoryEntry
from livinglab.evaluations.service import EvaluationDetail, EvaluationInput, EvaluationSummary, PortfolioEntry
from livinglab.frameworks import answers
from livinglab.frameworks.answers import AnswerLine, AnswersRejected
from livinglab.frameworks.definitions import evaluation_frameworks, frameworks
from livinglab.identity import service as identity_service
from livinglab.identity.guard import STAFF, current_identity, guarded
from livinglab.ui import routes
from livinglab.ui.i18n import LocaleState
from livinglab.ui.loading import read


@dataclass(frozen=True)
class Choice:
    value: str
    label_fr: str
    label_en: str


class EvaluationsState(LocaleState):
    evaluations: list[EvaluationSummary] = []
    can_write: bool = False
    is_reviewer: bool = False

    @rx.event
    @guarded(STAFF)
    def load(self) -> None:
        identity = current_identity()
        self.evaluations = read(service.list_evaluations)
        self.can_write = catalog_access.writable_organizations(identity) != set()
        self.is_reviewer = catalog_access.is_reviewer(identity)


class EvaluationEditorState(LocaleState):
    """Writing a draft evaluation. What was typed stays in the form whatever the server refuses."""

    loaded: bool = False
    evaluation_id: int = 0
    framework: str = ""
    # The form's values by control name (``answers.form_values``), the practice, organization and region too.
    values: dict[str, str] = {}
    practices: list[Choice] = []
    organizations: list[Choice] = []
    regions: list[Choice] = []
    errors: list[FieldError] = []
    error_key: str = ""
    form_key: int = 0

    @rx.event
    @guarded(catalog_access.WRITER)
    def load_new(self) -> None:
        chosen = self.router.url.query_parameters.get("cadre", "")
        self.framework = chosen if chosen in evaluation_frameworks() else "hexagon"
        self.evaluation_id, self.values = (
            0,
            {"practice_id": self.router.url.query_parameters.get("pratique", "")},
        )
        self._load_choices()

    @rx.event
    @guarded(access.EVALUATION_EDITOR)
    def load_edit(self) -> None:
        found = read(service.detail, evaluation_id=access.evaluation_id(self.router.page.params) or 0)
        if found is None:
            self.loaded = False
            return
        self.framework, self.evaluation_id = found.framework, found.id
        self.values = {
            **answers.form_values(frameworks()[found.framework], found.answers),
            "practice_id": str(found.practice_id),
            "organization_id": str(found.organization_id),
            "region": found.region_code,
        }
        self._load_choices()

    @rx.event
    @guarded(catalog_access.WRITER)
    def save(self, form_data: dict[str, str]) -> EventSpec | None:
        """Saves the draft and opens the evaluation, where it is submitted. The evaluating organization, and
        for an existing evaluation its own, are checked here: the rule of ``save`` lets any writer through."""
        self.values = dict(form_data)
        identity = current_identity()
        raw_organization = form_data.get("organization_id", "")
        organization = int(raw_organization) if raw_organization.isdigit() else 0
        raw_practice = form_data.get("practice_id", "")
        if not access.evaluates_for(identity, organization):
            self._refuse([FieldError("organization", "evaluation.error.organization")])
            return None
        record = EvaluationInput(
            practice_id=int(raw_practice) if raw_practice.isdigit() else 0,
            organization_id=organization,
            region_code=form_data.get("region", ""),
            framework=self.framework,
            answers=answers.answers_from_form(frameworks()[self.framework], form_data),
        )
        try:
            with session_scope() as db:
                if self.evaluation_id and not access.can_edit(
                    identity, db, {"evaluation_id": self.evaluation_id}
                ):
                    self._refuse([FieldError("organization", "evaluation.error.organization")])
                    return None
                saved = service.save_evaluation(
                    db=db,
                    evaluation_id=self.evaluation_id or None,
                    record=record,
                    by_person_id=identity.person_id if identity else 0,
                )
                saved_id = saved.id
        except AnswersRejected as rejected:
            self._refuse(rejected.errors)
            return None
        except DomainError as refused:
            self.errors, self.error_key = [], refused.key
            return None
        return rx.redirect(routes.evaluation(saved_id))

    @rx.var
    def field_errors(self) -> dict[str, str]:
        return field_messages(self.errors, self.lang)

    @rx.var
    def error_message(self) -> str:
        return translate_or_empty(self.error_key, self.lang, {"count": str(len(self.errors))})

    def _refuse(self, errors: list[FieldError]) -> None:
        self.errors, self.error_key = errors, "framework.error.invalid"

    def _load_choices(self) -> None:
        writable = access.evaluating_organizations(current_identity())
        with session_scope() as db:
            self.practices = [
                Choice(str(summary.id), summary.title, summary.title)
                for summary in catalog.summaries(db=db, ids=catalog.practices_in_use(db=db))
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
        self.errors, self.error_key = [], ""
        self.form_key += 1
        self.loaded = True


class EvaluationState(LocaleState):
    """One evaluation: its answers, radar chart, review history and the moves the reader may make."""

    evaluation: EvaluationDetail | None = None
    not_found: bool = False
    history: list[HistoryEntry] = []
    moves: list[str] = []
    can_edit: bool = False
    # Other evaluations of the same practice: to open side by side with this one.
    siblings: list[EvaluationSummary] = []
    errors: list[FieldError] = []
    error_key: str = ""
    error_params: dict[str, str] = {}
    draft_comment: str = ""

    @rx.event
    @guarded(STAFF)
    def load(self) -> None:
        self.errors, self.error_key, self.draft_comment = [], "", ""
        self._show()

    @rx.event
    @guarded(access.EVALUATION_REVIEW)
    def review(self, form_data: dict[str, str]) -> None:
        """A move of the review. Who may make it is checked again here: the page only offers what the reader
        may do, any client may send anything."""
        choice = form_data.get("move", "")
        self.draft_comment = form_data.get("comment", "")[: review.COMMENT_MAX_LENGTH * 2]
        identity = current_identity()
        if choice not in self.moves:
            self.errors, self.error_key = [], "evaluation.review.error.choose"
            return
        move = ReviewMove(choice)
        try:
            with session_scope() as db:
                evaluation_id = access.evaluation_id(self.router.page.params) or 0
                may = (
                    catalog_access.is_reviewer(identity)
                    if review.STEPS[move].reviewers_only
                    else access.can_edit(identity, db, {"evaluation_id": evaluation_id})
                )
                if not may:
                    self.errors, self.error_key = [], "evaluation.review.error.choose"
                    return
                review.make_move(
                    db=db,
                    evaluation_id=evaluation_id,
                    move=move,
                    comment=self.draft_comment,
                    decision=form_data.get("decision", ""),
                    by_person_id=identity.person_id if identity else None,
                )
        except AnswersRejected as rejected:
            self.errors, self.error_key, self.error_params = (
                rejected.errors,
                "evaluation.review.error.incomplete",
                {},
            )
            return
        except DomainError as refused:
            self.errors, self.error_key, self.error_params = [], refused.key, refused.text_params
            return
        self.errors, self.error_key, self.draft_comment = [], "", ""
        self._show()

    @rx.var
    def lines(self) -> list[AnswerLine]:
        if self.evaluation is None:
            return []
        framework = frameworks()[self.evaluation.framework]
        return answers.answer_lines(framework, self.evaluation.answers, self.lang)

    @rx.var
    def radar(self) -> list[dict[str, Any]]:
        if self.evaluation is None:
            return []
        framework = frameworks()[self.evaluation.framework]
        return answers.radar_points(framework, {"a": self.evaluation.answers}, self.lang)

    @rx.var
    def field_errors(self) -> dict[str, str]:
        return field_messages(self.errors, self.lang)

    @rx.var
    def error_message(self) -> str:
        return translate_or_empty(self.error_key, self.lang, self.error_params)

    def _show(self) -> None:
        identity = current_identity()
        evaluation_id = access.evaluation_id(self.router.page.params) or 0
        with session_scope() as db:
            self.evaluation = service.detail(db=db, evaluation_id=evaluation_id)
            self.history = review.history(db=db, evaluation_id=evaluation_id)
            self.can_edit = access.can_edit(identity, db, {"evaluation_id": evaluation_id})
            self.siblings = [
                other
                for other in service.list_evaluations(db=db)
                if self.evaluation is not None
                and other.practice_id == self.evaluation.practice_id
                and other.id != evaluation_id
            ]
        self.not_found = self.evaluation is None
        self.moves = (
            [
                move.value
                for move in review.moves_from(
                    self.evaluation.status,
                    reviewer=catalog_access.is_reviewer(identity),
                    editor=self.can_edit,
                )
            ]
            if self.evaluation
            else []
        )


@dataclass(frozen=True)
class ComparedLine:
    label: str
    first: str
    second: str
    # The difference of ratings (second − first), 0 when either is not rated.
    gap: int


class EvaluationComparisonState(LocaleState):
    """Two evaluations side by side (?a=…&b=…): of one practice at two moments, or in two regions."""

    first: EvaluationDetail | None = None
    second: EvaluationDetail | None = None

    @rx.event
    @guarded(STAFF)
    def load(self) -> None:
        parameters = self.router.url.query_parameters
        ids = [parameters.get(name, "") for name in ("a", "b")]
        with session_scope() as db:
            self.first, self.second = (
                service.detail(db=db, evaluation_id=int(raw)) if raw.isdigit() else None for raw in ids
            )

    @rx.var
    def lines(self) -> list[ComparedLine]:
        if self.first is None or self.second is None:
            return []
        first, second = frameworks()[self.first.framework], frameworks()[self.second.framework]
        compared = []
        for field in first.fields + tuple(f for f in second.fields if first is not second):
            a = self.first.answers.get(field.code) if field in first.fields else None
            b = self.second.answers.get(field.code) if field in second.fields else None
            ratings = [int((answer or {}).get("rating") or 0) for answer in (a, b)]
            compared.append(
                ComparedLine(
                    label=field.label[self.lang] if self.lang in field.label else field.label["fr"],
                    first=answers.written_out(field, a, self.lang),
                    second=answers.written_out(field, b, self.lang),
                    gap=ratings[1] - ratings[0] if all(ratings) else 0,
                )
            )
        return compared

    @rx.var
    def radar(self) -> list[dict[str, Any]]:
        if self.first is None or self.second is None or self.first.framework != self.second.framework:
            return []
        framework = frameworks()[self.first.framework]
        return answers.radar_points(framework, {"a": self.first.answers, "b": self.second.answers}, self.lang)


@dataclass(frozen=True)
class CoverageRow:
    """One practice across the regions: "runs", "adapted" or "" for each region, in the regions' order."""

    title: str
    slug: str
    cells: list[str]


class PortfolioState(LocaleState):
    """The managers' portfolio, its filters in the URL (``links.py``)."""

    entries: list[PortfolioEntry] = []
    regions: list[Choice] = []
    areas: list[Choice] = []
    organizations: list[Choice] = []
    region: str = ""
    area: str = ""
    organization: str = ""
    export_href: str = routes.PORTFOLIO_EXPORT
    print_href: str = routes.PORTFOLIO_PRINT

    @rx.event
    @guarded(catalog_access.REVIEWER)
    def load(self) -> None:
        filters = links.filters_from(self.router.url.query_parameters)
        with session_scope() as db:
            self.entries = service.portfolio(db=db, filters=filters)
            self.regions, self.areas = (
                [
                    Choice(term.code, term.label_fr, term.label_en)
                    for term in taxonomy_terms(db=db, scheme=scheme)
                ]
                for scheme in (TaxonomyScheme.REGION, TaxonomyScheme.INTEGRATION_AREA)
            )
            self.organizations = [
                Choice(str(org.id), org.name, org.name) for org in identity_service.all_organizations(db=db)
            ]
        self.region, self.area = filters.region_code, filters.area_code
        self.organization = str(filters.organization_id or "")
        self.export_href = links.href(routes.PORTFOLIO_EXPORT, filters)
        self.print_href = links.href(routes.PORTFOLIO_PRINT, filters)

    @rx.event
    @guarded(catalog_access.REVIEWER)
    def filter(self, form_data: dict[str, str]) -> EventSpec:
        return rx.redirect(links.href(routes.PORTFOLIO, links.filters_from(form_data)))

    @rx.var
    def coverage(self) -> list[CoverageRow]:
        return [
            CoverageRow(
                title=entry.title,
                slug=entry.slug,
                cells=[
                    "runs"
                    if region.value in entry.region_codes
                    else "adapted"
                    if region.value in entry.adapted_region_codes
                    else ""
                    for region in self.regions
                ],
            )
            for entry in self.entries
        ]

    @rx.var
    def pending_total(self) -> int:
        return sum(entry.pending_reviews for entry in self.entries)
