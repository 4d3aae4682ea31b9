"""Timing of release-bound items: before-release items end at release, the safety
tier holds only around release (pack release_day_window_days before, and
safety_window_after_release_days after), and while release is further off than that
window, work that can start now comes before work that starts after release."""

from __future__ import annotations

import pytest

from resettle.evidence import ExclusionCode, LoadedPack, PackInvalid, Tier, recommend
from resettle.evidence.results import Action, RecommendationResult
from resettle.evidence.text_report import format_result
from tests.evidence.rules_helpers import (
    ALL_NEEDS,
    LoadDict,
    MakeData,
    MakeProfile,
    exclusion_codes,
    rec_ids,
)

ATTITUDES = {"attitudes_thinking_behaviour": {"severity": "medium", "criminogenic": True}}

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
    reason = next(e for e in released.exclusions if e.intervention_id == "gp-registration")
    assert any("within 28 days after it" in r.text for r in reason.reasons)
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


#: High risk, a work need linked to offending: education in prison (custody, 90 days) and
#: transitional jobs (community) both claim it, with the same dose and evidence.
WORK_LINKED = {"education_skills_work": {"severity": "medium", "criminogenic": True}}


def _starts_later(result: RecommendationResult) -> dict[str, bool]:
    return {
        r.intervention_id: r.sort_keys.starts_after_release
        for r in result.recommendations
        if r.sort_keys is not None
    }


def _has_timing_reason(result: RecommendationResult, intervention_id: str) -> bool:
    item = next(r for r in result.recommendations if r.intervention_id == intervention_id)
    return any(reason.startswith("Starts after release") for reason in item.reasons)


def test_far_from_release_work_that_can_start_now_comes_first(make_profile: MakeProfile) -> None:
    result = recommend(make_profile(risk_level="high", needs=WORK_LINKED, days_to_release=400))
    ids = rec_ids(result)
    # Community delivery scores higher on continuity, which used to put transitional jobs
    # first, 400 days before it could start.
    assert ids.index("correctional-education") < ids.index("transitional-jobs")
    assert _tier(result, "correctional-education") is _tier(result, "transitional-jobs")
    later = _starts_later(result)
    assert later["transitional-jobs"] and not later["correctional-education"]
    # The after-release work stays on the list (the through-the-gate plan) and says why.
    assert _has_timing_reason(result, "transitional-jobs")
    assert not _has_timing_reason(result, "correctional-education")
    assert "need 5 of 7 · starts after release · evidence 3 of 4" in format_result(result)


def _custody_and_community(
    make_intervention: MakeData, make_pack_dict: MakeData, load_dict: LoadDict
) -> LoadedPack:
    """Same need, dose and evidence; the community item is first on continuity and name."""
    return load_dict(
        make_pack_dict(
            [
                make_intervention("z-custody", setting="custody"),
                make_intervention("b-community", setting="community"),
            ]
        )
    )


def test_the_timing_key_holds_only_while_release_is_far_off(
    make_profile: MakeProfile,
    make_intervention: MakeData,
    make_pack_dict: MakeData,
    load_dict: LoadDict,
) -> None:
    pack = _custody_and_community(make_intervention, make_pack_dict, load_dict)

    def order(days: int) -> list[str]:
        return rec_ids(recommend(make_profile(needs=ATTITUDES, days_to_release=days), pack))

    assert order(400) == ["z-custody", "b-community"]
    assert order(85) == ["z-custody", "b-community"]
    assert order(84) == ["b-community", "z-custody"]
    assert order(70) == ["b-community", "z-custody"]  # 10 weeks: need, dose, evidence decide
    assert order(-20) == ["b-community"]  # custody work has ended; nothing is "later" now


def test_within_the_release_day_window_and_after_release_nothing_is_marked_later(
    make_profile: MakeProfile,
) -> None:
    for days in (70, -20):
        result = recommend(make_profile(risk_level="high", needs=WORK_LINKED, days_to_release=days))
        assert "transitional-jobs" in rec_ids(result)
        assert not any(_starts_later(result).values())
        assert not _has_timing_reason(result, "transitional-jobs")


def test_timing_never_overrides_need_or_dose(make_profile: MakeProfile) -> None:
    """A sexual conviction at medium risk: the specialised treatment in the community keeps
    its place above every other item of lower need, 400 days before release; only the same
    treatment in custody (same need and dose, and it can start now) comes before it."""
    result = recommend(
        make_profile(
            risk_level="medium",
            sexual_offence=True,
            offence_category="sexual_not_child",
            days_to_release=400,
            needs=ALL_NEEDS,
        )
    )
    tier = [r for r in result.recommendations if r.tier is Tier.CRIMINOGENIC]
    assert [r.intervention_id for r in tier[:2]] == [
        "sexual-offending-treatment-custody-moderate",
        "sexual-offending-treatment-community",
    ]
    community = tier[1]
    assert community.sort_keys is not None and community.sort_keys.starts_after_release
    assert all(r.sort_keys and r.sort_keys.need_priority < 7 for r in tier[2:])


