"""One user action, one unit of work: every public use case opens exactly one unit of work,
commits at most once, and writes the audit rows of that action and no others."""

from __future__ import annotations

import datetime as dt
import importlib
import inspect
import json
import pkgutil
from pathlib import Path
from typing import Any

import pytest

import resettle.services
from resettle.domain import clock
from resettle.domain.caseload import CaseloadQuery
from resettle.domain.caseload_figure import CaseloadFigure
from resettle.domain.caseload_report import ReportJustification
from resettle.domain.errors import ValidationFailed
from resettle.domain.import_file import read_import_file
from resettle.domain.measure_figures import MeasureFilters, Part
from resettle.domain.needs import SupportNeedStatus
from resettle.domain.programme_referral_workflow import MoveNotAllowed
from resettle.domain.staff import Actor, Role
from resettle.domain.subject_access import Period
from resettle.evidence import load_embedded_pack
from resettle.services import (
    accounts,
    allocation,
    authentication,
    backup,
    case_access,
    case_status,
    caseload,
    caseload_import,
    caseload_report,
    catalogue,
    disclosures,
    encryption,
    evidence_browse,
    evidence_pack,
    measures,
    outcome_checks,
    people,
    programme_attendance,
    programme_catalogue,
    programme_delivery,
    programme_exports,
    programme_group_members,
    programme_history,
    programme_offerings,
    programme_referral_lists,
    programme_referral_places,
    programme_referrals,
    programme_sessions,
    programme_workflow,
    record_changes,
    regions,
    registration,
    retention,
    seen_by,
    staff,
    teams,
)
from resettle.services.case_record import aftercare, essentials, needs, notes, read
from resettle.services.demo.loader import load_demo
from resettle.services.erasure.erase import erase_person
from resettle.services.plans import edit, issue, officer_notes, plan_files, printing, suggestions
from resettle.services.plans import read as plan_read
from resettle.services.recommendations import (
    accept_recommendation,
    recommend_for_person,
    recommendations_screen,
)
from resettle.services.subject_access.export import export_subject_access
from resettle.services.workspace import Workspace
from tests.accounts import TEST_PASSWORD, seed_account
from tests.catalogue_words import PLAIN
from tests.disclosures import FOR_THE_PERSON, TO_MAPPA
from tests.domain.test_programme_catalogue import programme_data
from tests.factories import another_person, establishment, person_data, staff_member
from tests.programme_steps import assess_as_suitable
from tests.recorded_risk_steps import record_risk_in_full
from tests.services.conftest import CountingRunner

TODAY = clock.today()
ACTION = {
    "pathway": "accommodation",
    "what": "Confirm the hostel bed",
    "owner": "probation",
    "due": {"kind": "relative", "offset_days": -7},
}

# Internal helpers that take (actor, uow, ...) but are not use cases: they are called inside
# another use case's open unit of work and neither open it nor commit.
NOT_USE_CASES = {
    # Staging helpers of the referral use cases (inside their unit of work).
    "moves_open_to",
    "check_move_for",
    "reachable_person",
    "changeable_person",
    "part_for_change",
    "scope_of",
    "scope_for",
    "reaches",
    "require_reach",
    "person_permissions",
    "visibility_for_save",
    # Staging helpers of the programme referral use cases (inside their unit of work).
    "referral_in_reach",
    "groups_reaching",
    "append_entry",
    # The shared ending of a referral on the programme history (inside the move's unit of work).
    "record_referral_ending",
    # Ending a group place after a move (inside the move's unit of work).
    "end_place_after_move",
    # The referral's time on the programme on the history (inside the move's unit of work).
    "follow_referral_on_history",
    "record_programme_start",
    "withdraw_referral_entry",
}


def public_use_cases() -> set[str]:
    """Every public service function that takes ``(actor, uow, ...)``, except the internal
    loaders (``load_*``) and the access guards."""
    found: set[str] = set()
    for info in pkgutil.walk_packages(resettle.services.__path__, "resettle.services."):
        module = importlib.import_module(info.name)
        for name, function in vars(module).items():
            if not inspect.isfunction(function) or function.__module__ != module.__name__:
                continue
            if name.startswith(("_", "load_")) or name in NOT_USE_CASES:
                continue
            if list(inspect.signature(function).parameters)[:2] == ["actor", "uow"]:
                found.add(name)
    return found


