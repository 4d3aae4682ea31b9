from __future__ import annotations

import datetime as dt

import pytest
from pypdf import PdfReader

from resettle.domain import clock
from resettle.domain.errors import ConcurrentEdit, ValidationFailed
from resettle.domain.plan import PlanState
from resettle.domain.plan_addition import PlanAddition
from resettle.domain.plan_document import PlanDocument, snapshot_sha256
from resettle.domain.record_parts import RecordPart
from resettle.services.case_record import essentials
from resettle.services.case_record.read import open_case_record
from resettle.services.people import register_person
from resettle.services.plans import edit, issue, prefill, printing, read
from resettle.services.recommendations import accept_recommendation, recommend_for_person
from resettle.services.workspace import Workspace
from tests.disclosures import FOR_THE_PERSON
from tests.factories import person_data

TODAY = clock.today()


def _text(pdf: bytes) -> str:
    import io

    return "\n".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(pdf)).pages)


@pytest.fixture
def person_id(workspace: Workspace) -> int:
    detail = register_person(
        workspace.actor,
        workspace.uow(),
        person_data(
            release_date=TODAY + dt.timedelta(days=30),
            licence_end_date=TODAY + dt.timedelta(days=400),
            sentence_date=dt.date(2024, 2, 1),
        ),
    )
    return detail.id


ACTION = {
    "pathway": "accommodation",
    "what": "Confirm the hostel bed",
    "owner": "probation",
    "due": {"kind": "relative", "offset_days": -7},
}


def test_ticking_off_an_action_keeps_the_plan_agreed(workspace, person_id) -> None:  # type: ignore[no-untyped-def]
    view = edit.save_plan(workspace.actor, workspace.uow(), person_id, None, [ACTION])
    view = edit.agree(
        workspace.actor,
        workspace.uow(),
        person_id,
        view.revision,
        {"agreed_by_person": True, "person_agreed_on": TODAY, "person_agreed_how": "in_person"},
    )
    view = edit.save_plan(
        workspace.actor, workspace.uow(), person_id, view.revision, [{**ACTION, "status": "done"}]
    )
    assert view.current is not None and view.current.state is PlanState.AGREED
    assert view.current.agreement is not None
    assert view.current.actions[0].status.value == "done"


def test_plan_lifecycle_draft_agreed_issued_then_new_version(workspace, person_id) -> None:  # type: ignore[no-untyped-def]
    view = edit.save_plan(workspace.actor, workspace.uow(), person_id, None, [ACTION])
    assert view.current is not None and view.current.state is PlanState.DRAFT
    view = edit.agree(
        workspace.actor,
        workspace.uow(),
        person_id,
        view.revision,
        {"agreed_by_person": True, "person_agreed_on": TODAY, "person_agreed_how": "in_person"},
    )
    assert view.current.state is PlanState.AGREED
    view = issue.issue(workspace.actor, workspace.uow(), person_id, view.revision)
    issued = view.current
    assert issued.state is PlanState.ISSUED and issued.issue is not None
    snapshot = PlanDocument.model_validate_json(issued.issue.snapshot_json)
    assert snapshot.state is PlanState.ISSUED
    assert snapshot_sha256(snapshot) == issued.issue.snapshot_sha256
    # Changing an issued plan starts version 2; version 1 stays readable and unchanged.
    view = edit.save_plan(
        workspace.actor,
        workspace.uow(),
        person_id,
        view.revision,
        [ACTION, {**ACTION, "what": "Book the GP", "pathway": "health"}],
    )
    assert [v.version for v in view.versions] == [1, 2]
    assert view.current.version == 2 and view.current.state is PlanState.DRAFT
    first = read.get_plan_version(workspace.actor, workspace.uow(), person_id, 1)
    assert first.state is PlanState.ISSUED and len(first.actions) == 1


