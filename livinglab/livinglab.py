"""The Reflex application: registers each domain's pages and the sign-in routes. Nothing else lives here."""

from collections.abc import Callable

import reflex as rx
from reflex.event import EventType

import livinglab.models  # noqa: F401  (every table on Base.metadata, so Reflex sees the whole schema)
from livinglab.adaptations import pages as adaptation_pages
from livinglab.adaptations.state import (
    AdaptationEditorState,
    AdaptationsState,
    AdaptationState,
    RegionComparisonState,
)
from livinglab.catalog.editor_pages import edit_sheet_page, new_sheet_page
from livinglab.catalog.export_routes import catalog_export_routes
from livinglab.catalog.import_pages import import_page
from livinglab.catalog.pages import catalog_page
from livinglab.catalog.sheet_pages import history_page, print_page, sheet_page
from livinglab.catalog.state import CatalogState, ImportState, SheetEditorState, SheetState
from livinglab.core.database import Base
from livinglab.core.health import health_routes
from livinglab.core.heap import tune_for_live_boards
from livinglab.core.i18n import DEFAULT_LANGUAGE, catalog
from livinglab.core.logs import configure_logging, request_ids
from livinglab.core.security_headers import with_security_headers
from livinglab.cycles.cycle_pages import cycle_page, report_page, timeline_page
from livinglab.cycles.export_routes import cycle_export_routes
from livinglab.cycles.pages import cycles_page
from livinglab.cycles.state import CycleReportState, CyclesState, CycleState, TimelineState
from livinglab.evaluations import pages as evaluation_pages
from livinglab.evaluations.export_routes import portfolio_export_routes
from livinglab.evaluations.state import (
    EvaluationComparisonState,
    EvaluationEditorState,
    EvaluationsState,
    EvaluationState,
    PortfolioState,
)
from livinglab.frameworks.definitions import frameworks
from livinglab.identity.admin_pages import admin_page, audit_page, password_link_page
from livinglab.identity.admin_state import AdminState, AuditState, PasswordLinkState
from livinglab.identity.browser import with_browser_secret
from livinglab.identity.origin import same_origin_only
from livinglab.identity.pages import sign_in_page
from livinglab.identity.participant_pages import join_page, participation_page
from livinglab.identity.routes import auth_routes
from livinglab.identity.state import JoinState, ParticipationState, ViewerState
from livinglab.ui import routes
from livinglab.ui.connection import connection_banner
from livinglab.ui.event_log import (
    EventRequestIds,
    all_logs_as_json,
    log_backend_exception,
    log_frontend_exception,
)
from livinglab.ui.home import home_page
from livinglab.ui.not_found import not_found_page
from livinglab.ui.theme import app_theme
from livinglab.workshops.board_pages import board_page, outline_page, projection_page
from livinglab.workshops.board_state import BoardLiveState
from livinglab.workshops.export_routes import export_routes
from livinglab.workshops.pages import workshop_board_page, workshops_page
from livinglab.workshops.state import WorkshopBoardState, WorkshopsState

rx.ModelRegistry.register(Base)
configure_logging()
# The framework files are read now: a bad one stops the start-up, naming the file and the field.
frameworks()

app = rx.App(
    theme=app_theme(),
    stylesheets=["/livinglab.css"],
    head_components=[
        rx.el.link(rel="icon", href="/logo.svg", type="image/svg+xml"),
        rx.script(src="/board.js", defer=True),
    ],
    html_lang=DEFAULT_LANGUAGE,
    # What goes wrong in a browser or an event: one bounded JSON line each, limited in number.
    frontend_exception_handler=log_frontend_exception,
    backend_exception_handler=log_backend_exception,
    # The health check, the sign-in and export routes (boards, catalogue, cycles, portfolio), then the origin
    # check in front of everything, the websocket included; each browser's own secret on the pages (what binds
    # a sign-in ticket to it); the browser's rules on every response, refusals included; and outermost the
    # request id, so that a refused origin is logged under its id too.
    api_transformer=[
        health_routes(),
        auth_routes(),
        export_routes(),
        catalog_export_routes(),
        cycle_export_routes(),
        portfolio_export_routes(),
        same_origin_only,
        with_browser_secret,
        with_security_headers,
        request_ids,
    ],
)
app.add_middleware(EventRequestIds())
app.register_lifespan_task(tune_for_live_boards)
app.register_lifespan_task(all_logs_as_json)

# The app's own bilingual « reconnecting » line in place of Reflex's overlay (its English connection toast),
# on every page that talks to the server.
app.app_wraps[(5, "Overlay")] = lambda stateful: connection_banner() if stateful else None


