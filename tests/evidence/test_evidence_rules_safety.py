"""Safety rules: risk and intensity, harm, opioid safety first, first-night accommodation."""

from __future__ import annotations

from resettle.evidence import ExclusionCode, Precedence, recommend
from resettle.evidence.codes import Intensity
from resettle.evidence.results import TermCode
from tests.evidence.rules_helpers import (
    ALL_NEEDS,
    LoadDict,
    MakeData,
    MakeProfile,
    exclusion_codes,
    intensity_of,
    rec_ids,
    term,
    varied_profiles,
)

# ------------------------------------------------------------------ risk and intensity


def test_low_risk_never_gets_high_intensity(make_profile: MakeProfile) -> None:
    for profile in varied_profiles(make_profile, risk_level="low"):
        result = recommend(profile)
        assert all(r.intensity is not Intensity.HIGH for r in result.recommendations)
        high = [e for e in result.exclusions if intensity_of(e.intervention_id) is Intensity.HIGH]
        assert all(
            ExclusionCode.RISK_INTENSITY_MISMATCH in {r.code for r in e.reasons} for e in high
        )


def test_low_risk_exclusion_is_the_rule_not_eligibility(
    make_profile: MakeProfile,
    make_intervention: MakeData,
    make_pack_dict: MakeData,
    load_dict: LoadDict,
) -> None:
    pack = load_dict(make_pack_dict([make_intervention("intensive", intensity="high")]))
    low = recommend(make_profile(risk_level="low", needs=ALL_NEEDS), pack)
    assert rec_ids(low) == []
    assert exclusion_codes(low, "intensive") == {ExclusionCode.RISK_INTENSITY_MISMATCH}
    medium = recommend(make_profile(risk_level="medium", needs=ALL_NEEDS), pack)
    assert rec_ids(medium) == ["intensive"]


def test_intensity_fit_term(
    make_profile: MakeProfile,
    make_intervention: MakeData,
    make_pack_dict: MakeData,
    load_dict: LoadDict,
) -> None:
    pack = load_dict(
        make_pack_dict(
            [
                make_intervention("a-low", intensity="low"),
                make_intervention("b-moderate", intensity="moderate"),
                make_intervention("c-high", intensity="high"),
            ]
        )
    )
    # Rule 2: 2 for the intensity the risk level calls for, 1 a step away, 0 two steps.
    medium = recommend(make_profile(risk_level="medium", needs=ALL_NEEDS), pack)
    assert term(medium, "b-moderate", TermCode.RISK_INTENSITY_FIT) == 2
    assert term(medium, "c-high", TermCode.RISK_INTENSITY_FIT) == 1
    assert term(medium, "a-low", TermCode.RISK_INTENSITY_FIT) == 1
    assert rec_ids(medium)[0] == "b-moderate"
    high = recommend(make_profile(risk_level="very_high", needs=ALL_NEEDS), pack)
    assert term(high, "c-high", TermCode.RISK_INTENSITY_FIT) == 2
    assert term(high, "b-moderate", TermCode.RISK_INTENSITY_FIT) == 1
    assert term(high, "a-low", TermCode.RISK_INTENSITY_FIT) == 0
    assert rec_ids(high) == ["c-high", "b-moderate", "a-low"]


# ------------------------------------------------------------------ harm


def test_harm_flagged_is_never_recommended(make_profile: MakeProfile) -> None:
    for risk in ("low", "medium", "high", "very_high"):
        for profile in varied_profiles(make_profile, risk_level=risk):
            ids = rec_ids(recommend(profile))
            assert "scared-straight" not in ids and "core-sotp" not in ids


def test_harm_flag_excludes_even_the_best_option(
    make_profile: MakeProfile,
    make_intervention: MakeData,
    make_pack_dict: MakeData,
    make_record: MakeData,
    load_dict: LoadDict,
) -> None:
    harmful = make_intervention(
        "harmful",
        harm={"flagged": True, "reason": "Raised reoffending."},
        evidence=[make_record("ev-harmful", quality=4)],
        setting="through_the_gate",
    )
    pack = load_dict(make_pack_dict([harmful, make_intervention("safe")]))
    result = recommend(make_profile(needs=ALL_NEEDS), pack)
    assert rec_ids(result) == ["safe"]
    assert exclusion_codes(result, "harmful") == {ExclusionCode.HARMFUL}


# ------------------------------------------------------------------ opioid safety first


