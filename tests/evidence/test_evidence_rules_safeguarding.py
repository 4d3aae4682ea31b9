"""A sexual offence against a child: family and contact work carries safeguarding advice
(pack advice keyed on the offence category)."""

from __future__ import annotations

from resettle.domain.risk import OffenceCategory
from resettle.evidence import RecommendationResult, Tier, recommend
from resettle.evidence.codes import ProfileFlag
from tests.evidence.rules_helpers import MakeProfile

CONTACT_WORK = ("family-visits", "family-relationship-support", "mentoring-through-the-gate")
NEEDS = {
    "children_families_communities": {"severity": "high", "criminogenic": True},
    "attitudes_thinking_behaviour": {"severity": "medium", "criminogenic": True},
}


def _result(
    make_profile: MakeProfile, category: str, sexual: bool, risk: str = "medium"
) -> RecommendationResult:
    return recommend(
        make_profile(
            risk_level=risk,
            offence_category=category,
            sexual_offence=sexual,
            needs=NEEDS,
            days_to_release=200,
        )
    )


def _advice(make_profile: MakeProfile, category: str, sexual: bool) -> dict[str, str]:
    result = _result(make_profile, category, sexual)
    return {r.intervention_id: " ".join(r.delivery_advice) for r in result.recommendations}


def test_contact_work_for_a_child_sexual_offence_carries_safeguarding_advice(
    make_profile: MakeProfile,
) -> None:
    advice = _advice(make_profile, "sexual_child", True)
    for intervention_id in CONTACT_WORK:
        assert intervention_id in advice
        text = advice[intervention_id]
        assert "Sexual offence against a child" in text
        assert "public protection team" in text and "licence conditions" in text


def test_other_offences_get_no_safeguarding_advice(make_profile: MakeProfile) -> None:
    for category, sexual in (("robbery", False), ("sexual_not_child", True)):
        advice = _advice(make_profile, category, sexual)
        assert not any("public protection team" in text for text in advice.values())


def _family_work_tiers(make_profile: MakeProfile, category: str, sexual: bool) -> dict[str, Tier]:
    result = _result(make_profile, category, sexual, risk="low")
    return {r.intervention_id: r.tier for r in result.recommendations}


def test_family_work_is_held_back_after_a_sexual_offence_against_a_child(
    make_profile: MakeProfile,
) -> None:
    """Officers' trial, 1 Dec 2026: family visits ranked first for a low-risk man convicted
    of a sexual offence against a child, with only an advice line as a safeguard."""
    tiers = _family_work_tiers(make_profile, "sexual_child", True)
    for intervention_id in ("family-visits", "family-relationship-support"):
        assert tiers[intervention_id] is Tier.HELD_BACK
    result = _result(make_profile, "sexual_child", True, risk="low")
    visits = next(r for r in result.recommendations if r.intervention_id == "family-visits")
    assert any("public protection team" in reason for reason in visits.reasons)
    others = [r.rank for r in result.recommendations if r.tier is not Tier.HELD_BACK]
    assert visits.rank > max(others)
    for category, sexual in (("robbery", False), ("sexual_not_child", True)):
        assert _family_work_tiers(make_profile, category, sexual)["family-visits"] is not (
            Tier.HELD_BACK
        )


def test_flags_and_offence_categories_never_share_a_value() -> None:
    """The recommender looks up what holds an item back (flags and offence categories) in one
    set of the person's values: a flag called like an offence category would hold back the
    wrong people."""
    assert not {f.value for f in ProfileFlag} & {c.value for c in OffenceCategory}
