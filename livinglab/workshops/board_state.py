"""The live board's state: what one screen types and taps. What the board shows is not kept here: the live
fan-out (``live``) writes each audience's snapshot straight into the browser's copy of ``board``, ``own`` and
``console``.

Every handler reads the board from the page's route; its guard has checked the caller may see (or run) that
board, and the services check what the board allows now (phase, frozen, budget, author)."""

from __future__ import annotations

import secrets
from collections.abc import Callable
from typing import Any

import reflex as rx
from reflex.event import EventSpec
from sqlalchemy.orm import Session

from livinglab.core.database import session_scope
from livinglab.core.errors import DomainError
from livinglab.core.i18n import translate_or_empty
from livinglab.identity import revocation
from livinglab.identity.guard import PUBLIC, current_identity, guarded
from livinglab.ui.i18n import LocaleState
from livinglab.workshops import access, clusters, decisions, facilitation, live, notes, service, votes
from livinglab.workshops.decisions import IdeaKind
from livinglab.workshops.invitation import Invitation, room_invitation
from livinglab.workshops.models import NOTE_COLORS, NOTE_MAX_LENGTH, BoardPhase
from livinglab.workshops.rules import Actor
from livinglab.workshops.snapshots import BoardSnapshot, ConsoleView, ParticipantView

# Where the tablet keeps the text of a new note not yet sent (assets/board.js), so that a lost connection or a
# worker gone loses nothing typed; the server forgets it once the note is stored, or dropped with « Annuler ».
NOTE_DRAFT_STORAGE_KEY = "livinglab.note-draft"


def _number(raw: object) -> int:
    text = str(raw)
    return int(text) if text.isdigit() else 0


def _idea_kind(raw: object) -> IdeaKind | None:
    """A note or a cluster, as the page names it; None for anything a hand-made event might send."""
    return IdeaKind(str(raw)) if str(raw) in {kind.value for kind in IdeaKind} else None