def test_opioid_use_puts_naloxone_then_treatment_continuity_first(
    make_profile: MakeProfile,
) -> None:
    checked = 0
    for risk in ("low", "medium", "high", "very_high"):
        for profile in varied_profiles(make_profile, risk_level=risk):
            # Safety first from the release-day window to four weeks after release;
            # naloxone on release ends at release (test_evidence_rules_timing.py).
            if "opioid_use" not in profile.flags or profile.age < 18:
                continue
            if not 0 <= profile.days_to_release <= 84:
                continue
            ids = rec_ids(recommend(profile))
            assert ids[:2] == ["naloxone-on-release", "opioid-treatment-continuity"]
            checked += 1
    assert checked > 20


def test_opioid_items_are_not_recommended_without_opioid_use(make_profile: MakeProfile) -> None:
    result = recommend(make_profile(needs=ALL_NEEDS))
    assert exclusion_codes(result, "naloxone-on-release") == {ExclusionCode.NEED_NOT_PRESENT}
    assert exclusion_codes(result, "opioid-treatment-continuity") == {
        ExclusionCode.NEED_NOT_PRESENT
    }


def test_opioid_precedence_beats_a_higher_score(make_profile: MakeProfile) -> None:
    result = recommend(make_profile(needs=ALL_NEEDS, flags=["opioid_use"], days_to_release=40))
    first, second = result.recommendations[:2]
    assert first.precedence is Precedence.NALOXONE
    assert second.precedence is Precedence.OPIOID_TREATMENT_CONTINUITY
    assert max(r.score for r in result.recommendations[2:]) > first.score


# ------------------------------------------------------------------ first-night accommodation


def test_no_fixed_abode_puts_accommodation_first(make_profile: MakeProfile) -> None:
    result = recommend(make_profile(needs=ALL_NEEDS, flags=["no_fixed_abode"], days_to_release=40))
    assert rec_ids(result)[0] == "first-night-accommodation"
    assert result.recommendations[0].precedence is Precedence.FIRST_NIGHT_ACCOMMODATION


def test_high_accommodation_need_puts_accommodation_first(make_profile: MakeProfile) -> None:
    needs = {
        "accommodation": {"severity": "high"},
        "drugs_alcohol": {"severity": "high", "criminogenic": True},
    }
    result = recommend(make_profile(needs=needs, days_to_release=40))
    assert rec_ids(result)[0] == "first-night-accommodation"


def test_medium_accommodation_need_has_no_precedence(make_profile: MakeProfile) -> None:
    needs = {"accommodation": {"severity": "medium"}}
    result = recommend(make_profile(needs=needs))
    item = next(
        r for r in result.recommendations if r.intervention_id == "first-night-accommodation"
    )
    assert item.precedence is Precedence.GENERAL


def test_opioid_safety_comes_before_accommodation(make_profile: MakeProfile) -> None:
    flags = ["no_fixed_abode", "opioid_use"]
    ids = rec_ids(recommend(make_profile(needs=ALL_NEEDS, flags=flags, days_to_release=40)))
    assert ids[:3] == [
        "naloxone-on-release",
        "opioid-treatment-continuity",
        "first-night-accommodation",
    ]


def test_release_day_essentials_follow_accommodation(make_profile: MakeProfile) -> None:
    result = recommend(
        make_profile(
            needs=ALL_NEEDS,
            flags=["no_fixed_abode", "no_id", "no_bank_account"],
            days_to_release=40,
        )
    )
    tiers = [r.precedence.order for r in result.recommendations]
    assert tiers == sorted(tiers)
    essentials = {
        r.intervention_id
        for r in result.recommendations
        if r.precedence is Precedence.RELEASE_DAY_ESSENTIAL
    }
    assert {"id-documents", "bank-account"} <= essentials


def test_an_essential_ranks_high_only_where_its_own_pathway_needs_it(
    make_profile: MakeProfile,
) -> None:
    # The work coach serves finance and ID (its primary pathway): a need on education, skills
    # and work does not make it due, and a low finance need does not either.
    needs = {"education_skills_work": {"severity": "high"}}
    ids = rec_ids(recommend(make_profile(needs=needs, days_to_release=40)))
    assert "benefits-work-coach" not in ids
    needs["finance_id"] = {"severity": "low"}
    coach = next(
        r
        for r in recommend(make_profile(needs=needs, days_to_release=40)).recommendations
        if r.intervention_id == "benefits-work-coach"
    )
    assert coach.precedence is Precedence.GENERAL
    needs["finance_id"] = {"severity": "medium"}
    result = recommend(make_profile(needs=needs, days_to_release=40))
    assert result.recommendations[0].intervention_id == "benefits-work-coach"
    assert result.recommendations[0].precedence is Precedence.RELEASE_DAY_ESSENTIAL
