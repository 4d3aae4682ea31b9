"""The programme needs identifier's items and SARA levels as recorded on the Risk tab (one row
per person; saved under the risk part's revision)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import ForeignKey, SmallInteger, String
from sqlalchemy.orm import Mapped, mapped_column

from resettle.storage.base import Base, UtcDateTime, utc_now


class ProgrammeNeedItemsRow(Base):
    __tablename__ = "programme_need_items"

    person_id: Mapped[int] = mapped_column(
        ForeignKey("people.id", ondelete="CASCADE"), primary_key=True
    )
    sexual_preoccupation: Mapped[int | None] = mapped_column(SmallInteger)
    offence_related_sexual_interests: Mapped[int | None] = mapped_column(SmallInteger)
    emotional_congruence_with_children: Mapped[int | None] = mapped_column(SmallInteger)
    pro_criminal_attitudes: Mapped[int | None] = mapped_column(SmallInteger)
    hostile_orientation: Mapped[int | None] = mapped_column(SmallInteger)
    current_relationship_with_family: Mapped[int | None] = mapped_column(SmallInteger)
    previous_close_relationships: Mapped[int | None] = mapped_column(SmallInteger)
    easily_influenced_by_criminals: Mapped[int | None] = mapped_column(SmallInteger)
    aggressive_controlling_behaviour: Mapped[int | None] = mapped_column(SmallInteger)
    impulsivity: Mapped[int | None] = mapped_column(SmallInteger)
    temper_control: Mapped[int | None] = mapped_column(SmallInteger)
    problem_solving_skills: Mapped[int | None] = mapped_column(SmallInteger)
    difficulties_coping: Mapped[int | None] = mapped_column(SmallInteger)
    sara_partner: Mapped[str | None] = mapped_column(String(16))
    sara_other: Mapped[str | None] = mapped_column(String(16))
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))
    updated_at: Mapped[dt.datetime] = mapped_column(UtcDateTime, default=utc_now)
