"""Pack 1.1.0: the research check's corrections and new interventions load and rank as
issue 10 requires (findings applied as the research file states them)."""

from __future__ import annotations

import pytest

from resettle.evidence import ExclusionCode, Tier, load_embedded_pack, recommend
from resettle.evidence.codes import (
    EffectDirection,
    EvidenceSetting,
    EvidenceStatus,
    InterventionPurpose,
    OutcomeType,
    VerificationStatus,
)
from resettle.evidence.results import TermCode
from tests.evidence.rules_helpers import ALL_NEEDS, MakeProfile, exclusion_codes, rec_ids, term

PACK = load_embedded_pack().pack
RECORDS = {r.id: r for r in PACK.all_evidence()}
NEW_ITEMS = (
    "debt-advice",
    "alcohol-treatment-referral",
    "womens-centre-support",
    "opd-pathway",
    "motivational-work",
)


def test_belur_counts_as_not_significant_and_indirect(make_profile: MakeProfile) -> None:
    result = recommend(make_profile(needs=ALL_NEEDS))
    licence = next(c for c in result.licence_conditions)
    # quality 3 x 0.25 (some benefit, not significant) x 0.5 (indirect)
    assert licence.evidence_summary.startswith("Evidence strength 0.375:")
    assert "from a different population, given half weight" in licence.evidence_summary


def test_strang_is_indirect_and_restorative_justice_carries_the_crack_heroin_caution(
    make_profile: MakeProfile,
) -> None:
    strang = RECORDS["ev-strang-2013-rjc"]
    assert strang.indirect_population and strang.setting is EvidenceSetting.GENERAL_MIXED
    assert "many before sentence" in strang.quality_basis or "before sentence" in strang.population
    result = recommend(make_profile(needs=ALL_NEEDS, flags=["opioid_use", "victim_consent_known"]))
    assert term(result, "restorative-justice-conference", TermCode.EVIDENCE_STRENGTH) == 2
    rj = next(
        r for r in result.recommendations if r.intervention_id == "restorative-justice-conference"
    )
    assert any("crack and heroin" in line for line in rj.delivery_advice)


def test_beaudry_is_the_custody_record_for_prison_cbt() -> None:
    beaudry = RECORDS["ev-beaudry-2021-cbt-prison"]
    assert beaudry.setting is EvidenceSetting.CUSTODY and not beaudry.indirect_population
    assert beaudry.verification.status is VerificationStatus.UNVERIFIED
    lipsey = RECORDS["ev-lipsey-2007-cbt-custody"]
    assert lipsey.setting is EvidenceSetting.GENERAL_MIXED and lipsey.indirect_population


def test_therapeutic_community_is_decided_by_the_incarceration_based_review(
    make_profile: MakeProfile,
) -> None:
    """Beaudry et al. 2021 found no strong evidence for prison CBT; on therapeutic
    communities its two trials were the "more positive news". Its TC record says that, and
    Mitchell et al. 2012 (incarceration-based drug treatment) decides the TC's evidence."""
    beaudry = RECORDS["ev-beaudry-2021-tc-aftercare"]
    assert beaudry.effect.direction is EffectDirection.ASSOCIATION_ONLY
    assert beaudry.effect.value == beaudry.effect.confidence_interval == "not reported"
    assert "secondary source" in beaudry.effect.statement
    assert "lower return to custody" in beaudry.effect.statement
    assert beaudry.verification.status is VerificationStatus.UNVERIFIED
    mitchell = RECORDS["ev-mitchell-2012-tc"]
    assert mitchell.setting is EvidenceSetting.CUSTODY
    assert mitchell.effect.direction is EffectDirection.BENEFICIAL and mitchell.quality == 2
    assert "publication bias" in mitchell.effect.statement
    result = recommend(
        make_profile(
            risk_level="high",
            days_to_release=400,
            needs={"drugs_alcohol": {"severity": "high", "criminogenic": True}},
        )
    )
    tc = next(
        r for r in result.recommendations if r.intervention_id == "prison-therapeutic-community"
    )
    evidence = next(t for t in tc.terms if t.code is TermCode.EVIDENCE_STRENGTH)
    assert evidence.value == 2 and evidence.record_ids == ("ev-mitchell-2012-tc",)
    assert tc.tier is Tier.CRIMINOGENIC
    # Beaudry still decides for the custody CBT programme (its finding was about CBT).
    custody_cbt = PACK.intervention("accredited-cbt-custody-high")
    assert RECORDS["ev-beaudry-2021-cbt-prison"] in custody_cbt.evidence


def test_tolan_and_strang_have_their_own_dois() -> None:
    citations = {c.id: c for c in PACK.citations}
    assert citations["c-tolan-2013"].doi == "10.4073/csr.2013.10"
    assert "2013:10" in (citations["c-tolan-2013"].details or "")
    assert citations["c-strang-2013"].doi == "10.4073/csr.2013.12"
    assert "2013:12" in (citations["c-strang-2013"].details or "")


def test_mental_health_note_says_it_rests_on_a_secondary_source(make_profile: MakeProfile) -> None:
    note = next(n for n in PACK.pathway_notes if n.id == "pn-health-mental-health-no-trials")
    assert note.rests_on_secondary_source
    assert "secondary source" in note.statement and "search gap" in note.statement
    assert note.verification is VerificationStatus.UNVERIFIED
    result = recommend(make_profile(needs={"health": {"severity": "medium"}}))
    assert "secondary source" in next(n.statement for n in result.notes if n.pathway == "health")


