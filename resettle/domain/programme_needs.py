"""The programme needs identifier (PNI): which programme pathway fits a person's need and risk.

Every term is kept in the result, the way ``ogrs3`` keeps its terms, so a screen or the command
line can show how the pathway was reached. The domain returns codes; words live in the UI and CLI.

Need (items scored 0, 1 or 2; ``None`` = not answered, counted as 0 in the totals)
    Sex (3 items)              2 if the total is 4-6 or offence-related sexual interests is 2;
                               1 if the total is 2-3; else 0.
    Thinking (2 items)         0 if the total is 0; 2 if the total is 3-4 or pro-criminal
                               attitudes is 2; else 1.
    Relationships (4 items)    total 0-1 -> 0, 2-4 -> 1, 5-8 -> 2.
    Self-management (4 items)  the same as relationships.
    Need band                  the four domain scores summed (0-8): 0-2 low, 3-5 medium, 6-8 high.

Risk (every band half-open, compared on the figure as given, never rounded first)
    OGRS3 %                    >= 75 high, >= 50 medium, else low (74.99 is medium).
    OVP %                      >= 60 high, >= 30 medium, else low.
    OSP/DC, OSP/IIC (men)      high or very high -> high, medium -> medium, low -> low;
                               ignored for women; ``not_applicable`` counts as absent.
    RSR %                      >= 3.0 high, >= 1.0 medium, else low; for a man it counts only
                               when both OSP scores are absent or not applicable.
    SARA (partner, others)     the level given.
    Risk band                  the highest band any counted score gives; ``set_by`` names every
                               counted score at that band.

Pathway, first rule that applies
    1. missing_need_items      a thinking, relationships or self-management item is not answered;
                               or the sex items are partly answered; or a man has an OSP score
                               and a sex item is not answered -> missing_information.
    2. no_risk_scores          no risk score counts at all -> missing_information (our addition:
                               the published rule would call an unscored person low risk).
    3. ogrs3_and_violence_high OGRS3 high and (OVP high or a SARA high) -> high_intensity.
    4. low_need_with_sara      need low and a SARA medium or high -> moderate_intensity.
    5. the need x risk table   high x high -> high_intensity (high_need_high_risk);
                               medium x high, high x medium, medium x medium -> moderate_intensity;
                               low need or low risk -> alternative (low_need / low_risk).

The published service raised an error for the two sex-item cases in rule 1; we return
missing_information naming the items instead, so the officer sees what to answer. Domain scores,
the need band and the risk band are still computed (unanswered items as 0) and shown.

Source: the accredited-programmes service's needs and risk engines and its pathway rule, as
described in research A7 (``research/turn2.md``); its closed risk ranges left gaps (74.01-74.99
fell to low) which the half-open bands here do not.
"""

from enum import StrEnum
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field

from resettle.domain.risk import RiskLevel, Sex
from resettle.domain.text_fields import CheckedText

#: An item score: 0, 1 or 2, or None when not answered. Strict: no booleans, floats or text.
ItemScore = Annotated[int | None, Field(strict=True, ge=0, le=2)]
Percent = Annotated[float | None, Field(ge=0, le=100, allow_inf_nan=False)]


class NeedDomain(StrEnum):
    SEX = "sex"
    THINKING = "thinking"
    RELATIONSHIPS = "relationships"
    SELF_MANAGEMENT = "self_management"


#: The items of each domain, in the order they are shown.
DOMAIN_ITEMS: dict[NeedDomain, tuple[str, ...]] = {
    NeedDomain.SEX: (
        "sexual_preoccupation",
        "offence_related_sexual_interests",
        "emotional_congruence_with_children",
    ),
    NeedDomain.THINKING: ("pro_criminal_attitudes", "hostile_orientation"),
    NeedDomain.RELATIONSHIPS: (
        "current_relationship_with_family",
        "previous_close_relationships",
        "easily_influenced_by_criminals",
        "aggressive_controlling_behaviour",
    ),
    NeedDomain.SELF_MANAGEMENT: (
        "impulsivity",
        "temper_control",
        "problem_solving_skills",
        "difficulties_coping",
    ),
}

#: The item that scores its domain 2 by itself when it is 2.
KEY_ITEMS: dict[NeedDomain, str] = {
    NeedDomain.SEX: "offence_related_sexual_interests",
    NeedDomain.THINKING: "pro_criminal_attitudes",
}


