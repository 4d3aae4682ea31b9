"""Which establishment an account asks about, for the programme exports: the code in any case
(upper-cased), refused naming ``establishment`` when it is not an establishment or the account
neither works in it (prison staff, the programme team) nor manages it. Administrators, and
managers of probation teams (whose rows are their teams' people held there), may name any
establishment. A refusal here is said before any rows are read, so an export never
quietly writes no rows for a place the account cannot see."""

from __future__ import annotations

from resettle.domain.errors import ValidationFailed
from resettle.domain.permissions import Permission, require
from resettle.domain.staff import Actor, Role
from resettle.services.access_scope import scope_of
from resettle.services.unit_of_work import UnitOfWork
from resettle.storage.tables.staff import EstablishmentRow


def load_establishment_in_reach(actor: Actor, uow: UnitOfWork, code: str) -> EstablishmentRow:
    """Internal loader of the exports (inside their unit of work): the establishment when the
    account works in or manages it; ``ValidationFailed`` naming ``establishment`` otherwise. An
    account that may not export programme data is refused that first (``PermissionDenied``),
    whatever it names."""
    require(actor, Permission.EXPORT_PROGRAMME_DATA)
    wanted = code.strip().upper()
    row = uow.staff.establishment_by_code(wanted)
    if row is None:
        raise ValidationFailed.single(
            "establishment",
            "unknown",
            f"Establishment: there is no establishment {wanted!r}",
        )
    scope = scope_of(actor, uow)
    # A manager of a probation team may ask about any prison: the rows are its people there.
    if (
        Role.ADMIN not in scope.roles
        and not scope.managed_team_ids
        and row.id not in (scope.establishment_ids | scope.managed_establishment_ids)
    ):
        raise ValidationFailed.single(
            "establishment",
            "out_of_reach",
            f"Establishment: you do not work in or manage {wanted}; choose one you do",
        )
    return row
