"""Values a caller hands a use case outside an input model: record ids and codes.

A service checks them with these two helpers before they reach the database, so a bad one is
a :class:`ValidationFailed` naming the field, never a raw ``OverflowError`` (SQLite), a
``DataError`` (PostgreSQL) or an enum's ``ValueError``.
"""

from __future__ import annotations

from enum import Enum
from typing import Final, TypeVar

from resettle.domain.errors import ValidationFailed

#: The largest id either database can store (a signed 64-bit integer).
RECORD_ID_MAX: Final = 2**63 - 1

E = TypeVar("E", bound=Enum)


def _label(field: str) -> str:
    return field.removesuffix("_id").removesuffix("_ids").replace("_", " ").capitalize()


def record_id(value: object, field: str) -> int:
    """``value`` as a record id, or ValidationFailed naming ``field``.

    An id is a whole number; one too large to be stored is refused as no such record (no
    record can have it), and text ("abc") or a bool is refused as not an id.
    """
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValidationFailed.single(field, "not_an_id", f"{_label(field)}: not a record number")
    if not -RECORD_ID_MAX - 1 <= value <= RECORD_ID_MAX:
        raise ValidationFailed.single(
            field, "unknown_id", f"{_label(field)}: no record has this number"
        )
    return value


def quoted_code(value: object, limit: int = 40) -> str:
    """A code the user gave, for a message that says it is unknown: quoted, with control
    characters escaped, and cut to ``limit`` characters (a 100 KB "code" is not echoed)."""
    text = str(value)
    if len(text) > limit:
        return repr(text[:limit])[:-1] + "...'"
    return repr(text)


def choice(enum_cls: type[E], value: object, field: str) -> E:
    """``value`` as a member of ``enum_cls`` (the member or its code), or ValidationFailed
    naming ``field`` and listing the codes it accepts."""
    if isinstance(value, enum_cls):
        return value
    try:
        return enum_cls(value)
    except (ValueError, TypeError):
        codes = ", ".join(str(member.value) for member in enum_cls)
        raise ValidationFailed.single(
            field, "unknown_code", f"{_label(field)}: not one of {codes}"
        ) from None


def choices(enum_cls: type[E], values: object, field: str) -> list[E]:
    """Every value of ``values`` through :func:`choice` (a string is one value, not many)."""
    if isinstance(values, str | bytes) or not hasattr(values, "__iter__"):
        values = [values]
    return [choice(enum_cls, value, field) for value in values]
