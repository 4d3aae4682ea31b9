"""Text a lookup compares with stored values, checked before it reaches the driver.

PostgreSQL refuses a NUL in any text parameter (``DataError``), where SQLite simply finds no
match; no stored code, name or number can hold one (the domain refuses them on the way in,
``domain/text_fields.py``). So a lookup by such text finds nothing, on both backends, instead
of failing on one.
"""

from __future__ import annotations


def can_match(text: str) -> bool:
    """Whether a stored value could equal ``text`` (False: the lookup finds nothing)."""
    return "\x00" not in text
