"""``people.outcome_check_due_on`` kept current by whatever changes what it depends on (the
release date, the drugs and alcohol need, the checks recorded, the case closing), and the
caseload's "Outcome checks due" filter and row built on it."""

from __future__ import annotations

import datetime as dt

from resettle.domain.caseload import CaseloadFilters, CaseloadQuery, OutcomeCheckDue
from resettle.domain.outcome_checks import CheckPoint, add_months
from resettle.services.case_record import needs
from resettle.services.case_record.read import refresh_case_record
from resettle.services.case_status import close_case, reopen_case
from resettle.services.caseload import count_caseload, list_caseload
from resettle.services.people import update_person
from resettle.services.registration import register_person
from resettle.services.workspace import Workspace
from resettle.storage.repositories import outcome_check_keys
from resettle.storage.tables.outcome_checks import OutcomeCheckRow
from resettle.storage.tables.people import PersonRow
from tests.factories import TODAY, another_person

RELEASED = TODAY - dt.timedelta(days=10)


def _register(workspace: Workspace, n: int, release_date: dt.date | None = RELEASED) -> int:
    data = another_person(n, release_date=release_date)
    return register_person(workspace.actor, workspace.uow(), data).id


def _due(workspace: Workspace, person_id: int) -> dt.date | None:
    with workspace.uow() as uow:
        row = uow.session.get(PersonRow, person_id)
        assert row is not None
        stored = row.outcome_check_due_on
        # The stored copy agrees with a fresh computation from the records.
        assert outcome_check_keys.due_dates(uow.session, [person_id]) == {person_id: stored}
        return stored


def _record(
    workspace: Workspace,
    person_id: int,
    point: CheckPoint,
    release_date: dt.date = RELEASED,
    supersedes_id: int | None = None,
) -> int:
    """A check row as the outcome-check service writes it (append-only, no refresh call: the
    session listener alone must keep the column current)."""
    answers: dict[str, object] = {}
    if point.asks_accommodation:
        answers["accommodation"] = "settled"
    if point.asks_employment:
        answers["employment"] = "unknown"
    if point.asks_treatment:
        answers["treatment"] = "unknown"
    with workspace.uow() as uow:
        row = OutcomeCheckRow(
            person_id=person_id,
            point=point.value,
            release_date=release_date,
            checked_on=TODAY,
            supersedes_id=supersedes_id,
            recorded_by="Test Officer",
            **answers,
        )
        uow.session.add(row)
        uow.commit()
        return row.id


def _set_release(workspace: Workspace, person_id: int, release_date: dt.date | None) -> None:
    record = refresh_case_record(workspace.actor, workspace.uow(), person_id)
    data = {**record.person.profile.model_dump(), "release_date": release_date}
    update_person(workspace.actor, workspace.uow(), person_id, record.person.version, data)


def _drugs_need(workspace: Workspace, person_id: int, version: int, status: str) -> int:
    return needs.save_pathway_need(
        workspace.actor,
        workspace.uow(),
        person_id,
        version,
        {"pathway": "drugs_alcohol", "status": status, "severity": "high"},
    )


def test_the_release_date_sets_and_moves_the_first_check(workspace: Workspace) -> None:
    person = _register(workspace, 1)
    no_date = _register(workspace, 2, release_date=None)
    assert _due(workspace, person) == RELEASED + dt.timedelta(days=1)
    assert _due(workspace, no_date) is None

    later = TODAY + dt.timedelta(days=30)
    _set_release(workspace, person, later)
    assert _due(workspace, person) == later + dt.timedelta(days=1)
    _set_release(workspace, person, None)
    assert _due(workspace, person) is None
    _set_release(workspace, no_date, RELEASED)
    assert _due(workspace, no_date) == RELEASED + dt.timedelta(days=1)


