"""Refusals of an unknown code that list the codes there are, so a mistyped one can be put
right (``--establishment: 'NOPE' is not a known establishment (the codes are BLI, BMI).``)."""

from __future__ import annotations

from resettle.domain.errors import ValidationFailed
from resettle.domain.given_values import quoted_code
from resettle.domain.known_codes import codes_listed
from resettle.services.unit_of_work import UnitOfWork

__all__ = ["codes_listed", "unknown_establishment"]


def unknown_establishment(uow: UnitOfWork, code: str) -> ValidationFailed:
    """The refusal of an establishment code no establishment has."""
    listed = codes_listed(row.code for row in uow.staff.establishments())
    return ValidationFailed.single(
        "establishment",
        "unknown",
        f"Establishment: {quoted_code(code)} is not a known establishment{listed}",
    )
