"""Storage problems a user can act on (shown as a message, never a traceback)."""

from __future__ import annotations

from resettle.domain.errors import ConcurrentEdit, DomainError, DuplicateRecord, NotFound

__all__ = [
    "ConcurrentEdit",
    "CorruptDatabase",
    "DatabaseProblem",
    "DatabaseUnreachable",
    "DuplicateRecord",
    "NewerSchema",
    "NotFound",
    "NotResettleDatabase",
]


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