class SexItems(CheckedText):
    model_config = ConfigDict(extra="forbid", frozen=True)

    sexual_preoccupation: ItemScore = None
    offence_related_sexual_interests: ItemScore = None
    emotional_congruence_with_children: ItemScore = None


class ThinkingItems(CheckedText):
    model_config = ConfigDict(extra="forbid", frozen=True)

    pro_criminal_attitudes: ItemScore = None
    hostile_orientation: ItemScore = None


class RelationshipItems(CheckedText):
    model_config = ConfigDict(extra="forbid", frozen=True)

    current_relationship_with_family: ItemScore = None
    previous_close_relationships: ItemScore = None
    easily_influenced_by_criminals: ItemScore = None
    aggressive_controlling_behaviour: ItemScore = None


class SelfManagementItems(CheckedText):
    model_config = ConfigDict(extra="forbid", frozen=True)

    impulsivity: ItemScore = None
    temper_control: ItemScore = None
    problem_solving_skills: ItemScore = None
    difficulties_coping: ItemScore = None


class NeedItems(CheckedText):
    model_config = ConfigDict(extra="forbid", frozen=True)

    sex: SexItems = SexItems()
    thinking: ThinkingItems = ThinkingItems()
    relationships: RelationshipItems = RelationshipItems()
    self_management: SelfManagementItems = SelfManagementItems()

    def item(self, domain: NeedDomain, name: str) -> int | None:
        value: int | None = getattr(getattr(self, domain.value), name)
        return value


class OspLevel(StrEnum):
    LOW = "low"
    MEDIUM = "medium"
    HIGH = "high"
    VERY_HIGH = "very_high"
    NOT_APPLICABLE = "not_applicable"


class SaraLevel(StrEnum):
    LOW = "low"
    MEDIUM = "medium"
    HIGH = "high"


class PniRiskScores(CheckedText):
    model_config = ConfigDict(extra="forbid", frozen=True)

    ogrs3: Percent = None
    ovp: Percent = None
    osp_dc: OspLevel | None = None
    osp_iic: OspLevel | None = None
    rsr: Percent = None
    sara_partner: SaraLevel | None = None
    sara_other: SaraLevel | None = None


class PniInput(CheckedText):
    model_config = ConfigDict(extra="forbid", frozen=True)

    sex: Sex
    need_items: NeedItems = NeedItems()
    risk: PniRiskScores = PniRiskScores()


class NeedBand(StrEnum):
    LOW = "low"
    MEDIUM = "medium"
    HIGH = "high"


class DomainScoreReason(StrEnum):
    TOTAL = "total"  # the domain score is the band of its total
    KEY_ITEM = "key_item"  # the key item at 2 raised it to 2


class RiskScoreName(StrEnum):
    OGRS3 = "ogrs3"
    OVP = "ovp"
    OSP_DC = "osp_dc"
    OSP_IIC = "osp_iic"
    RSR = "rsr"
    SARA_PARTNER = "sara_partner"
    SARA_OTHER = "sara_other"


class RiskTermStatus(StrEnum):
    COUNTED = "counted"
    NOT_GIVEN = "not_given"
    NOT_APPLICABLE = "not_applicable"  # an OSP recorded as not applicable
    IGNORED_FOR_WOMEN = "ignored_for_women"  # OSP for a woman
    IGNORED_OSP_PRESENT = "ignored_osp_present"  # RSR for a man who has an OSP score


class ProgrammePathway(StrEnum):
    HIGH_INTENSITY = "high_intensity"
    MODERATE_INTENSITY = "moderate_intensity"
    ALTERNATIVE = "alternative"
    MISSING_INFORMATION = "missing_information"

    @property
    def label(self) -> str:
        return {
            ProgrammePathway.HIGH_INTENSITY: "High intensity",
            ProgrammePathway.MODERATE_INTENSITY: "Moderate intensity",
            ProgrammePathway.ALTERNATIVE: "Alternative pathway",
            ProgrammePathway.MISSING_INFORMATION: "Missing information",
        }[self]


