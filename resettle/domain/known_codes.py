"""Refusals of an unknown code list the codes there are, so a mistyped one can be put right."""

from __future__ import annotations

from collections.abc import Iterable


def codes_listed(codes: Iterable[str], shown: int = 30) -> str:
    """`` (the codes are A, B, C).``: the first ``shown`` in order, then how many more; ``.``
    when there are none."""
    known = sorted(set(codes))
    if not known:
        return "."
    more = f" and {len(known) - shown} more" if len(known) > shown else ""
    return f" (the codes are {', '.join(known[:shown])}{more})."