class BoardLiveState(LocaleState):
    # Written by the live fan-out only (see livinglab.workshops.live): never assigned on the server.
    board: BoardSnapshot = BoardSnapshot()
    own: ParticipantView = ParticipantView()
    console: ConsoleView = ConsoleView()

    # The workshop's facilitators run the board; the invitation is theirs to show on the projector.
    can_run: bool = False
    invitation: Invitation | None = None

    # The note being written: which column, which note if it is an edit, its color, and what was typed, kept
    # whatever the server answers.
    composer_open: bool = False
    composer_column_id: int = 0
    editing_note_id: int = 0
    draft_text: str = ""
    draft_color: str = NOTE_COLORS[0]
    # Sent with a post: the same post resent (double tap, reconnection) is stored once.
    request_key: str = ""
    error_key: str = ""
    error_params: dict[str, str] = {}
    # The facilitator's selection of notes to group (select-and-group).
    selected_note_ids: list[int] = []
    # The board this screen last joined: a screen that reconnects (its worker stopped, the network dropped)
    # joins the same board again, and the note being written stays open with its text in the field.
    _joined_board_id: int = 0

    def _board_id(self) -> int:
        return _number(self.router.page.params.get("board_id", ""))

    def _actor(self) -> Actor:
        identity = current_identity()
        if identity is None:  # the board's guards admit only signed-in callers
            raise PermissionError("a live board change needs an identity")
        return Actor.of(identity)

    def _refuse(self, refused: DomainError) -> None:
        self.error_key, self.error_params = refused.key, refused.text_params

    async def _change(
        self, action: Callable[[Session], object], *, own: bool = False, everyone: bool = False
    ) -> bool:
        """Runs a service action in one transaction, then tells every screen. A refusal is shown to this
        screen and changes nothing."""
        try:
            with session_scope() as db:
                action(db)
        except DomainError as refused:
            self._refuse(refused)
            return False
        self.error_key, self.error_params = "", {}
        await FANOUT.publish(
            live.BoardChange(
                board_id=self._board_id(),
                actor_keys=frozenset({self._actor().key}) if own else frozenset(),
                everyone=everyone,
            )
        )
        return True

    async def _join(self, *, as_projector: bool) -> None:
        identity = current_identity()
        if identity is None:  # the board's guards admit only signed-in callers
            raise PermissionError("a live board screen needs an identity")
        board_id = self._board_id()
        with session_scope() as db:
            workshop = access.board_workshop(db, self.router.page.params)
            self.can_run = workshop is not None and access.can_facilitate(identity, workshop.organization_id)
            code = (
                service.open_join_code(db=db, workshop_id=workshop.id) if workshop and self.can_run else None
            )
        self.invitation = room_invitation(join_code=code, request_host=self.router.headers.host)
        if self._joined_board_id != board_id:
            self.request_key = secrets.token_urlsafe(12)
        if self._joined_board_id not in (0, board_id):
            # The screen went on to another board: the note it was writing belongs to the one it left.
            # Not when it had joined none: a state Redis lost (restarted empty) is one, and Reflex rebuilds it
            # by running this load after the screen's next event, which must stand (a composer just opened).
            self.composer_open, self.error_key = False, ""
        self._joined_board_id = board_id
        await FANOUT.join(
            sid=self.router.session.session_id,
            board_id=board_id,
            identity=identity,
            actor=None if as_projector else Actor.of(identity),
            console=self.can_run and not as_projector,
        )

    @rx.event
    @guarded(access.BOARD_VIEWER)
    async def load(self) -> None:
        await self._join(as_projector=False)

    @rx.event
    @guarded(access.BOARD_FACILITATOR)
    async def load_projection(self) -> None:
        """The projector shows what the room sees, never the console."""
        await self._join(as_projector=True)

    @rx.event
    @guarded(PUBLIC)
    async def leave(self) -> None:
        # Only ever this screen's own socket: leaving needs no right.
        await FANOUT.leave(sid=self.router.session.session_id)

    # --- Participants ---------------------------------------------------------------------------------------

    @rx.event
    @guarded(access.BOARD_VIEWER)
    def start_note(self, column_id: int) -> None:
        """A new note in the column; a draft refused earlier is still there."""
        if self.editing_note_id:
            self.draft_text, self.editing_note_id = "", 0
        self.composer_column_id, self.error_key, self.composer_open = _number(column_id), "", True

    @rx.event
    @guarded(access.BOARD_VIEWER)
    def start_edit(self, note_id: int, text: str, color: str) -> None:
        """Edits one of one's notes (the server checks it is theirs when it is saved)."""
        self.editing_note_id, self.draft_text = _number(note_id), str(text)[: NOTE_MAX_LENGTH * 2]
        self.draft_color = color if color in NOTE_COLORS else self.draft_color
        self.error_key, self.composer_open = "", True

    @rx.event
    @guarded(access.BOARD_VIEWER)
    def close_composer(self) -> EventSpec:
        self.composer_open, self.error_key = False, ""
        return rx.remove_session_storage(NOTE_DRAFT_STORAGE_KEY)

    @rx.event
    @guarded(access.BOARD_VIEWER)
    async def save_note(self, form_data: dict[str, Any]) -> list[EventSpec] | None:
        # Kept as typed whatever happens: a refused note is corrected, not retyped.
        self.draft_text = str(form_data.get("text", ""))[: NOTE_MAX_LENGTH * 2]
        # An unknown color is refused by the service with its own message; a missing one keeps the last.
        self.draft_color = str(form_data.get("color") or self.draft_color)[:16]
        board_id, actor = self._board_id(), self._actor()
        if self.editing_note_id:
            note_id = self.editing_note_id
            saved = await self._change(
                lambda db: notes.edit_note(
                    db=db,
                    board_id=board_id,
                    note_id=note_id,
                    text=self.draft_text,
                    color=self.draft_color,
                    actor=actor,
                ),
                own=True,
            )
        else:
            column_id = self.composer_column_id
            saved = await self._change(
                lambda db: notes.post_note(
                    db=db,
                    board_id=board_id,
                    column_id=column_id,
                    text=self.draft_text,
                    color=self.draft_color,
                    actor=actor,
                    request_key=self.request_key,
                ),
                own=True,
            )
        if not saved:
            return None
        self.draft_text, self.editing_note_id, self.composer_open = "", 0, False
        self.request_key = secrets.token_urlsafe(12)
        return [rx.set_value("note-text", ""), rx.remove_session_storage(NOTE_DRAFT_STORAGE_KEY)]

    @rx.event
    @guarded(access.BOARD_VIEWER)
    async def delete_note(self, note_id: int) -> None:
        board_id, actor = self._board_id(), self._actor()
        if await self._change(
            lambda db: notes.delete_note(db=db, board_id=board_id, note_id=_number(note_id), actor=actor),
            own=True,
        ):
            self.composer_open, self.editing_note_id, self.draft_text = False, 0, ""

    @rx.event
    @guarded(access.BOARD_VIEWER)
    async def vote(self, note_id: int) -> None:
        board_id, actor = self._board_id(), self._actor()
        await self._change(
            lambda db: votes.cast_vote(db=db, board_id=board_id, note_id=_number(note_id), actor=actor),
            own=True,
        )

    @rx.event
    @guarded(access.BOARD_VIEWER)
    async def unvote(self, note_id: int) -> None:
        board_id, actor = self._board_id(), self._actor()
        await self._change(
            lambda db: votes.withdraw_vote(db=db, board_id=board_id, note_id=_number(note_id), actor=actor),
            own=True,
        )

    # --- Facilitators ---------------------------------------------------------------------------------------

    @rx.event
    @guarded(access.BOARD_FACILITATOR)
    async def set_phase(self, phase: str) -> None:
        if phase not in {p.value for p in BoardPhase}:
            return
        board_id = self._board_id()
        await self._change(
            lambda db: facilitation.set_phase(db=db, board_id=board_id, phase=BoardPhase(phase)),
            everyone=True,
        )

    @rx.event
    @guarded(access.BOARD_FACILITATOR)
    async def set_mode(self, mode: str, on: bool) -> None:
        """``mode`` is private_mode, anonymous, frozen or votes_revealed."""
        if mode not in ("private_mode", "anonymous", "frozen", "votes_revealed"):
            return
        board_id = self._board_id()
        await self._change(
            lambda db: facilitation.set_modes(db=db, board_id=board_id, **{mode: bool(on)}), everyone=True
        )

    @rx.event
    @guarded(access.BOARD_FACILITATOR)
    async def set_vote_budget(self, form_data: dict[str, Any]) -> None:
        board_id = self._board_id()
        await self._change(
            lambda db: facilitation.set_vote_budget(
                db=db,
                board_id=board_id,
                per_participant=_number(form_data.get("per_participant")),
                per_note=_number(form_data.get("per_note")),
            ),
            everyone=True,
        )

    @rx.event
    @guarded(access.BOARD_FACILITATOR)
    async def start_timer(self, minutes: int) -> None:
        board_id = self._board_id()
        await self._change(
            lambda db: facilitation.start_timer(db=db, board_id=board_id, minutes=_number(minutes))
        )

    @rx.event
    @guarded(access.BOARD_FACILITATOR)
    async def stop_timer(self) -> None:
        board_id = self._board_id()
        await self._change(lambda db: facilitation.stop_timer(db=db, board_id=board_id))

    @rx.event
    @guarded(access.BOARD_FACILITATOR)
    async def set_focus(self, target: str) -> None:
        """Brings every screen to ``column:<id>`` or ``cluster:<id>``; anything else lets everyone look where
        they like again."""
        board_id = self._board_id()
        kind, _, raw_id = str(target).partition(":")
        where = {f"{kind}_id": _number(raw_id)} if kind in ("column", "cluster") and _number(raw_id) else {}
        await self._change(lambda db: facilitation.set_focus(db=db, board_id=board_id, **where))

    @rx.event
    @guarded(access.BOARD_FACILITATOR)
    async def hide_note(self, note_id: int, reason: str) -> None:
        board_id, by = self._board_id(), self._actor().person_id
        await self._change(
            lambda db: notes.hide_note(
                db=db, board_id=board_id, note_id=_number(note_id), reason=str(reason), by_person_id=by
            ),
            everyone=True,
        )

    @rx.event
    @guarded(access.BOARD_FACILITATOR)
    async def restore_note(self, note_id: int) -> None:
        board_id, by = self._board_id(), self._actor().person_id
        await self._change(
            lambda db: notes.restore_note(
                db=db, board_id=board_id, note_id=_number(note_id), by_person_id=by
            ),
            everyone=True,
        )

    @rx.event
    @guarded(access.BOARD_FACILITATOR)
    def toggle_selected(self, note_id: int) -> None:
        note = _number(note_id)
        selected = set(self.selected_note_ids) ^ {note}
        self.selected_note_ids = sorted(selected)

    @rx.event
    @guarded(access.BOARD_FACILITATOR)
    async def group_selected(self, form_data: dict[str, Any]) -> EventSpec | None:
        board_id, note_ids, name = (
            self._board_id(),
            list(self.selected_note_ids),
            str(form_data.get("name", "")),
        )
        if await self._change(
            lambda db: clusters.group_notes(db=db, board_id=board_id, note_ids=note_ids, name=name)
        ):
            self.selected_note_ids = []
            return rx.set_value("cluster-name", "")
        return None

    @rx.event
    @guarded(access.BOARD_FACILITATOR)
    async def move_note(self, form_data: dict[str, Any]) -> None:
        """A note dropped on a cluster of its column, or out of any cluster (cluster 0), by drag
        (assets/board.js fills and submits the form)."""
        board_id, note_id, cluster_id = (
            self._board_id(),
            _number(form_data.get("note_id")),
            _number(form_data.get("cluster_id")),
        )
        await self._change(
            lambda db: clusters.move_note(
                db=db, board_id=board_id, note_id=note_id, cluster_id=cluster_id or None
            )
        )

    @rx.event
    @guarded(access.BOARD_FACILITATOR)
    async def add_selected_to(self, cluster_id: int) -> None:
        """The selected notes join an existing cluster: select-and-group without a drag."""
        board_id, note_ids, cluster = self._board_id(), list(self.selected_note_ids), _number(cluster_id)

        def add_all(db: Session) -> None:
            for note_id in note_ids:
                clusters.move_note(db=db, board_id=board_id, note_id=note_id, cluster_id=cluster)

        if await self._change(add_all):
            self.selected_note_ids = []

    @rx.event
    @guarded(access.BOARD_FACILITATOR)
    async def ungroup(self, cluster_id: int) -> None:
        board_id = self._board_id()
        await self._change(
            lambda db: clusters.ungroup(db=db, board_id=board_id, cluster_id=_number(cluster_id))
        )

    # --- Decisions ------------------------------------------------------------------------------------------

    @rx.event
    @guarded(access.BOARD_FACILITATOR)
    async def mark_idea(self, kind: str, idea_id: int, to_prototype: bool) -> None:
        """Marks a note or a cluster « à prototyper » (or takes the mark off): every screen shows it."""
        board_id, idea, idea_kind = self._board_id(), _number(idea_id), _idea_kind(kind)
        if idea_kind is not None:
            await self._change(
                lambda db: decisions.mark(
                    db=db, board_id=board_id, kind=idea_kind, idea_id=idea, to_prototype=bool(to_prototype)
                )
            )

    @rx.event
    @guarded(access.BOARD_FACILITATOR)
    async def create_practice(self, kind: str, idea_id: int) -> None:
        board_id, idea, idea_kind = self._board_id(), _number(idea_id), _idea_kind(kind)
        by = current_identity()
        if idea_kind is not None:
            await self._change(
                lambda db: decisions.create_practice_draft(
                    db=db, board_id=board_id, kind=idea_kind, idea_id=idea, by=by
                )
            )

    @rx.event
    @guarded(access.BOARD_FACILITATOR)
    async def create_cycle(self, form_data: dict[str, Any]) -> None:
        """From the idea's form: ``kind``, ``idea_id`` and the chosen ``practice_id``."""
        board_id, by, idea_kind = self._board_id(), current_identity(), _idea_kind(form_data.get("kind"))
        idea, practice = _number(form_data.get("idea_id")), _number(form_data.get("practice_id"))
        if idea_kind is not None:
            await self._change(
                lambda db: decisions.create_cycle(
                    db=db,
                    board_id=board_id,
                    kind=idea_kind,
                    idea_id=idea,
                    practice_id=practice,
                    by=by,
                )
            )

    @rx.var
    def error_message(self) -> str:
        return translate_or_empty(self.error_key, self.lang, self.error_params)


FANOUT = live.Fanout(BoardLiveState.get_full_name())
# Sessions ended and rights removed reach the screens already open (see livinglab.workshops.live).
revocation.on_access_lost(FANOUT.access_lost)
