"""Rule 2: needs claimed through what an item targets, tiers, risk and dose, controls kept
apart, specialisation, restorative justice, timing, and the new profile flags."""

from __future__ import annotations

import pytest

from resettle.evidence import ExclusionCode, PackInvalid, Tier, load_embedded_pack, recommend
from resettle.evidence.codes import Intensity, InterventionPurpose
from resettle.evidence.results import Action
from resettle.evidence.text_report import format_result
from tests.evidence.rules_helpers import (
    ALL_NEEDS,
    LoadDict,
    MakeData,
    MakeProfile,
    exclusion_codes,
    purpose_of,
    rec_ids,
)

ATTITUDES_LINKED = {"attitudes_thinking_behaviour": {"severity": "high", "criminogenic": True}}

# ------------------------------------------------------------------ need principle


def test_offending_behaviour_claims_a_need_only_through_its_criminogenic_needs(
    make_profile: MakeProfile,
    make_intervention: MakeData,
    make_pack_dict: MakeData,
    load_dict: LoadDict,
) -> None:
    # Listed on the families pathway, but it targets antisocial cognition (attitudes).
    item = make_intervention("x", pathways=["children_families_communities"])
    pack = load_dict(make_pack_dict([item]))
    families = {"children_families_communities": {"severity": "high", "criminogenic": True}}
    result = recommend(make_profile(needs=families), pack)
    assert exclusion_codes(result, "x") == {ExclusionCode.NEED_NOT_PRESENT}
    reason = result.exclusions[0].reasons[0].text
    assert "Addresses none of this person's recorded needs" in reason
    assert "Attitudes, thinking and behaviour" in reason
    attitudes = recommend(make_profile(needs=ATTITUDES_LINKED), pack).recommendations[0]
    assert attitudes.sort_keys is not None and attitudes.sort_keys.need_priority == 6
    assert "it targets antisocial cognition" in attitudes.reasons[0]


def test_the_need_mapping_is_pack_data(
    make_profile: MakeProfile,
    make_intervention: MakeData,
    make_pack_dict: MakeData,
    load_dict: LoadDict,
) -> None:
    data = make_pack_dict([make_intervention("x")])
    for entry in data["criminogenic_need_pathways"]:
        if entry["criminogenic_need"] == "antisocial_cognition":
            entry["pathway"] = "health"
    pack = load_dict(data)
    assert rec_ids(recommend(make_profile(needs={"health": {"severity": "low"}}), pack)) == ["x"]
    assert rec_ids(recommend(make_profile(needs=ATTITUDES_LINKED), pack)) == []


def test_a_targeted_need_the_pack_does_not_map_is_an_error_naming_the_record(
    make_intervention: MakeData, make_pack_dict: MakeData, load_dict: LoadDict
) -> None:
    data = make_pack_dict([make_intervention("x", criminogenic_needs=["substance_abuse"])])
    data["criminogenic_need_pathways"] = [
        e for e in data["criminogenic_need_pathways"] if e["criminogenic_need"] != "substance_abuse"
    ]
    with pytest.raises(PackInvalid) as caught:
        load_dict(data)
    assert [(p.location, p.code) for p in caught.value.problems] == [
        ("interventions[0].criminogenic_needs[0]", "unmapped_need")
    ]
    assert "'x'" in caught.value.problems[0].message


def test_offending_behaviour_without_a_targeted_need_is_refused(
    make_intervention: MakeData, make_pack_dict: MakeData, load_dict: LoadDict
) -> None:
    with pytest.raises(PackInvalid) as caught:
        load_dict(make_pack_dict([make_intervention("x", criminogenic_needs=[])]))
    assert caught.value.problems[0].location == "interventions[0]"
    assert "criminogenic_needs" in caught.value.problems[0].message


def test_support_claims_only_the_pathway_it_serves(make_profile: MakeProfile) -> None:
    # Housing First lists health second: a health need alone does not make it relevant.
    health_only = recommend(make_profile(needs={"health": {"severity": "high"}}))
    assert exclusion_codes(health_only, "housing-first") == {ExclusionCode.NEED_NOT_PRESENT}
    housing = recommend(make_profile(needs={"accommodation": {"severity": "medium"}}))
    assert "housing-first" in rec_ids(housing)


