"""Programme needs identifier: worked cases at every boundary of the need and risk rules.

Each case gives the items and scores and the expected domain scores, bands and pathway, worked by
hand from the rule in resettle/domain/programme_needs.py (research A7).
"""

from __future__ import annotations

from typing import Any

import pytest
from pydantic import ValidationError

from resettle.domain.programme_needs import (
    DOMAIN_ITEMS,
    DomainScoreReason,
    NeedBand,
    NeedDomain,
    NeedItems,
    PniInput,
    PniResult,
    PniRule,
    ProgrammePathway,
    RiskScoreName,
    RiskTermStatus,
    band_for_score,
    compute_pni,
    need_band_for,
    score_domain,
)
from resettle.domain.risk import RiskLevel

HIGH = ProgrammePathway.HIGH_INTENSITY
MODERATE = ProgrammePathway.MODERATE_INTENSITY
ALTERNATIVE = ProgrammePathway.ALTERNATIVE
MISSING = ProgrammePathway.MISSING_INFORMATION


def items(**domains: tuple[int | None, ...]) -> dict[str, dict[str, int | None]]:
    """Need items by domain, values in DOMAIN_ITEMS order; unnamed domains are all 0."""
    out: dict[str, dict[str, int | None]] = {}
    for domain in NeedDomain:
        names = DOMAIN_ITEMS[domain]
        values = domains.get(domain.value, (0,) * len(names))
        assert len(values) == len(names)
        out[domain.value] = dict(zip(names, values, strict=True))
    return out


def pni(sex: str = "male", need: dict[str, Any] | None = None, **risk: Any) -> PniResult:
    """Compute for ``sex`` with ``need`` items (all 0 by default) and the risk scores given."""
    return compute_pni(
        PniInput.model_validate(
            {"sex": sex, "need_items": need if need is not None else items(), "risk": risk}
        )
    )


# Need items giving each overall need score (0-8) with every item answered.
NEED_FOR_SCORE = {
    0: items(),
    2: items(thinking=(2, 0)),  # thinking 2
    3: items(thinking=(2, 0), relationships=(1, 1, 0, 0)),  # 2 + 1
    5: items(thinking=(2, 0), relationships=(1, 1, 0, 0), self_management=(2, 2, 1, 0)),  # 2+1+2
    6: items(thinking=(2, 0), relationships=(2, 2, 1, 0), self_management=(2, 2, 1, 0)),  # 2+2+2
    8: items(sex=(2, 2, 2), thinking=(2, 2), relationships=(2,) * 4, self_management=(2,) * 4),
}


# -- the worked example from the issue ---------------------------------------------------------


def test_issue_example_is_missing_information_naming_difficulties_coping() -> None:
    need = {
        "sex": {
            "sexual_preoccupation": 1,
            "offence_related_sexual_interests": 2,
            "emotional_congruence_with_children": 0,
        },
        "thinking": {"pro_criminal_attitudes": 2, "hostile_orientation": 0},
        "relationships": {
            "current_relationship_with_family": 1,
            "previous_close_relationships": 1,
            "easily_influenced_by_criminals": 1,
            "aggressive_controlling_behaviour": 1,
        },
        "self_management": {
            "impulsivity": 1,
            "temper_control": 2,
            "problem_solving_skills": 1,
            "difficulties_coping": None,
        },
    }
    result = pni("male", need, ogrs3=75, ovp=60, osp_dc="high", rsr=3.1, sara_partner="medium")
    # sex 1+2+0 = 3 but the key item is 2 -> 2; thinking 2+0 = 2, key item 2 -> 2;
    # relationships 4 -> 1; self-management 1+2+1+(null as 0) = 4 -> 1; need 6 -> high.
    assert result.domain_scores == {
        NeedDomain.SEX: 2,
        NeedDomain.THINKING: 2,
        NeedDomain.RELATIONSHIPS: 1,
        NeedDomain.SELF_MANAGEMENT: 1,
    }
    assert result.domain(NeedDomain.SEX).reason is DomainScoreReason.KEY_ITEM
    assert result.domain(NeedDomain.SELF_MANAGEMENT).total == 4
    assert (result.need_score, result.need_band) == (6, NeedBand.HIGH)
    assert result.risk_band is RiskLevel.HIGH
    # RSR is not counted: he has an OSP score.
    assert result.risk_set_by == (RiskScoreName.OGRS3, RiskScoreName.OVP, RiskScoreName.OSP_DC)
    rsr = next(t for t in result.risk_terms if t.name is RiskScoreName.RSR)
    assert rsr.status is RiskTermStatus.IGNORED_OSP_PRESENT and rsr.band is None
    assert result.pathway is MISSING
    assert result.rule is PniRule.MISSING_NEED_ITEMS
    assert result.missing == ("need_items.self_management.difficulties_coping",)


