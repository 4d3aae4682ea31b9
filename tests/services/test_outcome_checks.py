"""Recording and correcting outcome checks after release (both backends): append-only, audited
in the same unit of work, refused by field and by role, and the caseload's due key kept."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from sqlalchemy import func, select

from resettle.domain import clock
from resettle.domain.access import OutOfScope
from resettle.domain.errors import ConcurrentEdit, ValidationFailed
from resettle.domain.outcome_check_views import PointStatus
from resettle.domain.outcome_checks import Accommodation, CheckPoint, Employment
from resettle.domain.permissions import PermissionDenied
from resettle.domain.staff import Actor, Role
from resettle.services import case_status, outcome_checks, people
from resettle.services.case_record import needs
from resettle.services.unit_of_work import UnitOfWork
from resettle.services.workspace import Workspace
from resettle.storage.tables.outcome_checks import OutcomeCheckRow
from resettle.storage.tables.people import PersonRow
from tests.accounts import seed_account
from tests.factories import another_person, establishment, person_data, staff_member

TODAY = clock.today()
RELEASED = TODAY - dt.timedelta(days=50)
FIRST_NIGHT: dict[str, Any] = {
    "point": "first_night",
    "checked_on": RELEASED + dt.timedelta(days=1),
    "accommodation": "approved_premises_cas",
    "note": "Phoned the AP.",
}
WEEK_6: dict[str, Any] = {
    "point": "week_6",
    "checked_on": RELEASED + dt.timedelta(weeks=6),
    "accommodation": "settled",
    "employment": "unemployed",
}


def _person(workspace: Workspace, release_date: dt.date | None = RELEASED, n: int = 0) -> int:
    data = (
        person_data(release_date=release_date)
        if n == 0
        else another_person(n, release_date=release_date)
    )
    return people.register_person(workspace.actor, workspace.uow(), data).id


def _treatment_need(workspace: Workspace, person_id: int, status: str = "in_progress") -> None:
    workspace.run(
        needs.save_pathway_need,
        person_id,
        0,
        {"pathway": "drugs_alcohol", "status": status, "severity": "high"},
    )


def _audits(workspace: Workspace, action: str) -> list[tuple[Any, ...]]:
    with workspace.uow() as uow:
        return [
            (row.entity_id, row.person_id, row.details)
            for row in uow.audit.latest(200)
            if row.action == action
        ]


def _rows(workspace: Workspace) -> int:
    with workspace.uow() as uow:
        return int(uow.session.scalar(select(func.count()).select_from(OutcomeCheckRow)) or 0)


def _due_key(workspace: Workspace, person_id: int) -> dt.date | None:
    with workspace.uow() as uow:
        return uow.session.scalar(
            select(PersonRow.outcome_check_due_on).where(PersonRow.id == person_id)
        )


def test_an_officer_records_and_corrects_a_check_both_kept(workspace: Workspace) -> None:
    person_id = _person(workspace)
    first = workspace.run(outcome_checks.record_outcome_check, person_id, FIRST_NIGHT)
    assert first.release_date == RELEASED
    assert first.accommodation is Accommodation.APPROVED_PREMISES_CAS
    assert first.recorded_by == workspace.actor.display_name
    fixed = workspace.run(
        outcome_checks.record_outcome_check,
        person_id,
        {**FIRST_NIGHT, "accommodation": "settled"},
        first.id,
    )
    assert fixed.supersedes_id == first.id
    view = workspace.run(outcome_checks.outcome_checks, person_id)
    assert view.released and view.may_record and not view.treatment_need
    assert [p.point for p in view.points] == [
        CheckPoint.FIRST_NIGHT,
        CheckPoint.WEEK_6,
        CheckPoint.MONTH_3,
        CheckPoint.MONTH_6,
    ]
    night = view.points[0]
    assert night.status is PointStatus.RECORDED and not night.due
    assert night.current is not None and night.current.id == fixed.id
    assert night.current.accommodation is Accommodation.SETTLED
    assert [(e.check.id, e.superseded_by) for e in night.history] == [
        (fixed.id, None),
        (first.id, fixed.id),
    ]
    # 50 days after release: six weeks (42 days) due over a week ago, months not yet.
    assert [p.status for p in view.points[1:]] == [
        PointStatus.DUE,
        PointStatus.NOT_YET_DUE,
        PointStatus.NOT_YET_DUE,
    ]
    assert view.points[1].due_on == RELEASED + dt.timedelta(weeks=6)
    recorded = _audits(workspace, "outcome_check.recorded")
    assert recorded == [(first.id, person_id, {"point": "first_night"})]
    corrected = _audits(workspace, "outcome_check.corrected")
    assert corrected == [(fixed.id, person_id, {"point": "first_night", "supersedes": first.id})]


def _version(workspace: Workspace, person_id: int) -> int | None:
    with workspace.uow() as uow:
        return uow.session.scalar(select(PersonRow.version).where(PersonRow.id == person_id))


def test_the_due_key_follows_the_checks_recorded(workspace: Workspace) -> None:
    person_id = _person(workspace)
    version = _version(workspace, person_id)
    workspace.run(outcome_checks.record_outcome_check, person_id, FIRST_NIGHT)
    assert _due_key(workspace, person_id) == RELEASED + dt.timedelta(weeks=6)
    assert _version(workspace, person_id) == version  # the profile is not changed
    workspace.run(outcome_checks.record_outcome_check, person_id, WEEK_6)
    three_months = workspace.run(outcome_checks.outcome_checks, person_id).points[2].due_on
    assert _due_key(workspace, person_id) == three_months


def test_a_treatment_check_only_with_a_treatment_need(workspace: Workspace) -> None:
    person_id = _person(workspace)
    treatment = {
        "point": "treatment",
        "checked_on": RELEASED + dt.timedelta(days=20),
        "treatment": "started",
        "treatment_started_on": RELEASED + dt.timedelta(days=10),
    }
    with pytest.raises(ValidationFailed) as refused:
        workspace.run(outcome_checks.record_outcome_check, person_id, treatment)
    assert [(p.field, p.code) for p in refused.value.problems] == [("point", "not_asked")]
    _treatment_need(workspace, person_id)
    view = workspace.run(outcome_checks.outcome_checks, person_id)
    assert view.treatment_need and view.points[-1].point is CheckPoint.TREATMENT
    assert view.points[-1].status is PointStatus.OVERDUE  # due at 21 days, 29 days ago
    check = workspace.run(outcome_checks.record_outcome_check, person_id, treatment)
    assert check.treatment_in_window
    # The first night is now the only point outstanding and due: the key follows it.
    assert _due_key(workspace, person_id) == RELEASED + dt.timedelta(days=1)


def test_bad_checks_are_refused_naming_each_field_and_nothing_saved(
    workspace: Workspace,
) -> None:
    person_id = _person(workspace)
    with pytest.raises(ValidationFailed) as refused:
        workspace.run(
            outcome_checks.record_outcome_check,
            person_id,
            {
                "point": "week_6",
                "checked_on": RELEASED - dt.timedelta(days=1),
                "accommodation": "settled",
                "treatment_started_on": RELEASED - dt.timedelta(days=3),
            },
        )
    fields = {(p.field, p.code) for p in refused.value.problems}
    assert ("employment", "missing") in fields
    assert ("treatment_started_on", "not_asked") in fields
    with pytest.raises(ValidationFailed) as refused:
        workspace.run(
            outcome_checks.record_outcome_check,
            person_id,
            {**FIRST_NIGHT, "checked_on": RELEASED - dt.timedelta(days=1)},
        )
    assert [(p.field, p.code) for p in refused.value.problems] == [("checked_on", "before_release")]
    with pytest.raises(ValidationFailed) as refused:
        workspace.run(
            outcome_checks.record_outcome_check,
            person_id,
            {**FIRST_NIGHT, "accommodation": "a_tent"},
        )
    assert [p.field for p in refused.value.problems] == ["accommodation"]
    assert _rows(workspace) == 0
    assert _audits(workspace, "outcome_check.recorded") == []


def test_not_released_yet_is_refused_and_the_view_has_no_due_points(
    workspace: Workspace,
) -> None:
    person_id = _person(workspace, TODAY + dt.timedelta(days=10))
    with pytest.raises(ValidationFailed) as refused:
        workspace.run(
            outcome_checks.record_outcome_check,
            person_id,
            {**FIRST_NIGHT, "checked_on": TODAY},
        )
    codes = [(p.field, p.code) for p in refused.value.problems]
    assert ("point", "not_released") in codes
    view = workspace.run(outcome_checks.outcome_checks, person_id)
    assert not view.released
    assert all(p.status is PointStatus.NOT_YET_DUE for p in view.points)
    no_date = _person(workspace, None, n=1)
    with pytest.raises(ValidationFailed) as refused:
        workspace.run(outcome_checks.record_outcome_check, no_date, FIRST_NIGHT)
    assert [(p.field, p.code) for p in refused.value.problems] == [("point", "no_release_date")]
    assert workspace.run(outcome_checks.outcome_checks, no_date).points == ()
    assert _rows(workspace) == 0


def test_a_second_check_of_a_point_is_refused_correct_it_instead(workspace: Workspace) -> None:
    person_id = _person(workspace)
    first = workspace.run(outcome_checks.record_outcome_check, person_id, FIRST_NIGHT)
    with pytest.raises(ValidationFailed) as refused:
        workspace.run(outcome_checks.record_outcome_check, person_id, FIRST_NIGHT)
    assert [(p.field, p.code) for p in refused.value.problems] == [("point", "already_recorded")]
    assert "correct it instead" in str(refused.value)
    # A correction must name the current check of the same point.
    settled = {**FIRST_NIGHT, "accommodation": "settled"}
    fixed = workspace.run(outcome_checks.record_outcome_check, person_id, settled, first.id)
    for wrong in (first.id, fixed.id + 100):
        with pytest.raises(ValidationFailed) as refused:
            workspace.run(outcome_checks.record_outcome_check, person_id, FIRST_NIGHT, wrong)
        assert [(p.field, p.code) for p in refused.value.problems] == [
            ("supersedes_id", "not_current")
        ]
    with pytest.raises(ValidationFailed):  # the current check of another point
        workspace.run(outcome_checks.record_outcome_check, person_id, WEEK_6, fixed.id)
    assert _rows(workspace) == 2


def test_two_corrections_of_one_check_at_once_one_is_refused_cleanly(
    workspace: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The second correction read the check as current before the first committed: the
    unique ``supersedes_id`` refuses it with a caseworker's message, nothing half-saved."""
    person_id = _person(workspace)
    first = workspace.run(outcome_checks.record_outcome_check, person_id, FIRST_NIGHT)
    settled = {**FIRST_NIGHT, "accommodation": "settled"}
    workspace.run(outcome_checks.record_outcome_check, person_id, settled, first.id)
    # As if the other correction had not committed yet when this one read the checks.
    monkeypatch.setattr(
        outcome_checks, "_current_row", lambda uow, person_id, point, release: _row(uow, first.id)
    )
    with pytest.raises(ConcurrentEdit) as refused:
        workspace.run(outcome_checks.record_outcome_check, person_id, settled, first.id)
    assert "Someone else recorded an outcome check" in str(refused.value)
    assert _rows(workspace) == 2
    assert len(_audits(workspace, "outcome_check.corrected")) == 1


