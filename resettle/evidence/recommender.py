"""The RNR recommender: rank a pack's interventions for one person, explaining every
recommendation and every exclusion (see ``scoring.py`` and docs/evidence.md).

Ranking key: precedence tier (naloxone, opioid treatment continuity, first-night
accommodation, other release-day essentials, everything else), then score (high first),
then intervention id. Same profile and pack, same result.
"""

from __future__ import annotations

from dataclasses import dataclass

from resettle.domain.pathways import Pathway
from resettle.domain.risk import RiskLevel
from resettle.evidence.codes import (
    InterventionTag,
    NeedSeverity,
    PrincipleRule,
    ProfileFlag,
    ResponsivityFactor,
)
from resettle.evidence.exclusions import (
    eligibility_failures,
    need_not_present,
    rule_exclusions,
    static_exclusions,
)
from resettle.evidence.loader import LoadedPack, load_embedded_pack
from resettle.evidence.needs import EffectiveNeed, effective_needs
from resettle.evidence.profile import CaseProfile, check_intervention_ids
from resettle.evidence.responsivity import AdviceIndex, profile_factors
from resettle.evidence.results import (
    EvidenceSummary,
    Exclusion,
    ExclusionReason,
    PathwayEvidenceNote,
    Precedence,
    Recommendation,
    RecommendationResult,
    ScoreTerm,
)
from resettle.evidence.schema import (
    NOT_REPORTED,
    Citation,
    EvidencePack,
    EvidenceRecord,
    Intervention,
)
from resettle.evidence.scoring import (
    continuity_term,
    evidence_term,
    intensity_term,
    need_priority,
    need_term,
)

RULE_VERSION = "1.0.0"

_PRECEDENCE_TEXT = {
    Precedence.NALOXONE: "Opioid use at release: naloxone comes first (the weeks after release "
    "carry the highest risk of opioid death).",
    Precedence.OPIOID_TREATMENT_CONTINUITY: "Opioid use at release: treatment continuity comes "
    "straight after naloxone (lower mortality in the first four weeks).",
    Precedence.FIRST_NIGHT_ACCOMMODATION: "No first-night accommodation: a place to sleep comes "
    "before other work (after the opioid safety items).",
    Precedence.RELEASE_DAY_ESSENTIAL: "Release-day essential: blocks engagement with everything "
    "else if missing.",
}


@dataclass(frozen=True, slots=True)
class _Prepared:
    """What does not depend on the person, computed once per pack."""

    intervention: Intervention
    static_reasons: tuple[ExclusionReason, ...]
    evidence: tuple[EvidenceSummary, ...]
    evidence_term: ScoreTerm
    continuity_term: ScoreTerm
    intensity_terms: dict[RiskLevel, ScoreTerm]


@dataclass(frozen=True, slots=True)
class _Candidate:
    prepared: _Prepared
    terms: tuple[ScoreTerm, ...]
    score: float
    precedence: Precedence

    @property
    def sort_key(self) -> tuple[int, float, str]:
        return (self.precedence.order, -self.score, self.prepared.intervention.id)


