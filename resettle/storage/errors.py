"""Storage problems a user can act on (shown as a message, never a traceback)."""

from __future__ import annotations

from resettle.domain.errors import DomainError


class DatabaseProblem(DomainError):
    """The database cannot be used: names the database and what is wrong."""


class NotResettleDatabase(DatabaseProblem):
    pass


class NewerSchema(DatabaseProblem):
    pass


class CorruptDatabase(DatabaseProblem):
    pass


class DatabaseUnreachable(DatabaseProblem):
    pass


class ConcurrentEdit(DomainError):
    """Someone else saved the record after it was opened; nothing was overwritten."""


class DuplicateRecord(DomainError):
    def __init__(self, field: str, message: str) -> None:
        self.field = field
        super().__init__(message)


class NotFound(DomainError):
    pass
