"""The unit of work: a refusal leaves nothing half-written, except the trace a RecordedRefusal must keep."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from livinglab.core import audit
from livinglab.core.audit import AuditEvent
from livinglab.core.database import session_scope
from livinglab.core.errors import DomainError, RecordedRefusal


def _record_then_refuse(refusal: DomainError) -> None:
    with session_scope() as db:
        audit.record(db=db, action="written_before_refusing", object_type="test")
        raise refusal


def _actions() -> list[str]:
    with session_scope() as db:
        return list(db.scalars(select(AuditEvent.action)))


@pytest.mark.usefixtures("app_database")
def test_a_refusal_rolls_back_what_the_unit_of_work_wrote() -> None:
    with pytest.raises(DomainError):
        _record_then_refuse(DomainError("note.error.empty"))
    assert _actions() == []


@pytest.mark.usefixtures("app_database")
def test_a_recorded_refusal_keeps_its_trace_and_still_refuses() -> None:
    with pytest.raises(RecordedRefusal):
        _record_then_refuse(RecordedRefusal("login.error.invalid"))
    assert _actions() == ["written_before_refusing"]