def test_support_counts_as_criminogenic_when_its_need_is_linked(
    make_profile: MakeProfile,
) -> None:
    def tier(linked: bool) -> Tier:
        needs = {"education_skills_work": {"severity": "medium", "criminogenic": linked}}
        result = recommend(make_profile(needs=needs))
        return next(
            r.tier for r in result.recommendations if r.intervention_id == "transitional-jobs"
        )

    assert tier(True) is Tier.CRIMINOGENIC
    assert tier(False) is Tier.SUPPORT


# ------------------------------------------------------------------ ranking keys


def test_higher_need_ranks_first_within_a_tier_whatever_the_evidence(
    make_profile: MakeProfile,
    make_intervention: MakeData,
    make_pack_dict: MakeData,
    make_record: MakeData,
    load_dict: LoadDict,
) -> None:
    strong = make_intervention(
        "a-strong",
        pathways=["education_skills_work"],
        criminogenic_needs=["school_work"],
        evidence=[make_record("ev-strong", quality=4)],
    )
    weak = make_intervention("b-weak", evidence=[make_record("ev-weak", quality=1)])
    pack = load_dict(make_pack_dict([strong, weak]))
    needs = {
        "education_skills_work": {"severity": "medium", "criminogenic": True},
        "attitudes_thinking_behaviour": {"severity": "high", "criminogenic": True},
    }
    result = recommend(make_profile(needs=needs), pack)
    assert rec_ids(result) == ["b-weak", "a-strong"]
    assert [r.tier for r in result.recommendations] == [Tier.CRIMINOGENIC] * 2


def test_output_shows_tier_and_sort_keys(make_profile: MakeProfile) -> None:
    result = recommend(make_profile(needs=ALL_NEEDS, flags=["opioid_use"], days_to_release=40))
    data = result.model_dump(mode="json")
    first = data["recommendations"][0]
    assert first["tier"] == "safety" and first["score"] is not None
    assert set(first["sort_keys"]) == {
        "tier",
        "safety_order",
        "need_priority",
        "risk_fit",
        "starts_after_release",
        "evidence_strength",
        "continuity",
        "evidence_verified",
        "best_quality",
        "release_day_order",
        "name",
    }
    keys = [
        (
            r.sort_keys.tier,
            r.sort_keys.safety_order,
            -r.sort_keys.need_priority,
            -r.sort_keys.risk_fit,
            r.sort_keys.starts_after_release,
            -r.sort_keys.evidence_strength,
            -r.sort_keys.continuity,
            not r.sort_keys.evidence_verified,
            -r.sort_keys.best_quality,
            r.sort_keys.release_day_order or 1_000_000,
            r.sort_keys.name,
        )
        for r in result.recommendations
        if r.sort_keys is not None
    ]
    assert keys == sorted(keys)
    assert "  1. [Safety first] Take-home naloxone on release" in format_result(result)
    safety = [r.sort_keys.safety_order for r in result.recommendations if r.sort_keys]
    assert safety[:2] == [1, 2] and set(safety[2:]) <= {0, 3}


def test_ties_prefer_verified_evidence_then_the_name(
    make_profile: MakeProfile,
    make_intervention: MakeData,
    make_pack_dict: MakeData,
    make_record: MakeData,
    load_dict: LoadDict,
) -> None:
    unverified = make_record("ev-a", verification={"status": "unverified"})
    pack = load_dict(
        make_pack_dict(
            [
                make_intervention("a", name="Alpha", evidence=[unverified]),
                make_intervention("b", name="Zulu"),
                make_intervention("c", name="Bravo"),
            ]
        )
    )
    assert rec_ids(recommend(make_profile(needs=ATTITUDES_LINKED), pack)) == ["c", "b", "a"]


# ------------------------------------------------------------------ risk principle


