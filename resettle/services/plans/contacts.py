"""Who a printed plan says the person reaches: their officer and their team's office."""

from __future__ import annotations

from resettle.services.plans.document import PlanContacts
from resettle.services.unit_of_work import UnitOfWork
from resettle.storage.tables.people import PersonRow


def officer_contact(phone: str, email: str) -> str:
    return " · ".join(part for part in (phone, email) if part)


def plan_contacts(uow: UnitOfWork, person: PersonRow) -> PlanContacts:
    """Internal loader, inside an open unit of work: the person's officer's phone and email,
    and the office phone and address of the team whose caseload they are on."""
    officer = person.officer
    team = uow.staff.team(person.team_id) if person.team_id is not None else None
    return PlanContacts(
        officer_contact=officer_contact(officer.phone, officer.email) if officer else "",
        officer_phone=officer.phone if officer else "",
        office_name=team.name if team else "",
        office_phone=team.office_phone if team else "",
        office_address=team.office_address if team else "",
    )
