"""Errors the domain raises; each names the field and carries a stable code.

Every ``DomainError`` class has a stable ``code`` (``<thing>.<what>``): logs record the code,
never the message, because a message may quote what a user typed.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar


@dataclass(frozen=True)
class FieldProblem:
    """One problem with one field: `field` is the form/CLI field name, `code` is stable."""

    field: str
    code: str
    message: str

    def __str__(self) -> str:
        return f"{self.field}: {self.message}"


class DomainError(Exception):
    """Base for errors a user can act on (shown as a message, never a traceback)."""

    #: Stable, for logs and tests; subclasses set their own.
    code: str = "domain.error"


class ValidationFailed(DomainError):
    code = "validation.failed"

    def __init__(self, problems: list[FieldProblem]) -> None:
        self.problems = problems
        super().__init__("; ".join(str(p) for p in problems))

    @classmethod
    def single(cls, field: str, code: str, message: str) -> ValidationFailed:
        return cls([FieldProblem(field, code, message)])


class ConcurrentEdit(DomainError):
    """Someone else saved the record after it was opened; nothing was overwritten."""

    code = "record.changed_elsewhere"


class DuplicateRecord(DomainError):
    code = "record.duplicate"

    def __init__(self, field: str, message: str) -> None:
        self.field = field
        super().__init__(message)


class NotFound(DomainError):
    code = "record.not_found"


class StorageFailure(DomainError):
    """The database could not do what was asked; nothing was saved.

    Raised by the services' translation of storage exceptions. The message is fixed per kind,
    in a caseworker's words (what happened, what to do); it never carries the driver's text,
    which may quote a record.
    """

    code = "storage.failed"
    message: ClassVar[str] = (
        "The database could not complete this, so nothing was saved. Try again; if it keeps "
        "happening, tell your administrator."
    )

    def __init__(self) -> None:
        super().__init__(self.message)


class DatabaseBusy(StorageFailure):
    code = "storage.busy"
    message = "The database is busy, try again in a moment."


class ConnectionLost(StorageFailure):
    """The connection to the server broke. ``doing`` names the action that failed (in words,
    never a value from a record); the next action opens a new connection."""

    code = "storage.connection_lost"
    message = (
        "Your changes were not saved: the connection to the database was lost. Resettle "
        "reconnects at your next action: check the network and try again."
    )

    def __init__(self, doing: str | None = None) -> None:
        self.doing = doing
        if doing is None:
            super().__init__()
            return
        DomainError.__init__(
            self,
            "Your changes were not saved: the connection to the database was lost during "
            f"“{doing}”. Resettle reconnects at your next action: check the network "
            "and try again.",
        )


class DiskFull(StorageFailure):
    code = "storage.disk_full"
    message = (
        "The disk that holds the database is full; your changes were not saved. "
        "Free some space (or tell your administrator) and try again."
    )


class DatabaseReadOnly(StorageFailure):
    code = "storage.read_only"
    message = (
        "The database can only be read, not changed; your changes were not saved. "
        "Ask your administrator to check the database's permissions."
    )


class RefusedByDatabase(StorageFailure):
    """On a shared PostgreSQL database, the account's own login was refused by the database's
    access rules (row-level security or a privilege): the services should have refused first,
    so this is a gap between the two, said plainly instead of as a failure to retry."""

    code = "storage.refused_by_database"
    message = (
        "The database's access rules do not let your account make this change, so nothing was "
        "saved. If you think you should be able to, tell your administrator."
    )


class ValueOutOfRange(StorageFailure):
    code = "storage.value_out_of_range"
    message = (
        "A number or date is too large to be stored; your changes were not saved. "
        "Check the values you entered and try again."
    )
