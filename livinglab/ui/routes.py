"""Every route of the app, and the URL builders for routes with parameters, in one place."""

HOME = "/"
WORKSHOPS = "/ateliers"
WORKSHOP = "/ateliers/[workshop_id]"
CATALOG = "/catalogue"
CYCLES = "/cycles"
ADAPTATIONS = "/adaptations"
EVALUATIONS = "/evaluations"


def workshop(workshop_id: int | str) -> str:
    return f"{WORKSHOPS}/{workshop_id}"
