"""A catalogue search as a URL, and back: the query and every filter live in the address, so a search can
be shared as a link, bookmarked, or reopened with the browser's back button.

``/catalogue?q=logement&region=06,05&domaine=housing`` — several values of one filter are separated by
commas; a value that is not a known code simply matches nothing (a hand-edited link never breaks the page).
"""

from __future__ import annotations

from collections.abc import Mapping
from urllib.parse import urlencode

from livinglab.catalog.search import SearchQuery
from livinglab.core.taxonomy import TaxonomyScheme

# URL parameter of each facet, as the search service names them.
PARAMETERS: dict[str, str] = {
    TaxonomyScheme.REGION.value: "region",
    TaxonomyScheme.INTEGRATION_AREA.value: "domaine",
    TaxonomyScheme.MIGRATORY_STATUS.value: "statut",
    TaxonomyScheme.RESIDENCE_LENGTH.value: "residence",
    "evidence_level": "niveau",
    "organization": "organisme",
    "status": "etat",
}
TEXT_PARAMETER = "q"
PAGE_PARAMETER = "page"
# Long enough for any real search; a pasted essay is cut rather than sent to the full-text engine.
TEXT_MAX_LENGTH = 200


def _values(raw: str | None) -> tuple[str, ...]:
    return tuple(dict.fromkeys(value.strip() for value in (raw or "").split(",") if value.strip()))


def query_from(parameters: Mapping[str, str]) -> SearchQuery:
    """The search a URL's query parameters describe."""
    chosen = {facet: _values(parameters.get(name)) for facet, name in PARAMETERS.items()}
    page = parameters.get(PAGE_PARAMETER, "")
    return SearchQuery(
        text=parameters.get(TEXT_PARAMETER, "").strip()[:TEXT_MAX_LENGTH],
        terms={scheme: chosen[scheme.value] for scheme in TaxonomyScheme if chosen[scheme.value]},
        evidence_levels=chosen["evidence_level"],
        organization_ids=tuple(int(value) for value in chosen["organization"] if value.isdigit()),
        statuses=chosen["status"],
        # Pages are counted from 1 in the address, from 0 by the service.
        page=int(page) - 1 if page.isdigit() and int(page) > 0 else 0,
    )


def chosen_values(query: SearchQuery) -> dict[str, tuple[str, ...]]:
    """The chosen values of every facet, as text."""
    return {
        **{scheme.value: query.terms.get(scheme, ()) for scheme in TaxonomyScheme},
        "evidence_level": query.evidence_levels,
        "organization": tuple(str(value) for value in query.organization_ids),
        "status": query.statuses,
    }


def href(base: str, text: str, chosen: Mapping[str, tuple[str, ...]], page: int = 0) -> str:
    """The address of a search: ``base`` with the text, the chosen values and the page (from 0)."""
    parameters = [(TEXT_PARAMETER, text)] if text else []
    parameters += [(PARAMETERS[facet], ",".join(values)) for facet, values in chosen.items() if values]
    if page > 0:
        parameters.append((PAGE_PARAMETER, str(page + 1)))
    return f"{base}?{urlencode(parameters, safe=',')}" if parameters else base


def toggled(chosen: Mapping[str, tuple[str, ...]], facet: str, value: str) -> dict[str, tuple[str, ...]]:
    """The chosen values with ``value`` of ``facet`` added, or removed if it was chosen."""
    values = chosen.get(facet, ())
    return {
        **chosen,
        facet: tuple(v for v in values if v != value) if value in values else (*values, value),
    }
