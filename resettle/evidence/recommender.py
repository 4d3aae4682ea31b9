"""The RNR recommender: rank a pack's interventions for one person, explaining every
recommendation and every exclusion (terms in ``scoring.py``; docs/evidence.md).

Ranking key: precedence tier (naloxone, opioid treatment continuity, first-night
accommodation, other release-day essentials, everything else), then score (high first),
then intervention id. Same profile and pack, same result.
"""

from __future__ import annotations

from dataclasses import dataclass

from resettle.domain.pathways import Pathway
from resettle.domain.risk import RiskLevel
from resettle.evidence.codes import (
    NeedSeverity,
    PrincipleRule,
    ProfileFlag,
    ResponsivityFactor,
)
from resettle.evidence.exclusions import variable_exclusions
from resettle.evidence.loader import LoadedPack, load_embedded_pack
from resettle.evidence.needs import EffectiveNeed, effective_needs
from resettle.evidence.prepared import (
    PrecedenceKind,
    PreparedIntervention,
    PreparedPack,
    fixed_slot,
)
from resettle.evidence.profile import CaseProfile, check_intervention_ids
from resettle.evidence.responsivity import profile_factors
from resettle.evidence.results import (
    Exclusion,
    ExclusionReason,
    Precedence,
    Recommendation,
    RecommendationResult,
    ScoreTerm,
)
from resettle.evidence.schema import EvidencePack, Intervention
from resettle.evidence.scoring import need_priority, pathway_need_terms

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

_Explained = tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]
_MEMO_LIMIT = 65_536