def test_issue_example_answered_is_high_intensity_by_ogrs3_and_ovp() -> None:
    need = items(
        sex=(1, 2, 0), thinking=(2, 0), relationships=(1, 1, 1, 1), self_management=(1, 2, 1, 0)
    )
    result = pni("male", need, ogrs3=75, ovp=60, osp_dc="high", rsr=3.1, sara_partner="medium")
    assert (result.pathway, result.rule) == (HIGH, PniRule.OGRS3_AND_VIOLENCE_HIGH)
    assert result.missing == ()


# -- domain scores at every threshold ----------------------------------------------------------


@pytest.mark.parametrize(
    ("values", "total", "score", "reason"),
    [
        ((0, 0, 0), 0, 0, DomainScoreReason.TOTAL),
        ((1, 0, 0), 1, 0, DomainScoreReason.TOTAL),
        ((1, 0, 1), 2, 1, DomainScoreReason.TOTAL),
        ((1, 1, 1), 3, 1, DomainScoreReason.TOTAL),
        ((2, 0, 2), 4, 2, DomainScoreReason.TOTAL),
        ((2, 2, 2), 6, 2, DomainScoreReason.TOTAL),
        ((0, 2, 0), 2, 2, DomainScoreReason.KEY_ITEM),  # offence-related sexual interests 2
        ((0, 1, 0), 1, 0, DomainScoreReason.TOTAL),
        ((2, 0, 0), 2, 1, DomainScoreReason.TOTAL),  # a 2 elsewhere is not the key item
    ],
)
def test_sex_domain(values: tuple[int, ...], total: int, score: int, reason: str) -> None:
    domain = score_domain(NeedItems.model_validate(items(sex=values)), NeedDomain.SEX)
    assert (domain.total, domain.score, domain.reason) == (total, score, reason)


@pytest.mark.parametrize(
    ("values", "total", "score", "reason"),
    [
        ((0, 0), 0, 0, DomainScoreReason.TOTAL),
        ((0, 1), 1, 1, DomainScoreReason.TOTAL),
        ((1, 1), 2, 1, DomainScoreReason.TOTAL),
        ((0, 2), 2, 1, DomainScoreReason.TOTAL),  # hostile orientation 2 is not the key item
        ((2, 0), 2, 2, DomainScoreReason.KEY_ITEM),  # pro-criminal attitudes 2
        ((1, 2), 3, 2, DomainScoreReason.TOTAL),
        ((2, 2), 4, 2, DomainScoreReason.TOTAL),
    ],
)
def test_thinking_domain(values: tuple[int, ...], total: int, score: int, reason: str) -> None:
    domain = score_domain(NeedItems.model_validate(items(thinking=values)), NeedDomain.THINKING)
    assert (domain.total, domain.score, domain.reason) == (total, score, reason)


