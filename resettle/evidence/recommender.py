"""The RNR recommender: rank a pack's interventions for one person, explaining every
recommendation and every exclusion (keys in ``scoring.py``; docs/evidence.md).

Ranking is by key, never by a sum: tier (safety first, release-day essentials due, needs
linked to offending, other support, held back: waiting on consent, or serving only needs
the person declined support on), then the safety order inside the safety
tier, need priority, the dose for the risk level, then (while release is further off than
the release-day window) work that can start now before work that starts after release,
evidence strength, continuity, and the tie-break (verified evidence first, then the best
quality of any record, then the name, then the id). Same profile and pack, same result.
"""

from __future__ import annotations

import functools
import gc
import operator
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from resettle.domain.case_flags import CaseFlag
from resettle.domain.pathways import Pathway
from resettle.domain.risk import RiskLevel, Sex
from resettle.evidence.codes import (
    EvidenceStatus,
    InterventionPurpose,
    NeedSeverity,
    PrincipleRule,
    ProfileFlag,
    ResponsivityFactor,
    Setting,
)
from resettle.evidence.loader import LoadedPack, load_embedded_pack
from resettle.evidence.needs import CRIMINOGENIC_BONUS, EffectiveNeed, effective_needs
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
    trusted,
    trusted_all,
)
from resettle.evidence.schema import EvidencePack
from resettle.evidence.scoring import SEXUAL_OFFENDING_NEED, NeedTermIndex

RULE_VERSION = "2.1.0"

_PRECEDENCE_TEXT = {
    Precedence.NALOXONE: "Opioid use at release: naloxone comes first (the weeks after release "
    "carry the highest risk of opioid death).",
    Precedence.OPIOID_TREATMENT_CONTINUITY: "Opioid use at release: treatment continuity comes "
    "straight after naloxone (lower mortality in the first four weeks).",
    Precedence.FIRST_NIGHT_ACCOMMODATION: "No first-night accommodation: a place to sleep comes "
    "before other work (after the opioid safety items).",
    Precedence.RELEASE_DAY_ESSENTIAL: "Release-day essential due (release within 12 weeks): "
    "needed on the day of release, so it is arranged before work that can wait.",
}
_HELD_BACK_TEXT = (
    "Held back below the other recommendations until the victim's consent is recorded "
    f"(case flag “{CaseFlag.VICTIM_CONSENT_KNOWN.label}” on the Risk tab)."
)
_STATUS_TEXT = {
    EvidenceStatus.NOT_ESTABLISHED: "Evidence on reoffending not established: offered as other "
    "support, after work on needs linked to offending.",
    EvidenceStatus.NOT_ESTABLISHED_FOR_PRISON_LEAVERS: "Evidence on reoffending not established "
    "for prison leavers (any strength shown comes from other populations): offered as other "
    "support, after work on needs linked to offending.",
}
_NO_REOFFENDING_EVIDENCE_TEXT = (
    "No evidence of less reoffending counted for this person's risk level: offered as other "
    "support, after work on needs linked to offending, though the need is linked to offending."
)
#: Where the person declined support on every pathway an item's need comes from.
_DECLINED_TEXT = (
    "The person declined support on {pathways} (Needs tab): offer it again{when}; do not "
    "plan it without their agreement."
)
_DECLINED_SAFETY_TEXT = {
    Precedence.NALOXONE: "The person declined support on {pathways} (Needs tab): offer this "
    "all the same, because it prevents deaths from overdose in the weeks after release.",
    Precedence.OPIOID_TREATMENT_CONTINUITY: "The person declined support on {pathways} (Needs "
    "tab): offer this all the same, because it prevents deaths from overdose in the weeks "
    "after release.",
    Precedence.FIRST_NIGHT_ACCOMMODATION: "The person declined support on {pathways} (Needs "
    "tab): offer this all the same, because it prevents a night on the street.",
}
#: In a ranked entry's declined value: set from the release day on (the bits
#: below it are the declined pathways, one per pathway).
_DECLINED_RELEASED = 1 << len(Pathway)
_CONTINUE_TEXT = "In progress in custody: continue after release, without a gap at the gate."
#: A low-intensity item moved out of the tier for needs linked to offending at high risk,
#: because that tier holds work of moderate or high intensity (the risk principle).
_YIELDED_TEXT = (
    "At {risk} risk, work of moderate or high intensity comes first; this lower-intensity "
    "work supports it (offered as other support)."
)
_MISSED_TEXT = (
    "Missed before release and still due in the weeks just after it: arrange it now through "
    "community services."
)

