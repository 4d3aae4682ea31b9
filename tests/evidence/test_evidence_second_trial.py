"""Officers' second trial (issue 10, evidence side): reasons that say where to go next, that
never contradict the ranking, and that are attached only where they make sense."""

from __future__ import annotations

import pytest

from resettle.evidence import ExclusionCode, RecommendationResult, load_embedded_pack, recommend
from tests.evidence.rules_helpers import ALL_NEEDS, MakeProfile

PACK = load_embedded_pack().pack
DRUG_SERVICE = (
    "Now that they are out, refer them to the local drug and alcohol service, which supplies "
    "naloxone and treatment."
)
#: The opioid safety items and community drug treatment that end 28 days after release.
DRUG_ITEMS = ("naloxone-on-release", "substance-misuse-treatment-continuity")


def _reason_texts(result: RecommendationResult, intervention_id: str) -> list[str]:
    exclusion = next(e for e in result.exclusions if e.intervention_id == intervention_id)
    return [reason.text for reason in exclusion.reasons]


def _released_long_ago(texts: list[str]) -> str:
    return next(t for t in texts if t.startswith("Not eligible: due before release"))


# --- A: a released opioid user more than 28 days after release is told where to go ---------


def test_opioid_user_released_long_ago_is_sent_to_the_local_drug_service(
    make_profile: MakeProfile,
) -> None:
    result = recommend(make_profile(flags=["opioid_use"], days_to_release=-40))
    for item in DRUG_ITEMS:
        assert DRUG_SERVICE in _released_long_ago(_reason_texts(result, item)), item
    assert not any(r.intervention_id in DRUG_ITEMS for r in result.recommendations)


def test_a_medium_drugs_need_also_gets_the_local_drug_service(make_profile: MakeProfile) -> None:
    needs = {"drugs_alcohol": {"severity": "medium"}}
    result = recommend(make_profile(needs=needs, days_to_release=-40))
    texts = _reason_texts(result, "substance-misuse-treatment-continuity")
    assert DRUG_SERVICE in _released_long_ago(texts)


def test_no_drug_service_advice_without_opioid_use_or_a_drugs_need(
    make_profile: MakeProfile,
) -> None:
    needs = {"drugs_alcohol": {"severity": "low"}, "health": {"severity": "high"}}
    result = recommend(make_profile(needs=needs, days_to_release=-40))
    texts = _reason_texts(result, "substance-misuse-treatment-continuity")
    assert DRUG_SERVICE not in _released_long_ago(texts)


def test_no_drug_service_advice_on_items_for_other_pathways(make_profile: MakeProfile) -> None:
    result = recommend(make_profile(flags=["opioid_use"], days_to_release=-40))
    assert DRUG_SERVICE not in _released_long_ago(_reason_texts(result, "gp-registration"))


def test_within_28_days_of_release_the_drug_items_are_still_recommended(
    make_profile: MakeProfile,
) -> None:
    needs = {"drugs_alcohol": {"severity": "high"}}
    result = recommend(make_profile(needs=needs, flags=["opioid_use"], days_to_release=-20))
    recommended = {r.intervention_id for r in result.recommendations}
    assert set(DRUG_ITEMS) <= recommended


# --- B: "starts after release" states a fact, never an order the list may contradict -------

STARTS_LATER = (
    "Starts after release: delivered in the community once they are out; plan it now as "
    "part of the through-the-gate plan."
)


def test_starts_after_release_says_what_is_always_true(make_profile: MakeProfile) -> None:
    work = {"education_skills_work": {"severity": "high", "criminogenic": True}}
    result = recommend(make_profile(risk_level="high", needs=work, days_to_release=400))
    jobs = next(r for r in result.recommendations if r.intervention_id == "transitional-jobs")
    assert STARTS_LATER in jobs.reasons
    reasons = [text for item in result.recommendations for text in item.reasons]
    assert not any("comes after work for the same need" in text for text in reasons)


def test_starts_after_release_on_an_item_above_custody_work_does_not_contradict(
    make_profile: MakeProfile,
) -> None:
    # A community item in a higher tier ranks above custody work for the same need that can
    # start now; its reason must not claim it comes after that work.
    result = recommend(make_profile(needs=ALL_NEEDS, days_to_release=400))
    ranked = result.recommendations
    settings = {i.id: i.setting.value for i in PACK.interventions}
    above_custody = [
        item
        for position, item in enumerate(ranked)
        if STARTS_LATER in item.reasons
        and any(
            settings[lower.intervention_id] == "custody" and lower.tier != item.tier
            for lower in ranked[position + 1 :]
        )
    ]
    assert above_custody  # the case the officers met
    for item in above_custody:
        assert not any("comes after" in reason for reason in item.reasons)


# --- C: the written answer's records about prisoners in England and Wales are direct -------

#: Records citing the Ministry of Justice written answer whose population is prisoners or
#: prison leavers in England and Wales (or in England, or its probation regions).
PQ_DIRECT = {
    "ev-pq-2021-tc-opd",
    "ev-pq-2021-substance-continuity",
    "ev-pq-2021-temporary-accommodation",
    "ev-pq-2021-new-futures-network",
    "ev-pq-2021-work-coaches",
    "ev-pq-2021-reconnect",
}
#: Its records about programmes or services that also serve people on community sentences.
PQ_INDIRECT = {
    "ev-pq-2021-accredited-community",
    "ev-pq-2021-accredited-custody",
    "ev-pq-2021-opd",
}


