"""The keys a recommendation is ranked by, each with its explanation (docs/evidence.md).

Ranking is by key, never by a sum: tier, then need priority, then the dose for the risk
level, then whether the item starts only after release while release is more than the
release-day window away, then evidence strength, then continuity, then the tie-break
(``recommender.py``).

- need_priority (0-7): the need's severity (low 1, medium 2, high 3) plus 3 when the
  officer marked it linked to offending; 7 for specialised sexual-offending treatment
  when the person has a sexual conviction at medium or higher risk. Which need an item may
  claim depends on its purpose (``need_terms``).
- risk_intensity_fit (0-2): 2 when the intensity is the one the risk level calls for
  (low-low, medium-moderate, high/very high-high), 1 one step away, 0 two steps away.
- evidence_strength (0-4): from the records that measured reoffending (and death or
  overdose for the safety items) and hold for the person's risk level; records specific
  to the intervention's setting override general reviews; per outcome the highest-quality
  records count and, where they disagree, the less favourable; strength is quality x
  effect weight (beneficial 1, beneficial with some harm 0.5, some benefit not significant
  0.25, otherwise 0), halved for an indirect population; the best outcome counts.
- continuity (0-1): through the gate, or custody with booked community aftercare, 1;
  community 0.5; custody only 0 (Beaudry et al. 2021).
"""

from __future__ import annotations

import functools
from collections.abc import Iterable

from resettle.domain.pathways import Pathway
from resettle.domain.risk import RiskLevel
from resettle.evidence.codes import (
    EFFECT_WEIGHTS,
    SPECIFIC_SETTINGS,
    EffectDirection,
    EvidenceSetting,
    Intensity,
    InterventionTag,
    OutcomeType,
    Setting,
    SourceType,
)
from resettle.evidence.needs import CRIMINOGENIC_BONUS, EffectiveNeed
from resettle.evidence.results import ScoreTerm, TermCode
from resettle.evidence.schema import Citation, EvidenceRecord, Intervention

INDIRECT_POPULATION_FACTOR = 0.5
SAFETY_TAGS = frozenset(
    {
        InterventionTag.NALOXONE,
        InterventionTag.OPIOID_TREATMENT_CONTINUITY,
        InterventionTag.FIRST_NIGHT_ACCOMMODATION,
    }
)

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


NO_NEED = term(TermCode.NEED_PRIORITY, 0, "Addresses none of this person's recorded needs.")
SEXUAL_OFFENDING_NEED = term(
    TermCode.NEED_PRIORITY,
    3 + CRIMINOGENIC_BONUS + 1,
    "Sexual conviction at medium or higher risk: specialised sexual-offending treatment is "
    "the first offending-related need (more effective for medium and high risk).",
)

#: One way an intervention may claim a need: the pathway, and the words saying why.
NeedRoute = tuple[Pathway, str]


@functools.lru_cache(maxsize=2048)
def _pathway_need_term(pathway: Pathway, need: EffectiveNeed, via: str) -> ScoreTerm:
    value = need.priority
    if value == 0:
        return NO_NEED
    text = f"{need.severity.value.capitalize()} need on {pathway.label}"
    if need.implied_by is not None:
        text += f" (implied by the flag {need.implied_by})"
    if need.criminogenic:
        text += ", marked as linked to offending (criminogenic)"
    return term(TermCode.NEED_PRIORITY, value, text + via + ".")


def need_priority(
    routes: tuple[NeedRoute, ...],
    specialised_sexual: bool,
    sexual_medium_or_higher: bool,
    needs: dict[Pathway, EffectiveNeed],
) -> ScoreTerm:
    """The highest need among the routes an intervention may claim (first wins ties).

    Specialised sexual-offending treatment is needed for anyone with a sexual conviction
    at medium or higher risk, whatever the needs section says.
    """
    if specialised_sexual and sexual_medium_or_higher:
        return SEXUAL_OFFENDING_NEED
    best = NO_NEED
    for pathway, via in routes:
        need = needs.get(pathway)
        if need is None:
            continue
        candidate = _pathway_need_term(pathway, need, via)
        if candidate.value > best.value:
            best = candidate
    return best


