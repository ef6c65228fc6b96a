"""Every route of the app, and the URL builders for routes with parameters, in one place."""

from urllib.parse import quote

HOME = "/"
WORKSHOPS = "/ateliers"
WORKSHOP = "/ateliers/[workshop_id]"
CATALOG = "/catalogue"
CYCLES = "/cycles"
ADAPTATIONS = "/adaptations"
EVALUATIONS = "/evaluations"
SIGN_IN = "/connexion"
# Plain HTTP routes (not pages): only they can set or clear the HttpOnly session cookie.
AUTH_SESSION = "/auth/session"
AUTH_LOGOUT = "/auth/logout"


def workshop(workshop_id: int | str) -> str:
    return f"{WORKSHOPS}/{workshop_id}"


def sign_in(next_path: str = HOME) -> str:
    return f"{SIGN_IN}?suite={quote(next_path, safe='/')}"


def safe_next_path(candidate: str | None) -> str:
    """Where to go after signing in: only a path of this site, never another host (open redirect)."""
    if not candidate or not candidate.startswith("/") or candidate.startswith("//") or "\\" in candidate:
        return HOME
    return candidate
