"""Answers to a framework: read from the generated form's names, checked field by field, written out."""

from __future__ import annotations

import pytest

from livinglab.frameworks.answers import AnswersRejected, answers_from_form, checked, form_values, written_out
from livinglab.frameworks.definitions import frame, frameworks

HEXAGON = frameworks()["hexagon"]


def test_a_form_reads_back_into_the_answers_it_shows() -> None:
    stored = {
        "when": {"value": "implementation", "notes": "Après deux soirs"},
        "decided_by": {"value": ["program_manager", "recipients"], "notes": ""},
    }
    typed = form_values(frame(), stored)
    assert typed["when.value"] == "implementation"
    assert typed["decided_by.value:recipients"] == "on"
    cleaned = checked(frame(), answers_from_form(frame(), typed), complete=False)
    assert cleaned["when"] == stored["when"]
    assert cleaned["decided_by"]["value"] == ["program_manager", "recipients"]


def test_a_rating_outside_one_to_five_gets_a_message_on_its_field_only() -> None:
    typed = {"need.rating": "7", "fit.rating": "deux", "resources.rating": "3", "evidence.notes": "x" * 4001}
    with pytest.raises(AnswersRejected) as rejected:
        checked(HEXAGON, answers_from_form(HEXAGON, typed), complete=False)
    assert [(error.part, error.key) for error in rejected.value.errors] == [
        ("need", "framework.error.rating"),
        ("fit", "framework.error.rating"),
        ("evidence", "framework.error.too_long"),
    ]


def test_a_draft_may_be_incomplete_a_submission_may_not() -> None:
    typed = {"need.rating": "4", "need.notes": "  Liste d'attente  "}
    draft = checked(HEXAGON, answers_from_form(HEXAGON, typed), complete=False)
    assert draft["need"] == {"rating": 4, "notes": "Liste d'attente", "evidence": ""}
    with pytest.raises(AnswersRejected) as rejected:
        checked(HEXAGON, draft, complete=True)
    assert {error.part for error in rejected.value.errors} == {
        "fit",
        "resources",
        "evidence",
        "readiness",
        "capacity",
    }
    assert {error.key for error in rejected.value.errors} == {"framework.error.required"}


def test_unknown_options_and_fields_are_refused() -> None:
    with pytest.raises(AnswersRejected) as rejected:
        checked(frame(), {"when": {"value": "yesterday"}, "colour": {"value": "red"}}, complete=False)
    assert sorted((error.part, error.key) for error in rejected.value.errors) == [
        ("colour", "framework.error.unknown_field"),
        ("when", "framework.error.unknown_option"),
    ]


def test_an_optional_element_may_stay_empty_in_a_complete_record() -> None:
    with pytest.raises(AnswersRejected) as rejected:
        checked(frame(), {}, complete=True)
    assert "permanence" not in {error.part for error in rejected.value.errors}


def test_an_answer_written_out_in_each_language() -> None:
    field = frame().field("type")
    answer = {"value": ["format", "shortening"], "notes": "60 minutes"}
    assert written_out(field, answer, "fr") == "Contexte : le format, Contenu : raccourcir — 60 minutes"
    assert written_out(field, answer, "en") == "Context: format, Content: shortening — 60 minutes"
    assert written_out(HEXAGON.field("need"), {"rating": 4, "notes": "", "evidence": "rapport"}, "fr") == (
        "4/5 — rapport"
    )
