"""The justification list and its checks, and the labels "Who has seen this" shows."""

from __future__ import annotations

import pytest

from resettle.domain.audit_actions import AuditAction
from resettle.domain.disclosure import DisclosureReason, Justification, RecordedDisclosure
from resettle.domain.errors import ValidationFailed
from resettle.domain.seen_by import what_label, why_label
from resettle.domain.validation import validate


def _problems(model: type[DisclosureReason], data: dict[str, object]) -> dict[str, str]:
    with pytest.raises(ValidationFailed) as refused:
        validate(model, data)
    return {p.field: p.message for p in refused.value.problems}


def test_every_justification_has_a_label_and_plan_for_the_person_is_listed() -> None:
    assert Justification.PLAN_FOR_PERSON.label == "Plan for the person"
    assert Justification.MAPPA_MEETING.label == "MAPPA meeting"
    assert all(j.label for j in Justification)


def test_other_needs_words_naming_the_field() -> None:
    problems = _problems(DisclosureReason, {"justification": "other"})
    assert list(problems) == ["justification_text"]
    assert problems["justification_text"].startswith("Details:")
    reason = validate(DisclosureReason, {"justification": "other", "justification_text": " Ask "})
    assert reason.justification_text == "Ask"


def test_a_missing_or_unknown_justification_is_refused_by_name() -> None:
    assert _problems(DisclosureReason, {})["justification"].startswith("Justification:")
    assert "justification" in _problems(DisclosureReason, {"justification": "curiosity"})


def test_long_text_is_refused_by_its_field() -> None:
    problems = _problems(
        DisclosureReason, {"justification": "court_report", "recipient": "x" * 121}
    )
    assert problems["recipient"].startswith("Recipient:")


def test_a_recorded_disclosure_needs_a_recipient() -> None:
    problems = _problems(RecordedDisclosure, {"justification": "mappa_meeting"})
    assert problems == {"recipient": "Recipient: say who was given the data"}


def test_the_audit_details_hold_the_code_and_never_the_words() -> None:
    plain = DisclosureReason(justification=Justification.PLAN_FOR_PERSON)
    assert plain.note() is None
    assert plain.audit_details(None) == {"justification": "plan_for_person"}
    full = DisclosureReason(
        justification=Justification.OTHER, justification_text="Solicitor", recipient="Firm"
    )
    note = full.note()
    assert note is not None
    details = full.audit_details(note)
    assert details == {"justification": "other", "note_id": note.id, "note_sha256": note.digest}
    assert "Solicitor" not in str(details) and "Firm" not in str(details)


@pytest.mark.parametrize(
    ("action", "details", "label"),
    [
        (AuditAction.PERSON_VIEWED, {}, "Opened the record"),
        (AuditAction.PERSON_VIEWED, {"view": "record"}, "Opened the record"),
        (AuditAction.PERSON_VIEWED, {"view": "plan_preview"}, "Previewed the plan"),
        (AuditAction.PERSON_VIEWED, {"view": "access"}, "Opened who may see the record"),
        (
            AuditAction.PERSON_VIEWED,
            {"view": "command_line"},
            "Showed the record on the command line",
        ),
        (AuditAction.PLAN_PRINTED, {"copy": "officer"}, "Printed the officer's plan"),
        (
            AuditAction.PLAN_PRINTED,
            {"copy": "person", "large_print": True},
            "Printed the person's copy of the plan in large print",
        ),
        (
            AuditAction.PLAN_PRINTED,
            {"copy": "officer", "to_file": True},
            "Saved the officer's plan as PDF",
        ),
        (
            AuditAction.PLAN_PRINTED,
            {"copy": "officer", "to_file": True, "batch": True},
            "Saved the officer's plan (batch)",
        ),
        (AuditAction.PERSON_DISCLOSED, {"recipient": "MAPPA panel"}, "Disclosed to MAPPA panel"),
    ],
)
def test_what_was_done_reads_as_words(
    action: AuditAction, details: dict[str, object], label: str
) -> None:
    assert what_label(action.value, details) == label


def test_why_is_the_justification_and_its_note() -> None:
    assert why_label({}) == ""
    assert why_label({"justification": "mappa_meeting"}) == "MAPPA meeting"
    assert why_label({"justification": "other", "justification_text": "Ask"}) == "Other: Ask"
