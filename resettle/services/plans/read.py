"""Reading a person's plan: the current version, earlier versions, accepted recommendations."""

from __future__ import annotations

from resettle.domain.errors import NotFound
from resettle.domain.permissions import Permission, require
from resettle.domain.plan import PlanVersion
from resettle.domain.plan_view import PlanView
from resettle.domain.record_visibility import RecordVisibility
from resettle.domain.staff import Actor
from resettle.services.access_scope import person_permissions
from resettle.services.person_access import reachable_person
from resettle.services.plans import mapping
from resettle.services.plans.linked import linked_version
from resettle.services.unit_of_work import UnitOfWork
from resettle.storage.tables.people import PersonRow


def load_plan_view(actor: Actor, uow: UnitOfWork, person: PersonRow) -> PlanView:
    """Internal loader: the plan as ``actor`` may see it (``domain/record_visibility.py``)."""
    rows = uow.plans.versions(person.id)
    current = rows[-1] if rows else None
    view = PlanView(
        person_id=person.id,
        person_name=f"{person.given_name} {person.family_name}",
        release_date=person.release_date,
        sentence_date=person.sentence_date,
        current=linked_version(uow, person.id, current) if current else None,
        revision=current.revision if current else None,
        versions=tuple(mapping.summary(row) for row in rows),
        accepted_interventions=tuple(a.intervention_id for a in uow.plans.accepted(person.id)),
    )
    return RecordVisibility.of(person_permissions(actor, uow, person)).plan_view(view)


def get_plan(actor: Actor, uow: UnitOfWork, person_id: int) -> PlanView:
    require(actor, Permission.VIEW_PERSON)
    with uow:
        return load_plan_view(
            actor, uow, reachable_person(actor, uow, person_id, Permission.VIEW_PERSON)
        )


def get_plan_version(actor: Actor, uow: UnitOfWork, person_id: int, version: int) -> PlanVersion:
    """An earlier version stays readable after later ones (as it was stored: only the current
    version's linked actions follow the record)."""
    require(actor, Permission.VIEW_PERSON)
    with uow:
        person = reachable_person(actor, uow, person_id, Permission.VIEW_PERSON)
        row = uow.plans.version(person_id, version)
        if row is None:
            raise NotFound(f"There is no version {version} of this plan.")
        visible = RecordVisibility.of(person_permissions(actor, uow, person))
        return visible.plan_version(mapping.version(row))
