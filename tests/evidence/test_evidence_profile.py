"""Case profiles: unknown fields, codes and intervention ids are errors that name them."""

from __future__ import annotations

import json

import pytest

from resettle.evidence import (
    ProfileInvalid,
    load_embedded_pack,
    load_profile_json,
    parse_profile,
    recommend,
)
from resettle.evidence.codes import NeedSeverity, ProfileFlag
from tests.evidence.rules_helpers import MakeData


def fields_of(data: dict, known: set[str] | None = None) -> list[tuple[str, str]]:
    with pytest.raises(ProfileInvalid) as caught:
        parse_profile(data, known)
    return [(p.field, p.code) for p in caught.value.problems]


def test_valid_profile_parses(profile_data: MakeData) -> None:
    data = profile_data(
        needs={"drugs_alcohol": {"severity": "high", "criminogenic": True}}, flags=["opioid_use"]
    )
    profile = parse_profile(data)
    assert profile.needs["drugs_alcohol"].severity is NeedSeverity.HIGH
    assert profile.flags == (ProfileFlag.OPIOID_USE,)


def test_unknown_fields_are_named(profile_data: MakeData) -> None:
    data = profile_data(nickname="Al")
    data["needs"] = {"health": {"severity": "low", "criminogenic": False, "notes": "x"}}
    assert sorted(fields_of(data)) == [
        ("needs.health.notes", "unknown_field"),
        ("nickname", "unknown_field"),
    ]


def test_unknown_codes_are_named(profile_data: MakeData) -> None:
    data = profile_data(
        sex="unknown",
        risk_level="extreme",
        offence_category="piracy",
        needs={"housing": {"severity": "high"}, "health": {"severity": "huge"}},
        flags=["opioid_use", "homeless"],
    )
    assert sorted(fields_of(data)) == [
        ("flags[1]", "unknown_code"),
        ("needs.health.severity", "unknown_code"),
        ("needs.housing", "unknown_code"),
        ("offence_category", "unknown_code"),
        ("risk_level", "unknown_code"),
        ("sex", "unknown_code"),
    ]


def test_missing_fields_are_named(profile_data: MakeData) -> None:
    data = profile_data()
    del data["age"], data["days_to_release"]
    assert sorted(fields_of(data)) == [
        ("age", "missing_field"),
        ("days_to_release", "missing_field"),
    ]


def test_unknown_intervention_ids_are_named(profile_data: MakeData) -> None:
    known = {i.id for i in load_embedded_pack().pack.interventions}
    data = profile_data(completed=["naloxone-on-release", "yoga"], in_progress=["knitting"])
    assert fields_of(data, known) == [
        ("completed", "unknown_intervention"),
        ("in_progress", "unknown_intervention"),
    ]


def test_recommend_refuses_unknown_intervention_ids(profile_data: MakeData) -> None:
    profile = parse_profile(profile_data(completed=["yoga"]))
    with pytest.raises(ProfileInvalid, match="yoga"):
        recommend(profile)


def test_sexual_category_requires_sexual_offence_flag(profile_data: MakeData) -> None:
    data = profile_data(offence_category="sexual_child", sexual_offence=False)
    assert fields_of(data) == [("sexual_offence", "invalid_value")]


def test_released_person_has_negative_days(profile_data: MakeData) -> None:
    assert parse_profile(profile_data(days_to_release=-30)).days_to_release == -30


def test_load_profile_json_reports_bad_json() -> None:
    with pytest.raises(ProfileInvalid) as caught:
        load_profile_json('{"age": }')
    assert caught.value.problems[0].code == "invalid_json"


def test_load_profile_json_round_trip(profile_data: MakeData) -> None:
    profile = load_profile_json(json.dumps(profile_data()))
    assert profile.age == 30


def test_lists_are_sorted_and_deduplicated(profile_data: MakeData) -> None:
    data = profile_data(
        flags=["no_id", "opioid_use", "no_id"], completed=["b-x", "a-x", "b-x"], in_progress=[]
    )
    profile = parse_profile(data)
    assert profile.flags == (ProfileFlag.NO_ID, ProfileFlag.OPIOID_USE)
    assert profile.completed == ("a-x", "b-x")
    assert json.loads(profile.model_dump_json())["flags"] == ["no_id", "opioid_use"]