@pytest.mark.parametrize("risk", ["high", "very_high"])
def test_high_risk_attitudes_need_gets_a_programme_first(
    make_profile: MakeProfile, risk: str
) -> None:
    for days in (30, 200, -10):
        result = recommend(
            make_profile(risk_level=risk, needs=ATTITUDES_LINKED, days_to_release=days)
        )
        tier = [r for r in result.recommendations if r.tier is Tier.CRIMINOGENIC]
        assert tier[0].intensity in (Intensity.MODERATE, Intensity.HIGH)
        assert purpose_of(tier[0].intervention_id) is InterventionPurpose.OFFENDING_BEHAVIOUR
        first = result.recommendations.index(tier[0])
        assert all(r.tier is not Tier.CRIMINOGENIC for r in result.recommendations[:first])


#: The audit's case (p/e_high_mixed): attitudes linked at medium, while family and work
#: needs linked to offending are higher.
MIXED_LINKED = {
    "attitudes_thinking_behaviour": {"severity": "medium", "criminogenic": True},
    "children_families_communities": {"severity": "high", "criminogenic": True},
    "education_skills_work": {"severity": "high", "criminogenic": True},
}


@pytest.mark.parametrize("risk", ["high", "very_high"])
@pytest.mark.parametrize("days", [60, 200, 400, -10])
def test_high_risk_puts_low_intensity_work_after_a_programme_when_another_need_is_higher(
    make_profile: MakeProfile, risk: str, days: int
) -> None:
    result = recommend(
        make_profile(risk_level=risk, needs=MIXED_LINKED, days_to_release=days, age=30)
    )
    tier = [r for r in result.recommendations if r.tier is Tier.CRIMINOGENIC]
    assert tier, "the tier for needs linked to offending is empty"
    assert tier[0].intensity in (Intensity.MODERATE, Intensity.HIGH)
    assert all(r.intensity is not Intensity.LOW for r in tier)
    assert "accredited-cbt-community" in [r.intervention_id for r in tier]
    # The low-intensity work is still offered, as other support, and says why.
    moved = next(
        r for r in result.recommendations if r.intervention_id == "mentoring-through-the-gate"
    )
    assert moved.tier is Tier.SUPPORT
    assert any(
        "work of moderate or high intensity comes first" in reason for reason in moved.reasons
    )
    assert not any(reason.startswith("No evidence of less reoffending") for reason in moved.reasons)


def test_medium_risk_keeps_low_intensity_work_in_the_tier_for_needs_linked_to_offending(
    make_profile: MakeProfile,
) -> None:
    result = recommend(make_profile(risk_level="medium", needs=MIXED_LINKED, days_to_release=60))
    mentoring = next(
        r for r in result.recommendations if r.intervention_id == "mentoring-through-the-gate"
    )
    assert mentoring.tier is Tier.CRIMINOGENIC


def test_low_risk_gets_no_moderate_or_high_programme_in_the_top_three(
    make_profile: MakeProfile,
) -> None:
    for sexual, category in ((False, "robbery"), (True, "sexual_not_child")):
        result = recommend(
            make_profile(
                risk_level="low",
                needs=ALL_NEEDS,
                sexual_offence=sexual,
                offence_category=category,
            )
        )
        for item in result.recommendations[:3]:
            programme = purpose_of(item.intervention_id) is InterventionPurpose.OFFENDING_BEHAVIOUR
            assert not (programme and item.intensity is not Intensity.LOW)
        assert all(r.intensity is not Intensity.HIGH for r in result.recommendations)
    assert ExclusionCode.RISK_INTENSITY_MISMATCH in exclusion_codes(result, "circles-of-support")


def test_medium_risk_prefers_moderate_to_high_intensity(
    make_profile: MakeProfile,
    make_intervention: MakeData,
    make_pack_dict: MakeData,
    load_dict: LoadDict,
) -> None:
    pack = load_dict(
        make_pack_dict(
            [
                make_intervention("a-high", intensity="high", setting="through_the_gate"),
                make_intervention("b-moderate", intensity="moderate"),
            ]
        )
    )
    assert rec_ids(recommend(make_profile(needs=ATTITUDES_LINKED), pack)) == [
        "b-moderate",
        "a-high",
    ]


# ------------------------------------------------------------------ controls


