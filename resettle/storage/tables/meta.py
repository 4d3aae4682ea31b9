"""A key/value table that marks a database as Resettle's."""

from __future__ import annotations

from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from resettle.storage.base import Base

APPLICATION_KEY = "application"
APPLICATION_VALUE = "resettle"


class MetaRow(Base):
    __tablename__ = "resettle_meta"

    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[str] = mapped_column(String(400))
