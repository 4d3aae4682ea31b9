"""Restorative justice: never in the tier for needs linked to offending, excluded for any
sexual conviction and for denial, held back for opioid use (Sherman et al. 2015)."""

from __future__ import annotations

import pytest

from resettle.evidence import ExclusionCode, PackInvalid, Tier, recommend
from resettle.evidence.results import Recommendation, RecommendationResult
from tests.evidence.rules_helpers import (
    ALL_NEEDS,
    LoadDict,
    MakeData,
    MakeProfile,
    exclusion_codes,
    rec_ids,
)

RJ = "restorative-justice-conference"
CONSENT = ["victim_consent_known"]


def _rj(result: RecommendationResult) -> Recommendation:
    return next(r for r in result.recommendations if r.intervention_id == RJ)


def test_restorative_justice_is_never_in_the_criminogenic_tier(make_profile: MakeProfile) -> None:
    for risk in ("low", "medium", "high", "very_high"):
        result = recommend(make_profile(risk_level=risk, needs=ALL_NEEDS, flags=CONSENT))
        assert _rj(result).tier is Tier.SUPPORT


@pytest.mark.parametrize("category", ["sexual_child", "sexual_not_child"])
def test_restorative_justice_is_excluded_for_any_sexual_offence(
    make_profile: MakeProfile, category: str
) -> None:
    result = recommend(
        make_profile(
            risk_level="low",
            offence_category=category,
            sexual_offence=True,
            needs=ALL_NEEDS,
            flags=CONSENT,
        )
    )
    assert RJ not in rec_ids(result)
    assert ExclusionCode.INELIGIBLE in exclusion_codes(result, RJ)


def test_restorative_justice_is_excluded_for_denial(make_profile: MakeProfile) -> None:
    result = recommend(make_profile(needs=ALL_NEEDS, flags=[*CONSENT, "denies_offence"]))
    assert ExclusionCode.EXCLUDED_BY_FLAG in exclusion_codes(result, RJ)


def test_restorative_justice_is_held_back_for_opioid_use(make_profile: MakeProfile) -> None:
    result = recommend(
        make_profile(needs=ALL_NEEDS, flags=[*CONSENT, "opioid_use"], days_to_release=200)
    )
    item = _rj(result)
    assert item.tier is Tier.HELD_BACK
    assert item.rank > 5
    assert any("Sherman et al. 2015" in r and "crack and heroin" in r for r in item.reasons)
    assert not any("victim's consent" in r for r in item.reasons)


def test_a_hold_back_flag_cannot_also_exclude(
    make_intervention: MakeData, make_pack_dict: MakeData, load_dict: LoadDict
) -> None:
    item = make_intervention("x")
    item["eligibility"]["excluded_by_flags"] = ["opioid_use"]
    item["eligibility"]["held_back_by_flags"] = [{"flag": "opioid_use", "reason": "why"}]
    with pytest.raises(PackInvalid) as caught:
        load_dict(make_pack_dict([item]))
    assert "held_back_by_flags" in str(caught.value) or "holds the item back" in str(caught.value)


def test_without_consent_restorative_justice_never_enters_the_top_five_of_a_short_list(
    make_profile: MakeProfile,
) -> None:
    # The audit's short list (p/h2_rj_short): three items, restorative justice third.
    needs = {"attitudes_thinking_behaviour": {"severity": "medium", "criminogenic": True}}
    result = recommend(make_profile(needs=needs, risk_level="medium", days_to_release=60))
    assert len(result.recommendations) < 5
    assert RJ not in rec_ids(result)
    assert [r.rank for r in result.recommendations] == list(
        range(1, len(result.recommendations) + 1)
    )
    exclusion = next(e for e in result.exclusions if e.intervention_id == RJ)
    (reason,) = exclusion.reasons
    assert reason.code is ExclusionCode.INELIGIBLE
    assert reason.criterion == "top_five_requires_any_flag"
    assert "Victim consents to restorative justice" in reason.text
    assert "Risk tab" in reason.text
    ids = [e.intervention_id for e in result.exclusions]
    assert ids == sorted(ids)
    # With the consent recorded it is recommended, in the top five.
    consented = recommend(
        make_profile(needs=needs, risk_level="medium", days_to_release=60, flags=CONSENT)
    )
    assert RJ in rec_ids(consented)[:5]
