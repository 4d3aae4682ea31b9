"""Ranking rules: sexual convictions, continuity, completed work, need, evidence, responsivity."""

from __future__ import annotations

import pytest

from resettle.evidence import ExclusionCode, recommend
from resettle.evidence.codes import InterventionTag
from resettle.evidence.results import TermCode
from tests.evidence.rules_helpers import (
    ALL_NEEDS,
    LoadDict,
    MakeData,
    MakeProfile,
    exclusion_codes,
    rec_ids,
    tags_of,
    term,
)

# ------------------------------------------------------------------ sexual convictions


@pytest.mark.parametrize("risk", ["medium", "high", "very_high"])
def test_sexual_conviction_gets_specialised_treatment_only(
    make_profile: MakeProfile, risk: str
) -> None:
    for days in (30, 400):
        profile = make_profile(
            risk_level=risk,
            offence_category="sexual_not_child",
            sexual_offence=True,
            days_to_release=days,
            needs={"attitudes_thinking_behaviour": {"severity": "high", "criminogenic": True}},
        )
        result = recommend(profile)
        recommended = [r for r in result.recommendations]
        specialised = [
            r
            for r in recommended
            if InterventionTag.SPECIALISED_SEXUAL_OFFENDING in tags_of(r.intervention_id)
        ]
        assert specialised, (risk, days)
        assert not [
            r
            for r in recommended
            if InterventionTag.GENERAL_OFFENDING_BEHAVIOUR in tags_of(r.intervention_id)
        ]
        assert ExclusionCode.NON_SPECIALISED_SEXUAL_OFFENDING in exclusion_codes(
            result, "accredited-cbt-community"
        )


def test_sexual_conviction_need_comes_from_the_conviction(make_profile: MakeProfile) -> None:
    profile = make_profile(
        risk_level="high", offence_category="sexual_child", sexual_offence=True, needs={}
    )
    ids = rec_ids(recommend(profile))
    assert "sexual-offending-treatment-community" in ids


def test_non_sexual_case_keeps_general_programmes(make_profile: MakeProfile) -> None:
    profile = make_profile(
        needs={"attitudes_thinking_behaviour": {"severity": "high", "criminogenic": True}}
    )
    result = recommend(profile)
    assert "accredited-cbt-community" in rec_ids(result)
    assert exclusion_codes(result, "sexual-offending-treatment-community") == {
        ExclusionCode.INELIGIBLE
    }


# ------------------------------------------------------------------ continuity (Beaudry 2021)


def test_through_the_gate_ranks_above_custody_only_at_equal_evidence(
    make_profile: MakeProfile,
    make_intervention: MakeData,
    make_pack_dict: MakeData,
    load_dict: LoadDict,
) -> None:
    # "a-custody" would win the id tiebreak; only continuity can put the other first.
    pack = load_dict(
        make_pack_dict(
            [
                make_intervention("a-custody", setting="custody"),
                make_intervention("b-through-the-gate", setting="through_the_gate"),
            ]
        )
    )
    result = recommend(make_profile(needs=ALL_NEEDS), pack)
    assert rec_ids(result) == ["b-through-the-gate", "a-custody"]
    assert term(result, "b-through-the-gate", TermCode.CONTINUITY) > term(
        result, "a-custody", TermCode.CONTINUITY
    )
    evidence = {
        term(result, i, TermCode.EVIDENCE_STRENGTH) for i in ("a-custody", "b-through-the-gate")
    }
    assert len(evidence) == 1


def test_custody_with_booked_aftercare_counts_as_continuous(
    make_profile: MakeProfile,
    make_intervention: MakeData,
    make_pack_dict: MakeData,
    load_dict: LoadDict,
) -> None:
    pack = load_dict(
        make_pack_dict(
            [
                make_intervention("a-custody-only", setting="custody"),
                make_intervention(
                    "b-custody-aftercare", setting="custody", community_aftercare=True
                ),
            ]
        )
    )
    result = recommend(make_profile(needs=ALL_NEEDS), pack)
    assert rec_ids(result) == ["b-custody-aftercare", "a-custody-only"]


# ------------------------------------------------------------------ completed / in progress


def test_completed_and_in_progress_are_not_recommended_again(make_profile: MakeProfile) -> None:
    base = make_profile(needs=ALL_NEEDS, flags=["opioid_use"])
    ids = rec_ids(recommend(base))
    done, doing = ids[0], ids[3]
    result = recommend(base.model_copy(update={"completed": (done,), "in_progress": (doing,)}))
    assert done not in rec_ids(result) and doing not in rec_ids(result)
    assert exclusion_codes(result, done) == {ExclusionCode.ALREADY_COMPLETED}
    assert exclusion_codes(result, doing) == {ExclusionCode.IN_PROGRESS}


# ------------------------------------------------------------------ need, evidence, eligibility