_PATHWAY_INDEX = {pathway: index for index, pathway in enumerate(Pathway)}


#: A route with its pathway's index and its remembered terms (by the need object's id).
_IndexedRoute = tuple[int, Pathway, str, dict[int, tuple[EffectiveNeed, ScoreTerm]]]
_ROUTE_MEMO_LIMIT = 1_024


class NeedTermIndex:
    """``need_priority`` for many route sets at once, per person. Each route remembers its
    term per need object (``effective_needs`` shares one object per kind of need), keyed
    by the object's id and kept with it, so an id is never taken for another object's.

    A need on a pathway where the person declined support counts only when no route has a
    need they have not declined; the route set is then marked with the declined pathways
    (``best_per_set``)."""

    def __init__(self, route_sets: tuple[tuple[NeedRoute, ...], ...]) -> None:
        self.route_sets: tuple[tuple[_IndexedRoute, ...], ...] = tuple(
            tuple((_PATHWAY_INDEX[pathway], pathway, via, {}) for pathway, via in routes)
            for routes in route_sets
        )

    def best_per_set(
        self, needs: dict[Pathway, EffectiveNeed]
    ) -> tuple[list[ScoreTerm], list[int], list[int] | None]:
        """The term per route set, its value as an int (reading a field of a Pydantic
        model goes through its ``__getattr__`` hook, slow in a loop over every item), and
        per route set the declined pathways its need comes from (bit i for the i-th
        pathway; 0 when it has a need the person has not declined). The last is None when
        the person declined no support, which is the common case and stays as fast."""
        by_index: list[EffectiveNeed | None] = [None] * len(_PATHWAY_INDEX)
        any_declined = False
        for pathway, recorded in needs.items():
            by_index[_PATHWAY_INDEX[pathway]] = recorded
            if recorded.declined:
                any_declined = True
        if any_declined:
            return self._with_declined(by_index)
        out = []
        values = []
        for routes in self.route_sets:
            best = NO_NEED
            best_value = 0
            for index, pathway, via, memo in routes:
                need = by_index[index]
                if need is None or need.priority <= best_value:
                    continue
                # ``_remembered``, inline: this runs for every route of every person.
                found = memo.get(id(need))
                if found is None or found[0] is not need:
                    if len(memo) > _ROUTE_MEMO_LIMIT:
                        memo.clear()
                    found = memo[id(need)] = (need, _pathway_need_term(pathway, need, via))
                best, best_value = found[1], need.priority
            out.append(best)
            values.append(best_value)
        return out, values, None

    def _with_declined(
        self, by_index: list[EffectiveNeed | None]
    ) -> tuple[list[ScoreTerm], list[int], list[int]]:
        out = []
        values = []
        declined_sets = []
        for routes in self.route_sets:
            best, best_value = NO_NEED, 0
            refused, refused_value, mask = NO_NEED, 0, 0
            for index, pathway, via, memo in routes:
                need = by_index[index]
                if need is None or not need.priority:
                    continue
                if need.declined:
                    mask |= 1 << index
                    if need.priority > refused_value:
                        refused = _remembered(memo, pathway, need, via)
                        refused_value = need.priority
                elif need.priority > best_value:
                    best, best_value = _remembered(memo, pathway, need, via), need.priority
            if best_value:
                out.append(best)
                values.append(best_value)
                declined_sets.append(0)
            else:
                out.append(refused)
                values.append(refused_value)
                declined_sets.append(mask)
        return out, values, declined_sets


def _remembered(
    memo: dict[int, tuple[EffectiveNeed, ScoreTerm]],
    pathway: Pathway,
    need: EffectiveNeed,
    via: str,
) -> ScoreTerm:
    """The route's term for ``need``, worked out once per need object."""
    found = memo.get(id(need))
    if found is None or found[0] is not need:
        if len(memo) > _ROUTE_MEMO_LIMIT:
            memo.clear()
        found = memo[id(need)] = (need, _pathway_need_term(pathway, need, via))
    return found[1]


