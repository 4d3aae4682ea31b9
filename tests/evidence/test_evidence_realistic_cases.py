"""The four cases from issue 10, as a senior probation officer would check them: the top
five must follow risk, need and responsivity."""

from __future__ import annotations

from resettle.evidence import RecommendationResult, Tier, recommend
from resettle.evidence.codes import Intensity
from tests.evidence.rules_helpers import MakeProfile, rec_ids

NEVER_IN_TOP_FIVE = {
    "electronic-monitoring-licence",
    "electronic-monitoring-sexual",
    "restorative-justice-conference",
}


def _top_five(result: RecommendationResult) -> list[str]:
    top = rec_ids(result)[:5]
    assert not NEVER_IN_TOP_FIVE & set(top), top
    return top


def test_young_man_at_high_risk_with_offending_attitudes(make_profile: MakeProfile) -> None:
    result = recommend(
        make_profile(
            age=19,
            risk_level="high",
            offence_category="robbery",
            days_to_release=60,
            needs={
                "attitudes_thinking_behaviour": {"severity": "high", "criminogenic": True},
                "education_skills_work": {"severity": "medium", "criminogenic": True},
                "children_families_communities": {"severity": "low"},
            },
        )
    )
    top = _top_five(result)
    assert top[0] == "accredited-cbt-community"
    first = result.recommendations[0]
    assert first.tier is Tier.CRIMINOGENIC and first.intensity is Intensity.MODERATE
    # Then the work need he has linked to offending.
    assert {"transitional-jobs", "employment-support-after-release"} <= set(top)


def test_man_with_sexual_convictions_against_a_child_at_medium_risk(
    make_profile: MakeProfile,
) -> None:
    result = recommend(
        make_profile(
            age=45,
            risk_level="medium",
            offence_category="sexual_child",
            sexual_offence=True,
            days_to_release=40,
            needs={
                "attitudes_thinking_behaviour": {"severity": "high", "criminogenic": True},
                "health": {"severity": "medium"},
                "drugs_alcohol": {"severity": "medium"},
                "children_families_communities": {"severity": "medium"},
            },
        )
    )
    top = _top_five(result)
    # Only what is due on release day (a GP, the booked drug treatment) comes before it.
    place = top.index("sexual-offending-treatment-community")
    assert place <= 2
    assert {r.tier for r in result.recommendations[:place]} <= {Tier.SAFETY, Tier.RELEASE_DAY}
    first_criminogenic = next(r for r in result.recommendations if r.tier is Tier.CRIMINOGENIC)
    assert first_criminogenic.intervention_id == "sexual-offending-treatment-community"
    assert "prison-therapeutic-community" not in rec_ids(result)
    assert [c.intervention_id for c in result.licence_conditions] == [
        "electronic-monitoring-licence",
        "electronic-monitoring-sexual",
    ]


def test_woman_at_low_risk_with_a_family_need_not_linked_to_offending(
    make_profile: MakeProfile,
) -> None:
    result = recommend(
        make_profile(
            age=34,
            sex="female",
            risk_level="low",
            offence_category="theft_non_motor",
            days_to_release=50,
            needs={
                "children_families_communities": {"severity": "medium", "criminogenic": False},
                "finance_id": {"severity": "medium"},
                "health": {"severity": "low"},
            },
        )
    )
    top = _top_five(result)
    assert "restorative-justice-conference" not in rec_ids(result)
    assert all(r.intensity is Intensity.LOW for r in result.recommendations[:5])
    assert top[0] == "benefits-work-coach"  # a release-day essential, due within 12 weeks
    assert {"womens-centre-support", "family-visits"} <= set(top)


def test_prolific_acquisitive_offender_using_crack_and_heroin(make_profile: MakeProfile) -> None:
    result = recommend(
        make_profile(
            age=38,
            risk_level="high",
            offence_category="theft_non_motor",
            days_to_release=30,
            needs={
                "drugs_alcohol": {"severity": "high", "criminogenic": True},
                "attitudes_thinking_behaviour": {"severity": "medium", "criminogenic": True},
                "accommodation": {"severity": "medium"},
                "finance_id": {"severity": "medium"},
                "education_skills_work": {"severity": "low"},
            },
            flags=["opioid_use"],
        )
    )
    top = _top_five(result)
    assert top[:2] == ["naloxone-on-release", "opioid-treatment-continuity"]
    # Released in 30 days: the booked treatment appointment and a bed for the first night are
    # release-day essentials; the drugs need, high and linked to offending, comes first.
    assert top[2:4] == ["substance-misuse-treatment-continuity", "first-night-accommodation"]
    assert result.recommendations[2].tier is Tier.RELEASE_DAY
    first_criminogenic = next(r for r in result.recommendations if r.tier is Tier.CRIMINOGENIC)
    assert first_criminogenic.intervention_id == "accredited-cbt-community"
    assert rec_ids(result).index("accredited-cbt-community") < rec_ids(result).index(
        "housing-first"
    )