def _admin(workspace: Workspace) -> Actor:
    return Actor(id=workspace.actor.id, username="admin", display_name="Admin", role=Role.ADMIN)


def _manager(workspace: Workspace) -> Actor:
    """A manager account of the test team (the access rules read roles from the database)."""
    return staff_member(workspace, "uow.manager", Role.MANAGER)


def _programme_use_cases(run: Any, manager: CountingRunner) -> int:
    run(programme_catalogue.list_programmes)
    assert run(programme_workflow.read_workflow).moves
    manager.run(programme_catalogue.add_programme, programme_data())
    manager.run(programme_catalogue.change_programme, "TEST-PROG", programme_data(name="New"))
    manager.run(programme_catalogue.set_programme_active, "TEST-PROG", False)
    assert run(programme_offerings.list_programme_offerings).offerings == ()
    offering = manager.run(
        programme_offerings.create_offering,
        {"programme_code": "BC-MOD", "team_id": manager.run(case_access.managed_teams)[0].id},
    )
    group = manager.run(
        programme_offerings.create_group,
        {
            "offering_id": offering.id,
            "code": "G1",
            "capacity": 8,
            "starts_on": "2027-01-04",
            "ends_on": "2027-04-30",
            "schedule": [
                {"weekday": "tuesday", "starts_at": "10:00", "minutes": 150},
                {"weekday": "friday", "starts_at": "10:00", "minutes": 150},
            ],
        },
    )
    manager.run(programme_sessions.generate_group_sessions, group.id)
    first = manager.run(programme_sessions.list_group_sessions, group.id)[0]
    later = first.starts_at + dt.timedelta(days=1)
    moved = manager.run(programme_sessions.reschedule_session, first.id, later)
    # The catch-up after the rescheduled session, not over it (a clash is refused).
    manager.run(programme_sessions.add_catch_up_session, moved.id, later + dt.timedelta(hours=3))
    places = manager.run(programme_delivery.delivery_places)
    manager.run(programme_delivery.delivery_overview, places[0].id, TODAY)
    return int(group.id)


def _referral_use_cases(
    run: Any, counting: CountingRunner, workspace: Workspace, pid: int, group_id: int
) -> None:
    """Refer, move, correct, places and the lists: the person is placed in a prison where a
    programme team account works."""
    prison = establishment(workspace, "UOWR", "HMP Referrals")
    with workspace.uow() as uow:
        row = uow.people.get(pid)
        assert row is not None
        row.establishment_id = prison
        uow.commit()
    tutor = counting.as_(
        staff_member(workspace, "uow.tutor", Role.PROGRAMME_TEAM, establishment_id=prison)
    )
    run(programme_workflow.read_workflow)
    referral = run(programme_referrals.refer_to_programme, pid, {"programme_code": "BC-MOD"})
    revision = tutor.run(
        programme_referrals.move_referral, referral, 1, {"to_status": "awaiting_assessment"}
    )
    revision = tutor.run(
        programme_referrals.correct_last_move, referral, revision, {"notes": "Too soon"}
    )
    revision = assess_as_suitable(tutor.run, referral, revision)
    tutor.run(programme_referral_places.sessions_before_joining, group_id)
    revision = tutor.run(programme_referral_places.give_group_place, referral, revision, group_id)
    tutor.run(programme_group_members.list_group_members, group_id)
    _attendance_use_cases(tutor, referral, revision, group_id)
    tutor.run(programme_referral_places.withdraw_group_place, referral, revision)
    run(programme_referral_lists.list_person_referrals, pid)
    run(programme_referral_lists.read_referral, referral)
    run(programme_referral_lists.referral_release_time, referral)
    run(programme_referral_lists.referral_choices, pid)
    tutor.run(programme_referral_lists.list_establishment_referrals, "UOWR")


