from __future__ import annotations

import datetime as dt

import pytest

from resettle.domain.access import OutOfScope
from resettle.domain.errors import ValidationFailed
from resettle.domain.permissions import PermissionDenied
from resettle.domain.staff import Role
from resettle.services.people import get_person, register_person, update_person
from resettle.services.workspace import Workspace
from resettle.storage.errors import ConcurrentEdit, DuplicateRecord
from resettle.storage.tables.staff import EstablishmentRow
from tests.factories import actor, person_data, staff_member


def _counts(workspace: Workspace) -> tuple[int, int]:
    with workspace.uow() as uow:
        return uow.people.count(), uow.audit.count()


def test_register_writes_person_and_audit_row(workspace: Workspace) -> None:
    before_people, before_audit = _counts(workspace)
    detail = register_person(workspace.actor, workspace.uow(), person_data())
    assert detail.name == "Zoë Ní Bhriain"
    assert detail.version == 1
    assert _counts(workspace) == (before_people + 1, before_audit + 2)
    with workspace.uow() as uow:
        allocated, registered = uow.audit.latest(2)
        assert (registered.action, registered.entity_id, registered.actor_id) == (
            "person.registered",
            detail.id,
            workspace.actor.id,
        )
        assert (allocated.action, allocated.person_id) == ("allocation.recorded", detail.id)
        assert "Zoë" not in str(registered.details) + str(allocated.details)


def test_invalid_person_saves_nothing(workspace: Workspace) -> None:
    before = _counts(workspace)
    with pytest.raises(ValidationFailed) as caught:
        register_person(
            workspace.actor, workspace.uow(), person_data(release_date=dt.date(2020, 1, 1))
        )
    assert caught.value.problems[0].field == "release_date"
    assert _counts(workspace) == before


@pytest.mark.parametrize(("field", "value"), [("prison_number", "A1234BC"), ("crn", "X123456")])
def test_duplicate_identifier_is_refused_and_nothing_saved(
    workspace: Workspace, field: str, value: str
) -> None:
    register_person(workspace.actor, workspace.uow(), person_data())
    before = _counts(workspace)
    other = person_data(prison_number="B9999ZZ", crn="Y999999")
    other[field] = value
    with pytest.raises(DuplicateRecord) as caught:
        register_person(workspace.actor, workspace.uow(), other)
    assert caught.value.field == field
    assert value in str(caught.value)
    assert _counts(workspace) == before


def test_second_save_of_same_version_is_refused(workspace: Workspace) -> None:
    detail = register_person(workspace.actor, workspace.uow(), person_data())
    first = update_person(
        workspace.actor, workspace.uow(), detail.id, detail.version, person_data(gender="Woman")
    )
    assert first.version == detail.version + 1
    with pytest.raises(ConcurrentEdit) as caught:
        update_person(
            workspace.actor,
            workspace.uow(),
            detail.id,
            detail.version,
            person_data(family_name="Overwritten"),
        )
    assert "Someone else saved" in str(caught.value)
    current = get_person(workspace.actor, workspace.uow(), detail.id)
    assert current.profile.family_name == "Ní Bhriain"
    assert current.profile.gender == "Woman"


def test_update_audits_changed_field_names_only(workspace: Workspace) -> None:
    detail = register_person(workspace.actor, workspace.uow(), person_data())
    update_person(
        workspace.actor,
        workspace.uow(),
        detail.id,
        detail.version,
        person_data(
            family_name="Brennan",
            aliases=["Zoë Ní Bhriain"],
            responsible_officer_id=detail.profile.responsible_officer_id,
        ),
    )
    with workspace.uow() as uow:
        entry = uow.audit.latest(1)[0]
        assert entry.action == "person.updated"
        assert entry.details == {"fields": ["aliases", "family_name"]}


def test_unknown_officer_is_refused_by_field(workspace: Workspace) -> None:
    with pytest.raises(ValidationFailed) as caught:
        register_person(workspace.actor, workspace.uow(), person_data(responsible_officer_id=999))
    assert caught.value.problems[0].field == "responsible_officer_id"


def test_roles_and_scope_are_enforced_in_the_service(workspace: Workspace) -> None:
    with workspace.uow() as uow:
        prison = uow.staff.add_establishment(EstablishmentRow(code="BLI", name="HMP Bristol"))
        elsewhere = uow.staff.add_establishment(EstablishmentRow(code="LEI", name="HMP Leeds"))
        ids = prison.id, elsewhere.id
        uow.commit()
    prison_id, elsewhere_id = ids
    prison_staff = staff_member(workspace, "ps", Role.PRISON_STAFF, establishment_id=prison_id)
    staff_id = prison_staff.id
    detail = register_person(
        workspace.actor, workspace.uow(), person_data(establishment_id=elsewhere_id)
    )
    with pytest.raises(OutOfScope):
        get_person(prison_staff, workspace.uow(), detail.id)
    with pytest.raises(PermissionDenied):
        register_person(prison_staff, workspace.uow(), person_data(prison_number="C1111DD"))
    with pytest.raises(PermissionDenied):
        get_person(actor(Role.ADMIN, actor_id=staff_id), workspace.uow(), detail.id)


def test_viewing_a_person_is_audited(workspace: Workspace) -> None:
    detail = register_person(workspace.actor, workspace.uow(), person_data())
    get_person(workspace.actor, workspace.uow(), detail.id)
    with workspace.uow() as uow:
        assert uow.audit.count("person.viewed") == 1