def _row(uow: UnitOfWork, check_id: int) -> OutcomeCheckRow | None:
    return uow.outcome_checks.check(check_id)


def test_checks_of_an_earlier_release_stay_in_the_history_only(workspace: Workspace) -> None:
    person_id = _person(workspace)
    old = workspace.run(outcome_checks.record_outcome_check, person_id, FIRST_NIGHT)
    later = RELEASED + dt.timedelta(days=20)
    with workspace.uow() as uow:  # recalled and released again (part C keeps the key then)
        uow.session.get(PersonRow, person_id).release_date = later  # type: ignore[union-attr]
        uow.commit()
    night = workspace.run(outcome_checks.outcome_checks, person_id).points[0]
    assert night.current is None and night.status is PointStatus.OVERDUE
    assert [(e.check.id, e.current_release) for e in night.history] == [(old.id, False)]
    new = workspace.run(
        outcome_checks.record_outcome_check,
        person_id,
        {**FIRST_NIGHT, "checked_on": later + dt.timedelta(days=1)},
    )
    assert new.release_date == later
    night = workspace.run(outcome_checks.outcome_checks, person_id).points[0]
    assert night.current is not None and night.current.id == new.id


def test_roles_managers_read_prison_staff_neither_see_nor_record(workspace: Workspace) -> None:
    """Casework after release, like case notes: prison staff reach the person (their prison
    holds them) but may not see the checks."""
    prison_id = establishment(workspace)
    person_id = people.register_person(
        workspace.actor,
        workspace.uow(),
        person_data(release_date=RELEASED, establishment_id=prison_id),
    ).id
    manager = staff_member(workspace, "oc.manager", Role.MANAGER)
    prison = staff_member(workspace, "oc.prison", Role.PRISON_STAFF, prison_id)
    view = outcome_checks.outcome_checks(manager, workspace.uow(), person_id)
    assert not view.may_record and len(view.points) == 4
    for who in (manager, prison):
        with pytest.raises(PermissionDenied):
            outcome_checks.record_outcome_check(who, workspace.uow(), person_id, FIRST_NIGHT)
    with pytest.raises(PermissionDenied):
        outcome_checks.outcome_checks(prison, workspace.uow(), person_id)
    with workspace.uow() as uow:  # the officer of another team
        other_team = uow.staff.add_team("OTH", "Another team").id
        uow.commit()
    stranger_id = seed_account(workspace.database, "oc.elsewhere", team_id=other_team)
    stranger = Actor(
        id=stranger_id, username="oc.elsewhere", display_name="Oc Elsewhere", role=Role.OFFICER
    )
    with pytest.raises(OutOfScope):
        outcome_checks.outcome_checks(stranger, workspace.uow(), person_id)
    assert _rows(workspace) == 0


