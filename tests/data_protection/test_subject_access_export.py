"""The subject access export: what it holds for a fully recorded person, the dates asked for,
who may make it, and its audit row (in the same transaction as the read)."""

from __future__ import annotations

import datetime as dt
import io
import json
from typing import Any

import pytest
from pypdf import PdfReader

from resettle.domain import clock
from resettle.domain.access import OutOfScope
from resettle.domain.errors import ValidationFailed
from resettle.domain.permissions import PermissionDenied
from resettle.domain.staff import Role
from resettle.domain.subject_access import STAFF_WITHHELD, Period
from resettle.services.disclosures import record_disclosure
from resettle.services.people import find_person_id
from resettle.services.subject_access import export as export_module
from resettle.services.subject_access.export import export_subject_access, write_export
from resettle.services.workspace import Workspace
from tests.accounts import seed_account, sign_in_as, workspace_as
from tests.data_protection.full_person import PRISON_NUMBER, populate_everything
from tests.disclosures import TO_MAPPA

EXPORTED = "subject_access.exported"


def _content(manager: Workspace, period: Period | None = None) -> dict[str, Any]:
    exported = manager.run(export_subject_access, PRISON_NUMBER, period or Period())
    content: dict[str, Any] = json.loads(exported.json_text)["content"]
    return content


def _exports(workspace: Workspace) -> list[tuple[int | None, int | None, int | None, Any]]:
    """(actor, person, entity, details) of each export's audit row."""
    with workspace.uow() as uow:
        return [
            (row.actor_id, row.person_id, row.entity_id, row.details)
            for row in uow.audit.latest(500)
            if row.action == EXPORTED
        ]


def test_a_fully_recorded_person_is_exported_section_by_section(recorded: Workspace) -> None:
    content = _content(recorded)
    profile = content["profile"]
    assert (profile["prison_number"], profile["given_name"]) == (PRISON_NUMBER, "Zoë")
    assert profile["aliases"] == [{"name": "Zoe Bryan"}]
    assert profile["responsible_officer"] == "Probation officer, Test team"
    need = content["support_needs"][0]
    assert [h["to_status"] for h in need["history"]] == ["not_started", "in_progress"]
    notes = content["notes"]
    assert notes[1]["corrects_note"] == notes[0]["id"]
    assert notes[0]["author"] == "Probation officer, Test team"
    assert [p["version"] for p in content["plans"]] == [1, 2]
    issued = content["plans"][0]
    assert issued["state"] == "issued"
    assert issued["issued_document"]["person"]["responsible_officer"] == STAFF_WITHHELD
    assert [a["what"] for a in content["plans"][1]["actions"]][-1] == "Second version"
    assert content["recommendations_accepted"][0]["intervention_id"]
    assert content["risk_profile"][0]["confirmed_level"] == "medium"
    assert content["risk_flags"] == [{"flag": "opioid_use"}]
    first, correction = content["programme_history"]
    assert (first["outcome"], first["reason_category"]) == ("not_completed", "D_OPERATIONAL")
    assert (correction["outcome"], correction["supersedes"]) == ("complete", first["id"])
    assert correction["recorded_by"] == "Probation officer, Test team"
    assert "location" in first["review_before_release"]
    # Outcome checks of an earlier release (full_person.py): kept, with the correction.
    night, fixed, week_6 = content["outcome_checks"]
    assert (night["point"], night["accommodation"]) == ("first_night", "other_housed")
    assert (fixed["accommodation"], fixed["supersedes"]) == ("settled", night["id"])
    assert (week_6["point"], week_6["employment"]) == ("week_6", "employed")
    assert night["release_date"] < content["profile"]["release_date"]
    assert night["recorded_by"] == "Probation officer, Test team"
    assert "note" in night["review_before_release"]
    # Two referrals: one moved and given a place; one attended (full_programme.py).
    programme, attended = content["programmes"]
    assert [place["group"] for place in attended["group_places"]] == ["FULL-1"]
    assert programme["programme"] == "Building Choices: moderate intensity (BC-MOD)"
    assert (programme["status"], programme["referred_by"]) == (
        "assessed_suitable",
        "Probation officer, Test team",
    )
    assert [(h["from_status"], h["to_status"]) for h in programme["history"]] == [
        (None, "draft"),
        ("draft", "submitted"),
        ("submitted", "awaiting_assessment"),
        ("awaiting_assessment", "assessment_started"),
        ("assessment_started", "assessed_suitable"),
    ]
    assert programme["history"][1]["notes"] == "Her partner Tom wants her to do it."
    assert programme["review_before_release"] == ["history"]
    assert [p["group"] for p in programme["group_places"]] == ["SAR-1"]
    assert content["access_list"][0]["set_by"] == "Manager, Test team"
    viewed = [a for a in content["audit"] if a["action"] == "person.viewed"]
    assert viewed == [
        {
            "at": viewed[0]["at"],
            "action": "person.viewed",
            "kind": "viewed",
            "by": "Probation officer, Test team",
            "entity_type": "person",
            "entity_id": viewed[0]["entity_id"],
            "details": {"view": "record"},
        }
    ]


