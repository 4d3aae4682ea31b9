"""Counts in words: ``1 session``, ``3 sessions``. English service and command-line messages
use :func:`counted`; the screens choose between whole translated sentences (``self.tr``) for
one and for several, so that a translation can word each."""

from __future__ import annotations


def counted(count: int, singular: str, plural: str | None = None) -> str:
    """``count`` and the noun, singular for exactly one: ``counted(1, "place")`` is
    ``1 place``, ``counted(0, "person", "people")`` is ``0 people``."""
    noun = singular if count == 1 else (plural if plural is not None else f"{singular}s")
    return f"{count} {noun}"
