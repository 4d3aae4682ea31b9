"""Errors the domain raises; each names the field and carries a stable code."""

from __future__ import annotations

from dataclasses import dataclass


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


class ValidationFailed(DomainError):
    def __init__(self, problems: list[FieldProblem]) -> None:
        self.problems = problems
        super().__init__("; ".join(str(p) for p in problems))

    @classmethod
    def single(cls, field: str, code: str, message: str) -> ValidationFailed:
        return cls([FieldProblem(field, code, message)])


class ConcurrentEdit(DomainError):
    """Someone else saved the record after it was opened; nothing was overwritten."""


class DuplicateRecord(DomainError):
    def __init__(self, field: str, message: str) -> None:
        self.field = field
        super().__init__(message)


class NotFound(DomainError):
    pass
