"""The caseload through the services: where it opens for each role, each filter, and sort keys
kept current by the use cases that change them (SQLite and PostgreSQL)."""

from __future__ import annotations

import datetime as dt

from resettle.domain.caseload import (
    CaseloadColumn,
    CaseloadFilters,
    CaseloadQuery,
    PlanStateFilter,
    ReleaseWindow,
)
from resettle.domain.pathways import Pathway
from resettle.domain.readiness import ReadinessLevel
from resettle.domain.staff import Actor, Role
from resettle.services.allocation import allocate_people
from resettle.services.case_record import essentials, needs
from resettle.services.caseload import count_caseload, default_filters, list_caseload
from resettle.services.plans import edit
from resettle.services.registration import register_person
from resettle.services.workspace import Workspace
from resettle.storage.repositories import caseload_keys
from tests.factories import TODAY, another_person, establishment, staff_member

ACTION = {
    "pathway": "accommodation",
    "what": "Confirm the hostel bed",
    "owner": "probation",
    "due": {"kind": "relative", "offset_days": -7},
}


def _days(n: int) -> dt.date:
    return TODAY + dt.timedelta(days=n)


def _register(workspace: Workspace, n: int, **overrides: object) -> int:
    return register_person(workspace.actor, workspace.uow(), another_person(n, **overrides)).id


def _ids(workspace: Workspace, actor: Actor | None = None, **query: object) -> list[int]:
    chosen = CaseloadQuery(today=TODAY, **query)  # type: ignore[arg-type]
    page = list_caseload(actor or workspace.actor, workspace.uow(), chosen)
    assert count_caseload(actor or workspace.actor, workspace.uow(), chosen) == len(page.rows)
    return [row.id for row in page.rows]


def _filtered(workspace: Workspace, **filters: object) -> list[int]:
    return _ids(workspace, filters=CaseloadFilters(**filters))  # type: ignore[arg-type]


def test_each_role_opens_on_its_own_caseload(workspace: Workspace) -> None:
    leeds = establishment(workspace)
    key_worker = staff_member(workspace, "kay.worker", Role.PRISON_STAFF, leeds)
    other_staff = staff_member(workspace, "pat.gate", Role.PRISON_STAFF, leeds)
    manager = staff_member(workspace, "mo.manager", Role.MANAGER)
    colleague = staff_member(workspace, "oli.officer")
    mine = _register(workspace, 1, establishment_id=leeds, key_worker_id=key_worker.id)
    in_leeds = _register(workspace, 2, establishment_id=leeds)
    elsewhere = _register(workspace, 3)
    allocate_people(manager, workspace.uow(), [elsewhere], colleague.id)

    officer_default = default_filters(workspace.actor, workspace.uow())
    assert officer_default.mine
    assert _ids(workspace, filters=officer_default) == [mine, in_leeds]
    assert _ids(workspace, colleague, filters=default_filters(colleague, workspace.uow())) == [
        elsewhere
    ]
    key_worker_default = default_filters(key_worker, workspace.uow())
    assert key_worker_default.mine  # a key worker opens on the people they key-work
    assert _ids(workspace, key_worker, filters=key_worker_default) == [mine]
    staff_default = default_filters(other_staff, workspace.uow())
    assert not staff_default.mine  # prison staff who key-work nobody: their establishment
    assert _ids(workspace, other_staff, filters=staff_default) == [mine, in_leeds]
    manager_default = default_filters(manager, workspace.uow())
    assert manager_default == CaseloadFilters()
    assert _ids(workspace, manager, filters=manager_default) == [mine, in_leeds, elsewhere]


