"""Support the person declined (pathway status "support declined" on the Needs tab): items
that serve only declined needs are held back with a reason; safety items stay first."""

from __future__ import annotations

import pytest

from resettle.domain.errors import ValidationFailed
from resettle.evidence import Recommendation, RecommendationResult, parse_profile, recommend
from resettle.evidence.results import Tier
from tests.evidence.rules_helpers import LoadDict, MakeData, MakeProfile, rec_ids

DECLINED_HOUSING = {"severity": "high", "criminogenic": False, "declined": True}
DRUGS_LINKED = {"severity": "high", "criminogenic": True}


def item(result: RecommendationResult, intervention_id: str) -> Recommendation:
    return next(r for r in result.recommendations if r.intervention_id == intervention_id)


def test_declined_is_optional_and_unknown_keys_are_still_errors(profile_data: MakeData) -> None:
    plain = parse_profile(profile_data(needs={"accommodation": {"severity": "high"}}))
    assert plain.needs["accommodation"].declined is False  # type: ignore[index]
    declined = parse_profile(profile_data(needs={"accommodation": DECLINED_HOUSING}))
    assert declined.needs["accommodation"].declined is True  # type: ignore[index]
    with pytest.raises(ValidationFailed) as caught:
        parse_profile(profile_data(needs={"accommodation": {"severity": "high", "refused": True}}))
    assert [(p.field, p.code) for p in caught.value.problems] == [
        ("needs.accommodation.refused", "unknown_field")
    ]


def test_an_item_serving_only_a_declined_need_is_held_back_with_the_reason(
    make_profile: MakeProfile,
) -> None:
    accepted = recommend(make_profile(needs={"accommodation": {"severity": "high"}}))
    assert item(accepted, "housing-first").tier is not Tier.HELD_BACK
    result = recommend(make_profile(needs={"accommodation": DECLINED_HOUSING}))
    housing = item(result, "housing-first")
    assert housing.tier is Tier.HELD_BACK
    assert housing.sort_keys is not None
    assert housing.sort_keys.tier == Tier.HELD_BACK.order
    assert (
        "The person declined support on Accommodation (Needs tab): offer it again before "
        "release; do not plan it without their agreement." in housing.reasons
    )
    # Below everything the person has not declined.
    ids = rec_ids(
        recommend(
            make_profile(needs={"accommodation": DECLINED_HOUSING, "health": {"severity": "low"}})
        )
    )
    assert ids.index("gp-registration") < ids.index("housing-first")


def test_once_released_the_reason_does_not_say_before_release(make_profile: MakeProfile) -> None:
    result = recommend(make_profile(days_to_release=-10, needs={"accommodation": DECLINED_HOUSING}))
    reasons = item(result, "housing-first").reasons
    assert (
        "The person declined support on Accommodation (Needs tab): offer it again; do not "
        "plan it without their agreement." in reasons
    )


def test_a_release_day_essential_on_a_declined_pathway_is_held_back(
    make_profile: MakeProfile,
) -> None:
    needs = {"finance_id": {"severity": "high"}}
    due = recommend(make_profile(days_to_release=30, needs=needs))
    assert item(due, "benefits-work-coach").tier is Tier.RELEASE_DAY
    declined = recommend(
        make_profile(
            days_to_release=30, needs={"finance_id": {**needs["finance_id"], "declined": True}}
        )
    )
    assert item(declined, "benefits-work-coach").tier is Tier.HELD_BACK


def test_a_need_not_declined_on_another_route_keeps_the_item_in_its_tier(
    make_profile: MakeProfile,
    make_intervention: MakeData,
    make_pack_dict: MakeData,
    load_dict: LoadDict,
) -> None:
    # Targets antisocial cognition (attitudes) and substance abuse (drugs and alcohol).
    pack = load_dict(
        make_pack_dict(
            [
                make_intervention(
                    "both", criminogenic_needs=["antisocial_cognition", "substance_abuse"]
                )
            ]
        )
    )
    attitudes = {"severity": "low", "criminogenic": True}
    declined_drugs = {**DRUGS_LINKED, "declined": True}
    one_declined = recommend(
        make_profile(
            needs={"attitudes_thinking_behaviour": attitudes, "drugs_alcohol": declined_drugs}
        ),
        pack,
    )
    both = item(one_declined, "both")
    assert both.tier is Tier.CRIMINOGENIC
    # The need it counts is the one the person has not declined.
    assert both.sort_keys is not None and both.sort_keys.need_priority == 4
    all_declined = recommend(
        make_profile(
            needs={
                "attitudes_thinking_behaviour": {**attitudes, "declined": True},
                "drugs_alcohol": declined_drugs,
            }
        ),
        pack,
    )
    held = item(all_declined, "both")
    assert held.tier is Tier.HELD_BACK
    assert held.sort_keys is not None and held.sort_keys.need_priority == 6
    assert any(
        "declined support on Attitudes, thinking and behaviour and Drugs and alcohol" in r
        for r in held.reasons
    )


@pytest.mark.parametrize("days", [30, 0])
def test_safety_items_stay_first_when_declined_with_advice(
    make_profile: MakeProfile, days: int
) -> None:
    result = recommend(
        make_profile(
            days_to_release=days,
            flags=["opioid_use", "no_fixed_abode"],
            needs={
                "accommodation": DECLINED_HOUSING,
                "drugs_alcohol": {**DRUGS_LINKED, "declined": True},
            },
        )
    )
    first = result.recommendations[:3]
    assert [r.intervention_id for r in first] == [
        "naloxone-on-release",
        "opioid-treatment-continuity",
        "first-night-accommodation",
    ]
    assert all(r.tier is Tier.SAFETY for r in first)
    for r in first[:2]:
        assert r.delivery_advice[0] == (
            "The person declined support on Drugs and alcohol (Needs tab): offer this all the "
            "same, because it prevents deaths from overdose in the weeks after release."
        )
    assert first[2].delivery_advice[0] == (
        "The person declined support on Accommodation (Needs tab): offer this all the same, "
        "because it prevents a night on the street."
    )
    assert not any("declined" in reason for r in first for reason in r.reasons)


def test_safety_items_carry_no_declined_advice_when_nothing_is_declined(
    make_profile: MakeProfile,
) -> None:
    result = recommend(
        make_profile(
            days_to_release=30,
            flags=["opioid_use", "no_fixed_abode"],
            needs={"accommodation": {"severity": "high"}, "drugs_alcohol": DRUGS_LINKED},
        )
    )
    assert not any("declined" in a for r in result.recommendations for a in r.delivery_advice)


def test_declined_false_gives_the_same_result_as_leaving_it_out(
    make_profile: MakeProfile,
) -> None:
    needs: dict[str, dict[str, object]] = {
        "accommodation": {"severity": "high"},
        "drugs_alcohol": DRUGS_LINKED,
    }
    explicit = {p: {**n, "declined": False} for p, n in needs.items()}
    flags = ["opioid_use", "no_fixed_abode"]
    assert recommend(make_profile(days_to_release=30, flags=flags, needs=needs)) == recommend(
        make_profile(days_to_release=30, flags=flags, needs=explicit)
    )


def test_declined_support_on_release_day_is_not_offered_again_before_release(
    make_profile: MakeProfile,
) -> None:
    result = recommend(
        make_profile(
            needs={"finance_id": {"severity": "high", "declined": True}},
            flags=["no_bank_account"],
            days_to_release=0,
        )
    )
    held = [r for r in result.recommendations if r.tier is Tier.HELD_BACK]
    assert held
    for item in held:
        assert not any("again before release" in reason for reason in item.reasons)
