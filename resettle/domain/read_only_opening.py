"""A record opened while the database cannot be written: shown, read-only, with the reason.

Opening a person's record writes its ``person.viewed`` audit row. When the database's disk is
full or the database is read-only, that row cannot be written; refusing to show the record
would stop a caseworker reading a release plan on release day because of a disk. The
data-protection decision (issue 16) is:

- the record is shown, read-only: nothing can be saved anyway, and the edit controls are off;
- the reason is shown with it (a banner in the person window, a line from ``people show``),
  saying changes cannot be saved;
- the opening that could not be audited is written to the log instead, as codes and ids only
  (the account's id, the person's id, where it was opened and the storage code): the log is
  the trail to reconcile the audit from, and it never holds personal data;
- any other failure still refuses the opening, as before.
"""

from __future__ import annotations

from enum import StrEnum

from resettle.domain.errors import DomainError
from resettle.domain.permissions import Permission


class ReadOnlyBecause(StrEnum):
    """Why an opened record cannot be changed (the storage failure's code)."""

    DISK_FULL = "storage.disk_full"
    READ_ONLY = "storage.read_only"


#: What the account may still do to a record opened read-only: look at it.
READ_PERMISSIONS = frozenset(p for p in Permission if p.value.startswith("view_"))


def read_only_permissions(granted: frozenset[Permission]) -> frozenset[Permission]:
    """``granted`` without anything that writes (editing, adding, printing, closing...)."""
    return granted & READ_PERMISSIONS


class PrintingRefused(DomainError):
    """Printing plans asked for on a database that cannot be written: each printing writes its
    audit row, so none could be printed. Refused before any plan is rendered or any folder made
    (the batch dialog, ``plan print-batch``)."""

    code = "plan.print_read_only"

    def __init__(self, because: ReadOnlyBecause) -> None:
        self.because = because
        why = (
            "the disk that holds the database is full. Free some space (or tell your "
            "administrator), then try again"
            if because is ReadOnlyBecause.DISK_FULL
            else "the database can only be read. Ask your administrator to check the "
            "database's permissions"
        )
        super().__init__(
            "Plans cannot be printed now: each printing is recorded in the database, and "
            f"{why}. Nothing was printed."
        )


def refuse_printing_when_read_only(because: ReadOnlyBecause | None) -> None:
    """Raise :class:`PrintingRefused` when ``because`` says the database cannot be written."""
    if because is not None:
        raise PrintingRefused(because)