def test_release_window_filters(workspace: Workspace) -> None:
    people = {
        days: _register(workspace, n, release_date=_days(days))
        for n, days in enumerate([-60, -28, -1, 0, 14, 15, 28, 84, 85])
    }
    no_date = _register(workspace, 20, release_date=None)

    def window(chosen: ReleaseWindow) -> set[int]:
        return set(_filtered(workspace, release_window=chosen))

    pick = lambda *days: {people[d] for d in days}  # noqa: E731
    assert window(ReleaseWindow.RECENTLY_RELEASED) == pick(-28, -1)
    assert window(ReleaseWindow.NEXT_2_WEEKS) == pick(0, 14)
    assert window(ReleaseWindow.NEXT_4_WEEKS) == pick(0, 14, 15, 28)
    assert window(ReleaseWindow.NEXT_12_WEEKS) == pick(0, 14, 15, 28, 84)
    assert window(ReleaseWindow.ALL) == set(people.values()) | {no_date}


def test_pathway_plan_state_and_readiness_filters(workspace: Workspace) -> None:
    housing = _register(workspace, 1, release_date=_days(30))
    drafted = _register(workspace, 2, release_date=_days(30))
    agreed = _register(workspace, 3, release_date=_days(30))
    no_date = _register(workspace, 4, release_date=None)
    released = _register(workspace, 5, release_date=_days(-3))
    actor = workspace.actor
    needs.save_pathway_need(
        actor,
        workspace.uow(),
        housing,
        0,
        {"pathway": "accommodation", "status": "support_required", "severity": "high"},
    )
    needs.save_pathway_need(
        actor, workspace.uow(), drafted, 0, {"pathway": "accommodation", "status": "done"}
    )
    edit.save_plan(actor, workspace.uow(), drafted, None, [ACTION])
    view = edit.save_plan(actor, workspace.uow(), agreed, None, [ACTION])
    edit.agree(actor, workspace.uow(), agreed, view.revision, {"agreed_by_person": False})

    assert _filtered(workspace, pathway=Pathway.ACCOMMODATION) == [housing]
    assert _filtered(workspace, pathway=Pathway.HEALTH) == []
    assert _filtered(workspace, plan_state=PlanStateFilter.DRAFT) == [drafted]
    assert _filtered(workspace, plan_state=PlanStateFilter.AGREED) == [agreed]
    assert set(_filtered(workspace, plan_state=PlanStateFilter.NONE)) == {
        housing,
        no_date,
        released,
    }
    assert _filtered(workspace, readiness=ReadinessLevel.NO_RELEASE_DATE) == [no_date]
    assert _filtered(workspace, readiness=ReadinessLevel.RELEASED_NO_PLAN) == [released]
    assert _filtered(workspace, readiness=ReadinessLevel.READY) == []
    rows = {row.id: row for row in list_caseload(actor, workspace.uow(), CaseloadQuery()).rows}
    assert rows[no_date].readiness(TODAY).level is ReadinessLevel.NO_RELEASE_DATE
    assert rows[released].readiness(TODAY).level is ReadinessLevel.RELEASED_NO_PLAN
    # Filters combine with each other and with the search.
    both = CaseloadFilters(plan_state=PlanStateFilter.NONE, pathway=Pathway.ACCOMMODATION)
    assert _ids(workspace, filters=both) == [housing]
    assert _ids(workspace, filters=both, search="nobody-by-this-name") == []


def test_a_new_person_is_never_counted_ready(workspace: Workspace) -> None:
    person = _register(workspace, 1, release_date=_days(30))
    row = list_caseload(workspace.actor, workspace.uow(), CaseloadQuery(today=TODAY)).rows[0]
    assert row.id == person
    assert row.readiness(TODAY).level is not ReadinessLevel.READY  # ten essentials to do