def test_a_closed_case_is_read_only(workspace: Workspace) -> None:
    person_id = _person(workspace)
    workspace.run(case_status.close_case, person_id, {"reason": "transferred_out"})
    assert not workspace.run(outcome_checks.outcome_checks, person_id).may_record
    with pytest.raises(Exception) as refused:
        workspace.run(outcome_checks.record_outcome_check, person_id, FIRST_NIGHT)
    assert type(refused.value).__name__ == "CaseIsClosed"
    assert _rows(workspace) == 0


def test_answers_are_codes_in_the_row_and_enums_when_read(workspace: Workspace) -> None:
    person_id = _person(workspace)
    check = workspace.run(outcome_checks.record_outcome_check, person_id, WEEK_6)
    assert check.employment is Employment.UNEMPLOYED
    with workspace.uow() as uow:
        row = uow.outcome_checks.check(check.id)
        assert row is not None and (row.accommodation, row.employment) == ("settled", "unemployed")


def test_a_correction_that_changes_nothing_is_refused(workspace: Workspace) -> None:
    person_id = _person(workspace)
    first = workspace.run(outcome_checks.record_outcome_check, person_id, FIRST_NIGHT)
    with pytest.raises(ValidationFailed) as refused:
        workspace.run(outcome_checks.record_outcome_check, person_id, FIRST_NIGHT, first.id)
    assert [(p.field, p.code) for p in refused.value.problems] == [("supersedes_id", "unchanged")]
    changed = {**FIRST_NIGHT, "note": "Confirmed with the landlord"}
    assert workspace.run(outcome_checks.record_outcome_check, person_id, changed, first.id)
