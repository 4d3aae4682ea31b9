"""Reading the programme referral workflow (statuses, reasons, moves) from the database: what
the GUI and the CLI offer a role comes from this, not from the code's copy."""

from __future__ import annotations

from resettle.domain.programme_referral_workflow import Workflow
from resettle.domain.staff import Actor
from resettle.services.unit_of_work import UnitOfWork


def read_workflow(actor: Actor, uow: UnitOfWork) -> Workflow:
    """The workflow as seeded: reference data every signed-in account reads (it holds no
    person's data, so reading it is not audited)."""
    with uow:
        return uow.programme_workflow.workflow()
