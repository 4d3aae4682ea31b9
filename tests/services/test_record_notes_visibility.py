"""Every note-type field of a record is read by accounts with ``VIEW_NOTES`` only (officers
and managers), absent for prison staff, and never wiped by a save from an account that could
not see it. Essentials' notes stay for prison staff (they record the essentials, and the notes
print on the person's copy). Runs on both backends (the ``workspace`` fixture)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pytest

from resettle.domain import permissions
from resettle.domain.case_record import CaseRecord
from resettle.domain.essentials import EssentialKind
from resettle.domain.needs import SupportNeedStatus
from resettle.domain.pathways import Pathway
from resettle.domain.record_parts import RecordPart, referral_part
from resettle.domain.staff import Actor, Role
from resettle.domain.withheld import Withheld
from resettle.services.case_record import aftercare, essentials, needs, read
from resettle.services.workspace import Workspace
from tests.factories import housing_referral, staff_member
from tests.services.held_case import held_person

NEED_NOTE = "Sofa-surfing with a cousin who uses."
SUPPORT_NOTE = "Declined the hostel: fears meeting the victim's family."
REFERRAL_REASON = "Did not attend: was using again."
ESSENTIAL_NOTE = "Bank letter to collect from reception."


@dataclass(frozen=True)
class Case:
    person_id: int
    referral_id: int
    officer: Actor
    prison: Actor


@pytest.fixture
def case(workspace: Workspace) -> Case:
    pid, prison_id = held_person(workspace)
    me, uow = workspace.actor, workspace.uow
    revision = needs.save_pathway_need(
        me, uow(), pid, 0, {"pathway": "accommodation", "notes": NEED_NOTE}
    )
    needs.add_support_need(
        me,
        uow(),
        pid,
        revision,
        {"code": "help_to_find_accommodation"},
        SupportNeedStatus.DECLINED,
        note=SUPPORT_NOTE,
    )
    referral = {**housing_referral(workspace), "status": "did_not_attend"}
    referral_id = aftercare.add_referral(me, uow(), pid, {**referral, "reason": REFERRAL_REASON})
    essentials.save_essential(
        me, uow(), pid, 0, {"kind": "bank_account", "status": "to_do", "notes": ESSENTIAL_NOTE}
    )
    prison = staff_member(workspace, "notes.prison", Role.PRISON_STAFF, prison_id)
    return Case(person_id=pid, referral_id=referral_id, officer=me, prison=prison)


def _need_notes(record: CaseRecord) -> list[str]:
    return [view.need.notes for view in record.needs if view.need.notes]


def _support_need_notes(record: CaseRecord) -> list[str]:
    return [
        change.note
        for view in record.needs
        for support in view.support_needs
        for change in support.history
        if change.note
    ]


def _referral_reasons(record: CaseRecord) -> list[str]:
    return [view.referral.reason for view in record.referrals if view.referral.reason] + [
        change.reason for view in record.referrals for change in view.history if change.reason
    ]


#: Each hidden field: the part that names it and how to read its texts from a record.
HIDDEN: dict[Withheld, Callable[[CaseRecord], list[str]]] = {
    Withheld.NEED_NOTES: _need_notes,
    Withheld.SUPPORT_NEED_NOTES: _support_need_notes,
    Withheld.REFERRAL_REASONS: _referral_reasons,
}


@pytest.mark.parametrize("part", list(HIDDEN))
def test_officers_read_each_note_field(workspace: Workspace, case: Case, part: Withheld) -> None:
    record = read.open_case_record(case.officer, workspace.uow(), case.person_id)
    assert part not in record.withheld
    assert HIDDEN[part](record)


@pytest.mark.parametrize("part", list(HIDDEN))
def test_prison_staff_do_not_get_each_note_field(
    workspace: Workspace, case: Case, part: Withheld
) -> None:
    record = read.open_case_record(case.prison, workspace.uow(), case.person_id)
    assert part in record.withheld
    assert HIDDEN[part](record) == []
    # The rest of the part is there: the need's status, the support need, the referral.
    officers = read.open_case_record(case.officer, workspace.uow(), case.person_id)
    assert [v.need.status for v in record.needs] == [v.need.status for v in officers.needs]
    assert [s.label for v in record.needs for s in v.support_needs] == [
        "Help to find accommodation"
    ]
    assert [v.referral.status for v in record.referrals] == [
        v.referral.status for v in officers.referrals
    ]


def test_no_note_text_reaches_prison_staff_anywhere_in_the_record(
    workspace: Workspace, case: Case
) -> None:
    record = read.open_case_record(case.prison, workspace.uow(), case.person_id)
    dumped = record.model_dump_json()
    for text in (NEED_NOTE, SUPPORT_NOTE, REFERRAL_REASON):
        assert text not in dumped


def test_prison_staff_read_essentials_notes(workspace: Workspace, case: Case) -> None:
    record = read.open_case_record(case.prison, workspace.uow(), case.person_id)
    bank = next(e for e in record.essentials if e.kind is EssentialKind.BANK_ACCOUNT)
    assert bank.notes == ESSENTIAL_NOTE


def test_an_essential_saved_by_prison_staff_keeps_the_officers_notes(
    workspace: Workspace, case: Case
) -> None:
    record = read.open_case_record(case.prison, workspace.uow(), case.person_id)
    bank = next(e for e in record.essentials if e.kind is EssentialKind.BANK_ACCOUNT)
    essentials.save_essential(
        case.prison,
        workspace.uow(),
        case.person_id,
        record.revision(RecordPart.ESSENTIALS.value),
        {**bank.model_dump(), "status": "in_progress"},
    )
    after = read.refresh_case_record(case.officer, workspace.uow(), case.person_id)
    saved = next(e for e in after.essentials if e.kind is EssentialKind.BANK_ACCOUNT)
    assert saved.status.value == "in_progress" and saved.notes == ESSENTIAL_NOTE
    # The parts it could not see are as the officer left them.
    assert _need_notes(after) == [NEED_NOTE]
    assert REFERRAL_REASON in _referral_reasons(after)


def test_saves_by_an_account_that_may_not_see_notes_keep_them(
    workspace: Workspace, case: Case
) -> None:
    """No role today may edit needs or referrals without reading notes; one that could (a
    per-person permission set, say) saves what it sees and the hidden notes stay."""
    blind = permissions.ROLE_PERMISSIONS[Role.OFFICER] - {permissions.Permission.VIEW_NOTES}
    patched = {**permissions.ROLE_PERMISSIONS, Role.OFFICER: blind}
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(permissions, "ROLE_PERMISSIONS", patched)
        seen = read.open_case_record(case.officer, workspace.uow(), case.person_id)
        assert _need_notes(seen) == [] and _referral_reasons(seen) == []
        need = seen.need_for(Pathway.ACCOMMODATION).need
        needs.save_pathway_need(
            case.officer,
            workspace.uow(),
            case.person_id,
            seen.revision(RecordPart.NEEDS.value),
            {**need.model_dump(), "severity": "high"},
        )
        referral = seen.referrals[0]
        aftercare.update_referral(
            case.officer,
            workspace.uow(),
            case.referral_id,
            seen.revision(referral_part(case.referral_id)),
            {**referral.referral.model_dump(), "contact": "Duty desk"},
        )
    after = read.refresh_case_record(case.officer, workspace.uow(), case.person_id)
    saved = after.need_for(Pathway.ACCOMMODATION).need
    assert saved.severity.value == "high" and saved.notes == NEED_NOTE
    assert after.referrals[0].referral.contact == "Duty desk"
    assert after.referrals[0].referral.reason == REFERRAL_REASON
