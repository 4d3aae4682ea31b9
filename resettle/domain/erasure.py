"""Erasing a person: why, and what is left afterwards.

Erasure removes every row of the person's data from every table that holds it. What is left
is pseudonymous: a tombstone (the person's internal id, when, who authorised it and a reason
*code*, never a name or a prison number), the audit rows (codes and ids only) and an erasure
certificate listing the tables and how many rows each lost, never the values.
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum

from pydantic import BaseModel, ConfigDict

from resettle.domain.errors import ValidationFailed


class ErasureReason(StrEnum):
    RETENTION_REVIEW = "retention_review"
    SUBJECT_REQUEST = "subject_request"
    RECORDED_IN_ERROR = "recorded_in_error"
    DUPLICATE_RECORD = "duplicate_record"

    @property
    def label(self) -> str:
        return {
            ErasureReason.RETENTION_REVIEW: "Retention review: no longer needed",
            ErasureReason.SUBJECT_REQUEST: "The person asked for erasure",
            ErasureReason.RECORDED_IN_ERROR: "Recorded in error",
            ErasureReason.DUPLICATE_RECORD: "Duplicate record",
        }[self]


REASON_CODES = ", ".join(reason.value for reason in ErasureReason)


def erasure_reason(text: str) -> ErasureReason:
    """The reason code typed (``--reason``), or a problem naming the field and the codes."""
    cleaned = text.strip().lower().replace("-", "_")
    if not cleaned:
        raise ValidationFailed.single(
            "reason", "required", f"Reason: give the reason for erasure, one of {REASON_CODES}"
        )
    try:
        return ErasureReason(cleaned)
    except ValueError:
        raise ValidationFailed.single(
            "reason", "unknown", f"Reason: not a reason code; use one of {REASON_CODES}"
        ) from None


class ErasedTable(BaseModel):
    model_config = ConfigDict(frozen=True)

    table: str
    rows: int


class ErasureRecord(BaseModel):
    """What an erasure did: the tombstone's fields and the rows removed, for the certificate.
    Holds no personal data."""

    model_config = ConfigDict(frozen=True)

    tombstone_id: int
    person_id: int
    erased_at: dt.datetime
    authorised_by: str
    authorised_by_username: str
    reason: ErasureReason
    tables: tuple[ErasedTable, ...]
    #: What was done to the database file afterwards (SQLite: freed pages overwritten, the
    #: file rebuilt, the write-ahead log emptied), in plain words, one line each.
    storage_steps: tuple[str, ...] = ()
    #: Backup copies made before the erasure that still hold the person's data (file names);
    #: None when none were looked for (a database on a server: its backups are the server's).
    earlier_backups: tuple[str, ...] | None = None
    #: Plans of the person printed or saved as PDF files before (``plan.printed`` rows): the
    #: app keeps no copy, the files are where the users put them.
    printed_copies: int = 0
    #: Disclosures recorded (``person.disclosed``) and subject access exports written
    #: (``subject_access.exported``) before: copies outside the app, found through the audit.
    disclosures: int = 0
    subject_access_exports: int = 0

    @property
    def rows_removed(self) -> int:
        return sum(table.rows for table in self.tables)
