"""The RNR recommender: rank a pack's interventions for one person, explaining every
recommendation and every exclusion (keys in ``scoring.py``; docs/evidence.md).

Ranking is by key, never by a sum: tier (safety first, release-day essentials due, needs
linked to offending, other support, held back), then the safety order inside the safety
tier, need priority, the dose for the risk level, evidence strength, continuity, and the
tie-break (verified evidence first, then the best quality of any record, then the name,
then the id). Same profile and pack, same result.
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
    PreparedIntervention,
    PreparedPack,
    fixed_slot,
)
from resettle.evidence.profile import CaseProfile, check_intervention_ids
from resettle.evidence.responsivity import profile_factors
from resettle.evidence.results import (
    Action,
    Exclusion,
    ExclusionReason,
    LicenceCondition,
    Precedence,
    Recommendation,
    RecommendationResult,
    ScoreTerm,
    SortKeys,
    Tier,
)
from resettle.evidence.schema import EvidencePack, Intervention
from resettle.evidence.scoring import CRIMINOGENIC_BONUS, need_priority

RULE_VERSION = "2.0.0"

_PRECEDENCE_TEXT = {
    Precedence.NALOXONE: "Opioid use at release: naloxone comes first (the weeks after release "
    "carry the highest risk of opioid death).",
    Precedence.OPIOID_TREATMENT_CONTINUITY: "Opioid use at release: treatment continuity comes "
    "straight after naloxone (lower mortality in the first four weeks).",
    Precedence.FIRST_NIGHT_ACCOMMODATION: "No first-night accommodation: a place to sleep comes "
    "before other work (after the opioid safety items).",
    Precedence.RELEASE_DAY_ESSENTIAL: "Release-day essential due (release within 12 weeks): "
    "blocks engagement with everything else if missing.",
}
_HELD_BACK_TEXT = (
    "Held back below the other recommendations until the victim's consent is recorded "
    "(flag victim_consent_known)."
)
_CONTINUE_TEXT = "In progress in custody: continue after release, without a gap at the gate."

_Explained = tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]
_MEMO_LIMIT = 65_536
_SAFETY = frozenset(
    {
        Precedence.NALOXONE,
        Precedence.OPIOID_TREATMENT_CONTINUITY,
        Precedence.FIRST_NIGHT_ACCOMMODATION,
    }
)
_CRIMINOGENIC_FROM = CRIMINOGENIC_BONUS + 1


@dataclass(frozen=True, slots=True)
class _Candidate:
    prepared: PreparedIntervention
    need: ScoreTerm
    evidence: ScoreTerm
    intensity: ScoreTerm
    precedence: Precedence
    tier: Tier
    action: Action
    verified: bool
    sort_key: tuple[int, int, float, float, float, float, bool, int, str, str]

    @property
    def terms(self) -> tuple[ScoreTerm, ...]:
        return (self.need, self.evidence, self.prepared.continuity_term, self.intensity)


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
        factors = profile_factors(profile)
        risk = profile.risk_level
        slot = fixed_slot(risk, profile.sex, profile.sexual_offence)
        sexual_medium_up = profile.sexual_offence and risk is not RiskLevel.LOW
        flags = frozenset(f.value for f in profile.flags)
        safety = _safety_precedence(profile, needs)
        release_day_due = 0 <= profile.days_to_release <= prepared_pack.release_day_window
        candidates: list[_Candidate] = []
        exclusions: list[Exclusion] = []
        controls: list[LicenceCondition] = []
        for prepared in prepared_pack.items:
            item = prepared.intervention
            reasons = prepared.fixed_reasons[slot]
            gate_open = prepared.gate.passes(profile)
            if prepared.is_control:
                if not gate_open:
                    reasons = (*reasons, *self._variable(item, profile))
                if reasons:
                    exclusions.append(self._exclusion(item, reasons))
                else:
                    controls.append(prepared.licence_conditions[risk.rank])
                continue
            need = need_priority(
                prepared.routes, prepared.specialised_sexual, sexual_medium_up, needs
            )
            required = prepared.required_flags
            flag_missing = bool(required) and not required & flags
            if reasons or flag_missing or not need.value or not gate_open:
                if not gate_open:
                    reasons = (*reasons, *self._variable(item, profile))
                if flag_missing:
                    reasons = (*reasons, prepared.required_flags_reason)
                elif not need.value:
                    reasons = (*reasons, prepared.no_need_reason)
            if reasons:
                exclusions.append(self._exclusion(item, reasons))
                continue
            candidates.append(
                self._candidate(
                    prepared, need, risk, safety, release_day_due, flags, needs, profile
                )
            )
        candidates.sort(key=lambda c: c.sort_key)
        needed = {p for p, n in needs.items() if n.severity is not NeedSeverity.NONE}
        return RecommendationResult.model_construct(
            pack_version=self.pack.pack_version,
            rule_version=RULE_VERSION,
            recommendations=tuple(
                self._recommendation(rank, candidate, factors)
                for rank, candidate in enumerate(candidates, start=1)
            ),
            exclusions=tuple(exclusions),
            notes=tuple(n for n in prepared_pack.notes if n.pathway in needed),
            licence_conditions=tuple(controls),
        )

    def _variable(self, item: Intervention, profile: CaseProfile) -> list[ExclusionReason]:
        return variable_exclusions(item, profile, self.pack.default_custody_min_days)

    @staticmethod
    def _candidate(
        prepared: PreparedIntervention,
        need: ScoreTerm,
        risk: RiskLevel,
        safety: tuple[Precedence, ...],
        release_day_due: bool,
        flags: frozenset[str],
        needs: dict[Pathway, EffectiveNeed],
        profile: CaseProfile,
    ) -> _Candidate:
        item = prepared.intervention
        precedence = safety[prepared.precedence_kind]
        if precedence in _SAFETY:
            tier = Tier.SAFETY
        elif (
            prepared.release_day_essential
            and release_day_due
            and (prepared.required_flags & flags or _needs_it(needs.get(item.primary_pathway)))
        ):
            tier, precedence = Tier.RELEASE_DAY, Precedence.RELEASE_DAY_ESSENTIAL
        else:
            precedence = Precedence.GENERAL
            if prepared.top_five_flags and not prepared.top_five_flags & flags:
                tier = Tier.HELD_BACK
            elif need.value >= _CRIMINOGENIC_FROM:
                tier = Tier.CRIMINOGENIC
            else:
                tier = Tier.SUPPORT
        evidence = prepared.evidence_terms[risk.rank]
        intensity = prepared.intensity_terms[risk.rank]
        verified = prepared.evidence_verified[risk.rank]
        continuing = item.continues_after_release and item.id in profile.in_progress
        return _Candidate(
            prepared=prepared,
            need=need,
            evidence=evidence,
            intensity=intensity,
            precedence=precedence,
            tier=tier,
            action=Action.CONTINUE_AFTER_RELEASE if continuing else Action.START,
            verified=verified,
            sort_key=(
                tier.order,
                precedence.order if tier is Tier.SAFETY else 0,
                -need.value,
                -intensity.value,
                -evidence.value,
                -prepared.continuity_term.value,
                not verified,
                -prepared.best_quality,
                item.name,
                item.id,
            ),
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
        prepared = candidate.prepared
        item = prepared.intervention
        terms = candidate.terms
        key = (
            item.id,
            candidate.precedence,
            candidate.tier,
            candidate.action,
            candidate.need.explanation,
            candidate.intensity.explanation,
            candidate.evidence.explanation,
            factors,
        )
        explained = self._explained.get(key)
        if explained is None:
            if len(self._explained) > _MEMO_LIMIT:
                self._explained.clear()
            explained = self._explained[key] = self._explain(candidate, factors)
        reasons, principle_ids, advice = explained
        sort_key = candidate.sort_key
        # Built without re-validation: every part is already a validated model or value.
        return Recommendation.model_construct(
            intervention_id=item.id,
            name=item.name,
            pathway=item.primary_pathway,
            pathways=tuple(item.pathways),
            rank=rank,
            score=round(sum(t.value for t in terms), 3),
            precedence=candidate.precedence,
            intensity=item.intensity,
            setting=item.setting,
            terms=terms,
            reasons=reasons,
            evidence=prepared.evidence,
            delivery_advice=advice,
            principle_ids=principle_ids,
            tier=candidate.tier,
            sort_keys=SortKeys.model_construct(
                tier=sort_key[0],
                safety_order=sort_key[1],
                need_priority=candidate.need.value,
                risk_fit=int(candidate.intensity.value),
                evidence_strength=candidate.evidence.value,
                continuity=prepared.continuity_term.value,
                evidence_verified=candidate.verified,
                best_quality=prepared.best_quality,
                name=item.name,
            ),
            action=candidate.action,
        )

    def _explain(
        self, candidate: _Candidate, factors: tuple[ResponsivityFactor, ...]
    ) -> _Explained:
        """Reasons, principle ids and delivery advice (shared by identical cases)."""
        precedence, terms = candidate.precedence, candidate.terms
        reasons = [_PRECEDENCE_TEXT[precedence]] if precedence in _PRECEDENCE_TEXT else []
        if candidate.action is Action.CONTINUE_AFTER_RELEASE:
            reasons.append(_CONTINUE_TEXT)
        if candidate.tier is Tier.HELD_BACK:
            reasons.append(_HELD_BACK_TEXT)
        reasons += [t.explanation for t in terms if t.value != 0 or t is terms[1]]
        rules = [PrincipleRule.NEED_PRIORITY]
        if precedence in (Precedence.NALOXONE, Precedence.OPIOID_TREATMENT_CONTINUITY):
            rules.append(PrincipleRule.OPIOID_RELEASE_SAFETY)
        if terms[2].value > 0:
            rules.append(PrincipleRule.CONTINUITY)
        rules.append(PrincipleRule.RISK_INTENSITY)
        principles = tuple(
            pid for rule in rules for pid in self._prepared.principle_ids.get(rule, ())
        )
        advice = self._prepared.advice.advice(candidate.prepared.intervention.id, factors)
        return tuple(reasons), principles, advice


def _needs_it(need: EffectiveNeed | None) -> bool:
    """A release-day essential is due for a need of medium or higher on its pathway."""
    return need is not None and need.severity.weight >= NeedSeverity.MEDIUM.weight


def _safety_precedence(
    profile: CaseProfile, needs: dict[Pathway, EffectiveNeed]
) -> tuple[Precedence, ...]:
    """The precedence each ``PrecedenceKind`` gets for this person (indexed by kind)."""
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