def test_lowenkamp_is_split_by_risk() -> None:
    low = RECORDS["ev-lowenkamp-2005-residential-low-moderate"]
    high = RECORDS["ev-lowenkamp-2005-residential-high"]
    assert [r.value for r in low.risk_levels] == ["low", "medium"]
    assert low.effect.direction is EffectDirection.HARMFUL
    assert [r.value for r in high.risk_levels] == ["high", "very_high"]
    assert high.effect.direction is EffectDirection.BENEFICIAL
    assert "ev-lowenkamp-2005-residential" not in RECORDS
    for record in (low, high):
        assert record.effect.value == "not reported"  # figures not read: none entered
        assert record.verification.status is VerificationStatus.UNVERIFIED
        assert "NCJRS abstract" in record.effect.statement
        assert "figures not reported" in (record.verification.note or "").lower()


def test_transitional_jobs_risk_finding_holds_for_high_risk_only(make_profile: MakeProfile) -> None:
    zweig = RECORDS["ev-zweig-2011-ceo-risk"]
    assert [r.value for r in zweig.risk_levels] == ["high", "very_high"]
    employment = RECORDS["ev-redcross-2012-ceo-employment"]
    assert employment.outcome_type is OutcomeType.EMPLOYMENT


@pytest.mark.parametrize("intervention_id", NEW_ITEMS)
def test_new_items_are_support_with_evidence_not_established(intervention_id: str) -> None:
    item = PACK.intervention(intervention_id)
    assert item.purpose is InterventionPurpose.RESETTLEMENT_SUPPORT
    assert item.evidence_status in (
        EvidenceStatus.NOT_ESTABLISHED,
        EvidenceStatus.NOT_ESTABLISHED_FOR_PRISON_LEAVERS,
    )
    for record in item.evidence:
        citation = PACK.citation(record.citation_id)
        assert citation.doi or citation.url, citation.id


def test_new_items_never_rank_as_work_on_needs_linked_to_offending(
    make_profile: MakeProfile,
) -> None:
    profile = make_profile(
        sex="female",
        risk_level="high",
        needs=ALL_NEEDS,
        flags=["alcohol_dependence", "low_motivation", "opd_screened_in"],
        days_to_release=200,
    )
    result = recommend(profile)
    shown = {r.intervention_id: r for r in result.recommendations}
    assert set(NEW_ITEMS) <= set(shown)
    for intervention_id in NEW_ITEMS:
        item = shown[intervention_id]
        assert item.tier is Tier.SUPPORT
        assert any("not established" in reason for reason in item.reasons)
    alcohol = shown["alcohol-treatment-referral"]
    assert "not alcohol treatment for prison leavers" in " ".join(alcohol.reasons)


def test_new_items_keep_to_their_eligibility(make_profile: MakeProfile) -> None:
    man = recommend(make_profile(needs=ALL_NEEDS, risk_level="medium"))
    assert exclusion_codes(man, "womens-centre-support") == {ExclusionCode.INELIGIBLE}
    assert exclusion_codes(man, "opd-pathway") == {
        ExclusionCode.INELIGIBLE,  # medium risk
        ExclusionCode.NEED_NOT_PRESENT,  # not screened in
    }
    high = recommend(make_profile(needs=ALL_NEEDS, risk_level="high"))
    assert "opd-pathway" not in rec_ids(high)  # high risk alone is not the pathway's criteria
    (reason,) = [
        r.text for e in high.exclusions if e.intervention_id == "opd-pathway" for r in e.reasons
    ]
    assert reason == "Only relevant when the case is flagged “screened in to the OPD pathway”."
    screened = recommend(
        make_profile(needs=ALL_NEEDS, risk_level="high", flags=["opd_screened_in"])
    )
    assert "opd-pathway" in rec_ids(screened)
    assert exclusion_codes(man, "alcohol-treatment-referral") == {ExclusionCode.NEED_NOT_PRESENT}
    sexual = recommend(
        make_profile(needs=ALL_NEEDS, sexual_offence=True, offence_category="sexual_not_child")
    )
    assert ExclusionCode.NON_SPECIALISED_SEXUAL_OFFENDING in exclusion_codes(
        sexual, "motivational-work"
    )
    assert "debt-advice" in rec_ids(man)


def test_the_drug_therapeutic_community_is_not_offered_without_a_drugs_need(
    make_profile: MakeProfile,
) -> None:
    """Officers' trial, 1 Dec 2026: a man with a high attitudes need linked to offending and
    no drug need at all was offered the prison drug therapeutic community first."""
    attitudes_only = {"attitudes_thinking_behaviour": {"severity": "high", "criminogenic": True}}
    result = recommend(
        make_profile(needs=attitudes_only, risk_level="high", age=19, days_to_release=200)
    )
    assert "prison-therapeutic-community" not in [r.intervention_id for r in result.recommendations]
    with_drugs = {**attitudes_only, "drugs_alcohol": {"severity": "high", "criminogenic": True}}
    result = recommend(
        make_profile(needs=with_drugs, risk_level="high", age=30, days_to_release=400)
    )
    assert "prison-therapeutic-community" in [r.intervention_id for r in result.recommendations]


def test_no_right_to_work_excludes_employment_support_after_release(
    make_profile: MakeProfile,
) -> None:
    needs = {"education_skills_work": {"severity": "high", "criminogenic": True}}
    result = recommend(make_profile(needs=needs, flags=["no_right_to_work"], days_to_release=30))
    recommended = [r.intervention_id for r in result.recommendations]
    for barred in ("employment-support-after-release", "transitional-jobs", "employer-brokerage"):
        assert barred not in recommended
        reasons = [e for e in result.exclusions if e.intervention_id == barred]
        assert reasons and any("right to work" in r.text for r in reasons[0].reasons), barred
