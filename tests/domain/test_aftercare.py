"""Aftercare referrals: validation, allowed status transitions and the history entry."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import pytest

from resettle.domain.aftercare import (
    ALLOWED_TRANSITIONS,
    ReferralInput,
    ReferralStatus,
    ServiceType,
    can_change,
    change_referral_status,
)
from resettle.domain.errors import ValidationFailed
from resettle.domain.pathways import Pathway
from resettle.domain.validation import validate

AT = datetime(2025, 7, 2, 14, 0)
S = ReferralStatus
GOOD: dict[str, Any] = {
    "provider_id": 4,
    "service_type": "drug_treatment",
    "contact": "Forward Leeds, 0113 887 2477",
    "referral_date": "2025-06-01",
    "appointment_date": "2025-07-02",
    "appointment_time": "10:00",
}


def codes(data: dict[str, Any]) -> set[tuple[str, str]]:
    with pytest.raises(ValidationFailed) as caught:
        validate(ReferralInput, data)
    return {(p.field, p.code) for p in caught.value.problems}


def test_a_referral_links_its_service_to_a_pathway() -> None:
    referral = validate(ReferralInput, GOOD)
    assert referral.status is S.REFERRED
    assert referral.pathway is Pathway.DRUGS_ALCOHOL
    assert {s.pathway for s in ServiceType} == set(Pathway)
    assert ServiceType.PRIMARY_CARE.label == "GP and primary care"


def test_referral_refusals_name_the_field() -> None:
    assert codes({**GOOD, "provider_id": 0}) == {("provider_id", "greater_than")}
    assert codes({**GOOD, "service_type": "astrology"}) == {("service_type", "enum")}
    assert codes({**GOOD, "appointment_date": "2025-05-31"}) == {
        ("appointment_date", "before_referral")
    }
    assert codes({**GOOD, "appointment_date": None}) == {("appointment_date", "required")}
    assert codes({**GOOD, "referral_date": "2999-01-01", "appointment_date": None,
                  "appointment_time": None}) == {("referral_date", "in_future")}  # fmt: skip
    assert codes({**GOOD, "status": "closed"}) == {("reason", "required")}
    assert codes({**GOOD, "status": "did_not_attend", "reason": "  "}) == {("reason", "required")}
    assert validate(ReferralInput, {**GOOD, "status": "closed", "reason": "Moved area"})


def test_transitions_follow_the_documented_table() -> None:
    assert ALLOWED_TRANSITIONS[S.REFERRED] == {S.ACCEPTED, S.ATTENDED, S.DID_NOT_ATTEND, S.CLOSED}
    assert ALLOWED_TRANSITIONS[S.ACCEPTED] == {S.ATTENDED, S.DID_NOT_ATTEND, S.CLOSED}
    assert ALLOWED_TRANSITIONS[S.DID_NOT_ATTEND] == {S.ACCEPTED, S.CLOSED}
    assert ALLOWED_TRANSITIONS[S.ATTENDED] == {S.CLOSED}
    assert ALLOWED_TRANSITIONS[S.CLOSED] == set()
    assert not can_change(S.CLOSED, S.REFERRED)
    assert can_change(S.DID_NOT_ATTEND, S.ACCEPTED)


def test_a_change_produces_a_history_entry() -> None:
    entry = change_referral_status(S.REFERRED, S.ACCEPTED, changed_by="J Smith", changed_at=AT)
    assert (entry.from_status, entry.to_status, entry.changed_by, entry.changed_at) == (
        S.REFERRED,
        S.ACCEPTED,
        "J Smith",
        AT,
    )
    assert entry.reason == ""


@pytest.mark.parametrize(
    ("current", "new", "field", "code"),
    [
        (S.ACCEPTED, S.ACCEPTED, "status", "unchanged"),
        (S.CLOSED, S.ACCEPTED, "status", "not_allowed"),
        (S.ATTENDED, S.DID_NOT_ATTEND, "status", "not_allowed"),
        (S.ACCEPTED, S.DID_NOT_ATTEND, "reason", "required"),
        (S.ATTENDED, S.CLOSED, "reason", "required"),
    ],
)
def test_refused_changes(current: S, new: S, field: str, code: str) -> None:
    with pytest.raises(ValidationFailed) as caught:
        change_referral_status(current, new, changed_by="J Smith", changed_at=AT)
    assert (caught.value.problems[0].field, caught.value.problems[0].code) == (field, code)


def test_did_not_attend_and_closed_keep_their_reason() -> None:
    dna = change_referral_status(
        S.ACCEPTED, S.DID_NOT_ATTEND, changed_by="J Smith", changed_at=AT, reason=" In hospital "
    )
    assert dna.reason == "In hospital"
    closed = change_referral_status(
        S.DID_NOT_ATTEND, S.CLOSED, changed_by="J Smith", changed_at=AT, reason="Declined service"
    )
    assert closed.to_status is S.CLOSED
