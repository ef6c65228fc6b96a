"""Catalogue states: the search page, one sheet (with its review, history and print view), the editor.

The search lives in the URL (``links.py``): a facet is a link to the same page with that filter toggled, so
every state of the page can be shared, bookmarked and reopened with the back button.
"""

from __future__ import annotations

from dataclasses import dataclass

import reflex as rx
from reflex.event import EventSpec
from sqlalchemy.orm import Session

from livinglab.catalog import access, links, reading, review, service, sheets, transfer
from livinglab.catalog.reading import SheetView
from livinglab.catalog.review import CommentEntry, Move
from livinglab.catalog.service import PracticeSummary
from livinglab.catalog.sheets import EditConflict, PartChange, SheetContent, SheetRejected
from livinglab.core.database import session_scope
from livinglab.core.errors import DomainError, FieldError
from livinglab.core.i18n import field_messages, translate, translate_or_empty
from livinglab.core.taxonomy import TaxonomyScheme
from livinglab.core.taxonomy import terms as taxonomy_terms
from livinglab.identity import service as identity_service
from livinglab.identity.guard import PUBLIC, STAFF, current_identity, guarded, is_staff
from livinglab.ui import routes
from livinglab.ui.i18n import LocaleState
from livinglab.ui.loading import read

# The order of the filters beside the results: where first, then what, then for whom.
FACET_ORDER = (
    TaxonomyScheme.REGION.value,
    TaxonomyScheme.INTEGRATION_AREA.value,
    TaxonomyScheme.MIGRATORY_STATUS.value,
    TaxonomyScheme.RESIDENCE_LENGTH.value,
    "evidence_level",
    "organization",
    "status",
)


@dataclass(frozen=True)
class FacetOption:
    value: str
    label_fr: str
    label_en: str
    count: int
    chosen: bool
    # The same search with this value toggled.
    href: str


@dataclass(frozen=True)
class FacetGroup:
    name: str
    options: list[FacetOption]