def _attendance_use_cases(
    tutor: CountingRunner, referral: int, revision: int, group_id: int
) -> None:
    """The register, a correction, a one-to-one tie and completion (refused: nothing ran)."""
    session = next(
        s
        for s in tutor.run(programme_sessions.list_group_sessions, group_id)
        if not s.replaced and s.session_type == "group"
    )
    read = tutor.run(programme_attendance.register_for_session, session.id)
    later = session.starts_at + dt.timedelta(days=1)
    rows = [
        row.model_validate({**row.model_dump(), "outcome": "attended_complied"})
        for row in read.sheet.rows
    ]
    tutor.run(
        programme_attendance.record_attendance,
        session.id,
        read.sheet.with_rows(rows),
        now=later,
    )
    correction = {
        "membership_id": rows[0].membership_id,
        "expected_mark_number": 1,
        "outcome": "unacceptable_absence",
        "correction_reason": "Marked on the wrong row",
    }
    tutor.run(programme_attendance.correct_mark, session.id, correction, now=later)
    with pytest.raises(ValidationFailed):
        tutor.run(programme_attendance.assign_one_to_one, session.id, referral)
    tutor.run(programme_attendance.completion_for_referral, referral)
    tutor.run(programme_attendance.completion_figures, "UOWR")
    first, last = later.date() - dt.timedelta(days=7), later.date()
    tutor.run(programme_exports.weekly_attendance_export, "UOWR", first, last)
    since = TODAY - dt.timedelta(days=30)
    assert tutor.run(programme_exports.referral_milestones_export, "UOWR", since, last)
    with pytest.raises(MoveNotAllowed):
        tutor.run(programme_attendance.confirm_completion, referral, revision)


def _newer_pack() -> bytes:
    data = json.loads(load_embedded_pack().raw)
    data["pack_version"] = "9.0.0"
    data["changelog"].insert(
        0, {"version": "9.0.0", "date": data["release_date"], "changes": ["Test import."]}
    )
    return json.dumps(data).encode()


