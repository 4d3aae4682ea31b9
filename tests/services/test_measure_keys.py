"""The measures' keys on ``people`` (``storage/repositories/measure_keys.py``) kept in the same
transaction as every write they depend on: the release date, a plan saved, agreed, issued and
started again, an action's status, an outcome check recorded and corrected, the case closed.
After each write every stored key equals a fresh computation from the records, and the values
are the ones worked out by hand (both backends)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import update

from resettle.domain import clock
from resettle.services import case_status, outcome_checks, people
from resettle.services.case_record import needs
from resettle.services.case_record.read import refresh_case_record
from resettle.services.plans import edit, issue
from resettle.services.workspace import Workspace
from resettle.storage.repositories.measure_keys import refresh_all, unmaintained_keys
from resettle.storage.tables.people import PersonRow
from tests.factories import person_data

TODAY = clock.today()
RELEASED = TODAY - dt.timedelta(days=50)
COMING = TODAY + dt.timedelta(days=30)

ACTION = {
    "pathway": "accommodation",
    "what": "Confirm the hostel bed",
    "owner": "probation",
    "due": {"kind": "relative", "offset_days": -7},
}
AGREEMENT = {"agreed_by_person": True, "person_agreed_on": TODAY, "person_agreed_how": "in_person"}
KEYS = (
    "overdue_action_from",
    "plan_agreed_in_time",
    "plan_issued_in_time",
    "outcome_first_night",
    "outcome_week_6",
    "outcome_month_3",
    "outcome_month_6",
    "outcome_treatment",
)


def _person(workspace: Workspace, release_date: dt.date) -> int:
    data = person_data(
        release_date=release_date,
        licence_end_date=release_date + dt.timedelta(days=400),
        sentence_date=dt.date(2024, 2, 1),
    )
    return people.register_person(workspace.actor, workspace.uow(), data).id


def _keys(workspace: Workspace, person_id: int) -> dict[str, Any]:
    """The person's stored keys, after checking nobody's differs from a fresh computation."""
    with workspace.uow() as uow:
        assert unmaintained_keys(uow.session) == {}
        row = uow.session.get(PersonRow, person_id)
        assert row is not None
        return {name: getattr(row, name) for name in KEYS}


def _rev(view: Any) -> int:
    assert view.revision is not None
    return int(view.revision)


def _set_release(workspace: Workspace, person_id: int, release_date: dt.date | None) -> None:
    record = refresh_case_record(workspace.actor, workspace.uow(), person_id)
    data = {**record.person.profile.model_dump(), "release_date": release_date}
    people.update_person(workspace.actor, workspace.uow(), person_id, record.person.version, data)


def test_a_new_person_has_no_keys(workspace: Workspace) -> None:
    person_id = _person(workspace, COMING)
    assert _keys(workspace, person_id) == {
        **dict.fromkeys(KEYS),
        "plan_agreed_in_time": False,
        "plan_issued_in_time": False,
    }


def test_the_plan_keys_follow_save_agree_issue_status_and_new_version(
    workspace: Workspace,
) -> None:
    person_id = _person(workspace, COMING)
    view = edit.save_plan(workspace.actor, workspace.uow(), person_id, None, [ACTION])
    keys = _keys(workspace, person_id)
    assert keys["overdue_action_from"] == COMING - dt.timedelta(days=7)
    assert not keys["plan_agreed_in_time"] and not keys["plan_issued_in_time"]

    view = edit.agree(workspace.actor, workspace.uow(), person_id, _rev(view), AGREEMENT)
    keys = _keys(workspace, person_id)
    assert keys["plan_agreed_in_time"] and not keys["plan_issued_in_time"]  # 30 days before

    view = issue.issue(workspace.actor, workspace.uow(), person_id, _rev(view))
    assert _keys(workspace, person_id)["plan_issued_in_time"]

    # Ticking the action off (a new version of the issued plan): nothing open any more, and
    # the agreed and issued version 1 still counts as in time.
    done = {**ACTION, "status": "done"}
    view = edit.save_plan(workspace.actor, workspace.uow(), person_id, view.revision, [done])
    assert view.current is not None and view.current.version == 2
    keys = _keys(workspace, person_id)
    assert keys["overdue_action_from"] is None
    assert keys["plan_agreed_in_time"] and keys["plan_issued_in_time"]

    # An absolute date on the latest version's new open action.
    dated = {**ACTION, "what": "Book the GP", "due": {"kind": "absolute", "on": TODAY}}
    edit.save_plan(workspace.actor, workspace.uow(), person_id, view.revision, [done, dated])
    assert _keys(workspace, person_id)["overdue_action_from"] == TODAY


def test_the_release_date_moves_the_plan_keys(workspace: Workspace) -> None:
    person_id = _person(workspace, COMING)
    view = edit.save_plan(workspace.actor, workspace.uow(), person_id, None, [ACTION])
    edit.agree(workspace.actor, workspace.uow(), person_id, _rev(view), AGREEMENT)
    assert _keys(workspace, person_id)["plan_agreed_in_time"]

    sooner = TODAY + dt.timedelta(days=10)  # agreed today: 10 days before, late
    _set_release(workspace, person_id, sooner)
    keys = _keys(workspace, person_id)
    assert keys["overdue_action_from"] == sooner - dt.timedelta(days=7)
    assert not keys["plan_agreed_in_time"]

    _set_release(workspace, person_id, None)  # a relative action has no day without one
    keys = _keys(workspace, person_id)
    assert keys["overdue_action_from"] is None and not keys["plan_agreed_in_time"]


def test_the_outcome_answers_follow_checks_corrections_and_the_release(
    workspace: Workspace,
) -> None:
    person_id = _person(workspace, RELEASED)
    first_night = {
        "point": "first_night",
        "checked_on": RELEASED + dt.timedelta(days=1),
        "accommodation": "homeless_not_rough_sleeping",
    }
    first = workspace.run(outcome_checks.record_outcome_check, person_id, first_night)
    assert _keys(workspace, person_id)["outcome_first_night"] == "homeless_not_rough_sleeping"
    workspace.run(
        outcome_checks.record_outcome_check,
        person_id,
        {**first_night, "accommodation": "approved_premises_cas"},
        first.id,
    )
    assert _keys(workspace, person_id)["outcome_first_night"] == "approved_premises_cas"
    week_6 = {
        "point": "week_6",
        "checked_on": RELEASED + dt.timedelta(weeks=6),
        "accommodation": "settled",
        "employment": "education_training",
    }
    workspace.run(outcome_checks.record_outcome_check, person_id, week_6)
    keys = _keys(workspace, person_id)
    assert keys["outcome_week_6"] == "education_training"  # the measure's answer: employment
    assert keys["outcome_month_3"] is None

    # Treatment: started within 3 weeks, or later.
    workspace.run(
        needs.save_pathway_need,
        person_id,
        0,
        {"pathway": "drugs_alcohol", "status": "in_progress", "severity": "high"},
    )
    treatment = {
        "point": "treatment",
        "checked_on": RELEASED + dt.timedelta(days=30),
        "treatment": "started",
        "treatment_started_on": RELEASED + dt.timedelta(days=25),
    }
    started = workspace.run(outcome_checks.record_outcome_check, person_id, treatment)
    assert _keys(workspace, person_id)["outcome_treatment"] == "started_later"
    in_time = {**treatment, "treatment_started_on": RELEASED + dt.timedelta(days=21)}
    workspace.run(outcome_checks.record_outcome_check, person_id, in_time, started.id)
    assert _keys(workspace, person_id)["outcome_treatment"] == "started_in_time"

    # Checks of an earlier release do not answer for a new one.
    _set_release(workspace, person_id, RELEASED + dt.timedelta(days=5))
    keys = _keys(workspace, person_id)
    assert keys["outcome_first_night"] is None and keys["outcome_treatment"] is None
    _set_release(workspace, person_id, RELEASED)
    assert _keys(workspace, person_id)["outcome_first_night"] == "approved_premises_cas"


def test_closing_the_case_keeps_the_keys(workspace: Workspace) -> None:
    """A closed case stays in the outcome measures (the release happened): its answers are
    kept; the process measures leave it out by ``case_closed``."""
    person_id = _person(workspace, RELEASED)
    first_night = {
        "point": "first_night",
        "checked_on": RELEASED + dt.timedelta(days=1),
        "accommodation": "settled",
    }
    workspace.run(outcome_checks.record_outcome_check, person_id, first_night)
    before = _keys(workspace, person_id)
    workspace.run(case_status.close_case, person_id, {"reason": "died"})
    assert _keys(workspace, person_id) == before
    assert before["outcome_first_night"] == "settled"


def test_refreshing_everyone_puts_back_what_a_bulk_write_left(workspace: Workspace) -> None:
    person_id = _person(workspace, COMING)
    edit.save_plan(workspace.actor, workspace.uow(), person_id, None, [ACTION])
    with workspace.uow() as uow:
        row = uow.session.get(PersonRow, person_id)
        assert row is not None
        uow.session.execute(
            update(PersonRow)
            .where(PersonRow.id == person_id)
            .values(overdue_action_from=None, outcome_month_6="employed")
        )
        assert set(unmaintained_keys(uow.session)[person_id]) == {
            "overdue_action_from",
            "outcome_month_6",
        }
        refresh_all(uow.session)
        assert unmaintained_keys(uow.session) == {}


def test_ticking_off_an_action_of_an_agreed_plan_clears_the_overdue_day(
    workspace: Workspace,
) -> None:
    person_id = _person(workspace, COMING)
    view = edit.save_plan(workspace.actor, workspace.uow(), person_id, None, [ACTION])
    view = edit.agree(workspace.actor, workspace.uow(), person_id, _rev(view), AGREEMENT)
    done = {**ACTION, "status": "done"}
    view = edit.save_plan(workspace.actor, workspace.uow(), person_id, view.revision, [done])
    assert view.current is not None and view.current.version == 1  # the same version
    assert _keys(workspace, person_id)["overdue_action_from"] is None
    again = {**ACTION, "status": "in_progress"}
    edit.save_plan(workspace.actor, workspace.uow(), person_id, view.revision, [again])
    assert _keys(workspace, person_id)["overdue_action_from"] == COMING - dt.timedelta(days=7)


def test_an_essential_done_moves_its_linked_action_and_the_overdue_day(
    workspace: Workspace,
) -> None:
    """An essential's status passes to the plan's action linked to it, with only the action
    row changing (``plans/linked.follow_sources``): the key follows that write too."""
    from resettle.domain.record_parts import RecordPart
    from resettle.services.case_record import essentials
    from resettle.services.case_record.read import open_case_record
    from resettle.services.evidence_pack import active_pack
    from resettle.services.plans import prefill

    person_id = _person(workspace, COMING)
    record = open_case_record(workspace.actor, workspace.uow(), person_id)
    with workspace.uow() as uow:
        pack, _ = active_pack(uow)
    suggested = prefill.suggested_actions(record, [], pack)
    view = edit.save_plan(workspace.actor, workspace.uow(), person_id, None, suggested)
    assert view.current is not None
    linked = [
        a.source.essential_kind
        for a in view.current.actions
        if a.source is not None and a.source.essential_kind
    ]
    assert linked
    before = _keys(workspace, person_id)["overdue_action_from"]
    assert before is not None
    for kind in linked:
        record = open_case_record(workspace.actor, workspace.uow(), person_id)
        essentials.save_essential(
            workspace.actor,
            workspace.uow(),
            person_id,
            record.revision(RecordPart.ESSENTIALS),
            {"kind": kind, "status": "not_needed"},
        )
    after = _keys(workspace, person_id)["overdue_action_from"]  # every key as computed
    assert after != before