class CatalogState(LocaleState):
    practices: list[PracticeSummary] = []
    total: int = 0
    text: str = ""
    facets: list[FacetGroup] = []
    chosen: list[FacetOption] = []
    previous_href: str = ""
    next_href: str = ""
    can_write: bool = False

    @rx.event
    @guarded(PUBLIC)
    def load(self) -> None:
        identity = current_identity()
        # Drafts and sheets under review are the network's work in progress: staff only. The workshop ideas
        # they came from follow the rule of notes (livinglab/workshops/visibility.py).
        staff = is_staff(identity)
        self.can_write = access.is_reviewer(identity) or (
            identity is not None and identity.has_role(*access.WRITER_ROLES)
        )
        query = links.query_from(self.router.url.query_parameters)
        with session_scope() as db:
            result = service.search_practices(db=db, query=query, published_only=not staff, reader=identity)
            chosen = links.chosen_values(query)
            shown = {name: [count.value for count in counts] for name, counts in result.facets.items()}
            labels = service.facet_labels(
                db=db, facets={name: {*shown.get(name, ()), *chosen[name]} for name in FACET_ORDER}
            )
        self.practices, self.total, self.text = result.practices, result.total, query.text

        def option(name: str, value: str, count: int) -> FacetOption:
            label_fr, label_en = labels.get((name, value), (value, value))
            return FacetOption(
                value=value,
                label_fr=label_fr,
                label_en=label_en,
                count=count,
                chosen=value in chosen[name],
                href=links.href(routes.CATALOG, query.text, links.toggled(chosen, name, value)),
            )

        groups = []
        for name in FACET_ORDER:
            if name == "status" and not staff:
                continue
            counted = {count.value: count.count for count in result.facets.get(name, [])}
            # A chosen value stays visible (with 0) so it can be unchosen even when nothing matches.
            values = list(counted) + [value for value in chosen[name] if value not in counted]
            groups.append(FacetGroup(name, [option(name, value, counted.get(value, 0)) for value in values]))
        self.facets = [group for group in groups if group.options]
        self.chosen = [option for group in groups for option in group.options if option.chosen]
        pages = max(0, (result.total - 1) // service.search.PAGE_SIZE)
        self.previous_href = (
            links.href(routes.CATALOG, query.text, chosen, query.page - 1) if query.page > 0 else ""
        )
        self.next_href = (
            links.href(routes.CATALOG, query.text, chosen, query.page + 1) if query.page < pages else ""
        )

    @rx.event
    @guarded(PUBLIC)
    def search(self, form_data: dict[str, str]) -> EventSpec:
        """A new text keeps the chosen filters and starts again at the first page."""
        query = links.query_from(self.router.url.query_parameters)
        text = form_data.get("q", "").strip()[: links.TEXT_MAX_LENGTH]
        return rx.redirect(links.href(routes.CATALOG, text, links.chosen_values(query)))


@dataclass(frozen=True)
class TermOption:
    code: str
    label_fr: str
    label_en: str


# The review form's choice that only adds a comment, beside the moves.
COMMENT_ONLY = "comment"


class SheetState(LocaleState):
    """One sheet as the reader may see it; for staff, its review trail and the moves they may make."""

    sheet: SheetView | None = None
    not_found: bool = False
    is_staff: bool = False
    can_edit: bool = False
    moves: list[str] = []
    comments: list[CommentEntry] = []
    history: list[sheets.VersionEntry] = []
    review_error_key: str = ""
    review_error_params: dict[str, str] = {}
    draft_comment: str = ""

    @rx.event
    @guarded(PUBLIC)
    def load(self) -> None:
        self._show()

    @rx.event
    @guarded(STAFF)
    def load_history(self) -> None:
        self._show()
        if self.sheet is not None:
            self.history = read(sheets.history, practice_id=self.sheet.id, lang=self.lang)

    @rx.event
    @guarded(access.SHEET_EDITOR)
    def review(self, form_data: dict[str, str]) -> None:
        """A review move (submit, publish, send back, archive, reopen) or a comment alone. Who may make which
        move is checked here again: the page only offers what the reader may do."""
        choice = form_data.get("move", "")
        self.draft_comment = form_data.get("comment", "")[: review.COMMENT_MAX_LENGTH * 2]
        identity = current_identity()
        by_person_id = identity.person_id if identity else None
        if choice not in {*self.moves, COMMENT_ONLY}:
            self.review_error_key, self.review_error_params = "review.error.choose", {}
            return
        if (
            choice != COMMENT_ONLY
            and review.STEPS[Move(choice)].reviewers_only
            and not access.is_reviewer(identity)
        ):
            self.review_error_key, self.review_error_params = "review.error.reviewers_only", {}
            return
        try:
            with session_scope() as db:
                practice_id = access.sheet_id(db, self.router.page.params)
                if practice_id is None:
                    return
                if choice == COMMENT_ONLY:
                    review.add_comment(
                        db=db, practice_id=practice_id, body=self.draft_comment, by_person_id=by_person_id
                    )
                else:
                    review.make_move(
                        db=db,
                        practice_id=practice_id,
                        move=Move(choice),
                        comment=self.draft_comment,
                        by_person_id=by_person_id,
                    )
        except DomainError as refused:
            self.review_error_key, self.review_error_params = refused.key, refused.text_params
            return
        self.review_error_key, self.draft_comment = "", ""
        self._show()

    @rx.var
    def review_error(self) -> str:
        return translate_or_empty(self.review_error_key, self.lang, self.review_error_params)

    def _show(self) -> None:
        identity = current_identity()
        staff = is_staff(identity)
        slug = str(self.router.page.params.get("slug", ""))
        with session_scope() as db:
            self.sheet = reading.sheet_view(db=db, slug=slug, staff=staff, reader=identity)
            carriers = sheets.carrier_ids(db=db, practice_id=self.sheet.id) if self.sheet else set()
            self.comments = review.comments(db=db, practice_id=self.sheet.id) if self.sheet and staff else []
        self.not_found = self.sheet is None
        self.is_staff = staff
        self.can_edit = self.sheet is not None and access.can_edit(identity, carriers)
        self.moves = (
            [
                move.value
                for move in review.moves_from(
                    self.sheet.status, reviewer=access.is_reviewer(identity), editor=self.can_edit
                )
            ]
            if self.sheet
            else []
        )


class SheetEditorState(LocaleState):
    """Writing a sheet, new or existing. What was typed is kept whatever the server refuses; a save over a
    newer version shows both versions and lets the writer choose."""

    loaded: bool = False
    not_found: bool = False
    slug: str = ""
    base_number: int = 0
    draft: SheetContent = SheetContent()
    # Bumped to rebuild the form from ``draft`` (taking their version after a conflict).
    form_key: int = 0
    # Where the signed-in person may carry a new sheet; every organization, for co-carriers.
    lead_choices: list[identity_service.OrganizationRef] = []
    organizations: list[identity_service.OrganizationRef] = []
    term_options: dict[str, list[TermOption]] = {}
    errors: list[FieldError] = []
    error_key: str = ""
    error_params: dict[str, str] = {}
    # The version someone else saved meanwhile, and what mine changes from it.
    conflict_number: int = 0
    conflict_author: str = ""
    theirs: SheetContent = SheetContent()
    conflict_changes: list[PartChange] = []

    @rx.event
    @guarded(access.WRITER)
    def load_new(self) -> None:
        self._reset()
        identity = current_identity()
        with session_scope() as db:
            self._load_choices(db)
        self.lead_choices = [org for org in self.organizations if access.can_write_for(identity, org.id)]
        self.loaded = True

    @rx.event
    @guarded(access.SHEET_EDITOR)
    def load_edit(self) -> None:
        self._reset()
        self.slug = str(self.router.page.params.get("slug", ""))
        with session_scope() as db:
            found = reading.editable_content(db=db, slug=self.slug)
            self._load_choices(db)
        self.not_found = found is None
        if found is not None:
            self.base_number, self.draft = found
        self.loaded = True

    @rx.event
    @guarded(access.WRITER)
    def create(self, form_data: dict[str, str]) -> EventSpec | None:
        self.draft = _content_from(form_data)
        identity = current_identity()
        raw_lead = form_data.get("organization_id", "")
        lead = int(raw_lead) if raw_lead.isdigit() else 0
        if not access.can_write_for(identity, lead):
            self._refuse([FieldError("organization_id", "sheet.error.organization")])
            return None
        try:
            with session_scope() as db:
                practice = sheets.create_sheet(
                    db=db,
                    organization_id=lead,
                    content=self.draft,
                    author_id=identity.person_id if identity else None,
                )
                slug = practice.slug
        except SheetRejected as rejected:
            self._refuse(rejected.errors, rejected)
            return None
        return rx.redirect(routes.practice(slug))

    @rx.event
    @guarded(access.SHEET_EDITOR)
    def save(self, form_data: dict[str, str]) -> EventSpec | None:
        self.draft = _content_from(form_data)
        identity = current_identity()
        raw_base = form_data.get("base_number", "")
        base = int(raw_base) if raw_base.isdigit() else 0
        try:
            with session_scope() as db:
                practice_id = access.sheet_id(db, self.router.page.params)
                if practice_id is None:
                    self.not_found = True
                    return None
                sheets.save(
                    db=db,
                    practice_id=practice_id,
                    content=self.draft,
                    base_number=base,
                    author_id=identity.person_id if identity else None,
                )
        except EditConflict as conflict:
            self._show_conflict(conflict)
            return None
        except SheetRejected as rejected:
            self._refuse(rejected.errors, rejected)
            return None
        except DomainError as refused:
            self._refuse([], refused)
            return None
        return rx.redirect(routes.practice(self.slug))

    @rx.event
    @guarded(access.SHEET_EDITOR)
    def take_theirs(self) -> None:
        """Drop my version for theirs: the form is rebuilt from it, on top of their version."""
        self.draft, self.base_number = self.theirs, self.conflict_number
        self._clear_conflict()
        self.form_key += 1

    @rx.event
    @guarded(access.SHEET_EDITOR)
    def keep_mine(self) -> None:
        """Having read theirs, save mine over it on purpose: the next save is based on their version (it
        stays in the history, nothing is lost)."""
        self.base_number = self.conflict_number
        self._clear_conflict()

    @rx.var
    def error_message(self) -> str:
        return translate_or_empty(self.error_key, self.lang, self.error_params)

    @rx.var
    def field_errors(self) -> dict[str, str]:
        """The message under each refused part, in the reader's language."""
        return field_messages(self.errors, self.lang)

    def _refuse(self, errors: list[FieldError], refused: DomainError | None = None) -> None:
        self.errors = errors
        if refused is not None:
            self.error_key, self.error_params = refused.key, refused.text_params
        else:
            self.error_key, self.error_params = "sheet.error.invalid", {"count": str(len(errors))}

    def _show_conflict(self, conflict: EditConflict) -> None:
        self.conflict_number, self.conflict_author, self.theirs = (
            conflict.number,
            conflict.author_name,
            conflict.theirs,
        )
        with session_scope() as db:
            self.conflict_changes = sheets.compare(
                db=db, before=conflict.theirs, after=self.draft, lang=self.lang
            )
        self.errors = []
        self.error_key, self.error_params = conflict.key, conflict.text_params

    def _clear_conflict(self) -> None:
        self.conflict_number, self.conflict_author, self.conflict_changes = 0, "", []
        self.theirs = SheetContent()
        self.error_key, self.error_params, self.errors = "", {}, []

    def _reset(self) -> None:
        self.loaded, self.not_found, self.slug, self.base_number = False, False, "", 0
        self.draft = SheetContent()
        self.lead_choices = []
        self._clear_conflict()

    def _load_choices(self, db: Session) -> None:
        self.organizations = identity_service.all_organizations(db=db)
        self.term_options = {
            part: [
                TermOption(term.code, term.label_fr, term.label_en)
                for term in taxonomy_terms(db=db, scheme=scheme)
            ]
            for part, scheme in sheets.TERM_PARTS.items()
        }


def _content_from(form_data: dict[str, str]) -> SheetContent:
    """The sheet a submitted editor form describes. Checkboxes are named ``<part>:<code>`` (a form sends one
    value per name), lists are one item per line."""

    def lines(name: str) -> tuple[str, ...]:
        return tuple(form_data.get(name, "").splitlines())

    def ticked(part: str) -> tuple[str, ...]:
        return tuple(name.split(":", 1)[1] for name in form_data if name.startswith(f"{part}:"))

    return SheetContent(
        title=form_data.get("title", ""),
        summary=form_data.get("summary", ""),
        description_md=form_data.get("description_md", ""),
        **{part: lines(part) for part in sheets.LIST_PARTS},
        staff=form_data.get("staff", ""),
        budget=form_data.get("budget", ""),
        duration=form_data.get("duration", ""),
        **{part: ticked(part) for part in sheets.TERM_PARTS},
        carrier_ids=tuple(int(value) for value in ticked("carrier_ids") if value.isdigit()),
        contact_name=form_data.get("contact_name", ""),
        contact_email=form_data.get("contact_email", ""),
        evidence_criteria=ticked("evidence_criteria"),
        language=form_data.get("language", "fr"),
    )


@dataclass(frozen=True)
class ImportProblem:
    """One refusal of an import, as the page lists it: where in the file, and why (in the reader's words)."""

    line: int
    column: str
    message: str


# The upload area's id: its selected file is sent with the dry run.
IMPORT_UPLOAD_ID = "catalog-csv"


class ImportState(LocaleState):
    """A CSV import in two steps: the chosen file is checked at once (a dry run: every bad row with its line
    and reason, nothing written), then its good rows are imported on request, all or none."""

    file_name: str = ""
    checked_rows: int = 0
    ready: list[transfer.CreatedSheet] = []
    imported: list[transfer.CreatedSheet] = []
    problems: list[transfer.RowError] = []
    # The checked file, kept on the server only (a backend var) until it is imported or replaced.
    _data: bytes = b""

    @rx.event
    @guarded(access.WRITER)
    def load(self) -> None:
        self.file_name, self.checked_rows, self._data = "", 0, b""
        self.ready, self.imported, self.problems = [], [], []

    @rx.event
    @guarded(access.WRITER)
    async def check(self, files: list[rx.UploadFile]) -> None:
        if not files:
            return
        upload = files[0]
        # One byte over the limit is enough for the service to refuse the file with its own message.
        data = await upload.read(transfer.MAX_BYTES + 1)
        report = self._run(data, dry_run=True)
        self.file_name = upload.name or ""
        self._data = data if report.created else b""
        self.checked_rows, self.ready, self.imported = report.total_rows, report.created, []
        self.problems = report.errors

    @rx.event
    @guarded(access.WRITER)
    def import_checked(self) -> None:
        if not self._data:
            return
        report = self._run(self._data, dry_run=False)
        self._data = b""
        self.imported, self.ready, self.problems = report.created, [], report.errors

    @rx.var
    def problem_lines(self) -> list[ImportProblem]:
        return [
            ImportProblem(
                line=problem.line or 0,
                column=problem.column,
                message=translate(problem.key, self.lang, **problem.params),
            )
            for problem in self.problems
        ]

    def _run(self, data: bytes, *, dry_run: bool) -> transfer.ImportReport:
        identity = current_identity()
        with session_scope() as db:
            return transfer.import_csv(
                db=db,
                data=data,
                allowed_organization_ids=access.writable_organizations(identity),
                author_id=identity.person_id if identity else None,
                dry_run=dry_run,
            )
