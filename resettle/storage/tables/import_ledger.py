"""The caseload import ledger (``services/caseload_import.py``): one row per person an
import made or updated, naming the import, the source file and line, the row's content hash,
who imported it and when, and the version of the person's record the import left.

Re-importing a file finds each person's latest ledger row: the same row hash is nothing to
do; a person whose record's version differs from the ledger's was changed in Resettle since
and is not overwritten. The rows hold data about the person (the line of their row in a named
file), so the subject access export lists them and erasure removes them with the person.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import ForeignKey, Index, Integer, String, func
from sqlalchemy.orm import Mapped, mapped_column

from resettle.storage.base import Base, UtcDateTime


class ImportLedgerRow(Base):
    __tablename__ = "import_ledger"
    __table_args__ = (Index("ix_import_ledger_person", "person_id", "id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    #: One import run (a random hex id shared by its rows).
    import_id: Mapped[str] = mapped_column(String(32), index=True)
    #: The file's name (without its folder) and the SHA-256 of its bytes.
    source_name: Mapped[str] = mapped_column(String(255))
    source_sha256: Mapped[str] = mapped_column(String(64))
    source_line: Mapped[int] = mapped_column(Integer)
    row_sha256: Mapped[str] = mapped_column(String(64))
    imported_at: Mapped[dt.datetime] = mapped_column(
        UtcDateTime, server_default=func.current_timestamp()
    )
    imported_by_id: Mapped[int] = mapped_column(ForeignKey("staff.id"))
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"))
    #: The person's record version the import left (``people.version``).
    person_version: Mapped[int] = mapped_column(Integer)