def test_controls_are_licence_conditions_never_recommendations(make_profile: MakeProfile) -> None:
    profile = make_profile(
        risk_level="high",
        sexual_offence=True,
        offence_category="sexual_not_child",
        needs=ALL_NEEDS,
    )
    result = recommend(profile)
    controls = {c.intervention_id: c for c in result.licence_conditions}
    assert set(controls) == {"electronic-monitoring-licence", "electronic-monitoring-sexual"}
    assert not set(controls) & set(rec_ids(result))
    licence = controls["electronic-monitoring-licence"]
    assert licence.evidence and "releasing authority" in licence.advice
    assert "Belur" in licence.evidence_summary
    data = result.model_dump(mode="json")
    assert [c["intervention_id"] for c in data["licence_conditions"]] == sorted(controls)
    not_sexual = recommend(make_profile(needs=ALL_NEEDS))
    assert [c.intervention_id for c in not_sexual.licence_conditions] == [
        "electronic-monitoring-licence"
    ]
    assert exclusion_codes(not_sexual, "electronic-monitoring-sexual") == {ExclusionCode.INELIGIBLE}


def test_a_licence_condition_must_be_a_control(
    make_intervention: MakeData, make_pack_dict: MakeData, load_dict: LoadDict
) -> None:
    tagged = make_intervention("tag", tags=["licence_condition"])
    with pytest.raises(PackInvalid) as caught:
        load_dict(make_pack_dict([tagged]))
    assert "purpose must be 'control'" in caught.value.problems[0].message


# ------------------------------------------------------------------ specialisation


@pytest.mark.parametrize("risk", ["medium", "high", "very_high"])
def test_sexual_conviction_excludes_non_specialised_psychosocial_work(
    make_profile: MakeProfile, risk: str
) -> None:
    profile = make_profile(
        risk_level=risk,
        sexual_offence=True,
        offence_category="sexual_not_child",
        days_to_release=400,
        needs=ALL_NEEDS,
        flags=["victim_consent_known"],
    )
    result = recommend(profile)
    for item in (
        "accredited-cbt-community",
        "prison-therapeutic-community",
        "psychological-therapy-custody",
        "restorative-justice-conference",
    ):
        assert ExclusionCode.NON_SPECIALISED_SEXUAL_OFFENDING in exclusion_codes(result, item)
    first = next(r for r in result.recommendations if r.tier is Tier.CRIMINOGENIC)
    assert first.intervention_id.startswith("sexual-offending-treatment")


# ------------------------------------------------------------------ restorative justice


def test_restorative_justice_excluded_for_child_sexual_offences_and_denial(
    make_profile: MakeProfile,
) -> None:
    child = recommend(
        make_profile(
            risk_level="low",
            sexual_offence=True,
            offence_category="sexual_child",
            needs=ATTITUDES_LINKED,
        )
    )
    assert ExclusionCode.INELIGIBLE in exclusion_codes(child, "restorative-justice-conference")
    denies = recommend(make_profile(needs=ATTITUDES_LINKED, flags=["denies_offence"]))
    assert exclusion_codes(denies, "restorative-justice-conference") == {
        ExclusionCode.EXCLUDED_BY_FLAG
    }
    reason = next(
        e for e in denies.exclusions if e.intervention_id == "restorative-justice-conference"
    ).reasons[0]
    assert "denies the offence" in reason.text


def test_restorative_justice_needs_consent_to_enter_the_top_five(
    make_profile: MakeProfile,
) -> None:
    needs = {**ALL_NEEDS}
    without = recommend(make_profile(needs=needs, days_to_release=30))
    rj = next(
        r for r in without.recommendations if r.intervention_id == "restorative-justice-conference"
    )
    assert rj.tier is Tier.HELD_BACK and rj.rank > 5 and rj is without.recommendations[-1]
    assert "“Victim consents to restorative justice” on the Risk tab" in " ".join(rj.reasons)
    assert "victim_consent_known" not in " ".join(rj.reasons)
    only = recommend(make_profile(needs=ATTITUDES_LINKED, flags=["victim_consent_known"]))
    assert "restorative-justice-conference" in rec_ids(only)[:5]


SEXUAL_MODERATE_CUSTODY = "sexual-offending-treatment-custody-moderate"