def test_third_parties_are_marked_for_review_and_staff_are_never_named(
    recorded: Workspace,
) -> None:
    exported = recorded.run(export_subject_access, PRISON_NUMBER, Period())
    content = json.loads(exported.json_text)["content"]
    referral = content["referrals"][0]
    assert referral["provider"]["name"] == "Harbour Housing"
    assert {"provider", "contact", "reason", "history"} <= set(referral["review_before_release"])
    assert "text" in content["notes"][0]["review_before_release"]
    assert "review_before_release" not in content["risk_flags"][0]
    # Staff accounts' user and display names appear nowhere, in either file.
    pdf_text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(exported.pdf)).pages)
    for name in ("test.officer", "Test Officer", "test.manager", "Test Manager"):
        assert name not in exported.json_text and name not in pdf_text
    assert "Review before release" in pdf_text and "Zoë" in pdf_text
    assert "OFFICIAL-SENSITIVE" in pdf_text and "Thinking Skills Programme" in pdf_text
    assert "Her partner Tom wants her to do it." in " ".join(pdf_text.split())


@pytest.mark.usefixtures("system_day")
def test_the_export_is_audited_with_its_dates(recorded: Workspace) -> None:
    today = clock.today()
    recorded.run(export_subject_access, PRISON_NUMBER, Period(start=today, end=today))
    ((actor_id, person_id, entity_id, details),) = _exports(recorded)
    with recorded.uow() as uow:
        person = uow.people.by_prison_number(PRISON_NUMBER)
        assert person is not None
        assert (actor_id, person_id, entity_id) == (recorded.actor.id, person.id, person.id)
    assert details["from"] == details["to"] == today.isoformat()
    assert "programmes" in details["sections"] and "audit" in details["sections"]


@pytest.mark.usefixtures("system_day")
def test_dates_are_inclusive_days(recorded: Workspace) -> None:
    today = clock.today()
    same_day = _content(recorded, Period(start=today, end=today))
    assert len(same_day["notes"]) == 2 and same_day["audit"]
    assert len(same_day["plans"]) == 2
    before = _content(recorded, Period(end=today - dt.timedelta(days=1)))
    after = _content(recorded, Period(start=today + dt.timedelta(days=1)))
    for content in (before, after):
        assert content["notes"] == [] and content["plans"] == [] and content["audit"] == []
        assert content["referrals"] == [] and content["support_needs"] == []
        # The record as it stands is always there.
        assert content["profile"]["prison_number"] == PRISON_NUMBER
        assert content["pathway_needs"] and content["essentials"]
    assert before["request"] == {
        **before["request"],
        "from": None,
        "to": str(before["request"]["to"]),
    }


def test_the_end_before_the_start_is_refused_naming_the_field() -> None:
    with pytest.raises(ValidationFailed) as refused:
        Period(start=dt.date(2026, 3, 2), end=dt.date(2026, 3, 1))
    assert [p.field for p in refused.value.problems] == ["to"]


def test_only_managers_reaching_the_person_may_export(workspace: Workspace) -> None:
    populate_everything(workspace)
    with pytest.raises(PermissionDenied):
        workspace.run(export_subject_access, PRISON_NUMBER, Period())
    admin = workspace_as(workspace, Role.ADMIN)
    with pytest.raises(PermissionDenied):
        admin.run(export_subject_access, PRISON_NUMBER, Period())
    with workspace.uow() as uow:
        elsewhere = uow.staff.add_team("ELSE", "Another team").id
        uow.commit()
    seed_account(
        workspace.database,
        "other.manager",
        (Role.MANAGER,),
        managed_team_ids=[elsewhere],
        managed_establishment_ids=[],
    )
    other = sign_in_as(workspace.database, "other.manager")
    with pytest.raises(OutOfScope):
        other.run(export_subject_access, PRISON_NUMBER, Period())
    assert _exports(workspace) == []


def test_an_unknown_prison_number_is_refused_and_nothing_is_audited(recorded: Workspace) -> None:
    with pytest.raises(OutOfScope):
        recorded.run(export_subject_access, "z9999zz", Period())
    assert _exports(recorded) == []


def test_the_files_go_only_to_the_folder_given(recorded: Workspace, tmp_path: Any) -> None:
    exported = recorded.run(export_subject_access, PRISON_NUMBER, Period())
    written = write_export(exported, tmp_path / "sar")
    assert sorted(p.name for p in (tmp_path / "sar").iterdir()) == sorted(p.name for p in written)
    assert [p.suffix for p in written] == [".json", ".pdf"]
    assert json.loads(written[0].read_text(encoding="utf-8")).keys() == {"content"}


def test_an_export_that_fails_leaves_no_audit_row(
    recorded: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*_args: object) -> bytes:
        raise RuntimeError("the PDF could not be drawn")

    monkeypatch.setattr(export_module, "render_subject_access", broken)
    with pytest.raises(RuntimeError):
        recorded.run(export_subject_access, PRISON_NUMBER, Period())
    assert _exports(recorded) == []


def test_audit_details_name_staff_by_role_and_mark_typed_text_for_review(
    recorded: Workspace,
) -> None:
    pid = recorded.run(find_person_id, PRISON_NUMBER)
    recorded.run(record_disclosure, pid, TO_MAPPA)
    exported = recorded.run(export_subject_access, PRISON_NUMBER, Period())
    audit = json.loads(exported.json_text)["content"]["audit"]
    disclosed = [a for a in audit if a["action"] == "person.disclosed"][-1]
    assert disclosed["kind"] == "disclosed"
    assert disclosed["review_before_release"] == ["details"]
    assert disclosed["details"] == {  # the words from the note, not its id and digest
        "justification": "mappa_meeting",
        "justification_text": "L2",
        "recipient": "MAPPA panel",
    }
    access = next(a for a in audit if a["action"] == "access.changed")
    assert access["details"]["excluded"] == ["Probation officer, Test team"]
    assert "review_before_release" not in access
