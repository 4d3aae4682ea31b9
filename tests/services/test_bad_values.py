"""Bad values through the services (issue 16, "Errors"): ids out of range or not ids, unknown
codes, and the collection limits, each a domain error naming the field, with nothing saved."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from resettle.domain import clock, limits
from resettle.domain.errors import NotFound, ValidationFailed
from resettle.services import people
from resettle.services.case_record import aftercare, needs, notes, read, risk
from resettle.services.plans import edit
from resettle.services.workspace import Workspace
from tests.factories import person_data
from tests.services.conftest import CountingRunner

TODAY = clock.today()


def _person(run: Any) -> int:
    return int(run(people.register_person, person_data(release_date=TODAY + dt.timedelta(60))).id)


@pytest.mark.parametrize(
    ("person_id", "code"), [(2**70, "unknown_id"), (-(2**70), "unknown_id"), ("abc", "not_an_id")]
)
@pytest.mark.parametrize(
    "use_case",
    [people.get_person, read.open_case_record, notes.add_case_note],
    ids=lambda f: f.__name__,
)
def test_an_id_no_record_can_have_is_refused_naming_the_field(
    counting: CountingRunner, use_case: Any, person_id: object, code: str
) -> None:
    args: tuple[Any, ...] = (person_id,)
    if use_case is notes.add_case_note:
        args = (person_id, {"text": "Met today."})
    with pytest.raises(ValidationFailed) as caught:
        counting.run(use_case, *args)
    (problem,) = caught.value.problems
    assert (problem.field, problem.code) == ("person_id", code)


def test_an_unknown_case_flag_is_refused_listing_the_flags(counting: CountingRunner) -> None:
    pid = _person(counting.run)
    with pytest.raises(ValidationFailed) as caught:
        counting.run(risk.set_case_flags, pid, 0, ["opioid_use", "not_a_flag"])
    (problem,) = caught.value.problems
    assert (problem.field, problem.code) == ("flags", "unknown_code")
    assert "opioid_use" in problem.message and "mental_health" in problem.message
    assert counting.run(read.open_case_record, pid).flags == frozenset()


def _need(run: Any, pid: int) -> tuple[int, int]:
    revision = run(
        needs.save_pathway_need,
        pid,
        0,
        {"pathway": "accommodation", "status": "support_required", "severity": "high"},
    )
    revision = run(needs.add_support_need, pid, revision, {"code": "help_to_find_accommodation"})
    need_id = run(read.refresh_case_record, pid).needs[0].support_needs[0].id
    return need_id, revision


def test_an_unknown_support_need_status_is_refused_listing_the_statuses(
    counting: CountingRunner,
) -> None:
    pid = _person(counting.run)
    need_id, revision = _need(counting.run, pid)
    with pytest.raises(ValidationFailed) as caught:
        counting.run(needs.set_support_need_status, need_id, revision, "finished")
    (problem,) = caught.value.problems
    assert (problem.field, problem.code) == ("status", "unknown_code")
    assert problem.message == "Status: not one of not_started, in_progress, met, declined"
    with pytest.raises(ValidationFailed) as caught:
        counting.run(needs.set_support_need_status, 2**70, revision, "met")
    assert caught.value.problems[0].field == "support_need_id"
    # nothing changed: the same revision still saves
    counting.run(needs.set_support_need_status, need_id, revision, "met")


def test_a_plan_of_more_than_500_actions_is_refused_before_any_is_parsed(
    counting: CountingRunner,
) -> None:
    pid = _person(counting.run)
    action = {"pathway": "accommodation", "what": "Step", "owner": "probation"}

    def many() -> Any:  # an endless supply: refused after 501, never read to the end
        while True:
            yield action

    with pytest.raises(ValidationFailed) as caught:
        counting.run(edit.save_plan, pid, None, many())
    assert [p.field for p in caught.value.problems] == ["actions"]
    assert caught.value.problems[0].message == "Actions: at most 500 actions in a plan"
    view = counting.run(edit.save_plan, pid, None, [action] * limits.PLAN_ACTIONS_MAX)
    assert view.current is not None
    assert len(view.current.actions) == limits.PLAN_ACTIONS_MAX


def test_notes_per_record_in_a_day_are_limited(
    counting: CountingRunner, workspace: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(limits, "CASE_NOTES_PER_PERSON_PER_DAY_MAX", 3)
    monkeypatch.setattr(notes, "CASE_NOTES_PER_PERSON_PER_DAY_MAX", 3)
    pid = _person(counting.run)
    for n in range(3):
        counting.run(notes.add_case_note, pid, {"text": f"Note {n}"})
    with pytest.raises(ValidationFailed) as caught:
        counting.run(notes.add_case_note, pid, {"text": "One too many"})
    (problem,) = caught.value.problems
    assert (problem.field, problem.code) == ("text", "too_many")
    assert problem.message == "Note: at most 3 notes on one record in 24 hours"
    assert len(counting.run(read.refresh_case_record, pid).notes) == 3


@pytest.mark.parametrize("bad_id", [2**70, -(2**70), "abc", True, None])
def test_a_lookup_by_an_id_no_row_can_have_finds_nothing(workspace: Workspace, bad_id: Any) -> None:
    """Below the use cases' checks, the repositories find nothing (SQLite raised
    OverflowError and PostgreSQL DataError)."""
    with workspace.uow() as uow:
        assert uow.people.get(bad_id) is None
        assert uow.people.get(bad_id, whole=True) is None
        assert uow.staff.get(bad_id) is None
        assert uow.case.support_need(bad_id) is None
        assert uow.case.referral(bad_id) is None
        assert uow.case.note(bad_id) is None
        assert uow.programmes.session(bad_id) is None


@pytest.mark.parametrize("code", ["LEI\x00", "\x00"])
def test_a_lookup_by_text_holding_a_nul_finds_nothing(workspace: Workspace, code: str) -> None:
    with workspace.uow() as uow:
        assert uow.staff.establishment_by_code(code) is None
        assert uow.staff.team_by_code(code) is None
        assert uow.staff.by_username(code) is None
        assert uow.people.by_prison_number(code) is None
        assert uow.case.catalogue_entry(code) is None
        assert uow.programmes.programme_by_code(code) is None


def test_a_referral_id_no_row_can_have_is_not_found(counting: CountingRunner) -> None:
    with pytest.raises(NotFound):
        counting.run(aftercare.update_referral, 2**70, 0, {"service_type": "housing_support"})
