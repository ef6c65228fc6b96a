"""Every route of the app, and the URL builders for routes with parameters, in one place."""

from urllib.parse import quote

HOME = "/"
# Not an address: the name Reflex gives the page it shows for every unknown one.
NOT_FOUND = "404"
WORKSHOPS = "/ateliers"
WORKSHOP = "/ateliers/[workshop_id]"
# A live board: the participants' tablets and the facilitator's console; the projector; a text outline.
BOARD = "/ateliers/[workshop_id]/tableaux/[board_id]"
BOARD_PROJECTION = BOARD + "/projection"
BOARD_OUTLINE = BOARD + "/plan"
CATALOG = "/catalogue"
CATALOG_NEW = "/catalogue/nouvelle"
CATALOG_IMPORT = "/catalogue/importer"
# One practice sheet, its editor, its history of versions, and its print-ready version.
PRACTICE = "/catalogue/fiches/[slug]"
PRACTICE_EDIT = PRACTICE + "/modifier"
PRACTICE_HISTORY = PRACTICE + "/historique"
PRACTICE_PRINT = PRACTICE + "/imprimer"
PRACTICE_CYCLES = PRACTICE + "/cycles"
PRACTICE_CYCLES_PRINT = PRACTICE_CYCLES + "/imprimer"
CYCLES = "/cycles"
CYCLE = "/cycles/[cycle_id]"
CYCLE_PRINT = CYCLE + "/imprimer"
ADAPTATIONS = "/adaptations"
ADAPTATION_NEW = "/adaptations/nouvelle"
# One adaptation record and its editor; how one practice was adapted region by region.
ADAPTATION = "/adaptations/fiches/[adaptation_id]"
ADAPTATION_EDIT = ADAPTATION + "/modifier"
ADAPTATION_COMPARISON = "/adaptations/pratiques/[slug]"
EVALUATIONS = "/evaluations"
EVALUATION_NEW = "/evaluations/nouvelle"
EVALUATION = "/evaluations/fiches/[evaluation_id]"
EVALUATION_EDIT = EVALUATION + "/modifier"
# Two evaluations side by side (?a=…&b=…).
EVALUATION_COMPARISON = "/evaluations/comparer"
# The managers' portfolio (?region=…&domaine=…&organisme=…) and its print-ready report.
PORTFOLIO = "/evaluations/portefeuille"
PORTFOLIO_PRINT = PORTFOLIO + "/imprimer"
SIGN_IN = "/connexion"
# A person sets their password here from the one-time link an administrator gave them (?jeton=…).
PASSWORD_LINK = "/mot-de-passe"  # noqa: S105  (a route, not a password)
ADMIN = "/admin"
ADMIN_AUDIT = "/admin/journal"
# A participant joins a workshop (the QR code opens it with ?code=…) and, later, withdraws their consent.
JOIN = "/rejoindre"
PARTICIPATION = "/participation"
# Plain HTTP routes (not pages): only they can set or clear the HttpOnly session cookie.
AUTH_SESSION = "/auth/session"
AUTH_LOGOUT = "/auth/logout"
AUTH_OIDC_START = "/auth/oidc"
AUTH_OIDC_CALLBACK = "/auth/oidc/retour"
# A board's export, for its facilitators (a Starlette route: {board_id} and {extension}, md or csv).
BOARD_EXPORT = "/exports/tableaux/{board_id:int}.{extension}"
# The catalogue's export ({extension}: csv or json): published sheets for everyone, every sheet for staff.
CATALOG_EXPORT = "/exports/catalogue.{extension}"
CYCLE_EXPORT = "/exports/cycles/{cycle_id:int}.md"
PRACTICE_CYCLES_EXPORT = "/exports/pratiques/{slug}/cycles.md"
# The portfolio as CSV, for managers, with the page's filters.
PORTFOLIO_EXPORT = "/exports/portefeuille.csv"


def workshop(workshop_id: int | str) -> str:
    return f"{WORKSHOPS}/{workshop_id}"


def board(workshop_id: int | str, board_id: int | str, view: str = "") -> str:
    """A board's page; ``view`` is "projection" or "plan" for the projector and the outline."""
    return f"{workshop(workshop_id)}/tableaux/{board_id}" + (f"/{view}" if view else "")


def practice(slug: str, view: str = "") -> str:
    """A sheet's page; ``view`` is "modifier", "historique" or "imprimer"."""
    return f"{CATALOG}/fiches/{slug}" + (f"/{view}" if view else "")


def cycle(cycle_id: int | str, view: str = "") -> str:
    return f"{CYCLES}/{cycle_id}" + (f"/{view}" if view else "")


def cycle_export(cycle_id: int | str) -> str:
    return CYCLE_EXPORT.replace("{cycle_id:int}", str(cycle_id))


def practice_cycles_export(slug: str) -> str:
    return PRACTICE_CYCLES_EXPORT.replace("{slug}", slug)


def adaptation(adaptation_id: int | str, view: str = "") -> str:
    """An adaptation record's page; ``view`` is "modifier" for its editor."""
    return f"{ADAPTATIONS}/fiches/{adaptation_id}" + (f"/{view}" if view else "")


def adaptation_comparison(slug: str) -> str:
    return f"{ADAPTATIONS}/pratiques/{slug}"


def evaluation(evaluation_id: int | str, view: str = "") -> str:
    """An evaluation's page; ``view`` is "modifier" for its editor."""
    return f"{EVALUATIONS}/fiches/{evaluation_id}" + (f"/{view}" if view else "")


def board_export(board_id: int | str, extension: str) -> str:
    return f"/exports/tableaux/{board_id}.{extension}"


def sign_in(next_path: str = HOME, error: str | None = None) -> str:
    """The sign-in page, then ``next_path``; ``error`` is one of the page's own codes (``?erreur=``)."""
    return f"{SIGN_IN}?suite={quote(next_path, safe='/')}" + (f"&erreur={quote(error)}" if error else "")


def safe_next_path(candidate: str | None) -> str:
    """Where to go after signing in: only a path of this site, never another host (open redirect)."""
    if not candidate or not candidate.startswith("/") or candidate.startswith("//") or "\\" in candidate:
        return HOME
    return candidate