_Explained = tuple[tuple[str, ...], tuple[str, ...]]
_MEMO_LIMIT = 65_536
_SAFETY = frozenset(
    {
        Precedence.NALOXONE,
        Precedence.OPIOID_TREATMENT_CONTINUITY,
        Precedence.FIRST_NIGHT_ACCOMMODATION,
    }
)
_CRIMINOGENIC_FROM = CRIMINOGENIC_BONUS + 1
_SAFETY_TIER = Tier.SAFETY.order
_RELEASE_DAY_TIER = Tier.RELEASE_DAY.order
_CRIMINOGENIC_TIER = Tier.CRIMINOGENIC.order
_SUPPORT_TIER = Tier.SUPPORT.order
_HELD_BACK_TIER = Tier.HELD_BACK.order
_SAFETY_ORDER = {p: p.order for p in Precedence}
_HIGH_RANK = RiskLevel.HIGH.rank
#: Risk levels in words, by ``RiskLevel.rank``.
_RISK_WORDS = tuple(r.value.replace("_", " ") for r in sorted(RiskLevel, key=lambda r: r.rank))
#: A release-day essential is due for a need of medium or higher on its pathway.
_DUE_SEVERITIES = frozenset(s for s in NeedSeverity if s.weight >= NeedSeverity.MEDIUM.weight)


#: A ranked candidate: sort key, item, need term, precedence, tier, continues after release,
#: why it is held back (bit 0 a top-five flag missing, bit i + 1 the item's i-th
#: ``held_back_by`` entry present), tier order, safety order, starts after release, missed
#: before release and still due, gave way to moderate- or high-intensity work at high risk,
#: and the declined pathways its need comes from (0 for none; bit i the i-th pathway, plus
#: ``_DECLINED_RELEASED`` once released).
_Ranked = tuple[
    float,
    PreparedIntervention,
    ScoreTerm,
    Precedence,
    Tier,
    bool,
    int,
    int,
    int,
    bool,
    bool,
    bool,
    int,
]
#: The sort key is one number: tier order, safety order, need priority, the place of the
#: dose among the doses at the person's risk level (``PreparedPack.dose_places``), whether
#: the item starts after release while release is far off, then the place of the rest of the
#: key among the items at that risk level (``PreparedPack.tail_places``). Each part stays
#: below its span, so comparing the numbers compares the parts in that order. Need
#: priorities are whole numbers (0-7, ``needs.py``), so the arithmetic is exact.
_SAFETY_SPAN = 8
_SEXUAL_OFFENDING_NEED_VALUE = int(SEXUAL_OFFENDING_NEED.value)
_NEED_SPAN = 1_000
_TAIL_SPAN = 10_000
#: What one step of tier order adds to the sort key.
_TIER_STEP = _SAFETY_SPAN * _NEED_SPAN * _TAIL_SPAN * 2 * _TAIL_SPAN
_first = operator.itemgetter(0)
_by_id = operator.attrgetter("intervention_id")
#: An item waiting for a flag (``top_five_requires_any_flag``) is never in these places.
_TOP_FIVE = 5


#: A person's responsivity factors, and the delivery advice per item (by its index).
_Responsivity = tuple[tuple[ResponsivityFactor, ...], list[tuple[str, ...] | None]]


