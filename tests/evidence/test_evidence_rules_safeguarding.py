"""A sexual offence against a child: family and contact work carries safeguarding advice
(pack advice keyed on the offence category)."""

from __future__ import annotations

from resettle.evidence import recommend
from tests.evidence.rules_helpers import MakeProfile

CONTACT_WORK = ("family-visits", "family-relationship-support", "mentoring-through-the-gate")
NEEDS = {
    "children_families_communities": {"severity": "high", "criminogenic": True},
    "attitudes_thinking_behaviour": {"severity": "medium", "criminogenic": True},
}


def _advice(make_profile: MakeProfile, category: str, sexual: bool) -> dict[str, str]:
    result = recommend(
        make_profile(
            risk_level="medium",
            offence_category=category,
            sexual_offence=sexual,
            needs=NEEDS,
            days_to_release=200,
        )
    )
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
