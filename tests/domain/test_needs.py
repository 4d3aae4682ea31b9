"""Pathway needs, support needs picked from the catalogue, and their status history."""

from __future__ import annotations

from datetime import datetime

import pytest

from resettle.domain.catalogue import default_catalogue
from resettle.domain.errors import ValidationFailed
from resettle.domain.needs import (
    NOTES_MAX,
    PathwayNeedInput,
    PathwayStatus,
    Severity,
    SupportNeedInput,
    SupportNeedStatus,
    change_support_need_status,
    check_support_need,
)
from resettle.domain.pathways import Pathway
from resettle.domain.validation import validate

AT = datetime(2025, 6, 1, 10, 30)


def field_and_code(caught: pytest.ExceptionInfo[ValidationFailed]) -> tuple[str, str]:
    problem = caught.value.problems[0]
    return problem.field, problem.code


def test_pathway_need_defaults_and_codes() -> None:
    need = validate(PathwayNeedInput, {"pathway": "accommodation"})
    assert need.status is PathwayStatus.NOT_STARTED
    assert need.severity is Severity.NONE
    assert need.linked_to_offending is False
    assert [s.value for s in PathwayStatus] == [
        "not_started", "support_required", "in_progress", "support_not_required",
        "support_declined", "done",
    ]  # fmt: skip
    assert PathwayStatus.SUPPORT_NOT_REQUIRED.label == "Support not required"
    assert [s.rank for s in Severity] == [0, 1, 2, 3]


def test_notes_longer_than_the_limit_are_refused_naming_the_field() -> None:
    ok = validate(PathwayNeedInput, {"pathway": "health", "notes": "x" * NOTES_MAX})
    assert len(ok.notes) == NOTES_MAX
    with pytest.raises(ValidationFailed) as caught:
        validate(PathwayNeedInput, {"pathway": "health", "notes": "x" * (NOTES_MAX + 1)})
    assert field_and_code(caught) == ("notes", "string_too_long")
    assert "Notes" in caught.value.problems[0].message


def test_unknown_status_and_extra_fields_are_refused() -> None:
    with pytest.raises(ValidationFailed) as caught:
        validate(PathwayNeedInput, {"pathway": "health", "status": "finished", "colour": 1})
    fields = {p.field for p in caught.value.problems}
    assert fields == {"status", "colour"}


def test_support_need_from_the_catalogue() -> None:
    catalogue = default_catalogue()
    entry = check_support_need(SupportNeedInput(code="help_to_find_accommodation"), catalogue)
    assert entry.pathway is Pathway.ACCOMMODATION


def test_other_requires_free_text() -> None:
    catalogue = default_catalogue()
    with pytest.raises(ValidationFailed) as caught:
        check_support_need(SupportNeedInput(code="accommodation_other", detail="  "), catalogue)
    assert field_and_code(caught) == ("detail", "required_for_other")
    entry = check_support_need(
        SupportNeedInput(code="accommodation_other", detail="Storage for a wheelchair"), catalogue
    )
    assert entry.needs_detail


def test_unknown_and_retired_support_needs_are_refused() -> None:
    catalogue = default_catalogue().set_active("cv_support", False)
    with pytest.raises(ValidationFailed) as caught:
        check_support_need(SupportNeedInput(code="cv_support"), catalogue)
    assert field_and_code(caught) == ("code", "inactive")
    with pytest.raises(ValidationFailed) as caught:
        check_support_need(SupportNeedInput(code="made_up"), catalogue)
    assert field_and_code(caught) == ("code", "unknown")


def test_support_need_statuses_are_the_passport_ones() -> None:
    assert [s.value for s in SupportNeedStatus] == ["not_started", "in_progress", "met", "declined"]
    assert SupportNeedStatus.IN_PROGRESS.label == "In progress"


def test_status_change_produces_a_history_entry() -> None:
    added = change_support_need_status(
        None, SupportNeedStatus.NOT_STARTED, changed_by="J Smith", changed_at=AT
    )
    assert (added.from_status, added.to_status) == (None, SupportNeedStatus.NOT_STARTED)
    entry = change_support_need_status(
        SupportNeedStatus.NOT_STARTED,
        SupportNeedStatus.IN_PROGRESS,
        changed_by="J Smith",
        changed_at=AT,
        note=" Referral sent to St Mungo's ",
    )
    assert entry.from_status is SupportNeedStatus.NOT_STARTED
    assert entry.to_status is SupportNeedStatus.IN_PROGRESS
    assert (entry.changed_by, entry.changed_at, entry.note) == (
        "J Smith",
        AT,
        "Referral sent to St Mungo's",
    )


def test_no_op_change_is_refused() -> None:
    with pytest.raises(ValidationFailed) as caught:
        change_support_need_status(
            SupportNeedStatus.MET, SupportNeedStatus.MET, changed_by="J Smith", changed_at=AT
        )
    assert field_and_code(caught) == ("status", "unchanged")


def test_change_needs_someone_to_have_made_it() -> None:
    with pytest.raises(ValidationFailed) as caught:
        change_support_need_status(
            SupportNeedStatus.MET, SupportNeedStatus.DECLINED, changed_by=" ", changed_at=AT
        )
    assert caught.value.problems[0].field == "changed_by"