@dataclass(frozen=True, slots=True)
class _Candidate:
    prepared: PreparedIntervention
    need: ScoreTerm
    precedence: Precedence
    tier: Tier
    action: Action
    risk_rank: int
    held: int
    #: Delivered in the community, and release is further off than the release-day window.
    starts_after_release: bool
    #: A before-release item the person was released without, still due after release.
    missed_before_release: bool
    #: Low intensity, moved to other support at high risk (``_YIELDED_TEXT``).
    yielded: bool = False
    #: The declined pathways its need comes from (``_Ranked``); 0 for none.
    declined: int = 0

    @property
    def evidence(self) -> ScoreTerm:
        return self.prepared.evidence_terms[self.risk_rank]

    @property
    def intensity(self) -> ScoreTerm:
        return self.prepared.intensity_terms[self.risk_rank]

    @property
    def terms(self) -> tuple[ScoreTerm, ...]:
        return (self.need, self.evidence, self.prepared.continuity_term, self.intensity)


class Recommender:
    """A pack prepared for recommending; build once, call ``recommend`` per person."""

    def __init__(self, pack: EvidencePack) -> None:
        self.pack = pack
        self._prepared = PreparedPack(pack)
        self._pack_version = pack.pack_version
        if len(self._prepared.items) >= _TAIL_SPAN:
            raise ValueError(f"a pack of at most {_TAIL_SPAN - 1} interventions can be ranked")
        self._exclusions: dict[tuple[int, ...], Exclusion] = {}
        self._templates: dict[tuple[object, ...], dict[str, object]] = {}
        #: Exclusions of items whose person-dependent checks all pass: per item, by
        #: ``slot * 3 + variant`` (filled on first use).
        self._settled: list[list[Exclusion | None]] = [
            [None] * (len(item.fixed_reasons) * 3) for item in self._prepared.items
        ]
        self._need_terms = NeedTermIndex(self._prepared.route_sets)
        #: Responsivity factors by (flag codes, female, offence category code, factors the
        #: person is too old for): one shared tuple per combination, with its delivery
        #: advice per item (filled on first use).
        self._factors: dict[
            tuple[frozenset[str], bool, str, frozenset[ResponsivityFactor]], _Responsivity
        ] = {}
        self._starts_later_text = _STARTS_AFTER_RELEASE_TEXT
        #: Per item: delivered in the community (so it starts after release).
        self._community = tuple(
            item.intervention.setting is Setting.COMMUNITY for item in self._prepared.items
        )
        #: Per item: a before-release item still due for a while after release.
        self._still_due = tuple(
            item.intervention.eligibility.still_due_after_release_days > 0
            for item in self._prepared.items
        )

    def __getstate__(self) -> dict[str, object]:
        """Pickled without the results remembered by object id (ids mean nothing in another
        process); everything prepared from the pack is kept."""
        state = self.__dict__.copy()
        state["_exclusions"] = {}
        state["_templates"] = {}
        return state

    def recommend_all(self, profiles: Iterable[CaseProfile]) -> list[RecommendationResult]:
        """Recommendations for many people (a caseload), in their order; use it for any batch.

        The garbage collector is paused meanwhile (and restored as it was): the results hold
        no reference cycles, and collections that walked the growing list of results again and
        again took about a fifth of the time for 10,000 people."""
        with _collection_paused():
            return [self.recommend(profile) for profile in profiles]

    def recommend(self, profile: CaseProfile) -> RecommendationResult:
        prepared_pack = self._prepared
        check_intervention_ids(profile, prepared_pack.ids)
        needs = effective_needs(profile)
        # Codes are StrEnum members, which hash and compare as their strings.
        flags: frozenset[str] = frozenset(profile.flags)
        female = profile.sex is Sex.FEMALE
        category: str = profile.offence_category
        # What can hold an item back: a flag, or the offence category (``held_back_by``).
        holding = flags | {category}
        aged_out = prepared_pack.age_limits.aged_out(profile.age)
        factors_key = (flags, female, category, aged_out)
        responsivity = self._factors.get(factors_key)
        if responsivity is None:
            if len(self._factors) > _MEMO_LIMIT:
                self._factors.clear()
            responsivity = self._factors[factors_key] = (
                profile_factors(profile, aged_out),
                [None] * len(prepared_pack.items),
            )
        risk = profile.risk_level
        risk_rank = risk.rank
        # The risk principle at high or very high risk: when the tier for needs linked to
        # offending holds moderate- or high-intensity work, low-intensity work goes to
        # other support (below); these note what the tier holds.
        high_risk = risk_rank >= _HIGH_RANK
        dosed_in_tier = low_in_tier = False
        # Some item waits for a flag before it may enter the top five (below).
        waiting = False
        slot = fixed_slot(risk, profile.sex, profile.sexual_offence)
        sexual_medium_up = profile.sexual_offence and risk is not RiskLevel.LOW
        days = profile.days_to_release
        safety_due = -prepared_pack.safety_window_after <= days <= prepared_pack.release_day_window
        safety, safety_orders = _safety_precedence(profile, needs, safety_due)
        medium_up = [False] * len(Pathway)
        needed = 0  # a bit per pathway with a need, for the notes
        for pathway, recorded in needs.items():
            if recorded.severity in _DUE_SEVERITIES:
                medium_up[prepared_pack.pathway_index[pathway]] = True
            if recorded.severity is not NeedSeverity.NONE:
                needed |= 1 << prepared_pack.pathway_index[pathway]
        release_day_due = 0 <= days <= prepared_pack.release_day_window
        # Release far off: at equal tier, need and dose, work that can start now comes
        # before work that can only start after release (docs/evidence.md, "How the list
        # is ordered").
        release_far_off = days > prepared_pack.release_day_window
        community = self._community
        released = days < 0
        still_due = self._still_due
        need_sets, need_values, declined_sets = self._need_terms.best_per_set(needs)
        in_progress = profile.in_progress
        carrying_on = profile.continue_after_release
        on_record = {*profile.completed, *in_progress}
        tail_places = prepared_pack.tail_places[risk_rank]
        dose_places = prepared_pack.dose_places[risk_rank]
        age = profile.age
        gates = prepared_pack.gates.passes(age, days, category, flags)
        ranked: list[_Ranked] = []
        exclusions: list[Exclusion] = []
        controls: list[LicenceCondition] = []
        settled = self._settled
        for index, prepared in enumerate(prepared_pack.items):
            reasons = prepared.fixed_reasons[slot]
            gate_open = gates[prepared.gate_rule]
            if gate_open and (
                prepared.id in on_record
                or (prepared.twin_ids and not prepared.twin_ids.isdisjoint(in_progress))
            ):
                gate_open = prepared.gate.record_allows(profile)
            if prepared.is_control:
                if not gate_open:
                    reasons = (*reasons, *prepared.checks.reasons(profile))
                if reasons:
                    exclusions.append(self._exclusion(prepared, reasons))
                else:
                    controls.append(prepared.licence_conditions[risk_rank])
                continue
            if prepared.specialised_sexual and sexual_medium_up:
                need, need_value = SEXUAL_OFFENDING_NEED, _SEXUAL_OFFENDING_NEED_VALUE
            else:
                route_set = prepared.route_set
                need = need_sets[route_set]
                need_value = need_values[route_set]
            required = prepared.required_flags
            flag_missing = bool(required) and required.isdisjoint(flags)
            if gate_open:
                # The common case: the exclusion (if any) depends only on the slot and on
                # which of "flag missing" / "no need" applies, so it is built once.
                variant = 1 if flag_missing else 2 if not need_value else 0
                if variant or reasons:
                    settled_key = slot * 3 + variant
                    exclusion = settled[index][settled_key]
                    if exclusion is None:
                        extra = (
                            (prepared.required_flags_reason,)
                            if variant == 1
                            else (prepared.no_need_reason,)
                            if variant == 2
                            else ()
                        )
                        exclusion = settled[index][settled_key] = self._exclusion(
                            prepared, (*reasons, *extra)
                        )
                    exclusions.append(exclusion)
                    continue
            else:
                # The shortcut is conservative (a before-release item in progress that
                # continues after release passes): only the full check decides.
                reasons = (*reasons, *prepared.checks.reasons(profile))
                if flag_missing:
                    reasons = (*reasons, prepared.required_flags_reason)
                elif not need_value:
                    reasons = (*reasons, prepared.no_need_reason)
                if reasons:
                    exclusions.append(self._exclusion(prepared, reasons))
                    continue
            # Tier (docs/evidence.md, "How the list is ordered"). Orders are plain ints here:
            # enum members hash through Python code, and this runs for every item.
            kind = prepared.precedence_kind
            held = 0
            # Declined support (only looked up for someone who declined some, and not for
            # specialised treatment, whose need comes from the conviction, not a pathway).
            declined = 0
            if declined_sets is not None and need is not SEXUAL_OFFENDING_NEED:
                declined = declined_sets[prepared.route_set]
                if declined and days <= 0:  # from release day: "before release" is too late
                    declined |= _DECLINED_RELEASED
            safety_order = safety_orders[kind]
            if safety_order:
                # Declined or not: these prevent deaths and nights on the street (advice).
                tier, tier_order, precedence = Tier.SAFETY, _SAFETY_TIER, safety[kind]
            elif (
                prepared.release_day_essential
                and release_day_due
                and (not required.isdisjoint(flags) or medium_up[prepared.primary_index])
                and not declined
            ):
                tier, tier_order = Tier.RELEASE_DAY, _RELEASE_DAY_TIER
                precedence = Precedence.RELEASE_DAY_ESSENTIAL
            else:
                precedence = Precedence.GENERAL
                if prepared.top_five_flags and prepared.top_five_flags.isdisjoint(flags):
                    held = 1
                    waiting = True
                if prepared.held_back_by:
                    for bit, (value, _) in enumerate(prepared.held_back_by, start=1):
                        if value in holding:
                            held |= 1 << bit
                if held or declined:
                    tier, tier_order = Tier.HELD_BACK, _HELD_BACK_TIER
                elif (
                    need_value >= _CRIMINOGENIC_FROM
                    and prepared.criminogenic_tier_allowed[risk_rank]
                ):
                    tier, tier_order = Tier.CRIMINOGENIC, _CRIMINOGENIC_TIER
                else:
                    tier, tier_order = Tier.SUPPORT, _SUPPORT_TIER
            continuing = (
                prepared.continues_after_release or prepared.id in carrying_on
            ) and prepared.id in in_progress
            later = release_far_off and community[index]
            missed = released and still_due[index] and not continuing
            if (
                missed
                and _RELEASE_DAY_TIER < tier_order < _HELD_BACK_TIER
                and (not required.isdisjoint(flags) or medium_up[prepared.primary_index])
            ):
                # Missed at the gate and still due, for a need of medium or higher or its
                # flag (as before release): as urgent as on release day (the reason says
                # so), whatever the evidence on reoffending.
                tier, tier_order = Tier.RELEASE_DAY, _RELEASE_DAY_TIER
            if high_risk and tier_order == _CRIMINOGENIC_TIER:
                if prepared.low_intensity:
                    low_in_tier = True
                else:
                    dosed_in_tier = True
            # One number ordered as (tier, safety order, need priority highest first, the
            # dose's place, starts after release, the place of the rest of the key at this
            # risk level: dose, evidence, continuity, tie-break, worked out once per pack);
            # numbers sort much faster than tuples.
            key = (
                (
                    ((tier_order * _SAFETY_SPAN + safety_order) * _NEED_SPAN - need_value)
                    * _TAIL_SPAN
                    + dose_places[index]
                )
                * 2
                + later
            ) * _TAIL_SPAN + tail_places[index]
            ranked.append(
                (
                    key,
                    prepared,
                    need,
                    precedence,
                    tier,
                    continuing,
                    held,
                    tier_order,
                    safety_order,
                    later,
                    missed,
                    False,
                    declined,
                )
            )
        if low_in_tier and dosed_in_tier:
            ranked = [
                _yielded(entry)
                if entry[7] == _CRIMINOGENIC_TIER and entry[1].low_intensity
                else entry
                for entry in ranked
            ]
        ranked.sort(key=_first)
        if waiting:
            ranked = self._out_of_the_top_five(ranked, exclusions)
        return trusted(
            RecommendationResult,
            {
                "pack_version": self._pack_version,
                "rule_version": RULE_VERSION,
                "recommendations": self._recommendations(
                    ranked, responsivity, risk_rank, declined_sets is not None
                ),
                "exclusions": tuple(exclusions),
                "notes": prepared_pack.notes_for(needed),
                "licence_conditions": tuple(controls),
            },
        )

    def _out_of_the_top_five(
        self, ranked: list[_Ranked], exclusions: list[Exclusion]
    ) -> list[_Ranked]:
        """An item waiting for a flag (restorative justice for the victim's consent) that a
        short list would put in the top five goes to the exclusions instead, saying what
        must be recorded first. Held back, it is already below everything else."""
        kept: list[_Ranked] = []
        for entry in ranked:
            if entry[6] & 1 and len(kept) < _TOP_FIVE:
                prepared = entry[1]
                exclusions.append(self._exclusion(prepared, (prepared.top_five_reason,)))
            else:
                kept.append(entry)
        if len(kept) < len(ranked):
            exclusions.sort(key=_by_id)  # in the pack's order (by id), as the others are
        return kept

    def _exclusion(
        self, prepared: PreparedIntervention, reasons: tuple[ExclusionReason, ...]
    ) -> Exclusion:
        # Keyed by identity: reasons are shared objects, kept alive by the cached value.
        key = (prepared.index, *map(id, reasons))
        cached = self._exclusions.get(key)
        if cached is None:
            if len(self._exclusions) > _MEMO_LIMIT:
                self._exclusions.clear()
            item = prepared.intervention
            cached = self._exclusions[key] = Exclusion(
                intervention_id=item.id,
                name=item.name,
                pathway=item.primary_pathway,
                reasons=reasons,
            )
        return cached

    def _recommendations(
        self,
        ranked: list[_Ranked],
        responsivity: _Responsivity,
        risk_rank: int,
        any_declined: bool,
    ) -> tuple[Recommendation, ...]:
        # Everything but the rank and the delivery advice is the same for the same item,
        # need, tier, action and risk level: built once, then copied with its rank and the
        # advice for this person's responsivity factors. Keys hold ids of shared need terms,
        # kept alive by the cached values.
        templates = self._templates
        factors, advice = responsivity
        values_list = []
        for rank, entry in enumerate(ranked, start=1):
            _, prepared, need, _, _, continuing, held, tier_order, safety_order, *late = entry
            index = prepared.index
            key = (index, id(need), tier_order, safety_order, continuing, risk_rank, held, *late)
            template = templates.get(key)
            if template is None:
                template = self._new_template(key, entry, risk_rank)
            advised = advice[index]
            if advised is None:
                advised = advice[index] = self._prepared.advice.advice(
                    prepared.intervention.id, factors
                )
            if any_declined and late[-1] and tier_order == _SAFETY_TIER:
                # Declined, and still offered first: the advice says why.
                advised = (_declined_safety_advice(entry[3], late[-1]), *advised)
            values = template.copy()
            values["rank"] = rank
            values["delivery_advice"] = advised
            values_list.append(values)
        # Built without re-validation: every part is already a validated model or value.
        return trusted_all(Recommendation, values_list)

    def _new_template(
        self, key: tuple[object, ...], entry: _Ranked, risk_rank: int
    ) -> dict[str, object]:
        if len(self._templates) > _MEMO_LIMIT:
            self._templates.clear()
        (
            _,
            prepared,
            need,
            precedence,
            tier,
            continuing,
            held,
            tier_order,
            safety_order,
            later,
            missed,
            yielded,
            declined,
        ) = entry
        action = Action.CONTINUE_AFTER_RELEASE if continuing else Action.START
        candidate = _Candidate(
            prepared,
            need,
            precedence,
            tier,
            action,
            risk_rank,
            held,
            later,
            missed,
            yielded,
            declined,
        )
        template = self._templates[key] = self._template(tier_order, safety_order, candidate)
        return template

    def _template(
        self, tier_order: int, safety_order: int, candidate: _Candidate
    ) -> dict[str, object]:
        prepared = candidate.prepared
        item = prepared.intervention
        terms = candidate.terms
        reasons, principle_ids = self._explain(candidate)
        keys = trusted(
            SortKeys,
            {
                "tier": tier_order,
                "safety_order": safety_order,
                "need_priority": candidate.need.value,
                "risk_fit": int(candidate.intensity.value),
                "starts_after_release": candidate.starts_after_release,
                "evidence_strength": candidate.evidence.value,
                "continuity": prepared.continuity_term.value,
                "evidence_verified": prepared.evidence_verified[candidate.risk_rank],
                "best_quality": prepared.best_quality,
                "release_day_order": item.release_day_order,
                "name": item.name,
            },
        )
        return {
            "intervention_id": item.id,
            "name": item.name,
            "pathway": item.primary_pathway,
            "pathways": prepared.pathways,
            "rank": 0,
            # Not a ranking key: the sum of the terms, kept for earlier readers of the JSON.
            "score": round(sum(t.value for t in terms), 3),
            "precedence": candidate.precedence,
            "intensity": item.intensity,
            "setting": item.setting,
            "terms": terms,
            "reasons": reasons,
            "evidence": prepared.evidence,
            "delivery_advice": (),
            "principle_ids": principle_ids,
            "tier": candidate.tier,
            "sort_keys": keys,
            "action": candidate.action,
        }

    def _explain(self, candidate: _Candidate) -> _Explained:
        """Reasons and principle ids."""
        precedence, terms = candidate.precedence, candidate.terms
        reasons = [_PRECEDENCE_TEXT[precedence]] if precedence in _PRECEDENCE_TEXT else []
        if candidate.action is Action.CONTINUE_AFTER_RELEASE:
            reasons.append(_CONTINUE_TEXT)
        if candidate.missed_before_release:
            reasons.append(_MISSED_TEXT)
        if candidate.held & 1:
            reasons.append(_HELD_BACK_TEXT)
        for bit, (_, why) in enumerate(candidate.prepared.held_back_by, start=1):
            if candidate.held & (1 << bit):
                reasons.append(f"Held back below the other recommendations: {why}")
        if candidate.declined and candidate.tier is Tier.HELD_BACK:
            reasons.append(_declined_text(candidate.declined))
        status = candidate.prepared.intervention.evidence_status
        if candidate.yielded:
            reasons.append(_YIELDED_TEXT.format(risk=_RISK_WORDS[candidate.risk_rank]))
        if status is not None:
            reasons.append(_STATUS_TEXT[status])
        elif (
            candidate.tier is Tier.SUPPORT
            and candidate.need.value >= _CRIMINOGENIC_FROM
            and not candidate.yielded
        ):
            reasons.append(_NO_REOFFENDING_EVIDENCE_TEXT)
        # The dose line only for programmes: the risk principle is about the intensity of
        # offending-behaviour work, and "moderate would fit better" on a bed or a GP
        # registration misleads (officers' trial). The key table still shows the term.
        programme = (
            candidate.prepared.intervention.purpose is InterventionPurpose.OFFENDING_BEHAVIOUR
        )
        reasons += [
            t.explanation
            for t in terms
            if (t.value != 0 or t is terms[1]) and (programme or t is not terms[3])
        ]
        if candidate.starts_after_release:
            reasons.append(self._starts_later_text)
        rules = [PrincipleRule.NEED_PRIORITY]
        if precedence in (Precedence.NALOXONE, Precedence.OPIOID_TREATMENT_CONTINUITY):
            rules.append(PrincipleRule.OPIOID_RELEASE_SAFETY)
        if terms[2].value > 0:
            rules.append(PrincipleRule.CONTINUITY)
        rules.append(PrincipleRule.RISK_INTENSITY)
        principles = tuple(
            pid for rule in rules for pid in self._prepared.principle_ids.get(rule, ())
        )
        return tuple(reasons), principles