def test_the_use_cases_keep_the_sort_keys_current(workspace: Workspace) -> None:
    actor = workspace.actor
    person = _register(workspace, 1, release_date=_days(-3))
    other = _register(workspace, 2, release_date=_days(10))
    first = list_caseload(actor, workspace.uow(), CaseloadQuery(today=TODAY)).rows
    assert [row.officer for row in first] == ["Test Officer", "Test Officer"]

    view = edit.save_plan(actor, workspace.uow(), person, None, [ACTION])
    edit.agree(actor, workspace.uow(), person, view.revision, {"agreed_by_person": False})
    before = list_caseload(actor, workspace.uow(), CaseloadQuery(today=TODAY)).rows[1]
    assert (before.open_critical_essentials, before.open_other_essentials) == (5, 5)
    essentials.save_essential(
        actor,
        workspace.uow(),
        other,
        0,
        {"kind": "gp_registration", "status": "not_needed"},
    )
    manager = staff_member(workspace, "mo.manager", Role.MANAGER)
    colleague = staff_member(workspace, "aaron.able")
    allocate_people(manager, workspace.uow(), [other], colleague.id)

    by_officer = list_caseload(
        actor, workspace.uow(), CaseloadQuery(sort=CaseloadColumn.OFFICER, today=TODAY)
    ).rows
    assert [(row.id, row.officer) for row in by_officer] == [
        (other, "Aaron Able"),
        (person, "Test Officer"),
    ]
    agreed = next(row for row in by_officer if row.id == person)
    assert agreed.plan_agreed and agreed.plan_state is not None
    changed = next(row for row in by_officer if row.id == other)
    assert changed.open_critical_essentials + changed.open_other_essentials == 9
    # Released with an agreed plan and essentials still open: overdue, not "no agreed plan".
    assert agreed.readiness(TODAY).level is ReadinessLevel.OVERDUE
    by_readiness = list_caseload(
        actor, workspace.uow(), CaseloadQuery(sort=CaseloadColumn.READINESS, today=TODAY)
    ).rows
    assert [row.id for row in by_readiness] == [person, other]
    with workspace.uow() as uow:
        assert caseload_keys.count_unmaintained(uow.session) == 0


def test_renaming_an_officer_or_establishment_moves_their_people_in_the_order(
    workspace: Workspace,
) -> None:
    from resettle.storage.tables.staff import EstablishmentRow, StaffRow

    leeds = establishment(workspace)
    person = _register(workspace, 1, establishment_id=leeds)
    with workspace.uow() as uow:
        officer = uow.session.get(StaffRow, workspace.actor.id)
        place = uow.session.get(EstablishmentRow, leeds)
        assert officer is not None and place is not None
        officer.display_name = "Zara Officer"
        place.name = "HMP Somewhere Else"
        uow.commit()
    row = list_caseload(workspace.actor, workspace.uow(), CaseloadQuery(today=TODAY)).rows[0]
    assert (row.id, row.officer, row.establishment) == (
        person,
        "Zara Officer",
        "HMP Somewhere Else",
    )


def test_prison_staff_see_no_outcome_check_due_and_may_not_filter_by_it(
    workspace: Workspace,
) -> None:
    """Which check is due tells which were recorded: casework after release, which prison
    staff do not see (a review found the column and filter open to them)."""
    import pytest

    from resettle.domain.permissions import PermissionDenied

    leeds = establishment(workspace)
    _register(workspace, 1, release_date=_days(-10), establishment_id=leeds)
    prison = staff_member(workspace, "due.prison", Role.PRISON_STAFF, leeds)
    officer_rows = list_caseload(workspace.actor, workspace.uow(), CaseloadQuery(today=TODAY)).rows
    assert [row.outcome_check_due_on for row in officer_rows] == [_days(-9)]
    rows = list_caseload(prison, workspace.uow(), CaseloadQuery(today=TODAY)).rows
    assert len(rows) == 1 and rows[0].outcome_check_due_on is None
    for refused in (
        CaseloadQuery(today=TODAY, filters=CaseloadFilters(outcome_checks_due=True)),
        CaseloadQuery(today=TODAY, sort=CaseloadColumn.OUTCOME_CHECK),
    ):
        with pytest.raises(PermissionDenied):
            list_caseload(prison, workspace.uow(), refused)
        with pytest.raises(PermissionDenied):
            count_caseload(prison, workspace.uow(), refused)
