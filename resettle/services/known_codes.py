"""Refusals of an unknown code that list the codes there are, so a mistyped one can be put
right (``--establishment: 'NOPE' is not a known establishment (the codes are BLI, BMI).``)."""

from __future__ import annotations

from collections.abc import Iterable

from resettle.domain.errors import ValidationFailed
from resettle.services.unit_of_work import UnitOfWork


def codes_listed(codes: Iterable[str], shown: int = 30) -> str:
    """`` (the codes are A, B, C).``: the first ``shown`` in order, then how many more."""
    known = sorted(set(codes))
    if not known:
        return "."
    more = f" and {len(known) - shown} more" if len(known) > shown else ""
    return f" (the codes are {', '.join(known[:shown])}{more})."


def unknown_establishment(uow: UnitOfWork, code: str) -> ValidationFailed:
    """The refusal of an establishment code no establishment has."""
    listed = codes_listed(row.code for row in uow.staff.establishments())
    return ValidationFailed.single(
        "establishment",
        "unknown",
        f"Establishment: {code!r} is not a known establishment{listed}",
    )
