"""The adaptation editor as Reflex calls it, on the demo lab: it offers only the workshop ideas its user may
read, and a form naming another one (a crafted call) is refused beside the field, in French, with what was
typed kept and nothing saved."""

from __future__ import annotations

from sqlalchemy import func, select

from livinglab.adaptations.models import Adaptation
from livinglab.adaptations.state import AdaptationEditorState
from livinglab.catalog.models import Practice
from livinglab.core import database
from livinglab.core.i18n import translate
from livinglab.demo import CAFES_ADAPTATIONS, IDEA_EVENING_FRENCH, MONTREAL
from livinglab.frameworks import answers
from livinglab.frameworks.definitions import frame
from livinglab.identity import service as identity
from livinglab.workshops import facilitation, visibility
from livinglab.workshops.models import Note
from tests.workshops.test_state import signed_in

ESTRIE_PRACTITIONER = "jean-philippe.roy@example.org"
MONTREAL_PRACTITIONER = "marie-eve.gagnon@example.org"


def _offered(email: str) -> set[str]:
    editor = signed_in(AdaptationEditorState, person_email=email)
    editor.load_new()
    return {idea.text for idea in editor.ideas}


def _evening_french() -> Note:
    with database.session_scope() as db:
        return db.scalars(select(Note).where(Note.text == IDEA_EVENING_FRENCH)).one()


def test_the_editor_offers_the_ideas_of_its_users_organization_while_they_are_in_view(
    demo_database: str,
) -> None:
    assert IDEA_EVENING_FRENCH in _offered(ESTRIE_PRACTITIONER)
    # Montréal's staff adapt the same practices, but the Estrie workshop's notes are Estrie's.
    assert _offered(MONTREAL_PRACTITIONER) == set()
    board_id = _evening_french().board_id
    with database.session_scope() as db:
        facilitation.set_modes(db=db, board_id=board_id, private_mode=True)
    try:
        assert _offered(ESTRIE_PRACTITIONER) == set()
    finally:
        with database.session_scope() as db:
            facilitation.set_modes(db=db, board_id=board_id, private_mode=False)


def test_a_crafted_form_naming_another_organizations_note_is_refused_beside_the_field(
    demo_database: str,
) -> None:
    with database.session_scope() as db:
        practice_id = db.scalars(select(Practice.id).where(Practice.slug.contains("cafe"))).one()
        montreal = identity.find_organization(db=db, slug=MONTREAL)
        assert montreal is not None
        records = db.scalar(select(func.count(Adaptation.id)))
    region, _, _, _, frame_answers = next(record for record in CAFES_ADAPTATIONS if record[1] == MONTREAL)
    form = {
        **answers.form_values(frame(), frame_answers),
        "practice_id": str(practice_id),
        "organization_id": str(montreal.id),
        "region": region,
        "summary": "Le soir, en ligne.",
        f"idea:{_evening_french().id}": "on",
    }
    editor = signed_in(AdaptationEditorState, person_email=MONTREAL_PRACTITIONER)
    editor.load_new()

    assert editor.save(form) is None
    assert editor.field_errors == {"ideas": translate(visibility.LINK_REFUSED, "fr")}
    assert editor.values == form
    with database.session_scope() as db:
        assert db.scalar(select(func.count(Adaptation.id))) == records
