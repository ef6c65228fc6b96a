"""Regional adaptations of a practice, recorded with FRAME (Wiltsey Stirman et al., 2019)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import ForeignKey, Text
from sqlalchemy.orm import Mapped, mapped_column

from livinglab.core.database import Base, CreatedAtMixin


class Adaptation(CreatedAtMixin, Base):
    __tablename__ = "adaptation"

    id: Mapped[int] = mapped_column(primary_key=True)
    practice_id: Mapped[int] = mapped_column(ForeignKey("practice.id"), index=True)
    organization_id: Mapped[int] = mapped_column(ForeignKey("organization.id"))
    region_id: Mapped[int] = mapped_column(ForeignKey("taxonomy_term.id"))
    summary: Mapped[str] = mapped_column(Text)
    # FRAME answers keyed by element code (when, planned, decided_by, what, level, type, fidelity, reasons,
    # permanence).
    frame: Mapped[dict[str, Any]] = mapped_column(default=dict)
    # Where the adaptation came from: the cycle that tested it or the workshop idea that suggested it.
    origin_cycle_id: Mapped[int | None] = mapped_column(ForeignKey("cycle.id", ondelete="SET NULL"))
    origin_note_id: Mapped[int | None] = mapped_column(ForeignKey("note.id", ondelete="SET NULL"))
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("person.id", ondelete="SET NULL"))