@dataclass(frozen=True, slots=True)
class _Candidate:
    prepared: PreparedIntervention
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
        self._prepared = PreparedPack(pack)
        self._exclusions: dict[tuple[str | int, ...], Exclusion] = {}
        self._explained: dict[tuple[object, ...], _Explained] = {}

    def recommend(self, profile: CaseProfile) -> RecommendationResult:
        prepared_pack = self._prepared
        check_intervention_ids(profile, prepared_pack.ids)
        needs = effective_needs(profile)
        need_terms = pathway_need_terms(needs)
        factors = profile_factors(profile)
        risk = profile.risk_level
        slot = fixed_slot(risk, profile.sex, profile.sexual_offence)
        sexual_medium_up = profile.sexual_offence and risk is not RiskLevel.LOW
        flags = frozenset(f.value for f in profile.flags)
        tiers = _precedence_tiers(profile, needs)
        candidates: list[_Candidate] = []
        exclusions: list[Exclusion] = []
        for prepared in prepared_pack.items:
            item = prepared.intervention
            need = need_priority(
                prepared.pathway_slots, prepared.specialised_sexual, sexual_medium_up, need_terms
            )
            required = prepared.required_flags
            flag_missing = bool(required) and not required & flags
            reasons = prepared.fixed_reasons[slot]
            gate_open = prepared.gate.passes(profile)
            if reasons or flag_missing or not need.value or not gate_open:
                if not gate_open:
                    reasons = (*reasons, *variable_exclusions(item, profile))
                if flag_missing:
                    reasons = (*reasons, prepared.required_flags_reason)
                elif not need.value:
                    reasons = (*reasons, prepared.no_need_reason)
            if reasons:
                exclusions.append(self._exclusion(item, reasons))
                continue
            intensity = prepared.intensity_terms[risk.rank]
            score = round(need.value + prepared.fixed_score + intensity.value, 3)
            terms = (need, prepared.evidence_term, prepared.continuity_term, intensity)
            kind = prepared.precedence_kind
            if kind is PrecedenceKind.RELEASE_DAY_ESSENTIAL and not (
                need_terms[prepared.pathway_slots[0]].value
            ):
                kind = PrecedenceKind.NONE  # an essential only where its own pathway needs it
            candidates.append(_Candidate(prepared, terms, score, tiers[kind]))
        candidates.sort(key=lambda c: c.sort_key)
        needed = {p for p, n in needs.items() if n.severity is not NeedSeverity.NONE}
        return RecommendationResult(
            pack_version=self.pack.pack_version,
            rule_version=RULE_VERSION,
            recommendations=tuple(
                self._recommendation(rank, candidate, factors)
                for rank, candidate in enumerate(candidates, start=1)
            ),
            exclusions=tuple(exclusions),
            notes=tuple(n for n in prepared_pack.notes if n.pathway in needed),
        )

    def _exclusion(self, item: Intervention, reasons: tuple[ExclusionReason, ...]) -> Exclusion:
        # Keyed by identity: reasons are shared objects, kept alive by the cached value.
        key: tuple[str | int, ...] = (item.id, *map(id, reasons))
        cached = self._exclusions.get(key)
        if cached is None:
            if len(self._exclusions) > _MEMO_LIMIT:
                self._exclusions.clear()
            cached = self._exclusions[key] = Exclusion(
                intervention_id=item.id,
                name=item.name,
                pathway=item.primary_pathway,
                reasons=reasons,
            )
        return cached

    def _recommendation(
        self, rank: int, candidate: _Candidate, factors: tuple[ResponsivityFactor, ...]
    ) -> Recommendation:
        item = candidate.prepared.intervention
        terms = candidate.terms
        key = (item.id, candidate.precedence, terms[0].explanation, terms[3].explanation, factors)
        explained = self._explained.get(key)
        if explained is None:
            if len(self._explained) > _MEMO_LIMIT:
                self._explained.clear()
            explained = self._explained[key] = self._explain(candidate, factors)
        reasons, principle_ids, advice = explained
        return Recommendation(
            intervention_id=item.id,
            name=item.name,
            pathway=item.primary_pathway,
            pathways=candidate.prepared.pathways,
            rank=rank,
            score=candidate.score,
            precedence=candidate.precedence,
            intensity=item.intensity,
            setting=item.setting,
            terms=terms,
            reasons=reasons,
            evidence=candidate.prepared.evidence,
            delivery_advice=advice,
            principle_ids=principle_ids,
        )

    def _explain(
        self, candidate: _Candidate, factors: tuple[ResponsivityFactor, ...]
    ) -> _Explained:
        """Reasons, principle ids and delivery advice (shared by identical cases)."""
        precedence, terms = candidate.precedence, candidate.terms
        reasons = [_PRECEDENCE_TEXT[precedence]] if precedence in _PRECEDENCE_TEXT else []
        reasons += [t.explanation for t in terms if t.value != 0 or t is terms[1]]
        rules = [PrincipleRule.NEED_PRIORITY]
        if precedence in (Precedence.NALOXONE, Precedence.OPIOID_TREATMENT_CONTINUITY):
            rules.append(PrincipleRule.OPIOID_RELEASE_SAFETY)
        if terms[2].value > 0:
            rules.append(PrincipleRule.CONTINUITY)
        if terms[3].value != 0:
            rules.append(PrincipleRule.RISK_INTENSITY)
        principles = tuple(
            pid for rule in rules for pid in self._prepared.principle_ids.get(rule, ())
        )
        advice = self._prepared.advice.advice(candidate.prepared.intervention.id, factors)
        return tuple(reasons), principles, advice


def _precedence_tiers(
    profile: CaseProfile, needs: dict[Pathway, EffectiveNeed]
) -> tuple[Precedence, ...]:
    """The tier each ``PrecedenceKind`` gets for this person (indexed by kind)."""
    opioid = ProfileFlag.OPIOID_USE in profile.flags
    accommodation = needs.get(Pathway.ACCOMMODATION)
    no_first_night = ProfileFlag.NO_FIXED_ABODE in profile.flags or (
        accommodation is not None and accommodation.severity is NeedSeverity.HIGH
    )
    general = Precedence.GENERAL
    return (
        general,
        Precedence.NALOXONE if opioid else general,
        Precedence.OPIOID_TREATMENT_CONTINUITY if opioid else general,
        Precedence.FIRST_NIGHT_ACCOMMODATION if no_first_night else general,
        Precedence.RELEASE_DAY_ESSENTIAL,
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
