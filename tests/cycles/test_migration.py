"""Migration 0008 moves participants' feedback from a cycle's observations to rows of its own, and back:
nothing typed so far is lost either way."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from livinglab.core.database import make_engine
from livinglab.core.migrations import downgrade_to, upgrade_to_head
from livinglab.cycles import feedback, reading
from livinglab.cycles.models import Cycle
from tests.cycles.conftest import new_cycle


def test_feedback_survives_a_downgrade_and_an_upgrade(tmp_path: Path) -> None:
    # A database of its own: the shared migrated ones must stay at head.
    url = f"sqlite:///{tmp_path / 'lab.db'}"
    upgrade_to_head(url)
    engine = make_engine(url)
    with Session(engine) as db:
        cycle = new_cycle(db)
        for text in ("Le texto m'aide", "Trop tard le soir"):
            feedback.add_feedback(db=db, cycle=cycle, text=text, by=None)
        db.commit()
        cycle_id = cycle.id
    engine.dispose()

    downgrade_to("0007", url)
    engine = make_engine(url)
    with engine.connect() as connection:
        [observations] = connection.execute(
            select(Cycle.__table__.c.observations).where(Cycle.__table__.c.id == cycle_id)
        ).scalars()
    engine.dispose()
    assert observations["feedback"] == ["Le texto m'aide", "Trop tard le soir"]

    upgrade_to_head(url)
    engine = make_engine(url)
    with Session(engine) as db:
        view = reading.cycle_view(db=db, cycle_id=cycle_id, lang="fr", reader=None)
        assert view is not None
        assert [item.text for item in view.feedback] == ["Le texto m'aide", "Trop tard le soir"]
        assert "feedback" not in db.get_one(Cycle, cycle_id).observations
    engine.dispose()
