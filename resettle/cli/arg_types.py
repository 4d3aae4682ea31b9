"""Argument types for whole numbers: a number a database column cannot hold (``2**70``) is
refused by the parser, naming the option, before any use case runs.

``resettle plan print --plan-version 2**70`` says
``resettle plan print: error: argument --plan-version: '1180591620717411303424' is not an id
(a whole number from 1 to 9223372036854775807)``.
"""

from __future__ import annotations

import argparse

from resettle.domain.given_values import quoted_code

#: The largest value a 64-bit signed integer column (SQLite INTEGER, PostgreSQL BIGINT) holds.
INTEGER_MAX = 2**63 - 1


def _whole(text: str, what: str) -> int:
    try:
        # int() of a string is linear in its length only up to Python's digit limit; a
        # longer one is a ValueError too.
        return int(text.strip())
    except ValueError:
        raise argparse.ArgumentTypeError(f"{quoted_code(text)} is not {what}") from None


def _ranged(text: str, low: int, what: str) -> int:
    value = _whole(text, what)
    if not low <= value <= INTEGER_MAX:
        raise argparse.ArgumentTypeError(f"{quoted_code(text)} is not {what}")
    return value


def record_id(text: str) -> int:
    """An id or version number: 1 to ``INTEGER_MAX``."""
    return _ranged(text, 1, f"an id (a whole number from 1 to {INTEGER_MAX})")


def whole_number(text: str) -> int:
    """A count: 0 to ``INTEGER_MAX``."""
    return _ranged(text, 0, f"a whole number from 0 to {INTEGER_MAX}")


def integer(text: str) -> int:
    """Any whole number a database column holds (the use case checks its own range)."""
    return _ranged(text, -INTEGER_MAX, f"a whole number from {-INTEGER_MAX} to {INTEGER_MAX}")
