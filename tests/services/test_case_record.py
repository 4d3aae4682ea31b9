from __future__ import annotations

import datetime as dt

import pytest

from resettle.domain import clock
from resettle.domain.aftercare import ReferralStatus
from resettle.domain.case_flags import CaseFlag
from resettle.domain.errors import ConcurrentEdit, ValidationFailed
from resettle.domain.essentials import EssentialKind
from resettle.domain.needs import SupportNeedStatus
from resettle.domain.pathways import Pathway
from resettle.domain.readiness import ReadinessLevel
from resettle.domain.record_parts import RecordPart, referral_part
from resettle.domain.recorded_risk import ScoreSource
from resettle.evidence.codes import ProfileFlag
from resettle.services.case_profile import case_profile
from resettle.services.case_record import aftercare, essentials, needs, notes, risk
from resettle.services.case_record.read import open_case_record
from resettle.services.people import register_person
from resettle.services.workspace import Workspace
from tests.factories import housing_referral, person_data

TODAY = clock.today()


@pytest.fixture
def person(workspace: Workspace) -> tuple[int, int]:
    detail = register_person(
        workspace.actor,
        workspace.uow(),
        person_data(
            release_date=TODAY + dt.timedelta(days=10),
            sentence_date=dt.date(2024, 2, 1),
            licence_end_date=TODAY + dt.timedelta(days=400),
            sex="male",
            offence_category="burglary_domestic",
        ),
    )
    return detail.id, 0  # a new record's parts (other than the profile) start at revision 0


def record(workspace: Workspace, person_id: int):  # type: ignore[no-untyped-def]
    return open_case_record(workspace.actor, workspace.uow(), person_id)


def audits(workspace: Workspace, action: str) -> int:
    with workspace.uow() as uow:
        return uow.audit.count(action)


def test_new_record_has_every_pathway_and_essential(workspace: Workspace, person) -> None:  # type: ignore[no-untyped-def]
    current = record(workspace, person[0])
    assert [view.need.pathway for view in current.needs] == list(Pathway)
    assert [e.kind for e in current.essentials] == list(EssentialKind)
    assert current.readiness.level is ReadinessLevel.URGENT  # 10 days out, all open
    assert current.risk.ogrs3 is None
    assert any("conviction" in reason for reason in current.risk.ogrs3_not_scored)


def test_pathway_need_saves_bumps_version_and_refuses_stale_save(workspace, person) -> None:  # type: ignore[no-untyped-def]
    person_id, version = person
    data = {
        "pathway": "accommodation",
        "status": "support_required",
        "severity": "high",
        "linked_to_offending": True,
        "notes": "No address yet.",
    }
    new_version = needs.save_pathway_need(
        workspace.actor, workspace.uow(), person_id, version, data
    )
    assert new_version == version + 1
    saved = record(workspace, person_id).need_for(Pathway.ACCOMMODATION).need
    assert (saved.severity.value, saved.linked_to_offending) == ("high", True)
    with pytest.raises(ConcurrentEdit):
        needs.save_pathway_need(
            workspace.actor, workspace.uow(), person_id, version, {**data, "severity": "low"}
        )
    assert (
        record(workspace, person_id).need_for(Pathway.ACCOMMODATION).need.severity.value == "high"
    )
    assert audits(workspace, "need.saved") == 1


def test_over_long_need_notes_are_refused_by_name(workspace, person) -> None:  # type: ignore[no-untyped-def]
    person_id, version = person
    with pytest.raises(ValidationFailed) as caught:
        needs.save_pathway_need(
            workspace.actor,
            workspace.uow(),
            person_id,
            version,
            {"pathway": "health", "notes": "x" * 10_001},
        )
    assert caught.value.problems[0].field == "notes"
    assert record(workspace, person_id).revision(RecordPart.NEEDS) == version