def risk_fit(intensity: Intensity, risk: RiskLevel) -> int:
    """2 when the intensity is the one the risk level calls for, 1 or 0 further away."""
    return 2 - abs(intensity.rank - IDEAL_INTENSITY[risk].rank)


def intensity_term(
    intervention: Intervention, risk: RiskLevel, records: tuple[str, ...]
) -> ScoreTerm:
    ideal = IDEAL_INTENSITY[risk]
    fit = risk_fit(intervention.intensity, risk)
    name = intervention.intensity.capitalize()
    if fit == 2:
        text = f"{name} intensity fits {risk} risk."
    else:
        text = f"{name} intensity for {risk} risk ({ideal} would fit better)."
    return term(TermCode.RISK_INTENSITY_FIT, fit, text, records)


# ------------------------------------------------------------------ evidence


def record_strength(record: EvidenceRecord) -> float:
    """Quality x effect weight, halved for evidence from a different population."""
    value = record.quality * EFFECT_WEIGHTS[record.effect.direction]
    return value * INDIRECT_POPULATION_FACTOR if record.indirect_population else value


def counted_outcomes(intervention: Intervention) -> frozenset[OutcomeType]:
    """The outcome types ranking counts for this intervention."""
    if SAFETY_TAGS & set(intervention.tags):
        return frozenset({OutcomeType.REOFFENDING, OutcomeType.DEATH_OR_OVERDOSE})
    return frozenset({OutcomeType.REOFFENDING})


def applies_to(record: EvidenceRecord, risk: RiskLevel) -> bool:
    return not record.risk_levels or risk in record.risk_levels


def deciding_record(records: Iterable[EvidenceRecord], setting: Setting) -> EvidenceRecord | None:
    """For one outcome: setting-specific records override general ones; the highest quality
    counts; at equal quality the less favourable record wins (then the id, for stability)."""
    pool = list(records)
    matching = SPECIFIC_SETTINGS[setting]
    specific = [r for r in pool if r.setting in matching]
    if specific:
        pool = specific
    if not pool:
        return None
    top = max(r.quality for r in pool)
    return min((r for r in pool if r.quality == top), key=lambda r: (record_strength(r), r.id))


#: Where a setting-specific record's evidence comes from, in plain words.
_SETTING_WORDS = {
    EvidenceSetting.CUSTODY: "prison settings",
    EvidenceSetting.POST_RELEASE_COMMUNITY: "the community after release",
}
#: Source types an officer would call a review.
_REVIEWS = frozenset(
    {
        SourceType.SYSTEMATIC_REVIEW_META_ANALYSIS,
        SourceType.RAPID_EVIDENCE_ASSESSMENT,
        SourceType.TOOLKIT_SUMMARY,
    }
)


def overridden_general(
    records: Iterable[EvidenceRecord], deciding: EvidenceRecord, setting: Setting
) -> EvidenceRecord | None:
    """The general record that would have decided one outcome had ``deciding``, a
    setting-specific record, not taken precedence over it (None when it did not)."""
    matching = SPECIFIC_SETTINGS[setting]
    if deciding.setting not in matching:
        return None
    general = [
        r for r in records if r.outcome_type is deciding.outcome_type and r.setting not in matching
    ]
    return deciding_record(general, setting) if general else None


_FAVOURABLE = {
    OutcomeType.REOFFENDING: "less reoffending",
    OutcomeType.DEATH_OR_OVERDOSE: "fewer deaths or overdoses",
    OutcomeType.EMPLOYMENT: "more employment",
    OutcomeType.TREATMENT_ENGAGEMENT: "more engagement with treatment",
    OutcomeType.IN_PRISON_BEHAVIOUR: "better behaviour in prison",
    OutcomeType.WELL_BEING: "better well-being",
}


