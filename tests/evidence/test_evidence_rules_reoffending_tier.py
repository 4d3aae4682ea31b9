"""The tier for needs linked to offending requires evidence on reoffending: an item whose
reoffending evidence strength is 0 is other support, whatever its need."""

from __future__ import annotations

from resettle.evidence import Tier, recommend
from resettle.evidence.results import TermCode
from tests.evidence.rules_helpers import (
    ALL_NEEDS,
    LoadDict,
    MakeData,
    MakeProfile,
    rec_ids,
)

UNEVIDENCED = (
    "arts-projects",
    "peer-support",
    "employer-brokerage",
    "employment-support-after-release",
    "family-relationship-support",
)


def test_items_without_reoffending_evidence_are_other_support(make_profile: MakeProfile) -> None:
    for risk in ("low", "medium", "high"):
        result = recommend(make_profile(risk_level=risk, needs=ALL_NEEDS, days_to_release=300))
        tiers = {r.intervention_id: r.tier for r in result.recommendations}
        for intervention_id in UNEVIDENCED:
            if intervention_id in tiers:
                assert tiers[intervention_id] is Tier.SUPPORT, (risk, intervention_id)
        criminogenic = [r for r in result.recommendations if r.tier is Tier.CRIMINOGENIC]
        assert criminogenic
        for item in criminogenic:
            assert any(t.code is TermCode.EVIDENCE_STRENGTH and t.value > 0 for t in item.terms), (
                item.intervention_id
            )


def test_an_unevidenced_item_never_outranks_an_evidenced_one_through_the_tier(
    make_profile: MakeProfile,
    make_intervention: MakeData,
    make_pack_dict: MakeData,
    make_record: MakeData,
    load_dict: LoadDict,
) -> None:
    evidenced = make_intervention("evidenced", evidence=[make_record("ev-good", quality=3)])
    wellbeing_only = make_intervention(
        "arts", evidence=[make_record("ev-arts", quality=4, outcome_type="wellbeing")]
    )
    needs = {"attitudes_thinking_behaviour": {"severity": "high", "criminogenic": True}}
    result = recommend(
        make_profile(needs=needs), load_dict(make_pack_dict([evidenced, wellbeing_only]))
    )
    assert rec_ids(result) == ["evidenced", "arts"]
    assert [r.tier for r in result.recommendations] == [Tier.CRIMINOGENIC, Tier.SUPPORT]
    arts = result.recommendations[1]
    assert any("No evidence of less reoffending" in reason for reason in arts.reasons)