@pytest.mark.parametrize("domain", [NeedDomain.RELATIONSHIPS, NeedDomain.SELF_MANAGEMENT])
@pytest.mark.parametrize(
    ("values", "score"),
    [
        ((0, 0, 0, 0), 0),
        ((1, 0, 0, 0), 0),
        ((1, 1, 0, 0), 1),
        ((2, 2, 0, 0), 1),
        ((2, 1, 1, 0), 1),
        ((2, 2, 1, 0), 2),
        ((2, 2, 2, 2), 2),
        ((0, 0, 0, 2), 1),  # no key item in these domains
    ],
)
def test_four_item_domains(domain: NeedDomain, values: tuple[int, ...], score: int) -> None:
    result = score_domain(NeedItems.model_validate(items(**{domain.value: values})), domain)
    assert (result.total, result.score) == (sum(values), score)
    assert result.reason is DomainScoreReason.TOTAL


def test_unanswered_items_count_zero_in_the_total() -> None:
    need = NeedItems.model_validate(items(relationships=(2, None, 2, 1)))
    assert score_domain(need, NeedDomain.RELATIONSHIPS).total == 5


@pytest.mark.parametrize(
    ("score", "band"),
    [
        (0, NeedBand.LOW),
        (2, NeedBand.LOW),
        (3, NeedBand.MEDIUM),
        (5, NeedBand.MEDIUM),
        (6, NeedBand.HIGH),
        (8, NeedBand.HIGH),
    ],
)
def test_need_band_edges(score: int, band: NeedBand) -> None:
    assert need_band_for(score) is band
    result = pni(need=NEED_FOR_SCORE[score], ogrs3=10)
    assert (result.need_score, result.need_band) == (score, band)


# -- risk bands, half-open ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "percent", "band"),
    [
        (RiskScoreName.OGRS3, 0, RiskLevel.LOW),
        (RiskScoreName.OGRS3, 49.99, RiskLevel.LOW),
        (RiskScoreName.OGRS3, 50, RiskLevel.MEDIUM),
        (RiskScoreName.OGRS3, 74, RiskLevel.MEDIUM),
        (RiskScoreName.OGRS3, 74.01, RiskLevel.MEDIUM),
        (RiskScoreName.OGRS3, 74.5, RiskLevel.MEDIUM),
        (RiskScoreName.OGRS3, 74.99, RiskLevel.MEDIUM),
        (RiskScoreName.OGRS3, 75, RiskLevel.HIGH),
        (RiskScoreName.OGRS3, 100, RiskLevel.HIGH),
        (RiskScoreName.OVP, 29.99, RiskLevel.LOW),
        (RiskScoreName.OVP, 30, RiskLevel.MEDIUM),
        (RiskScoreName.OVP, 59.01, RiskLevel.MEDIUM),
        (RiskScoreName.OVP, 59.99, RiskLevel.MEDIUM),
        (RiskScoreName.OVP, 60, RiskLevel.HIGH),
        (RiskScoreName.RSR, 0.99, RiskLevel.LOW),
        (RiskScoreName.RSR, 1.0, RiskLevel.MEDIUM),
        (RiskScoreName.RSR, 2.99, RiskLevel.MEDIUM),
        (RiskScoreName.RSR, 3.0, RiskLevel.HIGH),
    ],
)
def test_percent_bands_are_half_open(name: RiskScoreName, percent: float, band: RiskLevel) -> None:
    assert band_for_score(name, percent) is band
    result = pni("female", **{name.value: percent})  # type: ignore[arg-type]
    assert result.risk_band is band
    assert result.risk_set_by == (name,)


def test_a_score_between_74_and_75_is_never_lower_than_74() -> None:
    assert (
        band_for_score(RiskScoreName.OGRS3, 74.5).rank
        >= band_for_score(RiskScoreName.OGRS3, 74).rank
    )


@pytest.mark.parametrize(
    ("level", "band"),
    [
        ("low", RiskLevel.LOW),
        ("medium", RiskLevel.MEDIUM),
        ("high", RiskLevel.HIGH),
        ("very_high", RiskLevel.HIGH),
    ],
)
@pytest.mark.parametrize("score", ["osp_dc", "osp_iic"])
def test_osp_counts_for_men(score: str, level: str, band: RiskLevel) -> None:
    result = pni("male", ogrs3=10, **{score: level})  # type: ignore[arg-type]
    assert result.risk_band is band
    term = next(t for t in result.risk_terms if t.name.value == score)
    assert (term.band, term.status) == (band, RiskTermStatus.COUNTED)


