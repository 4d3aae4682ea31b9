"""Recording and correcting a person's programme history (both backends): append-only, audited
in the same unit of work, refused by field and by role, and never bumping a revision."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from sqlalchemy import func, select

from resettle.domain import clock
from resettle.domain.access import OutOfScope
from resettle.domain.errors import ValidationFailed
from resettle.domain.permissions import PermissionDenied
from resettle.domain.programme_completion import CompletionOutcome
from resettle.domain.programme_history import EntrySource
from resettle.evidence import load_embedded_pack
from resettle.services import people, programme_history
from resettle.services.case_profile import case_profile
from resettle.services.case_record.read import refresh_case_record
from resettle.services.plans import edit, printing
from resettle.services.plans.printing import PlanCopy
from resettle.services.workspace import Workspace
from resettle.storage.tables.programme_history import ProgrammeHistoryRow
from tests.disclosures import FOR_THE_PERSON
from tests.factories import another_person, staff_member
from tests.reports.conftest import pdf_pages
from tests.services.held_case import ACTION, held_person, readers_of

TODAY = clock.today()
KAIZEN: dict[str, Any] = {
    "programme_code": "KAIZEN",
    "programme_name": "Kaizen",
    "setting": "custody",
    "location": "HMP Leeds",
    "started_on": TODAY - dt.timedelta(days=300),
    "ended_on": TODAY - dt.timedelta(days=30),
    "outcome": "complete",
}


def _audits(workspace: Workspace, action: str) -> list[tuple[Any, ...]]:
    """(entity id, person id, details) of each audit row of ``action``."""
    with workspace.uow() as uow:
        return [
            (row.entity_id, row.person_id, row.details)
            for row in uow.audit.latest(200)
            if row.action == action
        ]


def _rows(workspace: Workspace) -> int:
    with workspace.uow() as uow:
        return int(uow.session.scalar(select(func.count()).select_from(ProgrammeHistoryRow)) or 0)


def test_an_officer_records_and_corrects_an_entry_both_kept(workspace: Workspace) -> None:
    person_id, _prison = held_person(workspace)
    before = workspace.run(refresh_case_record, person_id)
    first = workspace.run(programme_history.record_programme_entry, person_id, KAIZEN)
    corrected = {
        **KAIZEN,
        "outcome": "not_completed",
        "reason_category": "D_MOTIVATION",
        "reason": "D_MISSED",
    }
    second = workspace.run(programme_history.correct_programme_entry, person_id, first, corrected)
    views = workspace.run(programme_history.programme_history, person_id)
    assert [v.id for v in views] == [first, second]
    assert views[0].superseded_by_id == second and not views[0].current
    assert views[1].supersedes_id == first and views[1].current
    assert views[1].entry.outcome is CompletionOutcome.NOT_COMPLETED
    assert views[1].entry.reason == "D_MISSED"
    assert views[1].source is EntrySource.RECORDED
    assert views[1].recorded_by == workspace.actor.display_name
    # Read with the record, and nothing else moved: no part's revision, not the profile's.
    after = workspace.run(refresh_case_record, person_id)
    assert [v.id for v in after.programmes] == [first, second]
    assert after.revisions == before.revisions
    recorded = _audits(workspace, "programme_history.recorded")
    assert [(r[0], r[1]) for r in recorded] == [(first, person_id)]
    assert recorded[0][2] == {
        "outcome": "complete",
        "setting": "custody",
        "source": "recorded",
        "evidence_linked": False,
    }
    fixed = _audits(workspace, "programme_history.corrected")
    assert [(r[0], r[2]["supersedes"]) for r in fixed] == [(second, first)]
    assert not hasattr(programme_history, "delete_programme_entry")


def test_an_entry_already_corrected_or_of_someone_else_cannot_be_corrected(
    workspace: Workspace,
) -> None:
    person_id, _prison = held_person(workspace)
    other = workspace.run(people.register_person, another_person(1)).id
    first = workspace.run(programme_history.record_programme_entry, person_id, KAIZEN)
    workspace.run(programme_history.correct_programme_entry, person_id, first, KAIZEN)
    for target, entry in ((person_id, first), (other, first), (person_id, 987_654)):
        with pytest.raises(ValidationFailed) as caught:
            workspace.run(programme_history.correct_programme_entry, target, entry, KAIZEN)
        assert caught.value.problems[0].field == "supersedes_id"
    assert _rows(workspace) == 2


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"ended_on": TODAY - dt.timedelta(days=400)}, "ended_on"),
        ({"reason_category": "D_MOTIVATION"}, "reason_category"),
        ({"evidence_intervention_id": "no-such-intervention"}, "evidence_intervention_id"),
        ({"started_on": TODAY + dt.timedelta(days=3), "ended_on": None}, "started_on"),
        ({"programme_name": "K" * 201}, "programme_name"),
        ({"setting": "moon"}, "setting"),
    ],
)
def test_bad_input_is_refused_naming_the_field_and_nothing_is_saved(
    workspace: Workspace, change: dict[str, Any], field: str
) -> None:
    person_id, _prison = held_person(workspace)
    with pytest.raises(ValidationFailed) as caught:
        workspace.run(programme_history.record_programme_entry, person_id, {**KAIZEN, **change})
    assert field in {problem.field for problem in caught.value.problems}
    assert _rows(workspace) == 0
    assert _audits(workspace, "programme_history.recorded") == []


def test_an_intervention_of_the_pack_in_use_is_accepted(workspace: Workspace) -> None:
    person_id, _prison = held_person(workspace)
    intervention = load_embedded_pack().pack.interventions[0].id
    data = {**KAIZEN, "evidence_intervention_id": intervention}
    entry = workspace.run(programme_history.record_programme_entry, person_id, data)
    (view,) = workspace.run(programme_history.programme_history, person_id)
    assert (view.id, view.entry.evidence_intervention_id) == (entry, intervention)
    assert _audits(workspace, "programme_history.recorded")[0][2]["evidence_linked"] is True


def test_who_may_record_and_read(workspace: Workspace) -> None:
    person_id, prison_id = held_person(workspace)
    case = readers_of(workspace, person_id, prison_id, "ph")
    record, uow = programme_history.record_programme_entry, workspace.uow
    # Prison staff at the person's prison record; a manager reads but may not record.
    entry = record(case.prison, uow(), person_id, KAIZEN)
    with pytest.raises(PermissionDenied):
        record(case.manager, uow(), person_id, KAIZEN)
    views = programme_history.programme_history(case.manager, uow(), person_id)
    assert [v.id for v in views] == [entry]
    # Prison staff elsewhere do not reach the person: refused as if the person did not exist.
    elsewhere = staff_member(workspace, "ph.elsewhere", case.prison.role, None)
    with pytest.raises(OutOfScope):
        record(elsewhere, uow(), person_id, KAIZEN)
    assert _rows(workspace) == 1


def test_the_history_feeds_the_recommenders_profile(workspace: Workspace) -> None:
    person_id, _prison = held_person(workspace)
    release = workspace.run(refresh_case_record, person_id).person.profile.release_date
    assert release is not None
    record = programme_history.record_programme_entry
    # Complete, linked to the pack: done.
    record(
        workspace.actor,
        workspace.uow(),
        person_id,
        {**KAIZEN, "evidence_intervention_id": "correctional-education"},
    )
    going_on = {
        **KAIZEN,
        "ended_on": None,
        "outcome": "in_progress",
        "evidence_intervention_id": "psychological-therapy-custody",
        "expected_end_on": release + dt.timedelta(days=30),
    }
    record(workspace.actor, workspace.uow(), person_id, going_on)
    ending_first = {
        **going_on,
        "evidence_intervention_id": "arts-projects",
        "expected_end_on": release - dt.timedelta(days=1),
    }
    record(workspace.actor, workspace.uow(), person_id, ending_first)
    # Recorded as complete, then corrected to cancelled: the correction counts.
    wrong = record(
        workspace.actor,
        workspace.uow(),
        person_id,
        {**KAIZEN, "evidence_intervention_id": "family-visits"},
    )
    programme_history.correct_programme_entry(
        workspace.actor,
        workspace.uow(),
        person_id,
        wrong,
        {**KAIZEN, "outcome": "cancelled", "evidence_intervention_id": "family-visits"},
    )
    # No evidence link: not in the profile.
    record(workspace.actor, workspace.uow(), person_id, {**KAIZEN, "programme_code": "X"})
    profile = case_profile(workspace.run(refresh_case_record, person_id), TODAY)
    assert profile.completed == ("correctional-education",)
    assert profile.in_progress == ("arts-projects", "psychological-therapy-custody")
    assert profile.continue_after_release == ("psychological-therapy-custody",)


def test_the_officers_copy_lists_the_current_entries_and_the_persons_copy_none(
    workspace: Workspace,
) -> None:
    person_id, _prison = held_person(workspace)
    me, uow = workspace.actor, workspace.uow
    wrong = programme_history.record_programme_entry(
        me, uow(), person_id, {**KAIZEN, "programme_name": "Kaizen (typed wrongly)"}
    )
    programme_history.correct_programme_entry(
        me,
        uow(),
        person_id,
        wrong,
        {
            **KAIZEN,
            "outcome": "not_completed",
            "reason_category": "D_MOTIVATION",
            "reason": "D_MISSED",
        },
    )
    edit.save_plan(me, uow(), person_id, None, [ACTION])
    officer = " ".join(pdf_pages(printing.plan_pdf(me, uow(), person_id, reason=FOR_THE_PERSON)))
    officer = " ".join(officer.split())
    assert "Programmes" in officer and "Kaizen Custody HMP Leeds" in officer
    assert "Not completed Motivation: missed" in officer
    assert "typed wrongly" not in officer  # superseded: not current
    person = printing.plan_pdf(me, uow(), person_id, PlanCopy.PERSON, reason=FOR_THE_PERSON)
    assert "Kaizen" not in " ".join(pdf_pages(person))


def test_withdrawn_only_corrects_an_entry_and_then_nothing_reads_it_as_a_programme(
    workspace: Workspace,
) -> None:
    """An entry recorded in error is withdrawn by a correction (kept, superseded); a new entry
    may not be "withdrawn". Withdrawn, it is neither done nor in progress for the profile, and
    the officer's copy of the plan leaves it out."""
    person_id, _prison = held_person(workspace)
    me, uow = workspace.actor, workspace.uow
    withdrawn = {**KAIZEN, "ended_on": None, "outcome": "withdrawn"}
    with pytest.raises(ValidationFailed) as caught:
        programme_history.record_programme_entry(me, uow(), person_id, withdrawn)
    (problem,) = caught.value.problems
    assert (problem.field, problem.code) == ("outcome", "withdrawn_not_correcting")
    assert _rows(workspace) == 0
    wrong = programme_history.record_programme_entry(
        me, uow(), person_id, {**KAIZEN, "evidence_intervention_id": "correctional-education"}
    )
    programme_history.correct_programme_entry(
        me,
        uow(),
        person_id,
        wrong,
        {**withdrawn, "evidence_intervention_id": "correctional-education"},
    )
    assert _rows(workspace) == 2
    ((_entity, _person, details),) = _audits(workspace, "programme_history.corrected")
    assert details["outcome"] == CompletionOutcome.WITHDRAWN.value
    profile = case_profile(workspace.run(refresh_case_record, person_id), TODAY)
    assert profile.completed == () and profile.in_progress == ()
    edit.save_plan(me, uow(), person_id, None, [ACTION])
    officer = " ".join(pdf_pages(printing.plan_pdf(me, uow(), person_id, reason=FOR_THE_PERSON)))
    assert "Kaizen" not in officer
    assert "No programmes have been recorded." in " ".join(officer.split())
