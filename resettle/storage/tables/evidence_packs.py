"""Evidence packs an administrator imported (the newest valid one is used)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import LargeBinary, String
from sqlalchemy.orm import Mapped, mapped_column

from resettle.storage.base import Base, UtcDateTime, utc_now


class EvidencePackRow(Base):
    __tablename__ = "evidence_packs"

    id: Mapped[int] = mapped_column(primary_key=True)
    pack_version: Mapped[str] = mapped_column(String(32), unique=True)
    sha256: Mapped[str] = mapped_column(String(64))
    content: Mapped[bytes] = mapped_column(LargeBinary)
    imported_by: Mapped[str] = mapped_column(String(200))
    imported_at: Mapped[dt.datetime] = mapped_column(UtcDateTime, default=utc_now)