@pytest.mark.parametrize("score", ["osp_dc", "osp_iic"])
def test_osp_is_ignored_for_women(score: str) -> None:
    result = pni("female", ogrs3=10, **{score: "very_high"})  # type: ignore[arg-type]
    assert result.risk_band is RiskLevel.LOW
    assert result.risk_set_by == (RiskScoreName.OGRS3,)
    term = next(t for t in result.risk_terms if t.name.value == score)
    assert (term.band, term.status) == (None, RiskTermStatus.IGNORED_FOR_WOMEN)


def test_rsr_counts_for_women_even_with_osp() -> None:
    result = pni("female", rsr=3.0, osp_dc="low")
    assert (result.risk_band, result.risk_set_by) == (RiskLevel.HIGH, (RiskScoreName.RSR,))


def test_rsr_counts_for_men_only_without_osp() -> None:
    assert pni("male", rsr=3.0).risk_band is RiskLevel.HIGH
    assert pni("male", rsr=3.0, osp_dc="not_applicable", osp_iic="not_applicable").risk_set_by == (
        RiskScoreName.RSR,
    )
    with_osp = pni("male", rsr=3.0, osp_iic="low", need=items(sex=(0, 0, 0)))
    assert (with_osp.risk_band, with_osp.risk_set_by) == (RiskLevel.LOW, (RiskScoreName.OSP_IIC,))


def test_osp_not_applicable_is_shown_but_not_counted() -> None:
    result = pni("male", ogrs3=60, osp_dc="not_applicable")
    term = next(t for t in result.risk_terms if t.name is RiskScoreName.OSP_DC)
    assert (term.level, term.band, term.status) == (
        "not_applicable",
        None,
        RiskTermStatus.NOT_APPLICABLE,
    )


@pytest.mark.parametrize("score", ["sara_partner", "sara_other"])
@pytest.mark.parametrize("level", ["low", "medium", "high"])
def test_sara_levels(score: str, level: str) -> None:
    result = pni("male", **{score: level})  # type: ignore[arg-type]
    assert result.risk_band is RiskLevel(level)
    assert result.risk_set_by == (RiskScoreName(score),)


def test_risk_band_is_the_highest_and_names_every_score_at_it() -> None:
    result = pni("male", ogrs3=80, ovp=10, rsr=3.5, sara_other="high")
    assert result.risk_band is RiskLevel.HIGH
    assert result.risk_set_by == (
        RiskScoreName.OGRS3,
        RiskScoreName.RSR,
        RiskScoreName.SARA_OTHER,
    )


# -- the pathway rules -------------------------------------------------------------------------


def test_ogrs3_high_with_ovp_high_is_high_intensity_even_at_low_need() -> None:
    result = pni(need=NEED_FOR_SCORE[0], ogrs3=75, ovp=60)
    assert (result.pathway, result.rule) == (HIGH, PniRule.OGRS3_AND_VIOLENCE_HIGH)


@pytest.mark.parametrize("score", ["sara_partner", "sara_other"])
def test_ogrs3_high_with_sara_high_is_high_intensity(score: str) -> None:
    result = pni(need=NEED_FOR_SCORE[3], ogrs3=75, **{score: "high"})
    assert (result.pathway, result.rule) == (HIGH, PniRule.OGRS3_AND_VIOLENCE_HIGH)


def test_ogrs3_just_below_high_does_not_fire_the_violence_rule() -> None:
    result = pni(need=NEED_FOR_SCORE[3], ogrs3=74.99, ovp=60)
    # Risk is high (OVP) and need medium -> the table, moderate.
    assert (result.pathway, result.rule) == (MODERATE, PniRule.MEDIUM_NEED_HIGH_RISK)


def test_ovp_just_below_high_does_not_fire_the_violence_rule() -> None:
    result = pni(need=NEED_FOR_SCORE[0], ogrs3=75, ovp=59.99)
    assert (result.pathway, result.rule) == (ALTERNATIVE, PniRule.LOW_NEED)


