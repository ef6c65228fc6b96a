"""The portfolio as CSV: one row per practice, with a column per rated field of each evaluation framework
(generated from the framework files), every cell defused against spreadsheet formulas, in the dialect French
Excel opens."""

from __future__ import annotations

from livinglab.core.i18n import translate
from livinglab.core.text import spreadsheet_csv
from livinglab.evaluations.service import PortfolioEntry
from livinglab.frameworks.definitions import evaluation_frameworks

_COLUMNS = (
    "title",
    "organization",
    "evidence_level",
    "regions",
    "adapted_regions",
    "latest_framework",
    "latest_status",
    "decision",
    "rationale",
    "pending_reviews",
)


def portfolio_csv(entries: list[PortfolioEntry], lang: str) -> str:
    rated = [
        (framework.code, field)
        for framework in evaluation_frameworks().values()
        for field in framework.rated_fields
    ]
    header = [translate(f"portfolio.column.{column}", lang) for column in _COLUMNS] + [
        f"{evaluation_frameworks()[code].name[lang]} · {field.label[lang]}" for code, field in rated
    ]
    return spreadsheet_csv(
        header,
        (
            [
                entry.title,
                entry.organization_name,
                translate(f"evidence.level.{entry.evidence_level.value}", lang),
                " ".join(entry.region_codes),
                " ".join(entry.adapted_region_codes),
                evaluation_frameworks()[entry.latest_framework].name[lang] if entry.latest_framework else "",
                translate(f"evaluation.status.{entry.latest_status}", lang) if entry.latest_status else "",
                translate(f"evaluation.decision.{entry.decision}", lang) if entry.decision else "",
                entry.rationale,
                entry.pending_reviews,
                *(entry.ratings.get(code, {}).get(field.code, "") for code, field in rated),
            ]
            for entry in entries
        ),
    )
