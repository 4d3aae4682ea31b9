"""Whether a database holds demo data (made by ``resettle demo``): its windows say so."""

from __future__ import annotations

from resettle.services.database_logins import gate_status
from resettle.services.unit_of_work import UnitOfWork

DEMO_KEY = "demo_data"


def set_demo_marker(uow: UnitOfWork) -> None:
    """Inside the caller's unit of work."""
    uow.staff.set_meta(DEMO_KEY, "yes")


def is_demo_database(uow: UnitOfWork) -> bool:
    """Read before anyone signs in (the sign-in dialog names the demo password)."""
    with uow:
        through_gate = gate_status(uow)
        if through_gate is not None:
            return through_gate[1]
        return uow.staff.meta(DEMO_KEY) == "yes"
