"""Officers' trial of 2 Dec 2026 (issue 10): words an officer reads, without codes or the
pack's internal references, and claims no stronger than the evidence."""

from __future__ import annotations

from resettle.evidence import ExclusionCode, load_embedded_pack, recommend
from resettle.evidence.exclusions import exclusion_headline
from resettle.evidence.text_report import format_result
from tests.evidence.rules_helpers import ALL_NEEDS, MakeProfile

PACK = load_embedded_pack().pack


def test_the_text_report_names_settings_in_words(make_profile: MakeProfile) -> None:
    text = format_result(recommend(make_profile(needs=ALL_NEEDS, days_to_release=40)))
    assert "/ through the gate /" in text
    assert "through_the_gate" not in text


def test_no_reason_names_a_flag_by_its_code(make_profile: MakeProfile) -> None:
    result = recommend(make_profile(needs=ALL_NEEDS, days_to_release=200))
    reasons = " ".join(r for item in result.recommendations for r in item.reasons)
    assert "victim_consent_known" not in reasons
    assert "Victim consents to restorative justice" in reasons


def test_the_different_population_rule_is_said_in_plain_words(make_profile: MakeProfile) -> None:
    text = format_result(recommend(make_profile(needs=ALL_NEEDS, days_to_release=200)))
    assert "counts half" not in text
    assert "evidence from a different population, given half weight" in text


def test_the_crack_and_heroin_caution_asks_about_crack(make_profile: MakeProfile) -> None:
    result = recommend(
        make_profile(
            needs=ALL_NEEDS, flags=["opioid_use", "victim_consent_known"], days_to_release=200
        )
    )
    rj = next(
        r for r in result.recommendations if r.intervention_id == "restorative-justice-conference"
    )
    held = next(r for r in rj.reasons if r.startswith("Held back below"))
    assert "both crack and heroin" in held
    assert "check whether this person uses crack" in held.lower()
    assert "criminogenic for" not in held


def test_specialisation_does_not_rule_out_mental_health_treatment(
    make_profile: MakeProfile,
) -> None:
    result = recommend(
        make_profile(
            risk_level="medium",
            sexual_offence=True,
            offence_category="sexual_not_child",
            needs=ALL_NEEDS,
            days_to_release=300,
        )
    )

    def text(intervention_id: str) -> str:
        exclusion = next(e for e in result.exclusions if e.intervention_id == intervention_id)
        return next(
            r.text
            for r in exclusion.reasons
            if r.code is ExclusionCode.NON_SPECIALISED_SEXUAL_OFFENDING
        )

    therapy = text("psychological-therapy-custody")
    assert "non-specialised offending-behaviour programmes" in therapy
    assert "refer mental-health needs to the prison's mental health team" in therapy
    assert "mental health team" not in text("accredited-cbt-community")


def test_low_motivation_advice_points_at_motivational_work(make_profile: MakeProfile) -> None:
    result = recommend(make_profile(needs=ALL_NEEDS, flags=["low_motivation"], days_to_release=200))
    advice = [a for r in result.recommendations for a in r.delivery_advice]
    assert not any("Start with motivational work" in a for a in advice)
    assert any("motivational work" in a and "may need to come first" in a for a in advice)


def test_family_visits_carry_safety_advice_for_a_victim_of_domestic_abuse(
    make_profile: MakeProfile,
) -> None:
    result = recommend(
        make_profile(needs=ALL_NEEDS, flags=["domestic_abuse_victim"], days_to_release=200)
    )
    visits = next(r for r in result.recommendations if r.intervention_id == "family-visits")
    assert any(
        "not the person who abused them" in a and "safeguarding lead" in a
        for a in visits.delivery_advice
    )


def test_treatment_already_under_way_is_in_place_not_completed(
    make_profile: MakeProfile,
) -> None:
    result = recommend(
        make_profile(
            needs=ALL_NEEDS,
            flags=["opioid_use"],
            completed=["opioid-treatment-continuity", "correctional-education"],
            days_to_release=4,
        )
    )
    reasons = {
        e.intervention_id: [r.text for r in e.reasons]
        for e in result.exclusions
        if e.intervention_id in ("opioid-treatment-continuity", "correctional-education")
    }
    assert "Already in place." in reasons["opioid-treatment-continuity"]
    assert "Already completed." in reasons["correctional-education"]
    # The short headline (the Not recommended table, the text report) says so too.
    headlines = {
        e.intervention_id: {exclusion_headline(r) for r in e.reasons}
        for e in result.exclusions
        if e.intervention_id in ("opioid-treatment-continuity", "correctional-education")
    }
    assert "Already in place" in headlines["opioid-treatment-continuity"]
    assert "Already completed" in headlines["correctional-education"]


def test_what_officers_read_names_no_internal_seed() -> None:
    shown = [n.statement for n in PACK.pathway_notes]
    shown += [r.effect.statement for r in PACK.all_evidence()]
    shown += [r.plain_finding or "" for r in PACK.all_evidence()]
    assert not [s for s in shown if "seed 0" in s]
    assert not [s for s in shown if "recorded in this pack" in s]