def _yielded(entry: _Ranked) -> _Ranked:
    """A low-intensity entry of the tier for needs linked to offending, moved to other
    support (the risk principle at high risk): the same key one tier lower."""
    key, prepared, need, precedence, _, continuing, held, _, safety, later, missed, _, declined = (
        entry
    )
    return (
        key + (_SUPPORT_TIER - _CRIMINOGENIC_TIER) * _TIER_STEP,
        prepared,
        need,
        precedence,
        Tier.SUPPORT,
        continuing,
        held,
        _SUPPORT_TIER,
        safety,
        later,
        missed,
        True,
        declined,
    )


@contextmanager
def _collection_paused() -> Iterator[None]:
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _declined_pathways(declined: int) -> str:
    """The pathways named by the bits of a declined value, in pathway order."""
    labels = [p.label for i, p in enumerate(Pathway) if declined >> i & 1]
    return labels[0] if len(labels) == 1 else ", ".join(labels[:-1]) + " and " + labels[-1]


def _declined_text(declined: int) -> str:
    when = "" if declined & _DECLINED_RELEASED else " before release"
    return _DECLINED_TEXT.format(pathways=_declined_pathways(declined), when=when)


@functools.lru_cache(maxsize=256)
def _declined_safety_advice(precedence: Precedence, declined: int) -> str:
    return _DECLINED_SAFETY_TEXT[precedence].format(pathways=_declined_pathways(declined))