def test_naloxone_and_drug_treatment_missed_at_release_stay_due_for_four_weeks(
    make_profile: MakeProfile,
) -> None:
    """Officers' trial, 1 Dec 2026: two weeks after release both were refused as "already
    released", inside the four weeks of highest overdose risk."""
    two_weeks_out = recommend(
        make_profile(needs=ALL_NEEDS, flags=["opioid_use"], days_to_release=-14)
    )
    assert _tier(two_weeks_out, "naloxone-on-release") is Tier.SAFETY
    for intervention_id in ("naloxone-on-release", "substance-misuse-treatment-continuity"):
        item = next(
            r for r in two_weeks_out.recommendations if r.intervention_id == intervention_id
        )
        assert item.action is Action.START
        assert any(reason.startswith("Missed before release") for reason in item.reasons)
    on_the_day = recommend(make_profile(needs=ALL_NEEDS, flags=["opioid_use"], days_to_release=0))
    naloxone = next(
        r for r in on_the_day.recommendations if r.intervention_id == "naloxone-on-release"
    )
    assert not any(reason.startswith("Missed before release") for reason in naloxone.reasons)
    past = recommend(make_profile(needs=ALL_NEEDS, flags=["opioid_use"], days_to_release=-29))
    for intervention_id in ("naloxone-on-release", "substance-misuse-treatment-continuity"):
        assert intervention_id not in rec_ids(past)
        reasons = next(e for e in past.exclusions if e.intervention_id == intervention_id).reasons
        assert any("within 28 days after it" in r.text for r in reasons)
    # Missed at the gate and still due: ranked with the release-day essentials, evidence or
    # not (the drug treatment appointment was "other support" below a programme before).
    assert _tier(two_weeks_out, "substance-misuse-treatment-continuity") is Tier.RELEASE_DAY


def test_release_day_essentials_missed_at_release_stay_due_for_four_weeks(
    make_profile: MakeProfile,
) -> None:
    """Officers' trial, 1 Dec 2026: nine days after release the bank account was still to
    do and the list had nothing for it; ID, benefits, a GP and a bed were refused as
    "only meaningful before or on release day"."""
    essentials = (
        "first-night-accommodation",
        "gp-registration",
        "benefits-work-coach",
        "id-documents",
        "bank-account",
    )
    flags = ["no_fixed_abode", "no_id", "no_bank_account"]
    nine_days_out = recommend(make_profile(needs=ALL_NEEDS, flags=flags, days_to_release=-9))
    for intervention_id in essentials:
        item = next(
            r for r in nine_days_out.recommendations if r.intervention_id == intervention_id
        )
        assert item.tier in (Tier.SAFETY, Tier.RELEASE_DAY), intervention_id
        assert any(reason.startswith("Missed before release") for reason in item.reasons)
    past = recommend(make_profile(needs=ALL_NEEDS, flags=flags, days_to_release=-29))
    for intervention_id in essentials:
        assert intervention_id not in rec_ids(past)


def test_still_due_after_release_needs_a_before_release_item(
    make_intervention: MakeData, make_pack_dict: MakeData, load_dict: LoadDict
) -> None:
    item = make_intervention("x")
    item["eligibility"]["still_due_after_release_days"] = 28
    with pytest.raises(PackInvalid) as caught:
        load_dict(make_pack_dict([item]))
    assert "still_due_after_release_days needs before_release_only" in str(caught.value)


def test_a_missed_essential_is_urgent_only_for_a_real_need(make_profile: MakeProfile) -> None:
    """Officers' trial: after release, GP registration for a low health need ranked with the
    release-day essentials, which before release need a medium need or their flag."""
    low = recommend(make_profile(needs={"health": {"severity": "low"}}, days_to_release=-9))
    assert _tier(low, "gp-registration") is Tier.SUPPORT
    medium = recommend(make_profile(needs={"health": {"severity": "medium"}}, days_to_release=-9))
    assert _tier(medium, "gp-registration") is Tier.RELEASE_DAY


def test_a_programme_going_on_past_release_is_continued_not_left_out(
    make_profile: MakeProfile,
) -> None:
    """A custody course the person is on that will not have ended by release (programme
    history: expected end after release) is followed on in the community: recommended as
    "continue after release", with the reason saying so, whatever its time-to-release rule;
    one in progress that ends before release stays left out as in progress."""
    item = "correctional-education"
    base = {"needs": ALL_NEEDS, "days_to_release": 10, "in_progress": [item]}
    ending_first = recommend(make_profile(**base))
    assert item not in rec_ids(ending_first)
    assert ExclusionCode.IN_PROGRESS in exclusion_codes(ending_first, item)
    going_on = recommend(make_profile(**base, continue_after_release=[item]))
    (continued,) = [r for r in going_on.recommendations if r.intervention_id == item]
    assert continued.action is Action.CONTINUE_AFTER_RELEASE
    assert any("continue after release" in reason for reason in continued.reasons)
    # Released already: still continued (not "already released from custody").
    released = recommend(
        make_profile(**{**base, "days_to_release": -20}, continue_after_release=[item])
    )
    assert item in rec_ids(released)
    # Completed wins: nothing to continue.
    assert item not in rec_ids(recommend(make_profile(**base, completed=[item])))


def test_continue_after_release_must_be_in_progress(make_profile: MakeProfile) -> None:
    with pytest.raises(ValueError, match="continue_after_release"):
        make_profile(continue_after_release=["correctional-education"])
