"""Measures and their data points: defined once for a practice, recorded over time, one by one or pasted as a
column from a spreadsheet.

Every entry is checked whole before anything is written: a pasted column with one bad line saves nothing, and
the refusal names each bad line, so the person mends the text they pasted. A deleted point comes back as it
was with ``restore_point``: the page offers to undo a deletion.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from livinglab.core.errors import DomainError, FieldError, FieldsRejected
from livinglab.cycles.models import DataPoint, Direction, Measure, MeasureKind

NAME_MAX_LENGTH = 200
UNIT_MAX_LENGTH = 40
ANNOTATION_MAX_LENGTH = 280
# A year of daily values, and then some: more is a wrong paste (a whole sheet), not a column.
PASTE_MAX_LINES = 400

# « 12,5 », « 12.5 », « 1 234,5 », « 85 % »: numbers as people type them in French and English.
_NUMBER_NOISE = re.compile(r"[\s\u00a0\u202f%]")
_DATE_FORMATS = ("%Y-%m-%d", "%d/%m/%Y", "%Y/%m/%d", "%d-%m-%Y", "%d.%m.%Y")
# A pasted line: a date, then its value, separated by a tab (a spreadsheet's copy), a semicolon or spaces;
# not a comma, which is the decimal mark in French (« 12,5 »).
_PASTED_LINE = re.compile(r"^\s*(?P<date>[^\s;]+)[\s;]+(?P<value>.+?)\s*$")


@dataclass(frozen=True)
class MeasureDraft:
    name: str
    kind: str
    unit: str
    direction: str


@dataclass(frozen=True)
class PointDraft:
    observed_on: str
    value: str
    annotation: str = ""


@dataclass(frozen=True)
class RemovedPoint:
    """A deleted data point, as it was: enough to put it back."""

    measure_id: int
    observed_on: str
    value: float
    cycle_id: int | None
    annotation: str | None


def parse_number(text: str) -> float | None:
    cleaned = _NUMBER_NOISE.sub("", text).replace(",", ".")
    try:
        number = float(cleaned)
    except ValueError:
        return None
    return number if math.isfinite(number) else None


def parse_day(text: str) -> dt.date | None:
    for date_format in _DATE_FORMATS:
        try:
            # A calendar day, not an instant: no time zone to attach.
            return dt.datetime.strptime(text.strip(), date_format).date()  # noqa: DTZ007
        except ValueError:
            continue
    return None


def define_measure(*, db: Session, practice_id: int, cycle_id: int | None, draft: MeasureDraft) -> Measure:
    errors: list[FieldError] = []
    name, unit = draft.name.strip(), draft.unit.strip()
    if not name:
        errors.append(FieldError("name", "measure.error.name_empty"))
    elif len(name) > NAME_MAX_LENGTH:
        errors.append(FieldError("name", "measure.error.too_long", {"max_length": str(NAME_MAX_LENGTH)}))
    if not unit:
        errors.append(FieldError("unit", "measure.error.unit_empty"))
    elif len(unit) > UNIT_MAX_LENGTH:
        errors.append(FieldError("unit", "measure.error.too_long", {"max_length": str(UNIT_MAX_LENGTH)}))
    if draft.kind not in set(MeasureKind):
        errors.append(FieldError("kind", "measure.error.kind"))
    if draft.direction not in set(Direction):
        errors.append(FieldError("direction", "measure.error.direction"))
    if errors:
        raise FieldsRejected(errors)
    measure = Measure(
        practice_id=practice_id,
        cycle_id=cycle_id,
        name=name,
        kind=MeasureKind(draft.kind),
        unit=unit,
        direction=Direction(draft.direction),
    )
    db.add(measure)
    db.flush()
    return measure


def practice_measure(db: Session, *, practice_id: int, measure_id: int) -> Measure:
    """The measure, if it belongs to the practice: a handler only ever touches its own page's measures."""
    measure = db.get(Measure, measure_id)
    if measure is None or measure.practice_id != practice_id:
        raise DomainError("measure.error.not_found")
    return measure