@pytest.mark.parametrize("days", [120, 300, 600])
def test_medium_risk_sexual_conviction_gets_specialised_treatment_in_custody_first(
    make_profile: MakeProfile, days: int
) -> None:
    """Audit gap 3: at medium risk the only specialised option was in the community, and
    the custody one (high intensity) was for high risk only."""
    result = recommend(
        make_profile(
            risk_level="medium",
            offence_category="sexual_child",
            sexual_offence=True,
            needs=ATTITUDES_LINKED,
            days_to_release=days,
        )
    )
    tier = [r.intervention_id for r in result.recommendations if r.tier is Tier.CRIMINOGENIC]
    assert tier[0] == SEXUAL_MODERATE_CUSTODY
    assert tier.index("sexual-offending-treatment-community") > 0
    first = result.recommendations[rec_ids(result).index(SEXUAL_MODERATE_CUSTODY)]
    assert first.intensity is Intensity.MODERATE
    assert not any(reason.startswith("Starts after release") for reason in first.reasons)
    assert "sexual-offending-treatment-custody" not in rec_ids(result)  # high risk only


def test_specialised_custody_treatment_at_medium_risk_needs_120_days(
    make_profile: MakeProfile,
) -> None:
    result = recommend(
        make_profile(
            risk_level="medium",
            offence_category="sexual_not_child",
            sexual_offence=True,
            needs=ATTITUDES_LINKED,
            days_to_release=119,
        )
    )
    exclusion = next(e for e in result.exclusions if e.intervention_id == SEXUAL_MODERATE_CUSTODY)
    assert [r.criterion for r in exclusion.reasons] == ["min_days_before_release"]
    tier = [r.intervention_id for r in result.recommendations if r.tier is Tier.CRIMINOGENIC]
    assert tier[0] == "sexual-offending-treatment-community"


def test_the_moderate_custody_treatment_is_for_sexual_convictions_at_medium_risk_only(
    make_profile: MakeProfile,
) -> None:
    for risk, sexual, category in (
        ("high", True, "sexual_not_child"),
        ("medium", False, "robbery"),
        ("low", True, "sexual_not_child"),
    ):
        result = recommend(
            make_profile(
                risk_level=risk,
                sexual_offence=sexual,
                offence_category=category,
                needs=ATTITUDES_LINKED,
                days_to_release=300,
            )
        )
        assert SEXUAL_MODERATE_CUSTODY not in rec_ids(result), risk


# ------------------------------------------------------------------ timing


def test_release_day_tier_only_in_the_last_twelve_weeks_and_for_a_real_need(
    make_profile: MakeProfile,
) -> None:
    def tier(days: int, severity: str) -> Tier:
        result = recommend(
            make_profile(needs={"health": {"severity": severity}}, days_to_release=days)
        )
        return next(
            r.tier for r in result.recommendations if r.intervention_id == "gp-registration"
        )

    assert tier(84, "medium") is Tier.RELEASE_DAY
    assert tier(0, "high") is Tier.RELEASE_DAY
    assert tier(85, "medium") is Tier.SUPPORT
    assert tier(30, "low") is Tier.SUPPORT
    # Four weeks after release it is no longer due (test_evidence_rules_timing.py).
    released = recommend(
        make_profile(needs={"health": {"severity": "medium"}}, days_to_release=-29)
    )
    assert "gp-registration" not in rec_ids(released)


def test_a_first_night_bed_and_a_booked_treatment_appointment_are_release_day_essentials(
    make_profile: MakeProfile,
) -> None:
    needs = {"accommodation": {"severity": "medium"}, "drugs_alcohol": {"severity": "high"}}

    def tiers(days: int) -> dict[str, Tier]:
        result = recommend(make_profile(needs=needs, days_to_release=days))
        return {r.intervention_id: r.tier for r in result.recommendations}

    due = tiers(30)
    assert due["first-night-accommodation"] is Tier.RELEASE_DAY
    assert due["substance-misuse-treatment-continuity"] is Tier.RELEASE_DAY
    early = tiers(120)
    assert early["first-night-accommodation"] is Tier.SUPPORT
    assert early["substance-misuse-treatment-continuity"] is Tier.SUPPORT
    # No fixed abode makes the bed a safety item, ahead of every release-day essential.
    homeless = recommend(make_profile(needs=needs, flags=["no_fixed_abode"], days_to_release=30))
    bed = next(
        r for r in homeless.recommendations if r.intervention_id == "first-night-accommodation"
    )
    assert bed.tier is Tier.SAFETY