def test_issued_snapshot_hash_is_stable_across_reprints(workspace, person_id) -> None:  # type: ignore[no-untyped-def]
    view = edit.save_plan(workspace.actor, workspace.uow(), person_id, None, [ACTION])
    view = edit.agree(
        workspace.actor, workspace.uow(), person_id, view.revision, {"agreed_by_person": False}
    )
    view = issue.issue(workspace.actor, workspace.uow(), person_id, view.revision)
    # Later edits to the record do not change what the issued version prints.
    record = open_case_record(workspace.actor, workspace.uow(), person_id)
    essentials.save_essential(
        workspace.actor,
        workspace.uow(),
        person_id,
        record.revision(RecordPart.ESSENTIALS),
        {"kind": "naloxone", "status": "not_needed"},
    )
    first = printing.plan_document(workspace.actor, workspace.uow(), person_id)
    second = printing.plan_document(workspace.actor, workspace.uow(), person_id)
    assert first.printed_at <= second.printed_at
    assert snapshot_sha256(first) == snapshot_sha256(second) == view.current.issue.snapshot_sha256


def test_stale_plan_save_is_refused(workspace, person_id) -> None:  # type: ignore[no-untyped-def]
    view = edit.save_plan(workspace.actor, workspace.uow(), person_id, None, [ACTION])
    edit.save_plan(workspace.actor, workspace.uow(), person_id, view.revision, [ACTION, ACTION])
    with pytest.raises(ConcurrentEdit):
        edit.save_plan(workspace.actor, workspace.uow(), person_id, view.revision, [])
    with pytest.raises(ConcurrentEdit):  # someone else created the plan meanwhile
        edit.save_plan(workspace.actor, workspace.uow(), person_id, None, [ACTION])
    assert len(read.get_plan(workspace.actor, workspace.uow(), person_id).current.actions) == 2


def test_action_due_before_sentence_or_without_owner_is_refused(workspace, person_id) -> None:  # type: ignore[no-untyped-def]
    early = {**ACTION, "due": {"kind": "absolute", "on": dt.date(2023, 1, 1)}}
    with pytest.raises(ValidationFailed) as caught:
        edit.save_plan(workspace.actor, workspace.uow(), person_id, None, [ACTION, early])
    assert caught.value.problems[0].field == "actions[1].due"
    ownerless = {**ACTION, "owner": None}
    with pytest.raises(ValidationFailed) as caught:
        edit.save_plan(workspace.actor, workspace.uow(), person_id, None, [ownerless])
    assert caught.value.problems[0].field == "actions[0].owner"
    assert read.get_plan(workspace.actor, workspace.uow(), person_id).current is None


def test_agreeing_needs_actions(workspace, person_id) -> None:  # type: ignore[no-untyped-def]
    view = edit.save_plan(workspace.actor, workspace.uow(), person_id, None, [])
    with pytest.raises(ValidationFailed):
        edit.agree(
            workspace.actor, workspace.uow(), person_id, view.revision, {"agreed_by_person": False}
        )


def test_printing_without_a_plan_is_refused_or_prints_empty(workspace, person_id) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(printing.NoPlanToPrint) as caught:
        printing.plan_pdf(workspace.actor, workspace.uow(), person_id, reason=FOR_THE_PERSON)
    assert "has no plan yet" in str(caught.value) and "A1234BC" in str(caught.value)
    pdf = printing.plan_pdf(
        workspace.actor, workspace.uow(), person_id, allow_empty=True, reason=FOR_THE_PERSON
    )
    assert pdf.startswith(b"%PDF") and "Zoë Ní Bhriain" in _text(pdf)