class PniRule(StrEnum):
    MISSING_NEED_ITEMS = "missing_need_items"
    NO_RISK_SCORES = "no_risk_scores"
    OGRS3_AND_VIOLENCE_HIGH = "ogrs3_and_violence_high"
    LOW_NEED_WITH_SARA = "low_need_with_sara"
    HIGH_NEED_HIGH_RISK = "high_need_high_risk"
    MEDIUM_NEED_HIGH_RISK = "medium_need_high_risk"
    HIGH_NEED_MEDIUM_RISK = "high_need_medium_risk"
    MEDIUM_NEED_MEDIUM_RISK = "medium_need_medium_risk"
    LOW_NEED = "low_need"
    LOW_RISK = "low_risk"


class ItemTerm(BaseModel):
    model_config = ConfigDict(frozen=True)

    name: str
    value: int | None


class DomainScore(BaseModel):
    """One need domain: its items as given, their total (unanswered as 0) and its score 0-2."""

    model_config = ConfigDict(frozen=True)

    domain: NeedDomain
    items: tuple[ItemTerm, ...]
    total: int
    score: int
    reason: DomainScoreReason


class RiskTerm(BaseModel):
    """One risk score: the figure or level given, the band it gives and whether it counted."""

    model_config = ConfigDict(frozen=True)

    name: RiskScoreName
    percent: float | None = None
    level: str | None = None
    band: RiskLevel | None
    status: RiskTermStatus


class PniResult(BaseModel):
    """The pathway with every term that led to it."""

    model_config = ConfigDict(frozen=True)

    inputs: PniInput
    domains: tuple[DomainScore, ...]
    need_score: int
    need_band: NeedBand
    risk_terms: tuple[RiskTerm, ...]
    risk_band: RiskLevel | None
    risk_set_by: tuple[RiskScoreName, ...]
    pathway: ProgrammePathway
    rule: PniRule
    #: Input paths ("need_items.thinking.hostile_orientation", "risk.ogrs3") whose absence
    #: makes the information missing; empty unless the pathway is missing_information.
    missing: tuple[str, ...] = ()

    def domain(self, domain: NeedDomain) -> DomainScore:
        return next(score for score in self.domains if score.domain is domain)

    @property
    def domain_scores(self) -> dict[NeedDomain, int]:
        return {score.domain: score.score for score in self.domains}


# --- need ---------------------------------------------------------------------------------------


def _band_of_total(domain: NeedDomain, total: int) -> int:
    if domain is NeedDomain.SEX:
        return 2 if total >= 4 else 1 if total >= 2 else 0
    if domain is NeedDomain.THINKING:
        return 2 if total >= 3 else 1 if total >= 1 else 0
    return 2 if total >= 5 else 1 if total >= 2 else 0


def score_domain(items: NeedItems, domain: NeedDomain) -> DomainScore:
    """The domain's score 0-2 from its items (unanswered items count 0)."""
    terms = tuple(
        ItemTerm(name=name, value=items.item(domain, name)) for name in DOMAIN_ITEMS[domain]
    )
    total = sum(term.value or 0 for term in terms)
    score = _band_of_total(domain, total)
    reason = DomainScoreReason.TOTAL
    key = KEY_ITEMS.get(domain)
    if key is not None and items.item(domain, key) == 2 and score < 2:
        score, reason = 2, DomainScoreReason.KEY_ITEM
    return DomainScore(domain=domain, items=terms, total=total, score=score, reason=reason)


def need_band_for(need_score: int) -> NeedBand:
    """0-2 low, 3-5 medium, 6-8 high."""
    if need_score >= 6:
        return NeedBand.HIGH
    if need_score >= 3:
        return NeedBand.MEDIUM
    return NeedBand.LOW


# --- risk ---------------------------------------------------------------------------------------

#: Half-open thresholds (high from, medium from) on the figure as given.
PERCENT_THRESHOLDS: dict[RiskScoreName, tuple[float, float]] = {
    RiskScoreName.OGRS3: (75.0, 50.0),
    RiskScoreName.OVP: (60.0, 30.0),
    RiskScoreName.RSR: (3.0, 1.0),
}


def band_for_score(name: RiskScoreName, percent: float) -> RiskLevel:
    """High from the first threshold up, medium from the second up to it, else low."""
    high_from, medium_from = PERCENT_THRESHOLDS[name]
    if percent >= high_from:
        return RiskLevel.HIGH
    if percent >= medium_from:
        return RiskLevel.MEDIUM
    return RiskLevel.LOW


def _osp_band(level: OspLevel) -> RiskLevel:
    if level in (OspLevel.HIGH, OspLevel.VERY_HIGH):
        return RiskLevel.HIGH
    return RiskLevel.MEDIUM if level is OspLevel.MEDIUM else RiskLevel.LOW