def test_a_flag_makes_its_essential_due(make_profile: MakeProfile) -> None:
    result = recommend(make_profile(flags=["no_bank_account"], days_to_release=20))
    bank = next(r for r in result.recommendations if r.intervention_id == "bank-account")
    assert bank.tier is Tier.RELEASE_DAY


def test_before_release_items_end_four_weeks_after_release(make_profile: MakeProfile) -> None:
    released = recommend(make_profile(flags=["no_id"], days_to_release=-29))
    assert exclusion_codes(released, "id-documents") == {ExclusionCode.INELIGIBLE}
    assert "id-documents" in rec_ids(recommend(make_profile(flags=["no_id"], days_to_release=-3)))
    assert "id-documents" in rec_ids(recommend(make_profile(flags=["no_id"], days_to_release=3)))


def test_custody_items_need_their_minimum_days_default_28(make_profile: MakeProfile) -> None:
    needs = {"children_families_communities": {"severity": "medium"}}
    short = recommend(make_profile(needs=needs, days_to_release=27))
    exclusion = next(e for e in short.exclusions if e.intervention_id == "family-visits")
    assert exclusion.reasons[0].criterion == "min_days_before_release"
    assert "at least 28 days" in exclusion.reasons[0].text
    assert "family-visits" in rec_ids(recommend(make_profile(needs=needs, days_to_release=28)))


def test_opioid_treatment_in_progress_continues_after_release(make_profile: MakeProfile) -> None:
    for days in (20, -5):
        result = recommend(
            make_profile(
                flags=["opioid_use"],
                in_progress=["opioid-treatment-continuity"],
                days_to_release=days,
            )
        )
        ost = next(
            r for r in result.recommendations if r.intervention_id == "opioid-treatment-continuity"
        )
        assert ost.action is Action.CONTINUE_AFTER_RELEASE
        assert "continue after release" in " ".join(ost.reasons)
    other = recommend(
        make_profile(needs=ATTITUDES_LINKED, in_progress=["accredited-cbt-community"])
    )
    assert exclusion_codes(other, "accredited-cbt-community") == {ExclusionCode.IN_PROGRESS}


@pytest.mark.parametrize("carries_on", [True, False])
@pytest.mark.parametrize("days", [60, 300])
def test_the_same_programme_in_another_setting_is_not_started_while_one_is_under_way(
    make_profile: MakeProfile, carries_on: bool, days: int
) -> None:
    custody = "accredited-cbt-custody-high"
    result = recommend(
        make_profile(
            risk_level="high",
            needs=ATTITUDES_LINKED,
            days_to_release=days,
            in_progress=[custody],
            continue_after_release=[custody] if carries_on else [],
        )
    )
    assert "accredited-cbt-community" not in rec_ids(result)
    exclusion = next(
        e for e in result.exclusions if e.intervention_id == "accredited-cbt-community"
    )
    assert [r.code for r in exclusion.reasons] == [ExclusionCode.IN_PROGRESS]
    assert load_embedded_pack().pack.intervention(custody).name in exclusion.reasons[0].text
    if carries_on:
        continued = next(r for r in result.recommendations if r.intervention_id == custody)
        assert continued.action is Action.CONTINUE_AFTER_RELEASE
    # The other way round: the community programme under way keeps the custody one out.
    community = recommend(
        make_profile(
            risk_level="high",
            needs=ATTITUDES_LINKED,
            days_to_release=days,
            in_progress=["accredited-cbt-community"],
        )
    )
    assert ExclusionCode.IN_PROGRESS in exclusion_codes(community, custody)


# ------------------------------------------------------------------ profile flags


