"""The Markdown reports: every stage in the reader's language, people's text escaped, the run chart's
figures."""

from __future__ import annotations

import datetime as dt

from sqlalchemy.orm import Session

from livinglab.cycles import measures, reading, report, stages
from livinglab.cycles.measures import MeasureDraft
from livinglab.cycles.models import Cycle
from livinglab.cycles.stages import Plan, Question

DAY = dt.date(2026, 9, 7)


def _measured(db: Session, cycle: Cycle) -> None:
    stages.save_plan(
        db=db,
        cycle=cycle,
        plan=Plan(
            objective="Plus de **monde** <script>", questions=(Question("Qui vient ?", "Au moins 12"),)
        ),
    )
    measure = measures.define_measure(
        db=db,
        practice_id=cycle.practice_id,
        cycle_id=cycle.id,
        draft=MeasureDraft(name="Présences", kind="outcome", unit="personnes", direction="up"),
    )
    column = "\n".join(
        f"{(DAY + dt.timedelta(weeks=week)).isoformat()}\t{value}"
        for week, value in enumerate([4, 5, 3, 4, 5, 6, 10, 11, 12, 11, 12, 13])
    )
    measures.paste_points(
        db=db, measure=measure, pasted=column, cycle_id=cycle.id, today=dt.date(2026, 12, 31)
    )


def test_a_cycle_report_in_french_escapes_people_s_text(db: Session, cycle: Cycle) -> None:
    _measured(db, cycle)
    view = reading.cycle_view(db=db, cycle_id=cycle.id, lang="fr", reader=None)
    assert view is not None
    text = report.cycle_report(view, "fr")
    assert text.startswith("# Cycle 1 · Rappel par texto\n")
    assert "**Objectif** : Plus de \\*\\*monde\\*\\* \\<script\\>" in text
    assert "Prédiction : Au moins 12" in text
    assert "Médiane : 8" in text
    assert "- Déplacement : 6 points au-dessus de la médiane (2026-10-19 → 2026-11-23)" in text
    assert "| 2026-09-07 | 4 |  |" in text


def test_the_history_in_english(db: Session, cycle: Cycle) -> None:
    _measured(db, cycle)
    text = report.history_report(
        "Cafés",
        reading.timeline(db=db, practice_id=cycle.practice_id),
        reading.measure_views(db=db, practice_id=cycle.practice_id, lang="en"),
        "en",
    )
    assert text.startswith("# Iteration cycles: Cafés\n")
    assert "## Cycle 1: Rappel par texto" in text
    assert "Stage: Plan" in text
    assert "Median: 8" in text