#: The reason on community work while release is further off than the pack's release-day
#: window. It states what is always true: the item may rank above custody work in another
#: tier, so it does not say it comes after work that can start now (officers' second trial).
_STARTS_AFTER_RELEASE_TEXT = (
    "Starts after release: delivered in the community once they are out; plan it now as part "
    "of the through-the-gate plan."
)


def _safety_precedence(
    profile: CaseProfile, needs: dict[Pathway, EffectiveNeed], due: bool
) -> tuple[tuple[Precedence, ...], tuple[int, ...]]:
    """The precedence each ``PrecedenceKind`` gets for this person (indexed by kind), and
    its safety order (0 outside the safety tier); the safety items have it only while
    ``due`` (the pack's window around release)."""
    opioid = due and ProfileFlag.OPIOID_USE in profile.flags
    accommodation = needs.get(Pathway.ACCOMMODATION)
    no_first_night = due and (
        ProfileFlag.NO_FIXED_ABODE in profile.flags
        or (accommodation is not None and accommodation.severity is NeedSeverity.HIGH)
    )
    return _SAFETY_CASES[bool(opioid), bool(no_first_night)]


def _safety_case(
    opioid: bool, no_first_night: bool
) -> tuple[tuple[Precedence, ...], tuple[int, ...]]:
    general = Precedence.GENERAL
    precedences = (
        general,
        Precedence.NALOXONE if opioid else general,
        Precedence.OPIOID_TREATMENT_CONTINUITY if opioid else general,
        Precedence.FIRST_NIGHT_ACCOMMODATION if no_first_night else general,
        Precedence.RELEASE_DAY_ESSENTIAL,
    )
    return precedences, tuple(_SAFETY_ORDER[p] + 1 if p in _SAFETY else 0 for p in precedences)


#: ``_safety_precedence``'s answers, worked out once.
_SAFETY_CASES = {
    (opioid, no_first_night): _safety_case(opioid, no_first_night)
    for opioid in (False, True)
    for no_first_night in (False, True)
}


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