def test_prefill_and_recommendation_flow_into_printed_evidence(workspace, person_id) -> None:  # type: ignore[no-untyped-def]
    from resettle.services.evidence_pack import active_pack

    record = open_case_record(workspace.actor, workspace.uow(), person_id)
    with workspace.uow() as uow:
        pack, _ = active_pack(uow)
    suggestions = prefill.suggested_actions(record, [], pack)
    kinds = {s.source.essential_kind for s in suggestions if s.source}
    assert "first_night_address" in kinds  # every essential is still open
    view = edit.save_plan(workspace.actor, workspace.uow(), person_id, None, suggestions)
    result = recommend_for_person(workspace.actor, workspace.uow(), person_id)
    chosen = next(r for r in result.recommendations if r.precedence.value == "general")
    view = accept_recommendation(
        workspace.actor, workspace.uow(), person_id, chosen.intervention_id
    ).plan
    assert chosen.intervention_id in view.accepted_interventions
    assert any(
        a.source and a.source.recommendation_intervention_id == chosen.intervention_id
        for a in view.current.actions
    )
    text = _text(
        printing.plan_pdf(workspace.actor, workspace.uow(), person_id, reason=FOR_THE_PERSON)
    )
    assert chosen.name.split()[0] in text
    assert "Evidence basis" in text
    person_copy = _text(
        printing.plan_pdf(
            workspace.actor,
            workspace.uow(),
            person_id,
            printing.PlanCopy.PERSON,
            reason=FOR_THE_PERSON,
        )
    )
    assert "OGRS3" not in person_copy and "Risk summary" not in person_copy


@pytest.mark.usefixtures("one_print_worker")
def test_batch_reports_progress_and_stops_when_cancelled(workspace, tmp_path, request) -> None:  # type: ignore[no-untyped-def]
    from tests.accounts import load_demo_for

    load_demo_for(workspace, 12, seed=4)
    with workspace.uow() as uow:
        with_plans = sorted(uow.plans.people_with_plans(list(range(1, 13))))
    ids = with_plans[:4]
    assert len(ids) == 4
    seen: list[tuple[int, int]] = []
    result = printing.print_batch(
        workspace,
        ids,
        tmp_path / "all",
        progress=lambda d, t: seen.append((d, t)),
        reason=FOR_THE_PERSON,
    )
    assert len(result.written) == 4 and not result.cancelled
    assert seen[-1] == (4, 4)
    assert all(path.read_bytes().startswith(b"%PDF") for path in result.written)
    request.getfixturevalue("renders_in_a_thread")  # worker processes are proven: save a spawn
    calls = iter(range(100))
    stopped = printing.print_batch(
        workspace,
        ids,
        tmp_path / "some",
        cancelled=lambda: next(calls) >= 2,
        reason=FOR_THE_PERSON,
    )
    assert stopped.cancelled and len(stopped.written) == 2
    assert not list((tmp_path / "some").glob("*.partial"))


def test_accepting_a_recommendation_late_in_a_short_sentence_is_due_now(workspace) -> None:  # type: ignore[no-untyped-def]
    detail = register_person(
        workspace.actor,
        workspace.uow(),
        person_data(
            sentence_date=TODAY - dt.timedelta(days=5),
            release_date=TODAY + dt.timedelta(days=10),
            licence_end_date=TODAY + dt.timedelta(days=300),
        ),
    )
    view = edit.save_plan(workspace.actor, workspace.uow(), detail.id, None, [ACTION])
    result = recommend_for_person(workspace.actor, workspace.uow(), detail.id)
    chosen = next(r for r in result.recommendations if r.setting.value != "community")
    result = accept_recommendation(
        workspace.actor, workspace.uow(), detail.id, chosen.intervention_id
    )
    view = result.plan
    added = [
        a for a in view.current.actions if a.source and a.source.recommendation_intervention_id
    ]
    assert result.addition is PlanAddition.ADDED and result.action in view.current.actions
    assert added and added[0].due is not None and added[0].due.on == TODAY