def _osp_present(level: OspLevel | None) -> bool:
    return level is not None and level is not OspLevel.NOT_APPLICABLE


def _percent_term(name: RiskScoreName, percent: float | None) -> RiskTerm:
    if percent is None:
        return RiskTerm(name=name, band=None, status=RiskTermStatus.NOT_GIVEN)
    return RiskTerm(
        name=name,
        percent=percent,
        band=band_for_score(name, percent),
        status=RiskTermStatus.COUNTED,
    )


def _osp_term(name: RiskScoreName, level: OspLevel | None, sex: Sex) -> RiskTerm:
    if level is None:
        return RiskTerm(name=name, band=None, status=RiskTermStatus.NOT_GIVEN)
    if sex is Sex.FEMALE:
        return RiskTerm(
            name=name, level=level.value, band=None, status=RiskTermStatus.IGNORED_FOR_WOMEN
        )
    if level is OspLevel.NOT_APPLICABLE:
        return RiskTerm(
            name=name, level=level.value, band=None, status=RiskTermStatus.NOT_APPLICABLE
        )
    return RiskTerm(
        name=name, level=level.value, band=_osp_band(level), status=RiskTermStatus.COUNTED
    )


def _sara_term(name: RiskScoreName, level: SaraLevel | None) -> RiskTerm:
    if level is None:
        return RiskTerm(name=name, band=None, status=RiskTermStatus.NOT_GIVEN)
    return RiskTerm(
        name=name, level=level.value, band=RiskLevel(level.value), status=RiskTermStatus.COUNTED
    )


def risk_terms(inp: PniInput) -> tuple[RiskTerm, ...]:
    """Every risk score with the band it gives and whether it counts for this person."""
    risk = inp.risk
    rsr = _percent_term(RiskScoreName.RSR, risk.rsr)
    osp_present = _osp_present(risk.osp_dc) or _osp_present(risk.osp_iic)
    if inp.sex is Sex.MALE and osp_present and risk.rsr is not None:
        rsr = RiskTerm(
            name=RiskScoreName.RSR,
            percent=risk.rsr,
            band=None,
            status=RiskTermStatus.IGNORED_OSP_PRESENT,
        )
    return (
        _percent_term(RiskScoreName.OGRS3, risk.ogrs3),
        _percent_term(RiskScoreName.OVP, risk.ovp),
        _osp_term(RiskScoreName.OSP_DC, risk.osp_dc, inp.sex),
        _osp_term(RiskScoreName.OSP_IIC, risk.osp_iic, inp.sex),
        rsr,
        _sara_term(RiskScoreName.SARA_PARTNER, risk.sara_partner),
        _sara_term(RiskScoreName.SARA_OTHER, risk.sara_other),
    )


def overall_risk(terms: tuple[RiskTerm, ...]) -> tuple[RiskLevel | None, tuple[RiskScoreName, ...]]:
    """The highest band of the counted scores, and every counted score at that band."""
    counted = [t for t in terms if t.status is RiskTermStatus.COUNTED and t.band is not None]
    if not counted:
        return None, ()
    band = max((t.band for t in counted if t.band is not None), key=lambda b: b.rank)
    return band, tuple(t.name for t in counted if t.band is band)


# --- missing information ------------------------------------------------------------------------


def _item_path(domain: NeedDomain, name: str) -> str:
    return f"need_items.{domain.value}.{name}"


def missing_need_items(inp: PniInput) -> tuple[str, ...]:
    """The unanswered items that stop the pathway being computed (see rule 1)."""
    items = inp.need_items
    missing: list[str] = []
    sex_unanswered = [
        name for name in DOMAIN_ITEMS[NeedDomain.SEX] if items.item(NeedDomain.SEX, name) is None
    ]
    osp_present = _osp_present(inp.risk.osp_dc) or _osp_present(inp.risk.osp_iic)
    partly_answered = 0 < len(sex_unanswered) < len(DOMAIN_ITEMS[NeedDomain.SEX])
    if partly_answered or (inp.sex is Sex.MALE and osp_present and sex_unanswered):
        missing.extend(_item_path(NeedDomain.SEX, name) for name in sex_unanswered)
    for domain in (NeedDomain.THINKING, NeedDomain.RELATIONSHIPS, NeedDomain.SELF_MANAGEMENT):
        missing.extend(
            _item_path(domain, name)
            for name in DOMAIN_ITEMS[domain]
            if items.item(domain, name) is None
        )
    return tuple(missing)