def test_every_public_use_case_opens_one_unit_of_work(
    workspace: Workspace, counting: CountingRunner, tmp_path: Path
) -> None:
    run = counting.run
    detail = run(
        people.register_person,
        person_data(
            release_date=TODAY + dt.timedelta(days=60),
            licence_end_date=TODAY + dt.timedelta(days=400),
        ),
    )
    pid, version = detail.id, detail.version
    run(people.get_person, pid)
    run(people.find_person_id, detail.profile.prison_number)
    version = run(people.update_person, pid, version, {**person_data(), "gender": "Woman"}).version
    run(read.open_case_record, pid)
    run(read.refresh_case_record, pid)
    needs_revision = run(
        needs.save_pathway_need,
        pid,
        0,
        {"pathway": "accommodation", "status": "support_required", "severity": "high"},
    )
    run(needs.support_need_catalogue)
    needs_revision = run(
        needs.add_support_need, pid, needs_revision, {"code": "help_to_find_accommodation"}
    )
    need_id = run(read.refresh_case_record, pid).needs[0].support_needs[0].id
    run(needs.set_support_need_status, need_id, needs_revision, SupportNeedStatus.IN_PROGRESS)
    run(essentials.save_essential, pid, 0, {"kind": "gp_registration", "status": "to_do"})
    run(notes.add_case_note, pid, {"text": "Met today."})
    programme = {
        "programme_code": "TSP",
        "programme_name": "Thinking Skills",
        "setting": "custody",
        "outcome": "in_progress",
    }
    entry = run(programme_history.record_programme_entry, pid, programme)
    run(programme_history.correct_programme_entry, pid, entry, programme)
    run(programme_history.programme_history, pid)
    released = run(
        people.register_person, another_person(77, release_date=TODAY - dt.timedelta(days=3))
    ).id
    night = {"point": "first_night", "checked_on": TODAY, "accommodation": "unknown"}
    check = run(outcome_checks.record_outcome_check, released, night)
    run(
        outcome_checks.record_outcome_check,
        released,
        {**night, "accommodation": "settled"},
        check.id,
    )
    run(outcome_checks.outcome_checks, released)
    run(aftercare.list_providers)
    provider = run(aftercare.add_provider, {"name": "Harbour Housing"})
    referral = {
        "provider_id": provider.id,
        "service_type": "housing_support",
        "referral_date": TODAY,
    }
    referral_id = run(aftercare.add_referral, pid, referral)
    run(aftercare.update_referral, referral_id, 0, {**referral, "status": "accepted"})
    record_risk_in_full(run, pid)
    run(caseload.list_caseload, CaseloadQuery())
    run(caseload.count_caseload, CaseloadQuery())
    run(caseload.count_caseload_shown, CaseloadQuery())
    run(caseload.caseload_csv, CaseloadQuery())
    ((import_team, *_),) = run(caseload_import.importable_teams)
    run(
        caseload_import.import_people,
        read_import_file(
            "units.csv",
            b"Prison number,CRN,Given name,Family name,Date of birth,Sex\r\n"
            b"U0001UU,U000001,Unit,Imported,01/01/1980,male\r\n",
        ),
        import_team,
    )
    run(staff.list_staff)
    run(staff.list_establishments)
    run(staff.list_workplaces)
    run(catalogue.list_catalogue)
    establishment(workspace, "UWP", "HMP Units Delivery")  # the manager manages it: programmes
    manager = counting.as_(_manager(workspace))
    manager.run(
        catalogue.add_catalogue_entry,
        {"code": "test_need", "pathway": "health", "label": "Test need", **PLAIN},
    )
    manager.run(catalogue.set_catalogue_entry_active, "test_need", False)
    manager.run(catalogue.relabel_catalogue_entry, "test_need", "Renamed")
    group_id = _programme_use_cases(run, manager)
    _referral_use_cases(run, counting, workspace, pid, group_id)
    run(evidence_browse.browse_evidence)
    run(evidence_pack.pack_status)
    counting.as_(_admin(workspace)).run(evidence_pack.import_evidence_pack, _newer_pack())
    view = run(edit.save_plan, pid, None, [ACTION])
    view = run(officer_notes.save_officer_notes, pid, view.revision, {"officer_notes": "Ask."})
    run(plan_read.get_plan, pid)
    run(suggestions.suggest_plan_actions, pid)
    result = run(recommend_for_person, pid)
    run(recommendations_screen, pid)
    view = run(accept_recommendation, pid, result.recommendations[0].intervention_id).plan
    run(printing.plan_document, pid)
    run(printing.open_plan_preview, pid)
    run(disclosures.record_disclosure, pid, TO_MAPPA)
    run(printing.plan_pdf, pid, reason=FOR_THE_PERSON)
    run(printing.print_plan_to_file, pid, tmp_path, reason=FOR_THE_PERSON)
    html_copy = {printing.PlanFormat.HTML: tmp_path / "plan.html"}
    run(plan_files.save_plan_files, pid, html_copy, reason=FOR_THE_PERSON)
    view = run(edit.agree, pid, view.revision, {"agreed_by_person": False})
    run(issue.issue, pid, view.revision)
    run(plan_read.get_plan_version, pid, 1)
    run(registration.register_people, [another_person(1), another_person(2)])
    run(caseload.caseload_is_empty)
    run(caseload.default_filters)
    run(allocation.allocation_history, pid)
    manager.run(allocation.allocation_candidates, [pid])
    manager.run(allocation.allocate_people, [pid], workspace.actor.id)
    kpis = manager.run(measures.measure_filters, TODAY, team="TEST")
    assert kpis == MeasureFilters.for_period(TODAY, team_id=kpis.team_id)
    manager.run(measures.measure_figures, kpis)
    manager.run(measures.measure_people, "MI014", Part.DENOMINATOR, kpis)
    manager.run(measures.measure_people_all, kpis)
    manager.run(measures.measure_trends, kpis)
    manager.run(measures.measure_dashboard, kpis)
    manager.run(measures.dashboard_choices)
    figure = CaseloadFigure(key="MI014", part=Part.DENOMINATOR, filters=kpis)
    manager.run(caseload.show_figure_people, CaseloadQuery(figure=figure))
    manager.run(
        caseload_report.caseload_report,
        kpis,
        justification=ReportJustification.CASELOAD_MANAGEMENT,
    )
    run(case_status.close_case, pid, {"reason": "transferred_out"})
    run(case_status.reopen_case, pid)
    watched_from = run(record_changes.changes_since, None).last_id
    run(record_changes.changes_since, watched_from - 5)
    with workspace.uow() as uow:
        team_id = uow.access.team_for_officer(workspace.actor.id, keep=None)
        elsewhere = uow.staff.add_team("UOWX", "Another team").id
        uow.commit()
    colleague = seed_account(workspace.database, "uow.colleague", team_id=elsewhere)
    cover = manager.run(
        case_access.grant_cover, colleague, team_id, TODAY + dt.timedelta(days=7), "Annual leave"
    )
    manager.run(case_access.list_cover)
    manager.run(case_access.managed_teams)
    manager.run(case_access.end_cover, cover)
    manager.run(case_access.person_access, pid)
    manager.run(export_subject_access, detail.profile.prison_number, Period())
    manager.run(seen_by.who_has_seen, pid)
    manager.run(
        case_access.set_person_access,
        pid,
        restricted=True,
        allowed_staff_ids=[workspace.actor.id],
        excluded_staff_ids=[],
        reason="Staff member is a relative",
        expected_revision=0,
    )
    run(authentication.current_actor)
    assert run(authentication.check_password, TEST_PASSWORD)
    run(authentication.change_password, TEST_PASSWORD, "a-new-long-passphrase-77")
    admin = counting.as_(staff_member(workspace, "uow.admin", Role.ADMIN))
    admin.run(authentication.reset_password, colleague, "temporary-passphrase-33")
    made = admin.run(
        accounts.create_account,
        {
            "username": "uow.new",
            "display_name": "New Account",
            "roles": ["officer"],
            "team_ids": [team_id],
            "temporary_password": "temporary-passphrase-33",
        },
    )
    admin.run(accounts.list_accounts)
    admin.run(accounts.account_detail, made.id)
    admin.run(accounts.set_roles, made.id, ["officer", "manager"])
    admin.run(accounts.set_places, made.id, {"team_ids": [team_id], "managed_team_ids": [team_id]})
    admin.run(accounts.disable_account, made.id)
    admin.run(accounts.enable_account, made.id)
    admin.run(accounts.unlock_account, made.id)
    admin.run(encryption.record_encryption, TEST_PASSWORD)  # audited only: the file stays
    admin.run(backup.record_backup, "sqlite")  # audited only: no copy is made
    admin.run(backup.may_restore)
    admin.run(backup.record_restore_started, "sqlite", "0001")  # audited only
    new_team = admin.run(teams.create_team, "UOW", "Units of work")
    admin.run(teams.rename_team, new_team.id, "Units of work team")
    admin.run(teams.set_team_office, new_team.id, {"office_phone": "020 7946 0000"})
    admin.run(teams.set_team_active, new_team.id, False)
    admin.run(teams.list_teams)
    prison = admin.run(teams.create_establishment, "UOW", "HMP Units")
    admin.run(teams.rename_establishment, prison.id, "HMP Units of Work")
    admin.run(teams.list_establishments_admin)
    region = admin.run(regions.create_region, "UOW", "Units of work region")
    admin.run(regions.rename_region, region.id, "Units of work")
    admin.run(regions.set_team_region, new_team.id, region.id)
    admin.run(regions.set_establishment_region, prison.id, region.id)
    admin.run(regions.set_team_region, new_team.id, None)
    admin.run(regions.set_establishment_region, prison.id, None)
    admin.run(regions.set_region_active, region.id, False)
    admin.run(regions.list_regions)
    rule = admin.run(
        retention.save_retention_rule,
        None,
        {"name": "Two years after release", "counts_from": "release_date", "years": 2},
    )
    admin.run(retention.list_retention_rules)
    manager.run(retention.list_due_for_review, TODAY + dt.timedelta(days=365 * 3))
    manager.run(
        retention.keep_after_review,
        pid,
        {"reason": "Appeal pending", "next_review_on": TODAY + dt.timedelta(days=30)},
    )
    admin.run(
        retention.save_retention_rule, rule.id, {**rule.model_dump(exclude={"id"}), "active": False}
    )
    manager.run(erase_person, detail.profile.prison_number, "subject_request")
    for call in counting.calls:
        assert (call.name, call.entered) == (call.name, 1)
        assert call.commits <= 1, call.name
    called = {call.name for call in counting.calls}
    missing = public_use_cases() - called - {"load_demo"}
    assert not missing, f"use cases this test does not run: {sorted(missing)}"