def test_support_need_history_records_every_change(workspace, person) -> None:  # type: ignore[no-untyped-def]
    person_id, version = person
    version = needs.add_support_need(
        workspace.actor, workspace.uow(), person_id, version, {"code": "help_to_find_accommodation"}
    )
    need_id = record(workspace, person_id).need_for(Pathway.ACCOMMODATION).support_needs[0].id
    version = needs.set_support_need_status(
        workspace.actor,
        workspace.uow(),
        need_id,
        version,
        SupportNeedStatus.IN_PROGRESS,
        note="Referral sent",
    )
    with pytest.raises(ValidationFailed):
        needs.set_support_need_status(
            workspace.actor, workspace.uow(), need_id, version, SupportNeedStatus.IN_PROGRESS
        )
    view = record(workspace, person_id).need_for(Pathway.ACCOMMODATION).support_needs[0]
    assert view.status is SupportNeedStatus.IN_PROGRESS
    assert [(h.from_status, h.to_status, h.note) for h in view.history] == [
        (None, SupportNeedStatus.NOT_STARTED, ""),
        (SupportNeedStatus.NOT_STARTED, SupportNeedStatus.IN_PROGRESS, "Referral sent"),
    ]
    assert view.history[1].changed_by == workspace.actor.display_name


def test_other_support_need_needs_its_text(workspace, person) -> None:  # type: ignore[no-untyped-def]
    person_id, version = person
    with pytest.raises(ValidationFailed) as caught:
        needs.add_support_need(
            workspace.actor, workspace.uow(), person_id, version, {"code": "health_other"}
        )
    assert caught.value.problems[0].field == "detail"
    with pytest.raises(ValidationFailed):
        needs.add_support_need(
            workspace.actor, workspace.uow(), person_id, version, {"code": "no_such_need"}
        )


def test_essentials_update_readiness_and_caseload_counts(workspace, person) -> None:  # type: ignore[no-untyped-def]
    person_id, version = person
    for kind in EssentialKind:
        data = {"kind": kind.value, "status": "done", "action_date": TODAY, "who": "Prison"}
        data |= {
            EssentialKind.FIRST_NIGHT_ADDRESS: {"address": "1 High St"},
            EssentialKind.ID_DOCUMENT: {"id_type": "passport"},
            EssentialKind.GP_REGISTRATION: {"practice": "Parkside"},
            EssentialKind.OST_CONTINUITY: {"status": "not_needed", "action_date": None},
            EssentialKind.FIRST_PROBATION_APPOINTMENT: {
                "appointment_date": TODAY,
                "appointment_time": "10:00",
                "place": "Office",
            },
        }.get(kind, {})
        version = essentials.save_essential(
            workspace.actor, workspace.uow(), person_id, version, data
        )
    current = record(workspace, person_id)
    # Every essential dealt with, but no plan agreed 10 days from release: never "Ready", and
    # urgent (the plan caps as an open critical essential would).
    assert (current.readiness.score, current.readiness.level) == (35, ReadinessLevel.URGENT)
    assert not current.readiness.plan_agreed
    with workspace.uow() as uow:
        row = uow.people.get(person_id)
        assert (row.open_critical_essentials, row.open_other_essentials) == (0, 0)


def test_essential_done_without_its_details_is_refused(workspace, person) -> None:  # type: ignore[no-untyped-def]
    person_id, version = person
    with pytest.raises(ValidationFailed) as caught:
        essentials.save_essential(
            workspace.actor,
            workspace.uow(),
            person_id,
            version,
            {"kind": "first_night_address", "status": "done"},
        )
    assert {p.field for p in caught.value.problems} == {"action_date", "address"}
    assert record(workspace, person_id).revision(RecordPart.ESSENTIALS) == version