def _unscored_risk_paths(inp: PniInput) -> tuple[str, ...]:
    names = [RiskScoreName.OGRS3, RiskScoreName.OVP]
    if inp.sex is Sex.MALE:
        names += [RiskScoreName.OSP_DC, RiskScoreName.OSP_IIC]
    names += [RiskScoreName.RSR, RiskScoreName.SARA_PARTNER, RiskScoreName.SARA_OTHER]
    return tuple(f"risk.{name.value}" for name in names)


# --- pathway ------------------------------------------------------------------------------------

_TABLE: dict[tuple[NeedBand, RiskLevel], tuple[ProgrammePathway, PniRule]] = {
    (NeedBand.HIGH, RiskLevel.HIGH): (ProgrammePathway.HIGH_INTENSITY, PniRule.HIGH_NEED_HIGH_RISK),
    (NeedBand.MEDIUM, RiskLevel.HIGH): (
        ProgrammePathway.MODERATE_INTENSITY,
        PniRule.MEDIUM_NEED_HIGH_RISK,
    ),
    (NeedBand.HIGH, RiskLevel.MEDIUM): (
        ProgrammePathway.MODERATE_INTENSITY,
        PniRule.HIGH_NEED_MEDIUM_RISK,
    ),
    (NeedBand.MEDIUM, RiskLevel.MEDIUM): (
        ProgrammePathway.MODERATE_INTENSITY,
        PniRule.MEDIUM_NEED_MEDIUM_RISK,
    ),
}


def _pathway(
    inp: PniInput,
    need_band: NeedBand,
    terms: tuple[RiskTerm, ...],
    risk_band: RiskLevel | None,
) -> tuple[ProgrammePathway, PniRule, tuple[str, ...]]:
    missing = missing_need_items(inp)
    if missing:
        if risk_band is None:
            missing += _unscored_risk_paths(inp)
        return ProgrammePathway.MISSING_INFORMATION, PniRule.MISSING_NEED_ITEMS, missing
    if risk_band is None:
        return (
            ProgrammePathway.MISSING_INFORMATION,
            PniRule.NO_RISK_SCORES,
            _unscored_risk_paths(inp),
        )
    band = {t.name: t.band for t in terms if t.status is RiskTermStatus.COUNTED}
    sara = (band.get(RiskScoreName.SARA_PARTNER), band.get(RiskScoreName.SARA_OTHER))
    violence_high = band.get(RiskScoreName.OVP) is RiskLevel.HIGH or RiskLevel.HIGH in sara
    if band.get(RiskScoreName.OGRS3) is RiskLevel.HIGH and violence_high:
        return ProgrammePathway.HIGH_INTENSITY, PniRule.OGRS3_AND_VIOLENCE_HIGH, ()
    if need_band is NeedBand.LOW and (RiskLevel.HIGH in sara or RiskLevel.MEDIUM in sara):
        return ProgrammePathway.MODERATE_INTENSITY, PniRule.LOW_NEED_WITH_SARA, ()
    if need_band is NeedBand.LOW:
        return ProgrammePathway.ALTERNATIVE, PniRule.LOW_NEED, ()
    if risk_band is RiskLevel.LOW:
        return ProgrammePathway.ALTERNATIVE, PniRule.LOW_RISK, ()
    pathway, rule = _TABLE[(need_band, risk_band)]
    return pathway, rule, ()


def compute_pni(inp: PniInput) -> PniResult:
    """The programme pathway for ``inp`` with every term (see the module docstring)."""
    domains = tuple(score_domain(inp.need_items, domain) for domain in NeedDomain)
    need_score = sum(domain.score for domain in domains)
    need_band = need_band_for(need_score)
    terms = risk_terms(inp)
    risk_band, set_by = overall_risk(terms)
    pathway, rule, missing = _pathway(inp, need_band, terms, risk_band)
    return PniResult(
        inputs=inp,
        domains=domains,
        need_score=need_score,
        need_band=need_band,
        risk_terms=terms,
        risk_band=risk_band,
        risk_set_by=set_by,
        pathway=pathway,
        rule=rule,
        missing=missing,
    )