def test_criminogenic_need_ranks_above_other_needs(
    make_profile: MakeProfile,
    make_intervention: MakeData,
    make_pack_dict: MakeData,
    load_dict: LoadDict,
) -> None:
    pack = load_dict(
        make_pack_dict(
            [
                make_intervention(
                    "a-housing",
                    pathways=["accommodation"],
                    purpose="resettlement_support",
                    criminogenic_needs=[],
                ),
                make_intervention("b-thinking", pathways=["attitudes_thinking_behaviour"]),
            ]
        )
    )
    needs = {
        "accommodation": {"severity": "medium", "criminogenic": False},
        "attitudes_thinking_behaviour": {"severity": "low", "criminogenic": True},
    }
    assert rec_ids(recommend(make_profile(needs=needs), pack)) == ["b-thinking", "a-housing"]


@pytest.mark.parametrize(
    ("direction", "quality", "indirect", "expected"),
    [
        ("beneficial", 3, False, 3.0),
        ("beneficial_some_harm", 4, False, 2.0),
        ("some_benefit_not_significant", 4, False, 1.0),
        ("no_effect", 4, False, 0.0),
        ("not_established", 0, False, 0.0),
        ("beneficial", 4, True, 2.0),
    ],
)
def test_evidence_strength_is_quality_times_effect_weight(
    make_profile: MakeProfile,
    make_intervention: MakeData,
    make_pack_dict: MakeData,
    make_record: MakeData,
    load_dict: LoadDict,
    direction: str,
    quality: int,
    indirect: bool,
    expected: float,
) -> None:
    record = make_record("ev-x", quality=quality, indirect_population=indirect)
    record["effect"]["direction"] = direction
    pack = load_dict(make_pack_dict([make_intervention("x", evidence=[record])]))
    result = recommend(make_profile(needs=ALL_NEEDS), pack)
    assert term(result, "x", TermCode.EVIDENCE_STRENGTH) == expected


def test_best_record_counts(
    make_profile: MakeProfile,
    make_intervention: MakeData,
    make_pack_dict: MakeData,
    make_record: MakeData,
    load_dict: LoadDict,
) -> None:
    weak = make_record("ev-weak", quality=1)
    strong = make_record("ev-strong", quality=4)
    pack = load_dict(make_pack_dict([make_intervention("x", evidence=[weak, strong])]))
    item = recommend(make_profile(needs=ALL_NEEDS), pack).recommendations[0]
    evidence = next(t for t in item.terms if t.code is TermCode.EVIDENCE_STRENGTH)
    assert (evidence.value, evidence.record_ids) == (4.0, ("ev-strong",))


def test_need_not_present_is_an_exclusion(make_profile: MakeProfile) -> None:
    result = recommend(make_profile(needs={"health": {"severity": "medium"}}))
    assert exclusion_codes(result, "employment-support-after-release") == {
        ExclusionCode.NEED_NOT_PRESENT
    }


def test_every_failed_criterion_is_listed(make_profile: MakeProfile) -> None:
    profile = make_profile(age=40, risk_level="low", days_to_release=-10, needs=ALL_NEEDS)
    exclusion = next(
        e for e in recommend(profile).exclusions if e.intervention_id == "multisystemic-therapy"
    )
    criteria = {(r.code, r.criterion) for r in exclusion.reasons}
    assert criteria == {
        (ExclusionCode.INELIGIBLE, "age_max"),
        (ExclusionCode.RISK_INTENSITY_MISMATCH, None),
    }


def test_custody_delivery_is_ineligible_after_release(make_profile: MakeProfile) -> None:
    result = recommend(make_profile(days_to_release=-5, needs=ALL_NEEDS))
    exclusion = next(e for e in result.exclusions if e.intervention_id == "family-visits")
    assert [(r.code, r.criterion) for r in exclusion.reasons] == [
        (ExclusionCode.INELIGIBLE, "setting")
    ]


def test_diversion_is_kept_out_of_release_plans(make_profile: MakeProfile) -> None:
    result = recommend(make_profile(needs=ALL_NEEDS))
    assert exclusion_codes(result, "drug-court") == {ExclusionCode.NOT_RESETTLEMENT}


# ------------------------------------------------------------------ responsivity


def test_responsivity_adapts_delivery_and_never_drops_an_option(make_profile: MakeProfile) -> None:
    plain = recommend(make_profile(needs=ALL_NEEDS, flags=["no_fixed_abode"]))
    adapted = recommend(
        make_profile(
            sex="female",
            needs=ALL_NEEDS,
            flags=[
                "no_fixed_abode",
                "learning_disability",
                "interpreter_needed",
                "low_motivation",
                "mental_health",
            ],
        )
    )
    # Same list, apart from support for women only (eligibility by sex, not responsivity).
    assert rec_ids(plain) == [i for i in rec_ids(adapted) if i != "womens-centre-support"]
    cbt = next(
        r for r in adapted.recommendations if r.intervention_id == "accredited-cbt-community"
    )
    advice = " ".join(cbt.delivery_advice)
    assert "adapted version" in advice and "interpreter" in advice and "motivational" in advice
    assert "Female:" in advice
    plain_cbt = next(
        r for r in plain.recommendations if r.intervention_id == "accredited-cbt-community"
    )
    assert "interpreter" not in " ".join(plain_cbt.delivery_advice)