@pytest.mark.parametrize("level", ["medium", "high"])
def test_low_need_with_sara_is_moderate(level: str) -> None:
    result = pni(need=NEED_FOR_SCORE[2], ogrs3=10, sara_partner=level)
    assert (result.pathway, result.rule) == (MODERATE, PniRule.LOW_NEED_WITH_SARA)


def test_low_need_with_sara_low_is_alternative() -> None:
    result = pni(need=NEED_FOR_SCORE[2], ogrs3=80, sara_other="low")
    assert (result.pathway, result.rule) == (ALTERNATIVE, PniRule.LOW_NEED)


@pytest.mark.parametrize(
    ("need", "risk", "pathway", "rule"),
    [
        (6, {"ogrs3": 75}, HIGH, PniRule.HIGH_NEED_HIGH_RISK),
        (8, {"rsr": 3.0}, HIGH, PniRule.HIGH_NEED_HIGH_RISK),
        (5, {"ogrs3": 75}, MODERATE, PniRule.MEDIUM_NEED_HIGH_RISK),
        (3, {"ovp": 60}, MODERATE, PniRule.MEDIUM_NEED_HIGH_RISK),
        (6, {"ogrs3": 74.99}, MODERATE, PniRule.HIGH_NEED_MEDIUM_RISK),
        (6, {"ovp": 30}, MODERATE, PniRule.HIGH_NEED_MEDIUM_RISK),
        (3, {"ogrs3": 50}, MODERATE, PniRule.MEDIUM_NEED_MEDIUM_RISK),
        (5, {"rsr": 1.0}, MODERATE, PniRule.MEDIUM_NEED_MEDIUM_RISK),
        (2, {"ogrs3": 75}, ALTERNATIVE, PniRule.LOW_NEED),
        (0, {"ogrs3": 10}, ALTERNATIVE, PniRule.LOW_NEED),
        (6, {"ogrs3": 49.99}, ALTERNATIVE, PniRule.LOW_RISK),
        (3, {"ovp": 29.99}, ALTERNATIVE, PniRule.LOW_RISK),
        (8, {"rsr": 0.99}, ALTERNATIVE, PniRule.LOW_RISK),
    ],
)
def test_need_by_risk_table(
    need: int, risk: dict[str, float], pathway: ProgrammePathway, rule: PniRule
) -> None:
    result = pni("female", need=NEED_FOR_SCORE[need], **risk)
    assert (result.pathway, result.rule, result.missing) == (pathway, rule, ())


# -- missing information -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("domain", "index"),
    [
        (NeedDomain.THINKING, 0),
        (NeedDomain.THINKING, 1),
        (NeedDomain.RELATIONSHIPS, 3),
        (NeedDomain.SELF_MANAGEMENT, 0),
    ],
)
def test_an_unanswered_non_sex_item_is_missing_information(domain: NeedDomain, index: int) -> None:
    values: list[int | None] = [2] * len(DOMAIN_ITEMS[domain])
    values[index] = None
    result = pni(need=items(**{domain.value: tuple(values)}), ogrs3=90, ovp=90)
    assert (result.pathway, result.rule) == (MISSING, PniRule.MISSING_NEED_ITEMS)
    assert result.missing == (f"need_items.{domain.value}.{DOMAIN_ITEMS[domain][index]}",)
    # The terms are still shown.
    assert result.risk_band is RiskLevel.HIGH


def test_every_unanswered_item_is_named_in_order() -> None:
    need = items(thinking=(None, None), self_management=(None, 0, 0, None))
    result = pni(need=need, ogrs3=10)
    assert result.missing == (
        "need_items.thinking.pro_criminal_attitudes",
        "need_items.thinking.hostile_orientation",
        "need_items.self_management.impulsivity",
        "need_items.self_management.difficulties_coping",
    )


