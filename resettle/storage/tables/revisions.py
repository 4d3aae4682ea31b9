"""Each part of a person's record has its own revision, for optimistic locking.

One row per person and part (``needs``, ``essentials``, ``risk``, ``referral:<id>``); a part
never saved has no row (revision 0). The profile's revision is the person row's ``version``
and a plan's is its version row's ``revision``. A save advances its part with a
compare-and-swap, so saving one part never conflicts with a save of another.
"""

from __future__ import annotations

from sqlalchemy import ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from resettle.storage.base import Base


class RecordPartRevisionRow(Base):
    __tablename__ = "record_part_revisions"

    person_id: Mapped[int] = mapped_column(
        ForeignKey("people.id", ondelete="CASCADE"), primary_key=True
    )
    part: Mapped[str] = mapped_column(String(32), primary_key=True)
    revision: Mapped[int] = mapped_column(Integer)