def finding_words(record: EvidenceRecord) -> str:
    """The finding in plain words: the pack's own, or built from outcome and direction."""
    if record.plain_finding:
        return record.plain_finding
    outcome = record.outcome_type or OutcomeType.REOFFENDING
    good = _FAVOURABLE[outcome]
    words = outcome.words
    return {
        EffectDirection.BENEFICIAL: good,
        EffectDirection.BENEFICIAL_SOME_HARM: f"{good} overall, with some increases",
        EffectDirection.SOME_BENEFIT_NOT_SIGNIFICANT: f"a trend towards {good}, not significant",
        EffectDirection.NO_EFFECT: f"no effect on {words}",
        EffectDirection.HARMFUL: f"possible harm: worse {words}",
        EffectDirection.ASSOCIATION_ONLY: f"an association with {words}, not an effect",
        EffectDirection.NOT_ESTABLISHED: f"effect on {words} not established",
    }[record.effect.direction]


def reoffending_strength(intervention: Intervention, risk: RiskLevel) -> float:
    """Strength of the reoffending evidence alone for ``risk`` (the deciding record's): an
    item with none (0) is never in the tier for needs linked to offending."""
    deciding = deciding_record(
        (
            r
            for r in intervention.evidence
            if r.outcome_type is OutcomeType.REOFFENDING and applies_to(r, risk)
        ),
        intervention.setting,
    )
    return max(record_strength(deciding), 0.0) if deciding is not None else 0.0


def evidence_term(
    intervention: Intervention, risk: RiskLevel, citations: dict[str, Citation]
) -> ScoreTerm:
    """Evidence strength for ``risk`` with its plain-words explanation."""
    counted = counted_outcomes(intervention)
    records = [r for r in intervention.evidence if applies_to(r, risk)]
    deciding = [
        d
        for outcome in sorted(counted)
        if (
            d := deciding_record(
                (r for r in records if r.outcome_type is outcome), intervention.setting
            )
        )
        is not None
    ]
    best = max(deciding, key=lambda r: (record_strength(r), r.id), default=None)
    others = [r for r in records if r.outcome_type not in counted]
    value = record_strength(best) if best is not None else 0.0

    def cite(record: EvidenceRecord) -> str:
        return citations[record.citation_id].short()

    def precedence(record: EvidenceRecord) -> str:
        """Why a setting-specific record decides ahead of a general one, or ''."""
        general = overridden_general(records, record, intervention.setting)
        if general is None or record.setting is None:
            return ""
        kind = "review" if general.source_type in _REVIEWS else "evidence"
        return (
            f" Evidence from {_SETTING_WORDS[record.setting]} decides here ({cite(record)}: "
            f"{finding_words(record)}) ahead of the general {kind} ({cite(general)}: "
            f"{finding_words(general)})."
        )

    if best is None or value <= 0:
        shown = [r for r in deciding if r.effect.direction is not EffectDirection.NOT_ESTABLISHED]
        text = "Evidence strength 0: no record shows less reoffending"
        if counted != {OutcomeType.REOFFENDING}:
            text += " or fewer deaths"
        if shown:
            text += " (" + "; ".join(f"{finding_words(r)}, {cite(r)}" for r in shown) + ")"
        else:
            text += " (evidence not established)"
        text += "." + "".join(precedence(r) for r in deciding)
    else:
        factor = (
            ", evidence from a different population, given half weight"
            if best.indirect_population
            else ""
        )
        text = (
            f"Evidence strength {value:g}: {finding_words(best)} ({cite(best)}, quality "
            f"{best.quality} of 4, {best.effect.direction.value.replace('_', ' ')}{factor})."
            + precedence(best)
        )
    if others:
        shown_others = sorted(others, key=lambda r: (-r.quality, r.id))
        text += (
            " Not counted for ranking: "
            + "; ".join(f"{finding_words(r)} ({cite(r)})" for r in shown_others)
            + "."
        )
    ids = tuple(r.id for r in deciding) if best is not None else ()
    return term(TermCode.EVIDENCE_STRENGTH, max(value, 0.0), text, ids)


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