class Recommender:
    """A pack prepared for recommending; build once, call ``recommend`` per person."""

    def __init__(self, pack: EvidencePack) -> None:
        self.pack = pack
        self._principles: dict[PrincipleRule, tuple[str, ...]] = {}
        self._principle_records: dict[PrincipleRule, tuple[str, ...]] = {}
        for principle in sorted(pack.principles, key=lambda p: p.id):
            ids = (*self._principles.get(principle.rule, ()), principle.id)
            self._principles[principle.rule] = ids
            records = tuple(r.id for r in principle.evidence) + tuple(principle.evidence_ids)
            self._principle_records[principle.rule] = (
                self._principle_records.get(principle.rule, ()) + records
            )
        citations = {c.id: c for c in pack.citations}
        risk_records = self._principle_records.get(PrincipleRule.RISK_INTENSITY, ())
        continuity_records = self._principle_records.get(PrincipleRule.CONTINUITY, ())
        self._items = tuple(
            _Prepared(
                intervention=item,
                static_reasons=static_exclusions(item),
                evidence=tuple(
                    _summary(r, citations)
                    for r in sorted(item.evidence, key=lambda r: (-r.quality, r.id))
                ),
                evidence_term=evidence_term(item, citations),
                continuity_term=continuity_term(item, continuity_records),
                intensity_terms={r: intensity_term(item, r, risk_records) for r in RiskLevel},
            )
            for item in sorted(pack.interventions, key=lambda i: i.id)
        )
        self._ids = frozenset(i.id for i in pack.interventions)
        self._advice = AdviceIndex(pack)
        self._notes = tuple(
            PathwayEvidenceNote(
                note_id=n.id,
                pathway=n.pathway,
                kind=n.kind.value,
                statement=n.statement,
                verification=n.verification.value,
            )
            for n in sorted(pack.pathway_notes, key=lambda n: n.id)
        )

    def recommend(self, profile: CaseProfile) -> RecommendationResult:
        check_intervention_ids(profile, self._ids)
        needs = effective_needs(profile)
        factors = profile_factors(profile)
        risk_records = self._principle_records.get(PrincipleRule.RISK_INTENSITY, ())
        sexual_records = self._principle_records.get(
            PrincipleRule.SEXUAL_OFFENDING_SPECIALISATION, ()
        )
        candidates: list[_Candidate] = []
        exclusions: list[Exclusion] = []
        for prepared in self._items:
            item = prepared.intervention
            reasons = list(prepared.static_reasons)
            reasons += eligibility_failures(item, profile)
            reasons += rule_exclusions(item, profile, risk_records, sexual_records)
            match = need_priority(item, profile, needs)
            missing_flag = item.eligibility.requires_any_flag and not (
                profile.flags & set(item.eligibility.requires_any_flag)
            )
            if missing_flag:
                flags = " or ".join(item.eligibility.requires_any_flag)
                reasons.append(need_not_present(f"Only relevant with the flag {flags}."))
            elif match.value == 0:
                pathways = ", ".join(p.label for p in item.pathways)
                reasons.append(need_not_present(f"No need recorded on {pathways}."))
            if reasons:
                exclusions.append(
                    Exclusion.model_construct(
                        intervention_id=item.id,
                        name=item.name,
                        pathway=item.primary_pathway,
                        reasons=tuple(reasons),
                    )
                )
                continue
            terms = (
                need_term(match),
                prepared.evidence_term,
                prepared.continuity_term,
                prepared.intensity_terms[profile.risk_level],
            )
            score = round(sum(t.value for t in terms), 3)
            candidates.append(_Candidate(prepared, terms, score, _precedence(item, profile, needs)))
        candidates.sort(key=lambda c: c.sort_key)
        recommendations = tuple(
            self._recommendation(rank, candidate, factors)
            for rank, candidate in enumerate(candidates, start=1)
        )
        needed = {p for p, n in needs.items() if n.severity is not NeedSeverity.NONE}
        return RecommendationResult.model_construct(
            pack_version=self.pack.pack_version,
            rule_version=RULE_VERSION,
            recommendations=recommendations,
            exclusions=tuple(exclusions),
            notes=tuple(n for n in self._notes if n.pathway in needed),
        )

    def _recommendation(
        self, rank: int, candidate: _Candidate, factors: tuple[ResponsivityFactor, ...]
    ) -> Recommendation:
        item = candidate.prepared.intervention
        terms = candidate.terms
        precedence = candidate.precedence
        reasons = [_PRECEDENCE_TEXT[precedence]] if precedence in _PRECEDENCE_TEXT else []
        reasons += [t.explanation for t in terms if t.value != 0 or t is terms[1]]
        return Recommendation.model_construct(
            intervention_id=item.id,
            name=item.name,
            pathway=item.primary_pathway,
            pathways=tuple(item.pathways),
            rank=rank,
            score=candidate.score,
            precedence=precedence,
            intensity=item.intensity,
            setting=item.setting,
            terms=terms,
            reasons=tuple(reasons),
            evidence=candidate.prepared.evidence,
            delivery_advice=self._advice.advice(item.id, factors),
            principle_ids=self._principle_ids(precedence, terms),
        )

    def _principle_ids(
        self, precedence: Precedence, terms: tuple[ScoreTerm, ...]
    ) -> tuple[str, ...]:
        rules = [PrincipleRule.NEED_PRIORITY]
        if precedence in (Precedence.NALOXONE, Precedence.OPIOID_TREATMENT_CONTINUITY):
            rules.append(PrincipleRule.OPIOID_RELEASE_SAFETY)
        if terms[2].value > 0:
            rules.append(PrincipleRule.CONTINUITY)
        if terms[3].value != 0:
            rules.append(PrincipleRule.RISK_INTENSITY)
        return tuple(pid for rule in rules for pid in self._principles.get(rule, ()))


def _precedence(
    item: Intervention, profile: CaseProfile, needs: dict[Pathway, EffectiveNeed]
) -> Precedence:
    tags = item.tags
    opioid = ProfileFlag.OPIOID_USE in profile.flags
    if opioid and InterventionTag.NALOXONE in tags:
        return Precedence.NALOXONE
    if opioid and InterventionTag.OPIOID_TREATMENT_CONTINUITY in tags:
        return Precedence.OPIOID_TREATMENT_CONTINUITY
    if InterventionTag.FIRST_NIGHT_ACCOMMODATION in tags:
        accommodation = needs.get(Pathway.ACCOMMODATION)
        if ProfileFlag.NO_FIXED_ABODE in profile.flags or (
            accommodation is not None and accommodation.severity is NeedSeverity.HIGH
        ):
            return Precedence.FIRST_NIGHT_ACCOMMODATION
    if InterventionTag.RELEASE_DAY_ESSENTIAL in tags:
        return Precedence.RELEASE_DAY_ESSENTIAL
    return Precedence.GENERAL


def _summary(record: EvidenceRecord, citations: dict[str, Citation]) -> EvidenceSummary:
    effect = record.effect
    if effect.value == NOT_REPORTED:
        text = f"{effect.direction.value.replace('_', ' ')}; size not reported"
    else:
        text = f"{effect.metric}: {effect.value}"
        if effect.confidence_interval != NOT_REPORTED:
            text += f" (CI {effect.confidence_interval})"
    return EvidenceSummary(
        record_id=record.id,
        citation=citations[record.citation_id].formatted(),
        quality=record.quality,
        native_rating=record.native_rating.display(),
        source_type=record.source_type.value,
        outcome=record.outcome,
        effect=text,
        verification=record.verification.status.value,
    )


_cache: list[tuple[EvidencePack, Recommender]] = []


def recommender_for(pack: EvidencePack | LoadedPack | None = None) -> Recommender:
    """The prepared recommender for ``pack`` (default: the embedded pack), reused while
    the same pack object is passed."""
    if pack is None:
        pack = load_embedded_pack()
    model = pack.pack if isinstance(pack, LoadedPack) else pack
    if _cache and _cache[0][0] is model:
        return _cache[0][1]
    recommender = Recommender(model)
    _cache[:] = [(model, recommender)]
    return recommender


def recommend(
    profile: CaseProfile, pack: EvidencePack | LoadedPack | None = None
) -> RecommendationResult:
    """Recommendations and exclusions for one person (``ProfileInvalid`` for unknown ids)."""
    return recommender_for(pack).recommend(profile)