def test_referral_lifecycle_with_history(workspace, person) -> None:  # type: ignore[no-untyped-def]
    person_id, version = person
    provider = aftercare.add_provider(workspace.actor, workspace.uow(), {"name": "Harbour Housing"})
    referral = {
        "provider_id": provider.id,
        "service_type": "housing_support",
        "referral_date": TODAY,
        "contact": "Intake",
    }
    referral_id = aftercare.add_referral(workspace.actor, workspace.uow(), person_id, referral)
    assert record(workspace, person_id).referrals[0].id == referral_id
    version = record(workspace, person_id).revision(referral_part(referral_id))
    version = aftercare.update_referral(
        workspace.actor,
        workspace.uow(),
        referral_id,
        version,
        {**referral, "status": "accepted", "appointment_date": TODAY + dt.timedelta(days=12)},
    )
    with pytest.raises(ValidationFailed) as caught:
        aftercare.update_referral(
            workspace.actor, workspace.uow(), referral_id, version, {**referral, "status": "closed"}
        )
    assert caught.value.problems[0].field == "reason"
    version = aftercare.update_referral(
        workspace.actor,
        workspace.uow(),
        referral_id,
        version,
        {**referral, "status": "closed", "reason": "Housed elsewhere"},
    )
    with pytest.raises(ValidationFailed):  # closed is final
        aftercare.update_referral(
            workspace.actor,
            workspace.uow(),
            referral_id,
            version,
            {**referral, "status": "accepted"},
        )
    view = record(workspace, person_id).referrals[0]
    assert view.provider_name == "Harbour Housing"
    assert [h.to_status for h in view.history] == [
        ReferralStatus.REFERRED,
        ReferralStatus.ACCEPTED,
        ReferralStatus.CLOSED,
    ]


def test_notes_are_append_only_with_corrections(workspace, person) -> None:  # type: ignore[no-untyped-def]
    person_id, _version = person
    first = notes.add_case_note(workspace.actor, workspace.uow(), person_id, {"text": "Met Zoë."})
    fix = notes.add_case_note(
        workspace.actor,
        workspace.uow(),
        person_id,
        {"text": "Correction: met on Tuesday.", "corrects_note_id": first},
    )
    views = record(workspace, person_id).notes
    assert [v.id for v in views] == [fix, first]
    assert views[1].corrected_by_ids == (fix,)
    with pytest.raises(ValidationFailed) as caught:
        notes.add_case_note(workspace.actor, workspace.uow(), person_id, {"text": "x" * 20_001})
    assert caught.value.problems[0].field == "text"
    with pytest.raises(ValidationFailed):
        notes.add_case_note(
            workspace.actor, workspace.uow(), person_id, {"text": "y", "corrects_note_id": 999}
        )
    assert len(record(workspace, person_id).notes) == 2
    assert not hasattr(notes, "update_case_note") and not hasattr(notes, "delete_case_note")


def test_risk_computed_then_recorded_score_takes_precedence(workspace, person) -> None:  # type: ignore[no-untyped-def]
    person_id, version = person
    version = risk.save_ogrs3_inputs(
        workspace.actor,
        workspace.uow(),
        person_id,
        version,
        {
            "conviction_date": dt.date(2024, 1, 10),
            "first_sanction_date": dt.date(2006, 3, 1),
            "previous_sanctions": 12,
        },
    )
    computed = record(workspace, person_id).risk
    assert computed.ogrs3 is not None
    assert computed.in_use.source is ScoreSource.COMPUTED_OGRS3
    version = risk.record_score(
        workspace.actor,
        workspace.uow(),
        person_id,
        version,
        {"tool": "ogrs3", "percent": 81, "assessed_on": dt.date(2024, 3, 1), "source": "OASys"},
    )
    in_use = record(workspace, person_id).risk.in_use
    assert in_use.source is ScoreSource.RECORDED_OGRS3 and in_use.two_year_percent == 81
    with pytest.raises(ValidationFailed) as caught:
        risk.confirm_risk(workspace.actor, workspace.uow(), person_id, version, {"level": "medium"})
    assert caught.value.problems[0].field == "reason"
    version = risk.confirm_risk(
        workspace.actor,
        workspace.uow(),
        person_id,
        version,
        {"level": "medium", "reason": "Protective factors: settled family home."},
    )
    confirmed = record(workspace, person_id).risk.confirmed
    assert confirmed is not None and confirmed.differs_from_score
    version = risk.set_case_flags(
        workspace.actor, workspace.uow(), person_id, version, [CaseFlag.OPIOID_USE]
    )
    assert record(workspace, person_id).flags == {CaseFlag.OPIOID_USE}
    assert audits(workspace, "risk.level_confirmed") == 1


