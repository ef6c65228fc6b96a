"""Evidence levels of a practice and their explicit criteria (REFERENCE.md, after the Canadian Best Practices
Portal and the EU integration good-practice criteria).

A sheet records which criteria it meets; its level follows from them, so the badge can never claim more than
the ticked criteria show: a level is reached when its criteria and those of every level below are all met.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass

from livinglab.catalog.models import EvidenceLevel


@dataclass(frozen=True)
class Criterion:
    code: str
    level: EvidenceLevel


CRITERIA: tuple[Criterion, ...] = (
    Criterion("clear_context", EvidenceLevel.EMERGING),
    Criterion("clear_objectives", EvidenceLevel.EMERGING),
    Criterion("tried_once", EvidenceLevel.EMERGING),
    Criterion("meets_needs", EvidenceLevel.PROMISING),
    Criterion("co_designed", EvidenceLevel.PROMISING),
    Criterion("some_evaluation", EvidenceLevel.PROMISING),
    Criterion("transferable", EvidenceLevel.PROMISING),
    Criterion("evaluation_report", EvidenceLevel.PROVEN),
    Criterion("replicated", EvidenceLevel.PROVEN),
    Criterion("sustained_a_year", EvidenceLevel.PROVEN),
)
CRITERION_CODES = frozenset(criterion.code for criterion in CRITERIA)
LEVELS = tuple(EvidenceLevel)


def level_for(met: Collection[str]) -> EvidenceLevel:
    """The highest level whose criteria, and those of the levels below, are all in ``met``. A sheet that
    meets none yet is still « émergente »: the first step of every practice."""
    reached = EvidenceLevel.EMERGING
    for level in LEVELS:
        if all(criterion.code in met for criterion in CRITERIA if criterion.level is level):
            reached = level
        else:
            break
    return reached


def criteria_up_to(level: EvidenceLevel) -> tuple[str, ...]:
    """Every criterion of ``level`` and below: what a sheet recorded before criteria existed is taken to
    have met (migration 0007, the demo data)."""
    rank = LEVELS.index(level)
    return tuple(criterion.code for criterion in CRITERIA if LEVELS.index(criterion.level) <= rank)
