"""Measures and data points: one by one or pasted, every bad entry refused at its field with nothing saved,
and a deleted point put back."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from livinglab.core.errors import DomainError, FieldError, FieldsRejected
from livinglab.cycles import measures
from livinglab.cycles.measures import MeasureDraft, PointDraft
from livinglab.cycles.models import Cycle, DataPoint, Measure

TODAY = dt.date(2026, 11, 21)


def _measure(db: Session, cycle: Cycle) -> Measure:
    return measures.define_measure(
        db=db,
        practice_id=cycle.practice_id,
        cycle_id=cycle.id,
        draft=MeasureDraft(name="Personnes présentes", kind="outcome", unit="personnes", direction="up"),
    )


def _values(db: Session, measure: Measure) -> list[tuple[dt.date, float]]:
    rows = db.execute(
        select(DataPoint.observed_on, DataPoint.value)
        .where(DataPoint.measure_id == measure.id)
        .order_by(DataPoint.observed_on)
    )
    return [(day, value) for day, value in rows]


@pytest.mark.parametrize(
    ("text", "number"),
    [("12", 12.0), ("12,5", 12.5), (" 12.5 ", 12.5), ("1 234,5", 1234.5), ("85 %", 85.0), ("-3", -3.0)],
)
def test_numbers_are_read_as_people_type_them(text: str, number: float) -> None:
    assert measures.parse_number(text) == number


@pytest.mark.parametrize("text", ["", "douze", "12,5,3", "nan", "inf", "1e400"])
def test_what_is_not_a_number_is_none(text: str) -> None:
    assert measures.parse_number(text) is None


def test_a_measure_needs_a_name_a_unit_and_known_choices(db: Session, cycle: Cycle) -> None:
    with pytest.raises(FieldsRejected) as refused:
        measures.define_measure(
            db=db,
            practice_id=cycle.practice_id,
            cycle_id=cycle.id,
            draft=MeasureDraft(name=" ", kind="vanity", unit="", direction="sideways"),
        )
    assert {error.part for error in refused.value.errors} == {"name", "unit", "kind", "direction"}
    assert db.scalars(select(Measure)).all() == []


def test_a_point_is_recorded_with_its_annotation(db: Session, cycle: Cycle) -> None:
    measure = _measure(db, cycle)
    point = measures.record_point(
        db=db,
        measure=measure,
        draft=PointDraft("2026-11-02", "14,5", "Premiers rappels"),
        cycle_id=cycle.id,
        today=TODAY,
    )
    assert (point.observed_on, point.value, point.annotation) == (
        dt.date(2026, 11, 2),
        14.5,
        "Premiers rappels",
    )


def test_a_non_numeric_value_a_future_date_and_a_taken_date_are_refused_at_their_field(
    db: Session, cycle: Cycle
) -> None:
    measure = _measure(db, cycle)
    measures.record_point(
        db=db, measure=measure, draft=PointDraft("02/11/2026", "8"), cycle_id=None, today=TODAY
    )
    with pytest.raises(FieldsRejected) as refused:
        measures.record_point(
            db=db, measure=measure, draft=PointDraft("2026-12-01", "douze"), cycle_id=None, today=TODAY
        )
    assert refused.value.errors == [
        FieldError("observed_on", "measure.error.date_future", {"date": "2026-12-01"}),
        FieldError("value", "measure.error.value_invalid", {"text": "douze"}),
    ]
    with pytest.raises(FieldsRejected) as taken:
        measures.record_point(
            db=db, measure=measure, draft=PointDraft("2026-11-02", "9"), cycle_id=None, today=TODAY
        )
    assert taken.value.errors == [
        FieldError("observed_on", "measure.error.date_taken", {"date": "2026-11-02"})
    ]
    # The point saved first is untouched.
    assert _values(db, measure) == [(dt.date(2026, 11, 2), 8.0)]


def test_a_pasted_column_is_saved_whole(db: Session, cycle: Cycle) -> None:
    measure = _measure(db, cycle)
    pasted = "2026-10-05\t8\n12/10/2026\t9,5\n\n2026-10-19;11\n2026-10-26   1 2\n"
    points = measures.paste_points(db=db, measure=measure, pasted=pasted, cycle_id=cycle.id, today=TODAY)
    assert len(points) == 4
    assert _values(db, measure) == [
        (dt.date(2026, 10, 5), 8.0),
        (dt.date(2026, 10, 12), 9.5),
        (dt.date(2026, 10, 19), 11.0),
        (dt.date(2026, 10, 26), 12.0),
    ]


def test_a_pasted_column_with_bad_lines_saves_nothing_and_names_each_line(db: Session, cycle: Cycle) -> None:
    measure = _measure(db, cycle)
    measures.record_point(
        db=db, measure=measure, draft=PointDraft("2026-10-05", "8"), cycle_id=None, today=TODAY
    )
    pasted = "2026-10-12\t9\n2026-10-05\t7\n2026-10-19\tbeaucoup\n2027-01-04\t3\n2026-10-12\t10\nseul\n"
    with pytest.raises(FieldsRejected) as refused:
        measures.paste_points(db=db, measure=measure, pasted=pasted, cycle_id=None, today=TODAY)
    assert [(error.key, error.params.get("line")) for error in refused.value.errors] == [
        ("measure.error.date_taken_line", "2"),
        ("measure.error.value_invalid_line", "3"),
        ("measure.error.date_future_line", "4"),
        ("measure.error.date_taken_line", "5"),
        ("measure.error.paste_line", "6"),
    ]
    assert _values(db, measure) == [(dt.date(2026, 10, 5), 8.0)]


def test_an_empty_paste_is_refused(db: Session, cycle: Cycle) -> None:
    with pytest.raises(FieldsRejected) as refused:
        measures.paste_points(db=db, measure=_measure(db, cycle), pasted=" \n\n", cycle_id=None, today=TODAY)
    assert refused.value.errors == [FieldError("pasted", "measure.error.paste_empty")]


def test_a_deleted_point_comes_back_as_it_was(db: Session, cycle: Cycle) -> None:
    measure = _measure(db, cycle)
    point = measures.record_point(
        db=db,
        measure=measure,
        draft=PointDraft("2026-11-02", "14", "Changement"),
        cycle_id=cycle.id,
        today=TODAY,
    )
    removed = measures.delete_point(db=db, measure=measure, point_id=point.id)
    assert _values(db, measure) == []
    back = measures.restore_point(db=db, measure=measure, removed=removed)
    assert (back.observed_on, back.value, back.annotation, back.cycle_id) == (
        dt.date(2026, 11, 2),
        14.0,
        "Changement",
        cycle.id,
    )


def test_undoing_a_deletion_does_not_overwrite_a_point_recorded_since(db: Session, cycle: Cycle) -> None:
    measure = _measure(db, cycle)
    point = measures.record_point(
        db=db, measure=measure, draft=PointDraft("2026-11-02", "14"), cycle_id=None, today=TODAY
    )
    removed = measures.delete_point(db=db, measure=measure, point_id=point.id)
    measures.record_point(
        db=db, measure=measure, draft=PointDraft("2026-11-02", "15"), cycle_id=None, today=TODAY
    )
    with pytest.raises(DomainError, match=r"measure.error.restore_taken"):
        measures.restore_point(db=db, measure=measure, removed=removed)
    assert _values(db, measure) == [(dt.date(2026, 11, 2), 15.0)]


def test_a_measure_of_another_practice_is_not_found(db: Session, cycle: Cycle) -> None:
    measure = _measure(db, cycle)
    with pytest.raises(DomainError, match=r"measure.error.not_found"):
        measures.practice_measure(db, practice_id=cycle.practice_id + 1000, measure_id=measure.id)
    assert measures.practice_measure(db, practice_id=cycle.practice_id, measure_id=measure.id) is measure