@pytest.mark.parametrize(
    ("flag", "excluded"),
    [
        ("no_recourse_to_public_funds", ("benefits-work-coach", "housing-first")),
        ("no_right_to_work", ("transitional-jobs", "employer-brokerage")),
        ("domestic_abuse_victim", ("family-relationship-support",)),
        ("denies_offence", ("restorative-justice-conference",)),
    ],
)
def test_flags_that_exclude(
    make_profile: MakeProfile, flag: str, excluded: tuple[str, ...]
) -> None:
    plain = recommend(make_profile(needs=ALL_NEEDS, days_to_release=30))
    flagged = recommend(make_profile(needs=ALL_NEEDS, days_to_release=30, flags=[flag]))
    for item in excluded:
        assert item in rec_ids(plain)
        assert exclusion_codes(flagged, item) == {ExclusionCode.EXCLUDED_BY_FLAG}
        reason = next(e for e in flagged.exclusions if e.intervention_id == item).reasons[0]
        assert reason.criterion == "excluded_by_flags" and reason.text.startswith("Not for")


@pytest.mark.parametrize(
    ("flag", "item", "words"),
    [
        ("domestic_abuse_victim", "first-night-accommodation", "women-only accommodation"),
        ("denies_offence", "accredited-cbt-community", "denies the offence"),
        ("care_leaver", "first-night-accommodation", "leaving-care team"),
    ],
)
def test_flags_that_add_advice(make_profile: MakeProfile, flag: str, item: str, words: str) -> None:
    def advice(flags: list[str]) -> str:
        # 22: leaving-care support runs to age 25 (test_evidence_rules_flag_advice.py).
        result = recommend(make_profile(age=22, needs=ALL_NEEDS, flags=flags))
        found = next(r for r in result.recommendations if r.intervention_id == item)
        return " ".join(found.delivery_advice)

    assert words in advice([flag]) and words not in advice([])


def test_release_day_essentials_that_tie_follow_the_packs_order(make_profile: MakeProfile) -> None:
    """Officers' trial, 1 Dec 2026: with every key equal the alphabet put the bank account
    first and ID last; a bank account needs ID, and the drug treatment appointment matters
    more than either."""
    result = recommend(
        make_profile(
            needs={
                "finance_id": {"severity": "high"},
                "drugs_alcohol": {"severity": "high"},
                "accommodation": {"severity": "high"},
            },
            flags=["no_id", "no_bank_account"],
            days_to_release=20,
        )
    )
    essentials = [r.intervention_id for r in result.recommendations if r.tier is Tier.RELEASE_DAY]
    assert essentials.index("id-documents") < essentials.index("bank-account")
    assert essentials.index("bank-account") < essentials.index("benefits-work-coach")
    assert essentials[0] == "substance-misuse-treatment-continuity"
    orders = [
        r.sort_keys.release_day_order for r in result.recommendations if r.tier is Tier.RELEASE_DAY
    ]
    assert all(order is not None for order in orders)


def test_only_a_release_day_essential_has_a_release_day_order(
    make_intervention: MakeData, make_pack_dict: MakeData, load_dict: LoadDict
) -> None:
    item = make_intervention("x")
    item["release_day_order"] = 3
    with pytest.raises(PackInvalid) as caught:
        load_dict(make_pack_dict([item]))
    assert "release_day_order is only for items tagged release_day_essential" in str(caught.value)


def test_support_items_give_no_dose_reason(make_profile: MakeProfile) -> None:
    """A bed or a GP is needed whatever the risk: "moderate would fit better" on them misled
    officers. Programmes keep the line."""
    result = recommend(
        make_profile(
            risk_level="medium",
            needs={
                "health": {"severity": "high"},
                "attitudes_thinking_behaviour": {"severity": "high", "criminogenic": True},
            },
            days_to_release=30,
        )
    )
    for item in result.recommendations:
        mentions_dose = any("intensity" in reason for reason in item.reasons)
        if purpose_of(item.intervention_id) is InterventionPurpose.OFFENDING_BEHAVIOUR:
            continue
        assert not mentions_dose, (item.intervention_id, item.reasons)
    gp = next(r for r in result.recommendations if r.intervention_id == "gp-registration")
    assert gp.sort_keys.risk_fit == 1  # still ranked by it (the key table shows it)
