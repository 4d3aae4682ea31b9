"""Timing of release-bound items: before-release items end at release, and the safety
tier holds only around release (pack release_day_window_days before, and
safety_window_after_release_days after)."""

from __future__ import annotations

from resettle.evidence import ExclusionCode, Tier, recommend
from resettle.evidence.results import Action, RecommendationResult
from tests.evidence.rules_helpers import ALL_NEEDS, MakeProfile, exclusion_codes, rec_ids

RELEASE_BOUND = (
    "naloxone-on-release",
    "first-night-accommodation",
    "benefits-work-coach",
    "substance-misuse-treatment-continuity",
    "gp-registration",
)
OPIOID_HOMELESS = ["opioid_use", "no_fixed_abode"]


def _tier(result: RecommendationResult, intervention_id: str) -> Tier:
    return next(r.tier for r in result.recommendations if r.intervention_id == intervention_id)


def test_release_bound_items_are_excluded_once_released(make_profile: MakeProfile) -> None:
    released = recommend(make_profile(needs=ALL_NEEDS, flags=OPIOID_HOMELESS, days_to_release=-30))
    for intervention_id in RELEASE_BOUND:
        assert intervention_id not in rec_ids(released)
        assert ExclusionCode.INELIGIBLE in exclusion_codes(released, intervention_id)
    reason = next(e for e in released.exclusions if e.intervention_id == "naloxone-on-release")
    assert any("before or on release day" in r.text for r in reason.reasons)
    on_the_day = recommend(make_profile(needs=ALL_NEEDS, flags=OPIOID_HOMELESS, days_to_release=0))
    for intervention_id in RELEASE_BOUND:
        assert intervention_id in rec_ids(on_the_day)


def test_nothing_released_is_started_on_release(make_profile: MakeProfile) -> None:
    result = recommend(make_profile(needs=ALL_NEEDS, flags=OPIOID_HOMELESS, days_to_release=-30))
    for item in result.recommendations:
        if item.action is Action.START:
            assert "on release" not in item.name.lower(), item.intervention_id
            assert "before release" not in item.name.lower(), item.intervention_id


def test_treatment_in_progress_continues_after_release(make_profile: MakeProfile) -> None:
    result = recommend(
        make_profile(
            needs=ALL_NEEDS,
            flags=["opioid_use"],
            days_to_release=-30,
            in_progress=["substance-misuse-treatment-continuity", "opioid-treatment-continuity"],
        )
    )
    actions = {r.intervention_id: r.action for r in result.recommendations}
    assert actions["substance-misuse-treatment-continuity"] is Action.CONTINUE_AFTER_RELEASE
    assert actions["opioid-treatment-continuity"] is Action.CONTINUE_AFTER_RELEASE


def test_safety_tier_holds_from_the_window_to_four_weeks_after(
    make_profile: MakeProfile,
) -> None:
    def opioid_tier(days: int) -> Tier:
        result = recommend(
            make_profile(needs=ALL_NEEDS, flags=["opioid_use"], days_to_release=days)
        )
        return _tier(result, "opioid-treatment-continuity")

    assert opioid_tier(84) is Tier.SAFETY
    assert opioid_tier(0) is Tier.SAFETY
    assert opioid_tier(-28) is Tier.SAFETY
    assert opioid_tier(85) is not Tier.SAFETY
    assert opioid_tier(-29) is not Tier.SAFETY


def test_far_from_release_a_therapeutic_community_is_not_pushed_down(
    make_profile: MakeProfile,
) -> None:
    result = recommend(
        make_profile(
            risk_level="high",
            needs={"drugs_alcohol": {"severity": "high", "criminogenic": True}},
            flags=OPIOID_HOMELESS,
            days_to_release=400,
        )
    )
    ids = rec_ids(result)
    assert all(r.tier is not Tier.SAFETY for r in result.recommendations)
    assert ids.index("prison-therapeutic-community") < ids.index("naloxone-on-release")
    assert ids.index("prison-therapeutic-community") < ids.index("first-night-accommodation")


def test_no_reason_speaks_of_the_weeks_after_release_once_past(
    make_profile: MakeProfile,
) -> None:
    result = recommend(
        make_profile(
            needs=ALL_NEEDS,
            flags=["opioid_use"],
            days_to_release=-60,
            in_progress=["opioid-treatment-continuity"],
        )
    )
    for item in result.recommendations:
        for reason in item.reasons:
            assert "weeks after release carry" not in reason
            assert "comes first" not in reason
