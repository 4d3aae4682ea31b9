"""The terms that add up to a recommendation's score (rule steps 2-4).

score = need_priority + evidence_strength + continuity + risk_intensity_fit

- need_priority (0-6): the need's severity (low 1, medium 2, high 3) plus 3 when the
  officer marked it criminogenic, so a need linked to offending outranks any other need.
- evidence_strength (0-4): the best record's quality (0-4) x effect weight (beneficial 1,
  beneficial with some harm 0.5, some benefit not significant 0.25, otherwise 0), halved
  when the studied population is not adult prison leavers.
- continuity (0-1): through the gate, or custody with booked community aftercare, 1;
  community 0.5; custody only 0 (Beaudry et al. 2021).
- risk_intensity_fit (-0.25..0.5): intensity matching risk (low-low, medium-moderate,
  high/very high-high) +0.5; a low-intensity service 0; any other mismatch -0.25.
"""

from __future__ import annotations

import functools

from resettle.domain.pathways import Pathway
from resettle.domain.risk import RiskLevel
from resettle.evidence.codes import EFFECT_WEIGHTS, Intensity, Setting
from resettle.evidence.needs import EffectiveNeed
from resettle.evidence.results import ScoreTerm, TermCode
from resettle.evidence.schema import Citation, EvidenceRecord, Intervention

CRIMINOGENIC_BONUS = 3
INDIRECT_POPULATION_FACTOR = 0.5

IDEAL_INTENSITY: dict[RiskLevel, Intensity] = {
    RiskLevel.LOW: Intensity.LOW,
    RiskLevel.MEDIUM: Intensity.MODERATE,
    RiskLevel.HIGH: Intensity.HIGH,
    RiskLevel.VERY_HIGH: Intensity.HIGH,
}


@functools.lru_cache(maxsize=4096)
def term(
    code: TermCode, value: float, explanation: str, records: tuple[str, ...] = ()
) -> ScoreTerm:
    """A score term; identical terms are shared (results are immutable)."""
    return ScoreTerm(code=code, value=round(value, 3), explanation=explanation, record_ids=records)


NO_NEED = term(TermCode.NEED_PRIORITY, 0, "No need recorded on this pathway.")
SEXUAL_OFFENDING_NEED = term(
    TermCode.NEED_PRIORITY,
    3 + CRIMINOGENIC_BONUS,
    "Sexual conviction at medium or higher risk: specialised sexual-offending treatment is "
    "indicated (more effective for medium and high risk).",
)


@functools.lru_cache(maxsize=512)
def _pathway_need_term(pathway: Pathway, need: EffectiveNeed) -> ScoreTerm:
    value = need.severity.weight + (CRIMINOGENIC_BONUS if need.criminogenic else 0)
    if value == 0:
        return NO_NEED
    text = f"{need.severity.value.capitalize()} need on {pathway.label}"
    if need.implied_by is not None:
        text += f" (implied by the flag {need.implied_by})"
    if need.criminogenic:
        text += ", marked as linked to offending (criminogenic)"
    return term(TermCode.NEED_PRIORITY, value, text + ".")


#: Pathways in a fixed order, so per-person need terms can be held in a tuple.
PATHWAY_ORDER: tuple[Pathway, ...] = tuple(Pathway)
PATHWAY_SLOT: dict[Pathway, int] = {p: i for i, p in enumerate(PATHWAY_ORDER)}


def pathway_need_terms(needs: dict[Pathway, EffectiveNeed]) -> tuple[ScoreTerm, ...]:
    """One person's need-priority term per pathway, in ``PATHWAY_ORDER`` (rule step 2)."""
    return tuple(_pathway_need_term(p, needs[p]) if p in needs else NO_NEED for p in PATHWAY_ORDER)


def need_priority(
    slots: tuple[int, ...],
    specialised_sexual: bool,
    sexual_medium_or_higher: bool,
    by_slot: tuple[ScoreTerm, ...],
) -> ScoreTerm:
    """The highest need among an intervention's pathways (``slots``; first wins ties).

    Specialised sexual-offending treatment is needed for anyone with a sexual conviction
    at medium or higher risk, whatever the needs section says.
    """
    best = NO_NEED
    for slot in slots:
        candidate = by_slot[slot]
        if candidate.value > best.value:
            best = candidate
    if specialised_sexual and sexual_medium_or_higher and SEXUAL_OFFENDING_NEED.value > best.value:
        best = SEXUAL_OFFENDING_NEED
    return best


def record_strength(record: EvidenceRecord) -> float:
    """Quality x effect weight, halved for evidence from a different population."""
    value = record.quality * EFFECT_WEIGHTS[record.effect.direction]
    return value * INDIRECT_POPULATION_FACTOR if record.indirect_population else value


def evidence_term(intervention: Intervention, citations: dict[str, Citation]) -> ScoreTerm:
    best_value = -1.0
    best_text = ""
    best_id = ""
    for record in sorted(intervention.evidence, key=lambda r: r.id):
        weight = EFFECT_WEIGHTS[record.effect.direction]
        value = record_strength(record)
        factor = ""
        if record.indirect_population:
            factor = f" x {INDIRECT_POPULATION_FACTOR} (studied in a different population)"
        if value > best_value:
            best_value = value
            best_id = record.id
            best_text = (
                f"Evidence strength {value:g}: quality {record.quality} of 4 x effect weight "
                f"{weight:g} ({record.effect.direction}){factor}, "
                f"{citations[record.citation_id].short().rstrip('.')}."
            )
    if best_value <= 0:
        best_text = (
            "Evidence strength 0: no record shows a reduction in reoffending or harm "
            "(evidence not established or practice guidance only)."
        )
    return term(TermCode.EVIDENCE_STRENGTH, max(best_value, 0.0), best_text, (best_id,))


def continuity_term(intervention: Intervention, records: tuple[str, ...]) -> ScoreTerm:
    if intervention.setting is Setting.THROUGH_THE_GATE:
        return term(
            TermCode.CONTINUITY, 1.0, "Delivered through the gate (continuity of support).", records
        )
    if intervention.setting is Setting.CUSTODY and intervention.community_aftercare:
        return term(
            TermCode.CONTINUITY, 1.0, "Custody delivery with booked community aftercare.", records
        )
    if intervention.setting is Setting.COMMUNITY:
        return term(TermCode.CONTINUITY, 0.5, "Delivered in the community after release.", records)
    return term(
        TermCode.CONTINUITY, 0.0, "Custody only, without booked community aftercare.", records
    )


def intensity_term(
    intervention: Intervention, risk: RiskLevel, records: tuple[str, ...]
) -> ScoreTerm:
    ideal = IDEAL_INTENSITY[risk]
    if intervention.intensity is ideal:
        return term(
            TermCode.RISK_INTENSITY_FIT,
            0.5,
            f"{intervention.intensity.capitalize()} intensity matches {risk} risk.",
            records,
        )
    if intervention.intensity is Intensity.LOW:
        return term(TermCode.RISK_INTENSITY_FIT, 0.0, "Low-intensity service: no dosage rule.")
    return term(
        TermCode.RISK_INTENSITY_FIT,
        -0.25,
        f"{intervention.intensity.capitalize()} intensity for {risk} risk ({ideal} would match).",
        records,
    )
