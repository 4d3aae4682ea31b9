"""Staff members' display names, looked up once each, for lists naming who did what."""

from __future__ import annotations

from collections.abc import Callable

from resettle.services.unit_of_work import UnitOfWork


def staff_names(uow: UnitOfWork) -> Callable[[int | None], str]:
    """A lookup of a staff member's display name by id (empty for none or an unknown id),
    reading each staff row once within ``uow``."""
    names: dict[int | None, str] = {}

    def name_of(staff_id: int | None) -> str:
        if staff_id not in names:
            staff = uow.staff.get(staff_id) if staff_id is not None else None
            names[staff_id] = staff.display_name if staff else ""
        return names[staff_id]

    return name_of