def record_point(
    *, db: Session, measure: Measure, draft: PointDraft, cycle_id: int | None, today: dt.date
) -> DataPoint:
    taken = _taken_days(db, measure.id)
    errors: list[FieldError] = []
    day = _checked_day(draft.observed_on, today, taken, "observed_on", errors)
    value = _checked_value(draft.value, "value", errors)
    annotation = draft.annotation.strip()
    if len(annotation) > ANNOTATION_MAX_LENGTH:
        errors.append(
            FieldError("annotation", "measure.error.too_long", {"max_length": str(ANNOTATION_MAX_LENGTH)})
        )
    if errors or day is None or value is None:
        raise FieldsRejected(errors)
    point = DataPoint(
        measure=measure, observed_on=day, value=value, cycle_id=cycle_id, annotation=annotation or None
    )
    db.add(point)
    db.flush()
    return point


def paste_points(
    *, db: Session, measure: Measure, pasted: str, cycle_id: int | None, today: dt.date
) -> list[DataPoint]:
    """Every line « date value » of a pasted column; if any line is wrong, nothing and every wrong line."""
    lines = [(number, line) for number, line in enumerate(pasted.splitlines(), start=1) if line.strip()]
    if not lines:
        raise FieldsRejected([FieldError("pasted", "measure.error.paste_empty")])
    if len(lines) > PASTE_MAX_LINES:
        raise FieldsRejected(
            [FieldError("pasted", "measure.error.paste_too_long", {"max_lines": str(PASTE_MAX_LINES)})]
        )
    taken = _taken_days(db, measure.id)
    errors: list[FieldError] = []
    parsed: list[tuple[dt.date, float]] = []
    for number, line in lines:
        match = _PASTED_LINE.match(line)
        if match is None:
            errors.append(FieldError("pasted", "measure.error.paste_line", {"line": str(number)}))
            continue
        line_errors: list[FieldError] = []
        day = _checked_day(match["date"], today, taken, "pasted", line_errors)
        value = _checked_value(match["value"], "pasted", line_errors)
        errors += [
            FieldError("pasted", f"{error.key}_line", {**error.params, "line": str(number)})
            for error in line_errors
        ]
        if day is not None and value is not None:
            taken.add(day)
            parsed.append((day, value))
    if errors:
        raise FieldsRejected(errors)
    points = [
        DataPoint(measure=measure, observed_on=day, value=value, cycle_id=cycle_id) for day, value in parsed
    ]
    db.add_all(points)
    db.flush()
    return points


def delete_point(*, db: Session, measure: Measure, point_id: int) -> RemovedPoint:
    point = db.get(DataPoint, point_id)
    if point is None or point.measure_id != measure.id:
        raise DomainError("measure.error.point_not_found")
    removed = RemovedPoint(
        measure_id=measure.id,
        observed_on=point.observed_on.isoformat(),
        value=point.value,
        cycle_id=point.cycle_id,
        annotation=point.annotation,
    )
    db.delete(point)
    db.flush()
    return removed


def restore_point(*, db: Session, measure: Measure, removed: RemovedPoint) -> DataPoint:
    """The deleted point back as it was, unless a point was recorded for its date since."""
    day = dt.date.fromisoformat(removed.observed_on)
    if removed.measure_id != measure.id:
        raise DomainError("measure.error.point_not_found")
    if day in _taken_days(db, measure.id):
        raise DomainError("measure.error.restore_taken", date=removed.observed_on)
    point = DataPoint(
        measure=measure,
        observed_on=day,
        value=removed.value,
        cycle_id=removed.cycle_id,
        annotation=removed.annotation,
    )
    db.add(point)
    db.flush()
    return point


def _taken_days(db: Session, measure_id: int) -> set[dt.date]:
    return set(db.scalars(select(DataPoint.observed_on).where(DataPoint.measure_id == measure_id)))


def _checked_day(
    text: str, today: dt.date, taken: set[dt.date], part: str, errors: list[FieldError]
) -> dt.date | None:
    day = parse_day(text)
    if day is None:
        errors.append(FieldError(part, "measure.error.date_invalid", {"text": text.strip()[:40]}))
    elif day > today:
        errors.append(FieldError(part, "measure.error.date_future", {"date": day.isoformat()}))
    elif day in taken:
        errors.append(FieldError(part, "measure.error.date_taken", {"date": day.isoformat()}))
    else:
        return day
    return None


def _checked_value(text: str, part: str, errors: list[FieldError]) -> float | None:
    value = parse_number(text)
    if value is None:
        errors.append(FieldError(part, "measure.error.value_invalid", {"text": text.strip()[:40]}))
    return value