def test_loading_the_demo_is_one_unit_of_work(
    workspace: Workspace, counting: CountingRunner
) -> None:
    counting.as_(staff_member(workspace, "demo.loader", Role.ADMIN)).run(load_demo, 12, seed=3)
    assert (counting.last.entered, counting.last.commits) == (1, 1)
    actions = [action for action, _person in counting.last.audit_rows]
    assert actions.count("demo.loaded") == 1
    assert "person.viewed" not in actions


@pytest.fixture
def issued_person(counting: CountingRunner) -> int:
    detail = counting.run(people.register_person, person_data())
    view = counting.run(edit.save_plan, detail.id, None, [ACTION])
    counting.run(edit.agree, detail.id, view.revision, {"agreed_by_person": False})
    return detail.id


def test_opening_a_record_writes_one_view(counting: CountingRunner) -> None:
    detail = counting.run(people.register_person, person_data())
    counting.run(read.open_case_record, detail.id)
    assert counting.last.audit_rows == [("person.viewed", detail.id)]
    counting.run(read.refresh_case_record, detail.id)
    assert counting.last.audit_rows == []


def test_printing_one_plan_writes_one_print_row_and_no_view(
    counting: CountingRunner, issued_person: int
) -> None:
    counting.run(printing.plan_pdf, issued_person, reason=FOR_THE_PERSON)
    assert counting.last.audit_rows == [("plan.printed", issued_person)]
    counting.run(printing.plan_document, issued_person)  # the preview: nothing printed
    assert counting.last.audit_rows == []


