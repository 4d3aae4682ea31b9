"""Release-day essentials: one model per kind, each refusing what it cannot hold."""

from __future__ import annotations

from datetime import date, time
from typing import Any

import pytest

from resettle.domain.errors import ValidationFailed
from resettle.domain.essentials import (
    CRITICAL_KINDS,
    ESSENTIAL_MODELS,
    EssentialKind,
    FirstNightAddress,
    FirstProbationAppointment,
    IdDocument,
    IdDocumentType,
    MedicationSupply,
    Naloxone,
    OstContinuity,
    Travel,
    open_counts,
    parse_essential,
)
from resettle.domain.plan import ActionStatus


def problems(data: dict[str, Any]) -> set[tuple[str, str]]:
    with pytest.raises(ValidationFailed) as caught:
        parse_essential(data)
    return {(p.field, p.code) for p in caught.value.problems}


def test_every_kind_has_a_model_and_a_label() -> None:
    assert set(ESSENTIAL_MODELS) == set(EssentialKind)
    for kind, model in ESSENTIAL_MODELS.items():
        parsed = parse_essential({"kind": kind.value})
        assert isinstance(parsed, model)
        assert parsed.status is ActionStatus.TO_DO
        assert parsed.is_open
        assert kind.label
    assert EssentialKind.OST_CONTINUITY.label == "Opioid substitution treatment continuity"


def test_critical_kinds_are_address_id_medication_ost_and_naloxone() -> None:
    assert {k.value for k in CRITICAL_KINDS} == {
        "first_night_address", "id_document", "medication_supply", "ost_continuity", "naloxone",
    }  # fmt: skip
    assert EssentialKind.FIRST_NIGHT_ADDRESS.critical
    assert not EssentialKind.TRAVEL.critical


def test_unknown_kind_is_refused() -> None:
    assert problems({"kind": "car"}) == {("kind", "unknown")}
    assert problems({}) == {("kind", "unknown")}


def test_done_needs_a_date() -> None:
    assert problems({"kind": "naloxone", "status": "done"}) == {("action_date", "required")}
    done = parse_essential(
        {"kind": "naloxone", "status": "done", "action_date": "2025-06-30", "who": "Healthcare"}
    )
    assert isinstance(done, Naloxone)
    assert not done.is_open


def test_first_night_address_done_needs_the_address() -> None:
    data = {"kind": "first_night_address", "status": "done", "action_date": "2025-06-01"}
    assert problems(data) == {("address", "required")}
    ok = parse_essential({**data, "address": "12 High St, Leeds", "accommodation_type": "cas3"})
    assert isinstance(ok, FirstNightAddress)
    assert ok.accommodation_type is not None
    assert ok.accommodation_type.label == "Temporary accommodation (CAS3)"


def test_id_document_type_and_other() -> None:
    assert problems({"kind": "id_document", "status": "in_progress"}) == {("id_type", "required")}
    assert problems({"kind": "id_document", "id_type": "other"}) == {("other_detail", "required")}
    ok = parse_essential({"kind": "id_document", "status": "in_progress", "id_type": "passport"})
    assert isinstance(ok, IdDocument)
    assert [t.value for t in IdDocumentType] == [
        "passport", "driving_licence", "birth_certificate", "biometric_residence_permit", "other",
    ]  # fmt: skip
    assert IdDocumentType.BIOMETRIC_RESIDENCE_PERMIT.label == "Biometric residence permit"
    assert problems({"kind": "id_document", "id_type": "library_card"}) == {("id_type", "enum")}


def test_first_probation_appointment_booked_needs_date_time_and_place() -> None:
    data = {"kind": "first_probation_appointment", "status": "done", "action_date": "2025-06-01"}
    assert problems(data) == {
        ("appointment_date", "required"),
        ("appointment_time", "required"),
        ("place", "required"),
    }
    ok = parse_essential(
        {
            **data,
            "appointment_date": "2025-07-01",
            "appointment_time": "10:30",
            "place": "Leeds PDU",
        }
    )
    assert isinstance(ok, FirstProbationAppointment)
    assert (ok.appointment_date, ok.appointment_time) == (date(2025, 7, 1), time(10, 30))


def test_ost_continuity_done_needs_provider_and_first_dose() -> None:
    data = {"kind": "ost_continuity", "status": "done", "action_date": "2025-06-01"}
    assert problems(data) == {("provider", "required"), ("first_dose_date", "required")}
    ok = parse_essential({**data, "provider": "Forward Leeds", "first_dose_date": "2025-07-01"})
    assert isinstance(ok, OstContinuity)


def test_gp_registration_done_needs_the_practice() -> None:
    data = {"kind": "gp_registration", "status": "done", "action_date": "2025-06-01"}
    assert problems(data) == {("practice", "required")}


def test_field_limits_are_refused_by_name() -> None:
    assert problems({"kind": "medication_supply", "days_supplied": 91}) == {
        ("days_supplied", "less_than_equal")
    }
    assert problems({"kind": "travel", "who": "x" * 201}) == {("who", "string_too_long")}
    assert problems({"kind": "travel", "colour": "red"}) == {("colour", "extra_forbidden")}
    assert problems({"kind": "travel", "status": "finished"}) == {("status", "enum")}


def test_open_counts_split_critical_and_other() -> None:
    essentials = [
        FirstNightAddress(),  # to do: open critical
        MedicationSupply(status=ActionStatus.IN_PROGRESS),  # open critical
        Naloxone(status=ActionStatus.NOT_NEEDED),
        Travel(),  # open other
        Travel(status=ActionStatus.DONE, action_date=date(2025, 6, 1)),
    ]
    assert open_counts(essentials) == (2, 1)