def add_page(
    component: Callable[[], rx.Component], route: str, title_key: str, *loads: EventType[()]
) -> None:
    # Page titles are fixed when the app compiles, so they use the default language's catalog. Every page
    # loads who is signed in, for the header.
    title = f"{catalog(DEFAULT_LANGUAGE)[title_key]} · Living Lab"
    app.add_page(component, route=route, title=title, on_load=[ViewerState.load_viewer, *loads])


add_page(home_page, routes.HOME, "nav.home")
# Reflex serves its "404" page at every address it has no page for.
add_page(not_found_page, routes.NOT_FOUND, "not_found.title")
add_page(sign_in_page, routes.SIGN_IN, "login.title")
add_page(password_link_page, routes.PASSWORD_LINK, "password_link.title", PasswordLinkState.load)
add_page(join_page, routes.JOIN, "home.participant.title", JoinState.load_join)
add_page(participation_page, routes.PARTICIPATION, "participation.title", ParticipationState.load)
add_page(workshops_page, routes.WORKSHOPS, "nav.workshops", WorkshopsState.load)
add_page(workshop_board_page, routes.WORKSHOP, "nav.workshops", WorkshopBoardState.load)
add_page(board_page, routes.BOARD, "board.page_title", BoardLiveState.load)
add_page(projection_page, routes.BOARD_PROJECTION, "board.page_title", BoardLiveState.load_projection)
add_page(outline_page, routes.BOARD_OUTLINE, "board.page_title", BoardLiveState.load)
add_page(catalog_page, routes.CATALOG, "nav.catalog", CatalogState.load)
add_page(new_sheet_page, routes.CATALOG_NEW, "sheet.new", SheetEditorState.load_new)
add_page(import_page, routes.CATALOG_IMPORT, "transfer.title", ImportState.load)
add_page(sheet_page, routes.PRACTICE, "nav.catalog", SheetState.load)
add_page(edit_sheet_page, routes.PRACTICE_EDIT, "sheet.edit", SheetEditorState.load_edit)
add_page(history_page, routes.PRACTICE_HISTORY, "sheet.history", SheetState.load_history)
add_page(print_page, routes.PRACTICE_PRINT, "nav.catalog", SheetState.load)
add_page(cycles_page, routes.CYCLES, "nav.cycles", CyclesState.load)
add_page(cycle_page, routes.CYCLE, "nav.cycles", CycleState.load)
add_page(report_page, routes.CYCLE_PRINT, "nav.cycles", CycleReportState.load_cycle)
add_page(timeline_page, routes.PRACTICE_CYCLES, "nav.cycles", TimelineState.load)
add_page(report_page, routes.PRACTICE_CYCLES_PRINT, "nav.cycles", CycleReportState.load_history)
add_page(adaptation_pages.adaptations_page, routes.ADAPTATIONS, "nav.adaptations", AdaptationsState.load)
add_page(
    adaptation_pages.editor_page, routes.ADAPTATION_NEW, "adaptation.new", AdaptationEditorState.load_new
)
add_page(adaptation_pages.adaptation_page, routes.ADAPTATION, "nav.adaptations", AdaptationState.load)
add_page(
    adaptation_pages.editor_page, routes.ADAPTATION_EDIT, "adaptation.edit", AdaptationEditorState.load_edit
)
add_page(
    adaptation_pages.comparison_page,
    routes.ADAPTATION_COMPARISON,
    "comparison.regions_title",
    RegionComparisonState.load,
)
add_page(evaluation_pages.evaluations_page, routes.EVALUATIONS, "nav.evaluations", EvaluationsState.load)
add_page(
    evaluation_pages.editor_page, routes.EVALUATION_NEW, "evaluation.new", EvaluationEditorState.load_new
)
add_page(evaluation_pages.evaluation_page, routes.EVALUATION, "nav.evaluations", EvaluationState.load)
add_page(
    evaluation_pages.editor_page, routes.EVALUATION_EDIT, "evaluation.edit", EvaluationEditorState.load_edit
)
add_page(
    evaluation_pages.comparison_page,
    routes.EVALUATION_COMPARISON,
    "comparison.evaluations_title",
    EvaluationComparisonState.load,
)
add_page(evaluation_pages.portfolio_page, routes.PORTFOLIO, "portfolio.title", PortfolioState.load)
add_page(
    evaluation_pages.portfolio_print_page, routes.PORTFOLIO_PRINT, "portfolio.title", PortfolioState.load
)
add_page(admin_page, routes.ADMIN, "admin.title", AdminState.load)
add_page(audit_page, routes.ADMIN_AUDIT, "audit.title", AuditState.load)