def test_issuing_writes_its_rows_in_the_transaction_that_checked_the_revision(
    counting: CountingRunner, issued_person: int
) -> None:
    current = counting.run(plan_read.get_plan, issued_person)
    counting.run(issue.issue, issued_person, current.revision)
    assert (counting.last.entered, counting.last.commits) == (1, 1)
    assert counting.last.audit_rows == [("plan.issued", issued_person)]


def test_suggestions_and_recommendations_write_no_view(
    counting: CountingRunner, issued_person: int
) -> None:
    counting.run(suggestions.suggest_plan_actions, issued_person)
    assert counting.last.audit_rows == []
    result = counting.run(recommend_for_person, issued_person)
    assert counting.last.audit_rows == []
    counting.run(accept_recommendation, issued_person, result.recommendations[0].intervention_id)
    assert [action for action, _ in counting.last.audit_rows] == [
        "recommendation.accepted",
        "plan.saved",
    ]


@pytest.mark.usefixtures("renders_in_a_thread")  # the render processes: tests/services/test_plans
def test_a_batch_of_n_writes_n_print_rows_one_unit_of_work_each(
    workspace: Workspace, counting: CountingRunner, tmp_path: Path
) -> None:
    ids = []
    for n in range(3):
        detail = counting.run(
            people.register_person,
            another_person(n, prison_number=f"A12{n}4BC", crn=f"X12345{n}"),
        )
        counting.run(edit.save_plan, detail.id, None, [ACTION])
        ids.append(detail.id)
    counting.calls.clear()
    result = printing.print_batch(counting, ids, tmp_path, reason=FOR_THE_PERSON)
    assert len(result.written) == 3
    assert [(c.name, c.entered, c.commits) for c in counting.calls] == [
        ("print_plan_to_file", 1, 1)
    ] * 3
    with workspace.uow() as uow:
        rows = [r for r in uow.audit.latest() if r.action == "plan.printed"]
        assert sorted(r.person_id for r in rows) == ids
        assert uow.audit.count("person.viewed") == 0


def test_ui_and_cli_never_build_units_of_work() -> None:
    """Every call from the UI and CLI goes through ``Workspace.run``."""
    root = Path(resettle.services.__file__).parent.parent
    offenders = [
        str(path.relative_to(root))
        for folder in ("ui", "cli")
        for path in (root / folder).rglob("*.py")
        if ".uow(" in path.read_text(encoding="utf-8")
        or "workspace.uow" in path.read_text(encoding="utf-8")
    ]
    assert offenders == []
