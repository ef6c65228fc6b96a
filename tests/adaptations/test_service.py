"""Adaptation records: every FRAME element checked at once, links to cycles and ideas, and the comparison of
one practice's adaptations from region to region."""

from __future__ import annotations

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from livinglab.adaptations import service
from livinglab.adaptations.service import AdaptationInput
from livinglab.catalog.models import Practice
from livinglab.cycles.models import Cycle
from livinglab.demo import CAFES_ADAPTATIONS, seed_demo
from livinglab.frameworks.answers import AnswersRejected
from livinglab.identity.models import Organization
from tests.test_demo import ADMIN


def _cafes(db: Session) -> Practice:
    seed_demo(db=db)
    practice = db.scalars(select(Practice).where(Practice.slug.contains("cafe"))).first()
    assert practice is not None
    return practice


def test_a_record_keeps_every_frame_element_and_its_links(db: Session) -> None:
    practice = _cafes(db)
    cycle = db.scalars(select(Cycle).where(Cycle.practice_id == practice.id)).one()
    organization = db.scalars(select(Organization).order_by(Organization.id)).first()
    assert organization is not None
    _, _, _, _, answers = CAFES_ADAPTATIONS[0]
    adaptation = service.save_adaptation(
        db=db,
        adaptation_id=None,
        record=AdaptationInput(
            practice.id, organization.id, "17", "Le soir, en ligne.", answers, (cycle.id,)
        ),
        by=None,
    )
    shown = service.detail(db=db, adaptation_id=adaptation.id, reader=None)
    assert shown is not None
    assert shown.frame["type"]["value"] == ["format", "setting", "shortening"]
    assert [linked.id for linked in shown.cycles] == [cycle.id]
    estrie = service.detail(
        db=db, adaptation_id=min(a.id for a in service.list_adaptations(db=db)), reader=ADMIN
    )
    assert estrie is not None
    assert [idea.text for idea in estrie.ideas] == [
        "Des cours de français le soir, après le travail à l'usine."
    ]


def test_a_bad_record_names_every_refused_field_and_writes_nothing(db: Session) -> None:
    practice = _cafes(db)
    before = len(service.list_adaptations(db=db))
    with pytest.raises(AnswersRejected) as rejected:
        service.save_adaptation(
            db=db,
            adaptation_id=None,
            record=AdaptationInput(
                practice.id, 1, "99", "  ", {"when": {"value": "implementation"}}, (999_999,)
            ),
            by=None,
        )
    parts = {error.part for error in rejected.value.errors}
    assert {"summary", "region", "cycles", "planned", "decided_by", "fidelity"} <= parts
    assert "when" not in parts
    assert "permanence" not in parts
    assert len(service.list_adaptations(db=db)) == before


def test_the_region_comparison_shows_what_recurs_across_regions(db: Session) -> None:
    practice = _cafes(db)
    comparison = service.region_comparison(db=db, slug=practice.slug)
    assert comparison is not None
    assert comparison.region_codes == ["03", "05", "06"]
    type_row = next(row for row in comparison.rows if row.element == "type")
    assert [cell.options for cell in type_row.cells] == [
        ["format", "shortening"],
        ["format", "setting", "shortening"],
        ["format", "tailoring", "adding"],
    ]
    recurring = {(r.element, r.option): r.region_codes for r in comparison.recurrences}
    assert recurring[("type", "format")] == ["03", "05", "06"]
    assert recurring[("contextual_factors", "work_schedule")] == ["03", "05", "06"]
    assert ("type", "adding") not in recurring
    assert comparison.recurrences[0].region_codes == ["03", "05", "06"]