def test_recording_a_check_moves_it_to_the_next_point(workspace: Workspace) -> None:
    person = _register(workspace, 1)
    first = _record(workspace, person, CheckPoint.FIRST_NIGHT)
    assert _due(workspace, person) == RELEASED + dt.timedelta(weeks=6)
    # A correction keeps the point recorded.
    _record(workspace, person, CheckPoint.FIRST_NIGHT, supersedes_id=first)
    assert _due(workspace, person) == RELEASED + dt.timedelta(weeks=6)
    _record(workspace, person, CheckPoint.WEEK_6)
    assert _due(workspace, person) == add_months(RELEASED, 3)
    _record(workspace, person, CheckPoint.MONTH_3)
    _record(workspace, person, CheckPoint.MONTH_6)
    assert _due(workspace, person) is None  # nothing left to check


def test_checks_of_an_earlier_release_do_not_count(workspace: Workspace) -> None:
    person = _register(workspace, 1)
    _record(workspace, person, CheckPoint.FIRST_NIGHT)
    recalled = TODAY - dt.timedelta(days=2)
    _set_release(workspace, person, recalled)  # released again after a recall
    assert _due(workspace, person) == recalled + dt.timedelta(days=1)
    _record(workspace, person, CheckPoint.FIRST_NIGHT, release_date=recalled)
    assert _due(workspace, person) == recalled + dt.timedelta(weeks=6)


def test_a_treatment_need_adds_the_treatment_check(workspace: Workspace) -> None:
    person = _register(workspace, 1)
    _record(workspace, person, CheckPoint.FIRST_NIGHT)
    assert _due(workspace, person) == RELEASED + dt.timedelta(weeks=6)
    version = _drugs_need(workspace, person, 0, "support_required")
    assert _due(workspace, person) == RELEASED + dt.timedelta(days=21)
    version = _drugs_need(workspace, person, version, "support_declined")  # no longer a need
    assert _due(workspace, person) == RELEASED + dt.timedelta(weeks=6)
    _drugs_need(workspace, person, version, "done")
    assert _due(workspace, person) == RELEASED + dt.timedelta(days=21)
    _record(workspace, person, CheckPoint.TREATMENT)
    assert _due(workspace, person) == RELEASED + dt.timedelta(weeks=6)


def test_a_closed_case_has_no_checks_due_until_reopened(workspace: Workspace) -> None:
    person = _register(workspace, 1)
    close_case(workspace.actor, workspace.uow(), person, {"reason": "died"})
    assert _due(workspace, person) is None
    due = CaseloadQuery(
        today=TODAY, filters=CaseloadFilters(outcome_checks_due=True, include_closed=True)
    )
    assert list_caseload(workspace.actor, workspace.uow(), due).rows == ()
    reopen_case(workspace.actor, workspace.uow(), person)
    assert _due(workspace, person) == RELEASED + dt.timedelta(days=1)


def test_the_caseload_filters_and_shows_checks_due(workspace: Workspace) -> None:
    overdue = _register(workspace, 1, release_date=TODAY - dt.timedelta(days=16))
    due = _register(workspace, 2, release_date=TODAY - dt.timedelta(days=1))
    recorded = _register(workspace, 3)
    _record(workspace, recorded, CheckPoint.FIRST_NIGHT)
    not_yet = _register(workspace, 4, release_date=TODAY)  # due tomorrow
    _register(workspace, 5, release_date=None)

    chosen = CaseloadQuery(today=TODAY, filters=CaseloadFilters(outcome_checks_due=True))
    rows = list_caseload(workspace.actor, workspace.uow(), chosen).rows
    assert {row.id for row in rows} == {overdue, due}
    assert count_caseload(workspace.actor, workspace.uow(), chosen) == 2
    everyone = list_caseload(workspace.actor, workspace.uow(), CaseloadQuery(today=TODAY)).rows
    states = {row.id: row.outcome_check(TODAY) for row in everyone}
    assert states[overdue] is OutcomeCheckDue.OVERDUE  # due 15 days ago
    assert states[due] is OutcomeCheckDue.DUE  # due today
    assert states[recorded] is OutcomeCheckDue.NONE  # next due in 6 weeks
    assert states[not_yet] is OutcomeCheckDue.NONE
    tomorrow = TODAY + dt.timedelta(days=1)
    assert next(r for r in everyone if r.id == not_yet).outcome_check_due_on == tomorrow
