"""A search as a URL and back: what a shared link carries."""

from __future__ import annotations

from urllib.parse import parse_qsl, urlsplit

from livinglab.catalog import links
from livinglab.catalog.search import SearchQuery
from livinglab.core.taxonomy import TaxonomyScheme


def test_a_url_describes_the_text_every_filter_and_the_page() -> None:
    query = links.query_from(
        {
            "q": " logements ",
            "region": "06,05",
            "domaine": "housing",
            "niveau": "proven",
            "organisme": "3,x",
            "page": "2",
        }
    )
    assert query == SearchQuery(
        text="logements",
        terms={TaxonomyScheme.REGION: ("06", "05"), TaxonomyScheme.INTEGRATION_AREA: ("housing",)},
        evidence_levels=("proven",),
        organization_ids=(3,),
        page=1,
    )


def test_a_search_comes_back_from_its_own_url() -> None:
    query = links.query_from({"q": "café & rencontres", "statut": "asylum_seeker", "etat": "draft"})
    url = links.href("/catalogue", query.text, links.chosen_values(query), page=3)
    assert url == "/catalogue?q=caf%C3%A9+%26+rencontres&statut=asylum_seeker&etat=draft&page=4"
    parameters = dict(parse_qsl(urlsplit(url).query))
    assert links.query_from(parameters) == SearchQuery(
        text="café & rencontres",
        terms={TaxonomyScheme.MIGRATORY_STATUS: ("asylum_seeker",)},
        statuses=("draft",),
        page=3,
    )


def test_toggling_a_value_adds_it_or_removes_it() -> None:
    chosen = {"region": ("06",), "status": ()}
    assert links.toggled(chosen, "region", "05") == {"region": ("06", "05"), "status": ()}
    assert links.toggled(chosen, "region", "06") == {"region": (), "status": ()}


def test_a_hand_edited_url_never_breaks_the_search() -> None:
    query = links.query_from({"page": "-3", "organisme": "abc", "q": "x" * 5000, "region": ",,"})
    assert (query.page, query.organization_ids, len(query.text), query.terms) == (
        0,
        (),
        links.TEXT_MAX_LENGTH,
        {},
    )