def test_written_answer_records_on_prison_leavers_are_not_a_different_population() -> None:
    records = {
        record.id: record
        for item in PACK.interventions
        for record in item.evidence
        if record.citation_id == "c-pq-41780-2021"
    }
    assert set(records) == PQ_DIRECT | PQ_INDIRECT
    for record_id in PQ_DIRECT:
        assert "prison" in records[record_id].population.lower(), record_id
        assert not records[record_id].indirect_population, record_id
    for record_id in PQ_INDIRECT:
        assert records[record_id].indirect_population, record_id


# --- D: a programme under way in custody points to its follow-on in the community ----------


FOLLOW_ON = (
    " Plan follow-on sessions in the community after release instead (the plan's suggestions "
    "offer them)."
)


@pytest.mark.parametrize(
    ("under_way", "twin_id", "follow_on"),
    [
        # The custody programme under way: its community twin points to the follow-on.
        ("accredited-cbt-custody-high", "accredited-cbt-community", FOLLOW_ON),
        # The community one under way: no follow-on "in the community after release".
        ("accredited-cbt-community", "accredited-cbt-custody-high", ""),
    ],
)
def test_the_twin_of_a_programme_under_way_says_so_and_points_to_follow_on_from_custody(
    make_profile: MakeProfile, under_way: str, twin_id: str, follow_on: str
) -> None:
    needs = {"attitudes_thinking_behaviour": {"severity": "high", "criminogenic": True}}
    result = recommend(
        make_profile(risk_level="high", needs=needs, in_progress=[under_way], days_to_release=200)
    )
    texts = _reason_texts(result, twin_id)
    twin = next(t for t in texts if t.startswith("The same programme is already under way"))
    assert twin.endswith("It is not started again in another setting." + follow_on)


# --- E: the mental-health sentence only on items that serve the Health pathway -------------

MENTAL_HEALTH = "refer mental-health needs to the prison's mental health team"


def test_the_mental_health_referral_is_only_on_health_items(make_profile: MakeProfile) -> None:
    result = recommend(
        make_profile(
            risk_level="medium",
            sexual_offence=True,
            offence_category="sexual_child",
            needs=ALL_NEEDS,
            days_to_release=300,
        )
    )
    specialised = {
        exclusion.intervention_id: reason.text
        for exclusion in result.exclusions
        for reason in exclusion.reasons
        if reason.code is ExclusionCode.NON_SPECIALISED_SEXUAL_OFFENDING
    }
    with_sentence = {item for item, text in specialised.items() if MENTAL_HEALTH in text}
    assert with_sentence == {"psychological-therapy-custody"}
    health = {i.id for i in PACK.interventions if any(p.value == "health" for p in i.pathways)}
    assert with_sentence <= health
    assert {"restorative-justice-conference", "multisystemic-therapy"} <= specialised.keys()


# --- F: no jargon left in reasons and the text report ---------------------------------------


def test_reasons_name_criminogenic_needs_in_words(make_profile: MakeProfile) -> None:
    result = recommend(make_profile(needs=ALL_NEEDS, days_to_release=200))
    reasons = " ".join(text for item in result.recommendations for text in item.reasons)
    assert "it targets family and marital relationships" in reasons
    assert "leisure and recreation" in reasons
    assert "family marital" not in reasons
    assert "leisure recreation" not in reasons


def test_every_criminogenic_need_has_a_label() -> None:
    from resettle.evidence.codes import CriminogenicNeed

    labels = {need: need.label for need in CriminogenicNeed}
    assert labels[CriminogenicNeed.FAMILY_MARITAL] == "family and marital relationships"
    assert labels[CriminogenicNeed.LEISURE_RECREATION] == "leisure and recreation"
    assert all(label and "_" not in label for label in labels.values())
    assert len(set(labels.values())) == len(labels)


def test_the_text_report_prints_headlines_not_reason_codes(make_profile: MakeProfile) -> None:
    from resettle.evidence.results import ExclusionCode as Code
    from resettle.evidence.text_report import format_result

    result = recommend(
        make_profile(
            risk_level="medium",
            sexual_offence=True,
            offence_category="sexual_child",
            needs={"health": {"severity": "high"}},
            in_progress=["accredited-cbt-custody-high"],
            flags=["opioid_use"],
            days_to_release=-40,
        )
    )
    codes = {reason.code for e in result.exclusions for reason in e.reasons}
    assert {Code.NEED_NOT_PRESENT, Code.NON_SPECIALISED_SEXUAL_OFFENDING, Code.INELIGIBLE} <= codes
    text = format_result(result)
    excluded = text[text.index("NOT RECOMMENDED") :]
    for code in Code:
        assert f"{code.value}:" not in excluded, code
    assert "No matching need — " in excluded
    assert "Needs specialised treatment — Sexual conviction" in excluded
    # "Not eligible" is said once, with what it is about.
    assert "Not eligible: before release only, already released — due before release" in excluded
    assert "Already in progress.\n" in excluded  # not "Already in progress — Already ..."
    assert "Not eligible: Not eligible" not in excluded


def test_two_needs_with_their_own_and_are_kept_apart(make_profile: MakeProfile) -> None:
    # Circles of support (antisocial associates and leisure) is for sexual convictions.
    profile = make_profile(
        risk_level="high",
        sexual_offence=True,
        offence_category="sexual_not_child",
        needs=ALL_NEEDS,
        days_to_release=1,
    )
    result = recommend(profile)
    reasons = " ".join(text for item in result.recommendations for text in item.reasons)
    assert "it targets antisocial associates, and leisure and recreation" in reasons
