"""Text and ids a lookup compares with stored values, checked before they reach the driver.

PostgreSQL refuses a NUL in any text parameter (``DataError``), where SQLite simply finds no
match; no stored code, name or number can hold one (the domain refuses them on the way in,
``domain/text_fields.py``). So a lookup by such text finds nothing, on both backends, instead
of failing on one.
"""

from __future__ import annotations


def can_match(text: str) -> bool:
    """Whether a stored value could equal ``text`` (False: the lookup finds nothing)."""
    return "\x00" not in text


#: The largest value an id column holds on either backend (a signed 64-bit integer).
_ID_MAX = 2**63 - 1


def can_be_id(value: object) -> bool:
    """Whether a row could have ``value`` as its id (False: the lookup finds nothing). An id
    of 2**70 raised ``OverflowError`` on SQLite and ``DataError`` on PostgreSQL, and "abc" a
    ``DataError`` on PostgreSQL; the use cases say which field (``domain/given_values.py``),
    and a lookup that is reached anyway finds no record."""
    return (
        isinstance(value, int) and not isinstance(value, bool) and -_ID_MAX - 1 <= value <= _ID_MAX
    )
