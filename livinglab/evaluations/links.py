"""The portfolio's filters as a URL, and back:
``/evaluations/portefeuille?region=05&domaine=housing&organisme=3`` can be shared, bookmarked, printed and
exported with the same filters. A value that is not a known code simply matches nothing."""

from __future__ import annotations

from collections.abc import Mapping
from urllib.parse import urlencode

from livinglab.evaluations.service import PortfolioFilters

REGION, AREA, ORGANIZATION = "region", "domaine", "organisme"
# A code is short; anything longer is a hand-edited address, cut rather than carried around.
VALUE_MAX_LENGTH = 64


def filters_from(parameters: Mapping[str, str]) -> PortfolioFilters:
    organization = parameters.get(ORGANIZATION, "").strip()
    return PortfolioFilters(
        region_code=parameters.get(REGION, "").strip()[:VALUE_MAX_LENGTH],
        area_code=parameters.get(AREA, "").strip()[:VALUE_MAX_LENGTH],
        organization_id=int(organization) if organization.isdigit() else 0,
    )


def href(base: str, filters: PortfolioFilters) -> str:
    parameters = [
        (name, value)
        for name, value in (
            (REGION, filters.region_code),
            (AREA, filters.area_code),
            (ORGANIZATION, str(filters.organization_id) if filters.organization_id else ""),
        )
        if value
    ]
    return f"{base}?{urlencode(parameters)}" if parameters else base
