"""Regional adaptations of a practice, recorded with FRAME (Wiltsey Stirman et al., 2019)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import Column, ForeignKey, Table, Text
from sqlalchemy.orm import Mapped, mapped_column

from livinglab.core.database import Base, CreatedAtMixin, utcnow

# Where an adaptation came from: the cycles that tested it and the workshop ideas (notes) that suggested it.
adaptation_cycle = Table(
    "adaptation_cycle",
    Base.metadata,
    Column("adaptation_id", ForeignKey("adaptation.id", ondelete="CASCADE"), primary_key=True),
    Column("cycle_id", ForeignKey("cycle.id", ondelete="CASCADE"), primary_key=True),
)
adaptation_idea = Table(
    "adaptation_idea",
    Base.metadata,
    Column("adaptation_id", ForeignKey("adaptation.id", ondelete="CASCADE"), primary_key=True),
    Column("note_id", ForeignKey("note.id", ondelete="CASCADE"), primary_key=True),
)


class Adaptation(CreatedAtMixin, Base):
    __tablename__ = "adaptation"

    id: Mapped[int] = mapped_column(primary_key=True)
    practice_id: Mapped[int] = mapped_column(ForeignKey("practice.id"), index=True)
    organization_id: Mapped[int] = mapped_column(ForeignKey("organization.id"))
    region_id: Mapped[int] = mapped_column(ForeignKey("taxonomy_term.id"))
    summary: Mapped[str] = mapped_column(Text)
    # FRAME answers keyed by the element's code in livinglab/frameworks/frame.toml (livinglab/frameworks/
    # answers.py describes their shape).
    frame: Mapped[dict[str, Any]] = mapped_column(default=dict)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("person.id", ondelete="SET NULL"))
    updated_at: Mapped[dt.datetime | None] = mapped_column(onupdate=utcnow)