def test_man_without_osp_may_leave_every_sex_item_unanswered() -> None:
    result = pni("male", need=items(sex=(None, None, None)), ogrs3=80, ovp=70)
    assert (result.pathway, result.missing) == (HIGH, ())
    assert result.domain(NeedDomain.SEX).score == 0


@pytest.mark.parametrize("osp", [{"osp_dc": "low"}, {"osp_iic": "medium"}])
def test_man_with_osp_must_answer_every_sex_item(osp: dict[str, str]) -> None:
    result = pni("male", need=items(sex=(None, None, None)), ogrs3=80, ovp=70, **osp)
    assert (result.pathway, result.rule) == (MISSING, PniRule.MISSING_NEED_ITEMS)
    assert result.missing == tuple(f"need_items.sex.{n}" for n in DOMAIN_ITEMS[NeedDomain.SEX])


def test_man_with_osp_not_applicable_need_not_answer_sex_items() -> None:
    result = pni("male", need=items(sex=(None,) * 3), ogrs3=80, ovp=70, osp_dc="not_applicable")
    assert result.pathway is HIGH


def test_woman_with_osp_need_not_answer_sex_items() -> None:
    result = pni("female", need=items(sex=(None,) * 3), ogrs3=80, ovp=70, osp_dc="high")
    assert result.pathway is HIGH


@pytest.mark.parametrize("sex", ["female", "male"])
def test_partly_answered_sex_items_are_missing_information(sex: str) -> None:
    result = pni(sex, need=items(sex=(2, None, 1)), ogrs3=80, ovp=70)
    assert (result.pathway, result.rule) == (MISSING, PniRule.MISSING_NEED_ITEMS)
    assert result.missing == ("need_items.sex.offence_related_sexual_interests",)


def test_no_risk_score_at_all_is_missing_information_naming_the_scores() -> None:
    result = pni("female", need=NEED_FOR_SCORE[8])
    assert (result.pathway, result.rule) == (MISSING, PniRule.NO_RISK_SCORES)
    assert result.risk_band is None and result.risk_set_by == ()
    assert result.missing == (
        "risk.ogrs3",
        "risk.ovp",
        "risk.rsr",
        "risk.sara_partner",
        "risk.sara_other",
    )


def test_only_ignored_scores_is_no_risk_scores_and_names_osp_for_men() -> None:
    woman = pni("female", need=NEED_FOR_SCORE[8], osp_dc="high")
    assert woman.rule is PniRule.NO_RISK_SCORES
    man = pni("male", need=NEED_FOR_SCORE[8], osp_dc="not_applicable")
    assert man.rule is PniRule.NO_RISK_SCORES
    assert "risk.osp_dc" in man.missing and "risk.osp_dc" not in woman.missing


def test_missing_items_and_no_risk_names_both() -> None:
    result = pni("female", need=items(thinking=(None, 0)))
    assert result.rule is PniRule.MISSING_NEED_ITEMS
    assert result.missing[0] == "need_items.thinking.pro_criminal_attitudes"
    assert "risk.ogrs3" in result.missing


# -- the input model ---------------------------------------------------------------------------


@pytest.mark.parametrize("bad", [3, -1, 1.0, True, "1"])
def test_input_model_refuses_a_bad_item(bad: object) -> None:
    need = items()
    need["thinking"]["pro_criminal_attitudes"] = bad  # type: ignore[assignment]
    with pytest.raises(ValidationError):
        PniInput.model_validate({"sex": "male", "need_items": need, "risk": {}})


@pytest.mark.parametrize(
    "risk", [{"ogrs3": 100.5}, {"ovp": -1}, {"osp_dc": "severe"}, {"sara_other": "very_high"}]
)
def test_input_model_refuses_bad_risk(risk: dict[str, object]) -> None:
    with pytest.raises(ValidationError):
        PniInput.model_validate({"sex": "male", "need_items": items(), "risk": risk})


def test_result_is_frozen() -> None:
    result = pni(ogrs3=10)
    with pytest.raises(ValidationError):
        result.pathway = HIGH  # type: ignore[misc]
