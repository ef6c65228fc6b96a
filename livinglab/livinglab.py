"""The Reflex application: registers each domain's pages. Nothing else lives here."""

import reflex as rx

import livinglab.models  # noqa: F401  (every table on Base.metadata, so Reflex sees the whole schema)
from livinglab.adaptations.pages import adaptations_page
from livinglab.adaptations.state import AdaptationsState
from livinglab.catalog.pages import catalog_page
from livinglab.catalog.state import CatalogState
from livinglab.core.database import Base
from livinglab.core.i18n import DEFAULT_LANGUAGE, catalog
from livinglab.cycles.pages import cycles_page
from livinglab.cycles.state import CyclesState
from livinglab.evaluations.pages import evaluations_page
from livinglab.evaluations.state import EvaluationsState
from livinglab.ui import routes
from livinglab.ui.home import home_page
from livinglab.ui.theme import app_theme
from livinglab.workshops.pages import workshop_board_page, workshops_page
from livinglab.workshops.state import WorkshopBoardState, WorkshopsState

rx.ModelRegistry.register(Base)


def _title(key: str) -> str:
    # Page titles are fixed when the app compiles, so they use the default language's catalog.
    return f"{catalog(DEFAULT_LANGUAGE)[key]} · Living Lab"


app = rx.App(
    theme=app_theme(),
    stylesheets=["/livinglab.css"],
    head_components=[rx.el.link(rel="icon", href="/logo.svg", type="image/svg+xml")],
    html_lang=DEFAULT_LANGUAGE,
)
app.add_page(home_page, route=routes.HOME, title=_title("nav.home"))
app.add_page(
    workshops_page, route=routes.WORKSHOPS, title=_title("nav.workshops"), on_load=WorkshopsState.load
)
app.add_page(
    workshop_board_page, route=routes.WORKSHOP, title=_title("nav.workshops"), on_load=WorkshopBoardState.load
)
app.add_page(catalog_page, route=routes.CATALOG, title=_title("nav.catalog"), on_load=CatalogState.load)
app.add_page(cycles_page, route=routes.CYCLES, title=_title("nav.cycles"), on_load=CyclesState.load)
app.add_page(
    adaptations_page, route=routes.ADAPTATIONS, title=_title("nav.adaptations"), on_load=AdaptationsState.load
)
app.add_page(
    evaluations_page, route=routes.EVALUATIONS, title=_title("nav.evaluations"), on_load=EvaluationsState.load
)