def test_referral_update_to_an_unknown_provider_is_refused_by_name(workspace, person) -> None:  # type: ignore[no-untyped-def]
    person_id, version = person
    referral = housing_referral(workspace)
    referral_id = aftercare.add_referral(workspace.actor, workspace.uow(), person_id, referral)
    assert record(workspace, person_id).referrals[0].id == referral_id
    version = record(workspace, person_id).revision(referral_part(referral_id))
    with pytest.raises(ValidationFailed) as caught:
        aftercare.update_referral(
            workspace.actor, workspace.uow(), referral_id, version, {**referral, "provider_id": 999}
        )
    assert caught.value.problems[0].field == "provider_id"


RNR_FLAGS = [
    CaseFlag.NO_RECOURSE_TO_PUBLIC_FUNDS,
    CaseFlag.NO_RIGHT_TO_WORK,
    CaseFlag.DOMESTIC_ABUSE_VICTIM,
    CaseFlag.DENIES_OFFENCE,
    CaseFlag.CARE_LEAVER,
    CaseFlag.VICTIM_CONSENT_KNOWN,
]


def test_recommender_flags_are_stored_audited_and_reach_the_profile(workspace, person) -> None:  # type: ignore[no-untyped-def]
    person_id, _ = person
    version = record(workspace, person_id).revision(RecordPart.RISK)
    before = audits(workspace, "risk.flags_set")
    risk.set_case_flags(workspace.actor, workspace.uow(), person_id, version, RNR_FLAGS)
    stored = record(workspace, person_id)
    assert stored.flags == set(RNR_FLAGS)
    assert audits(workspace, "risk.flags_set") == before + 1
    profile = case_profile(stored, dt.date(2026, 12, 1))
    assert {ProfileFlag(f.value) for f in RNR_FLAGS} <= set(profile.flags)


def test_every_case_flag_is_a_profile_flag_with_a_label() -> None:
    for flag in CaseFlag:
        assert ProfileFlag(flag.value).value == flag.value
        assert flag.label and flag.label != flag.value


def test_support_declined_on_the_needs_tab_reaches_the_profile(workspace, person) -> None:  # type: ignore[no-untyped-def]
    person_id, version = person
    declined = {
        "pathway": "accommodation",
        "status": "support_declined",
        "severity": "high",
        "linked_to_offending": False,
    }
    version = needs.save_pathway_need(
        workspace.actor, workspace.uow(), person_id, version, declined
    )
    needs.save_pathway_need(
        workspace.actor,
        workspace.uow(),
        person_id,
        version,
        {**declined, "pathway": "drugs_alcohol", "status": "support_required"},
    )
    profile = case_profile(record(workspace, person_id), TODAY)
    assert profile.needs[Pathway.ACCOMMODATION].declined is True
    assert profile.needs[Pathway.DRUGS_ALCOHOL].declined is False


def test_essentials_done_on_the_release_day_tab_count_as_completed(
    workspace: Workspace, person: tuple[int, int]
) -> None:
    """Done on the Release day tab, an essential is done for the recommender too; booking
    treatment to continue is both opioid treatment continuity and the community drug
    treatment appointment. In progress (other than opioid treatment) it stays to do."""
    person_id, _ = person
    current = record(workspace, person_id)
    version = current.revision(RecordPart.ESSENTIALS)
    version = essentials.save_essential(
        workspace.actor,
        workspace.uow(),
        person_id,
        version,
        {
            "kind": "ost_continuity",
            "status": "done",
            "action_date": TODAY,
            "provider": "Change Grow Live",
            "first_dose_date": TODAY + dt.timedelta(days=11),
        },
    )
    essentials.save_essential(
        workspace.actor,
        workspace.uow(),
        person_id,
        version,
        {"kind": "id_document", "status": "in_progress", "id_type": "birth_certificate"},
    )
    profile = case_profile(record(workspace, person_id), TODAY)
    assert {"opioid-treatment-continuity", "substance-misuse-treatment-continuity"} <= set(
        profile.completed
    )
    assert "id-documents" not in {*profile.completed, *profile.in_progress}