@pytest.mark.usefixtures("renders_in_a_thread")
def test_batch_audits_every_person_printed(workspace, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from tests.accounts import load_demo_for

    load_demo_for(workspace, 10, seed=6)
    with workspace.uow() as uow:
        ids = sorted(uow.plans.people_with_plans(list(range(1, 11))))[:3]
    result = printing.print_batch(workspace, ids, tmp_path, reason=FOR_THE_PERSON)
    with workspace.uow() as uow:
        assert uow.audit.count("plan.printed") == len(result.written) == 3
        printed = [row.person_id for row in uow.audit.latest() if row.action == "plan.printed"]
    assert sorted(printed) == ids


def test_an_essential_done_on_the_release_day_tab_is_not_recommended_again(
    workspace, person_id
) -> None:  # type: ignore[no-untyped-def]
    """Officers' trial, 1 Dec 2026: naloxone, opioid treatment, GP and benefits all Done on
    the Release day tab, yet all four still recommended as due."""
    assert "benefits-work-coach" in _recommended(workspace, person_id)
    _save_essential(
        workspace, person_id, {"kind": "benefits_claim", "status": "done", "action_date": TODAY}
    )
    after = recommend_for_person(workspace.actor, workspace.uow(), person_id)
    assert "benefits-work-coach" not in [r.intervention_id for r in after.recommendations]
    excluded = next(e for e in after.exclusions if e.intervention_id == "benefits-work-coach")
    assert any("Already completed" in reason.text for reason in excluded.reasons)


def test_adding_an_essentials_recommendation_marks_its_plan_action(workspace, person_id) -> None:  # type: ignore[no-untyped-def]
    """Officers' trial: Add to plan on the first-night bed put a second action beside the
    plan's own "Confirm where you will sleep on the first night"."""
    before = _plan_of_suggestions(workspace, person_id).current.actions
    bed = [a for a in before if a.source and a.source.essential_kind == "first_night_address"]
    assert len(bed) == 1
    result = accept_recommendation(
        workspace.actor, workspace.uow(), person_id, "first-night-accommodation"
    )
    # It says what it did, and which action: the bed's own, marked.
    assert result.addition is PlanAddition.MARKED
    assert result.action is not None and result.action.what == bed[0].what
    assert result.action.source.recommendation_intervention_id == "first-night-accommodation"
    again = accept_recommendation(
        workspace.actor, workspace.uow(), person_id, "first-night-accommodation"
    )
    assert again.addition is PlanAddition.ALREADY and again.action == result.action
    view = result.plan
    after = view.current.actions
    assert len(after) == len(before)
    marked = [
        a
        for a in after
        if a.source and a.source.recommendation_intervention_id == "first-night-accommodation"
    ]
    assert len(marked) == 1 and marked[0].source.essential_kind == "first_night_address"
    assert marked[0].what == bed[0].what


def test_an_essential_in_progress_stays_recommended_until_done(workspace, person_id) -> None:  # type: ignore[no-untyped-def]
    """Officers' trial: naloxone "In progress" the day before release vanished from the list
    as "Already in progress"; it stays until it is done."""
    _save_essential(workspace, person_id, {"kind": "benefits_claim", "status": "in_progress"})
    assert "benefits-work-coach" in _recommended(workspace, person_id)


def test_an_essential_added_to_the_plan_and_then_in_progress_stays_recommended(
    workspace, person_id
) -> None:  # type: ignore[no-untyped-def]
    """Review: Add to plan marks the essential's own action with the recommendation, and that
    action copies the essential's status; in progress, it must not read as "Already in
    progress" either."""
    _plan_of_suggestions(workspace, person_id)
    accept_recommendation(workspace.actor, workspace.uow(), person_id, "benefits-work-coach")
    _save_essential(workspace, person_id, {"kind": "benefits_claim", "status": "in_progress"})
    assert "benefits-work-coach" in _recommended(workspace, person_id)


def _save_essential(workspace: Workspace, person_id: int, data: dict[str, object]) -> None:
    record = open_case_record(workspace.actor, workspace.uow(), person_id)
    essentials.save_essential(
        workspace.actor, workspace.uow(), person_id, record.revision(RecordPart.ESSENTIALS), data
    )


def _plan_of_suggestions(workspace: Workspace, person_id: int):  # type: ignore[no-untyped-def]
    """A first plan of every action the record suggests (each open essential's own)."""
    from resettle.services.evidence_pack import active_pack

    record = open_case_record(workspace.actor, workspace.uow(), person_id)
    with workspace.uow() as uow:
        pack, _ = active_pack(uow)
    suggestions = prefill.suggested_actions(record, [], pack)
    return edit.save_plan(workspace.actor, workspace.uow(), person_id, None, suggestions)


def _recommended(workspace: Workspace, person_id: int) -> list[str]:
    result = recommend_for_person(workspace.actor, workspace.uow(), person_id)
    return [r.intervention_id for r in result.recommendations]
