"""Shared helpers for the recommender rule tests."""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterator
from typing import Any

from resettle.evidence import (
    CaseProfile,
    ExclusionCode,
    LoadedPack,
    RecommendationResult,
    load_embedded_pack,
)
from resettle.evidence.codes import Intensity, InterventionPurpose, InterventionTag
from resettle.evidence.results import TermCode


def rec_ids(result: RecommendationResult) -> list[str]:
    return [r.intervention_id for r in result.recommendations]


def exclusion_codes(result: RecommendationResult, intervention_id: str) -> set[ExclusionCode]:
    for exclusion in result.exclusions:
        if exclusion.intervention_id == intervention_id:
            return {reason.code for reason in exclusion.reasons}
    raise AssertionError(f"{intervention_id} is not excluded")


def term(result: RecommendationResult, intervention_id: str, code: TermCode) -> float:
    item = next(r for r in result.recommendations if r.intervention_id == intervention_id)
    return next(t.value for t in item.terms if t.code is code)


#: A valid profile with no needs, flags or programmes: tests override what they need.
BASE_PROFILE: dict[str, Any] = {
    "age": 30,
    "sex": "male",
    "risk_level": "medium",
    "offence_category": "burglary_domestic",
    "sexual_offence": False,
    "days_to_release": 200,
    "needs": {},
    "flags": [],
    "completed": [],
    "in_progress": [],
}

ALL_NEEDS = {
    p: {"severity": "high", "criminogenic": True}
    for p in (
        "accommodation",
        "attitudes_thinking_behaviour",
        "children_families_communities",
        "drugs_alcohol",
        "education_skills_work",
        "finance_id",
        "health",
    )
}


def varied_profiles(
    make_profile: Callable[..., CaseProfile], **fixed: object
) -> Iterator[CaseProfile]:
    """A spread of profiles: ages, sexes, offences, days to release, flags."""
    flag_sets = [[], ["opioid_use"], ["no_fixed_abode", "no_id"], ["opioid_use", "no_fixed_abode"]]
    for age, sex, sexual, days, flags in itertools.product(
        (15, 19, 30, 55), ("male", "female"), (False, True), (-20, 30, 400), flag_sets
    ):
        data = {
            "age": age,
            "sex": sex,
            "sexual_offence": sexual,
            "offence_category": "sexual_not_child" if sexual else "robbery",
            "days_to_release": days,
            "needs": ALL_NEEDS,
            "flags": flags,
        }
        data.update(fixed)
        yield make_profile(**data)


def intensity_of(intervention_id: str) -> Intensity:
    return load_embedded_pack().pack.intervention(intervention_id).intensity


def tags_of(intervention_id: str) -> list[InterventionTag]:
    return load_embedded_pack().pack.intervention(intervention_id).tags


#: Fixture types (see conftest.py).
MakeProfile = Callable[..., CaseProfile]
MakeData = Callable[..., dict[str, Any]]
LoadDict = Callable[[dict[str, Any]], LoadedPack]


def purpose_of(intervention_id: str) -> InterventionPurpose:
    return load_embedded_pack().pack.intervention(intervention_id).purpose
