"""Everything the recommender needs that does not depend on the person, worked out once
per pack: evidence summaries and terms per risk level, need routes, exclusions by
risk/sex/sexual conviction, licence-condition entries."""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from enum import IntEnum

from resettle.domain.pathways import Pathway
from resettle.domain.risk import RiskLevel, Sex
from resettle.evidence.codes import (
    Intensity,
    InterventionPurpose,
    InterventionTag,
    PrincipleRule,
    Setting,
    VerificationStatus,
)
from resettle.evidence.exclusions import (
    GateRule,
    GateTable,
    VariableChecks,
    VariableGate,
    fixed_exclusions,
    need_not_present,
    top_five_wait,
)
from resettle.evidence.responsivity import AdviceIndex, AgeLimits
from resettle.evidence.results import (
    EvidenceSummary,
    ExclusionReason,
    LicenceCondition,
    PathwayEvidenceNote,
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
    NeedRoute,
    continuity_term,
    evidence_term,
    intensity_term,
    reoffending_strength,
)

_SEXES: tuple[Sex, ...] = tuple(Sex)
_RISKS: tuple[RiskLevel, ...] = tuple(sorted(RiskLevel, key=lambda r: r.rank))
#: The place of an item without a ``release_day_order`` in that part of the tie-break: after
#: every ordered one.
_NO_RELEASE_DAY_ORDER = 1_000_000

LICENCE_ADVICE = (
    "A control, not an intervention: the releasing authority (the prison governor, or the "
    "Parole Board) sets licence conditions. It is never part of the recommendations; propose "
    "it through the licence process where it manages a risk."
)


def fixed_slot(risk: RiskLevel, sex: Sex, sexual_offence: bool) -> int:
    """Index into ``fixed_reasons``: what the fixed exclusions depend on."""
    return (risk.rank * len(_SEXES) + _SEXES.index(sex)) * 2 + int(sexual_offence)


class PrecedenceKind(IntEnum):
    """Which precedence rule an intervention can trigger (from its tags)."""

    NONE = 0
    NALOXONE = 1
    OPIOID_TREATMENT_CONTINUITY = 2
    FIRST_NIGHT_ACCOMMODATION = 3
    RELEASE_DAY_ESSENTIAL = 4

    @classmethod
    def of(cls, tags: list[InterventionTag]) -> PrecedenceKind:
        for tag, kind in (
            (InterventionTag.NALOXONE, cls.NALOXONE),
            (InterventionTag.OPIOID_TREATMENT_CONTINUITY, cls.OPIOID_TREATMENT_CONTINUITY),
            (InterventionTag.FIRST_NIGHT_ACCOMMODATION, cls.FIRST_NIGHT_ACCOMMODATION),
            (InterventionTag.RELEASE_DAY_ESSENTIAL, cls.RELEASE_DAY_ESSENTIAL),
        ):
            if tag in tags:
                return kind
        return cls.NONE


@dataclass(frozen=True, slots=True)
class PreparedIntervention:
    intervention: Intervention
    #: Its place in ``PreparedPack.items``.
    index: int
    #: ``intervention.id`` and ``.continues_after_release``, read for every person: a
    #: Pydantic model's fields are read through its ``__getattr__`` hook, slower.
    id: str
    continues_after_release: bool
    pathways: tuple[Pathway, ...]
    #: ``PreparedPack.pathway_index`` of the primary pathway.
    primary_index: int
    #: Indexed by ``fixed_slot(risk, sex, sexual_offence)``.
    fixed_reasons: tuple[tuple[ExclusionReason, ...], ...]
    gate: VariableGate
    #: The full person-dependent checks (``variable_exclusions``), for when the gate shuts.
    checks: VariableChecks
    #: Index into ``PreparedPack.gate_rules``.
    gate_rule: int
    #: Ids of the same programme in its other settings (``programme_group``): while one is
    #: in progress, this one is not started.
    twin_ids: frozenset[str]
    is_control: bool
    #: The needs it may claim: its primary pathway (support) or the pathways its
    #: criminogenic needs map to (offending behaviour).
    routes: tuple[NeedRoute, ...]
    #: Index into ``PreparedPack.route_sets`` (items with the same routes share the work).
    route_set: int
    specialised_sexual: bool
    precedence_kind: PrecedenceKind
    release_day_essential: bool
    #: Low intensity: at high risk it gives way to moderate- or high-intensity work in the
    #: tier for needs linked to offending (the risk principle).
    low_intensity: bool
    #: The pack says its reoffending evidence is not established: never in the
    #: criminogenic tier, however the need is marked.
    unrated: bool
    #: Indexed by ``RiskLevel.rank``: may enter the tier for needs linked to offending
    #: (rated, and its reoffending evidence strength is above 0 at that risk level).
    criminogenic_tier_allowed: tuple[bool, ...]
    evidence: tuple[EvidenceSummary, ...]
    #: Indexed by ``RiskLevel.rank``.
    evidence_terms: tuple[ScoreTerm, ...]
    #: Whether the records deciding the evidence strength are all verified, per risk rank.
    evidence_verified: tuple[bool, ...]
    best_quality: int
    continuity_term: ScoreTerm
    #: Indexed by ``RiskLevel.rank``.
    intensity_terms: tuple[ScoreTerm, ...]
    #: Flag values (strings) of which the profile needs at least one; empty for none.
    required_flags: frozenset[str]
    required_flags_reason: ExclusionReason
    no_need_reason: ExclusionReason
    #: Flag values of which the profile needs one before the item may enter the top five.
    top_five_flags: frozenset[str]
    #: Why it is not recommended when a list too short would put it in the top five.
    top_five_reason: ExclusionReason
    #: (flag or offence category value, reason) pairs that hold the item back: the pack's
    #: ``held_back_by_flags`` then ``held_back_by_offence_categories``. The two kinds of value
    #: never coincide (tests/evidence/test_evidence_rules_safeguarding.py), so the recommender
    #: looks each up in one set of the person's flags and offence category.
    held_back_by: tuple[tuple[str, str], ...]
    #: Indexed by ``RiskLevel.rank`` (controls only).
    licence_conditions: tuple[LicenceCondition, ...]
    #: Indexed by ``RiskLevel.rank``: the sort key after tier and need, which is the same for
    #: everyone at that risk level (dose, evidence, continuity, tie-break).
    key_tails: tuple[tuple[float | bool | int | str, ...], ...]


class PreparedPack:
    def __init__(self, pack: EvidencePack) -> None:
        self.pack = pack
        self.principle_ids: dict[PrincipleRule, tuple[str, ...]] = {}
        self.principle_records: dict[PrincipleRule, tuple[str, ...]] = {}
        for principle in sorted(pack.principles, key=lambda p: p.id):
            rule = principle.rule
            self.principle_ids[rule] = (*self.principle_ids.get(rule, ()), principle.id)
            records = (*(r.id for r in principle.evidence), *principle.evidence_ids)
            self.principle_records[rule] = (*self.principle_records.get(rule, ()), *records)
        citations = {c.id: c for c in pack.citations}
        self.pathway_index = {pathway: index for index, pathway in enumerate(Pathway)}
        self._route_index: dict[tuple[NeedRoute, ...], int] = {}
        self._gate_index: dict[GateRule, int] = {}
        self._groups: dict[str, list[Intervention]] = {}
        for item in pack.interventions:
            if item.programme_group is not None:
                self._groups.setdefault(item.programme_group, []).append(item)
        self.items = tuple(
            self._prepare(item, index, citations)
            for index, item in enumerate(sorted(pack.interventions, key=lambda i: i.id))
        )
        #: Indexed by ``RiskLevel.rank``, then by item: the item's place when all items are
        #: sorted by ``key_tails`` at that risk level. The tails are distinct (they end with
        #: the id), so comparing places orders exactly as comparing the tails.
        self.tail_places = tuple(
            _places([item.key_tails[rank] for item in self.items]) for rank in range(len(_RISKS))
        )
        #: Indexed like ``tail_places``: the place of the item's dose (the first key of its
        #: tail) among the distinct doses at that risk level; equal doses share a place.
        self.dose_places = tuple(
            _value_places([item.key_tails[rank][0] for item in self.items])
            for rank in range(len(_RISKS))
        )
        self.route_sets = tuple(self._route_index)
        self.gate_rules = tuple(self._gate_index)
        self.gates = GateTable(self.gate_rules)
        self.ids = frozenset(i.id for i in pack.interventions)
        self.advice = AdviceIndex(pack)
        self.age_limits = AgeLimits(pack)
        self.release_day_window = pack.release_day_window_days
        self.safety_window_after = pack.safety_window_after_release_days
        self.notes = tuple(
            PathwayEvidenceNote(
                note_id=n.id,
                pathway=n.pathway,
                kind=n.kind.value,
                statement=n.statement,
                verification=n.verification.value,
            )
            for n in sorted(pack.pathway_notes, key=lambda n: n.id)
        )
        self._notes_by_need: dict[int, tuple[PathwayEvidenceNote, ...]] = {}

    def notes_for(self, needed: int) -> tuple[PathwayEvidenceNote, ...]:
        """The notes on the pathways where the person has a need (bit i set for the i-th
        pathway), one shared tuple per combination."""
        found = self._notes_by_need.get(needed)
        if found is None:
            found = self._notes_by_need[needed] = tuple(
                n for n in self.notes if needed >> self.pathway_index[n.pathway] & 1
            )
        return found

    def records_for(self, rule: PrincipleRule) -> tuple[str, ...]:
        return self.principle_records.get(rule, ())

    def _routes(self, item: Intervention) -> tuple[NeedRoute, ...]:
        if item.purpose is InterventionPurpose.RESETTLEMENT_SUPPORT:
            return ((item.primary_pathway, ""),)
        if item.purpose is InterventionPurpose.CONTROL:
            return ()
        by_pathway: dict[object, list[str]] = {}
        for need in item.criminogenic_needs:
            pathway = self.pack.need_pathway(need)
            if pathway is not None:
                by_pathway.setdefault(pathway, []).append(need.label)
        return tuple(
            (pathway, f"; it targets {_and_list(needs)}")  # type: ignore[misc]
            for pathway, needs in by_pathway.items()
        )

    def _prepare(
        self, item: Intervention, index: int, citations: dict[str, Citation]
    ) -> PreparedIntervention:
        risk_records = self.records_for(PrincipleRule.RISK_INTENSITY)
        sexual_records = self.records_for(PrincipleRule.SEXUAL_OFFENDING_SPECIALISATION)
        evidence_terms = tuple(evidence_term(item, r, citations) for r in _RISKS)
        records = {r.id: r for r in item.evidence}
        verified = tuple(
            all(records[i].verification.status is VerificationStatus.VERIFIED for i in t.record_ids)
            and bool(t.record_ids)
            for t in evidence_terms
        )
        summaries = tuple(
            _summary(r, citations) for r in sorted(item.evidence, key=lambda r: (-r.quality, r.id))
        )
        flags = " or ".join(f"“{flag.label}”" for flag in item.eligibility.requires_any_flag)
        routes = self._routes(item)
        served = ", ".join(dict.fromkeys(p.label for p, _ in routes)) or "no pathway"
        is_control = item.purpose is InterventionPurpose.CONTROL
        twins = tuple(
            (other.id, other.name)
            for other in sorted(
                self._groups.get(item.programme_group or "", ()), key=lambda i: i.id
            )
            if other.id != item.id
        )
        twin_ids = frozenset(twin for twin, _ in twins)
        custody_twins = frozenset(
            other.id
            for other in self._groups.get(item.programme_group or "", ())
            if other.id in twin_ids and other.setting is Setting.CUSTODY
        )
        gate = VariableGate.of(item, self.pack.default_custody_min_days, twin_ids)
        intensity_terms = tuple(intensity_term(item, r, risk_records) for r in _RISKS)
        continuity = continuity_term(item, self.records_for(PrincipleRule.CONTINUITY))
        best_quality = max(r.quality for r in item.evidence)
        return PreparedIntervention(
            intervention=item,
            index=index,
            id=item.id,
            continues_after_release=item.continues_after_release,
            pathways=tuple(item.pathways),
            primary_index=self.pathway_index[item.primary_pathway],
            fixed_reasons=tuple(
                reasons
                for _, reasons in sorted(
                    (
                        fixed_slot(risk, sex, sexual),
                        fixed_exclusions(item, risk, sex, sexual, risk_records, sexual_records),
                    )
                    for risk, sex, sexual in itertools.product(RiskLevel, Sex, (False, True))
                )
            ),
            gate=gate,
            checks=VariableChecks.of(
                item, self.pack.default_custody_min_days, twins, custody_twins
            ),
            gate_rule=self._gate_index.setdefault(gate.rule, len(self._gate_index)),
            twin_ids=twin_ids,
            is_control=is_control,
            routes=routes,
            route_set=self._route_index.setdefault(routes, len(self._route_index)),
            specialised_sexual=InterventionTag.SPECIALISED_SEXUAL_OFFENDING in item.tags,
            precedence_kind=PrecedenceKind.of(item.tags),
            release_day_essential=InterventionTag.RELEASE_DAY_ESSENTIAL in item.tags,
            low_intensity=item.intensity is Intensity.LOW,
            unrated=item.evidence_status is not None,
            criminogenic_tier_allowed=tuple(
                item.evidence_status is None and reoffending_strength(item, r) > 0 for r in _RISKS
            ),
            evidence=summaries,
            evidence_terms=evidence_terms,
            evidence_verified=verified,
            best_quality=best_quality,
            continuity_term=continuity,
            intensity_terms=intensity_terms,
            required_flags=frozenset(f.value for f in item.eligibility.requires_any_flag),
            required_flags_reason=need_not_present(
                f"Only relevant when the case is flagged {flags}."
            ),
            no_need_reason=need_not_present(
                f"Addresses none of this person's recorded needs (it counts only a need on "
                f"{served})."
            ),
            top_five_flags=frozenset(f.value for f in item.eligibility.top_five_requires_any_flag),
            top_five_reason=top_five_wait(item.eligibility.top_five_requires_any_flag),
            held_back_by=(
                *((h.flag.value, h.reason) for h in item.eligibility.held_back_by_flags),
                *(
                    (h.offence_category.value, h.reason)
                    for h in item.eligibility.held_back_by_offence_categories
                ),
            ),
            licence_conditions=tuple(
                LicenceCondition(
                    intervention_id=item.id,
                    name=item.name,
                    description=item.description,
                    evidence_summary=t.explanation,
                    evidence=summaries,
                    advice=LICENCE_ADVICE,
                )
                for t in evidence_terms
            )
            if is_control
            else (),
            key_tails=tuple(
                (
                    -intensity_terms[rank].value,
                    -evidence_terms[rank].value,
                    -continuity.value,
                    not verified[rank],
                    -best_quality,
                    item.release_day_order or _NO_RELEASE_DAY_ORDER,
                    item.name,
                    item.id,
                )
                for rank in range(len(_RISKS))
            ),
        )


def _value_places(values: list[float | bool | int | str]) -> tuple[int, ...]:
    place = {value: rank for rank, value in enumerate(sorted(set(values)))}
    return tuple(place[value] for value in values)


def _places(keys: list[tuple[float | bool | int | str, ...]]) -> tuple[int, ...]:
    order = sorted(range(len(keys)), key=keys.__getitem__)
    places = [0] * len(keys)
    for place, index in enumerate(order):
        places[index] = place
    return tuple(places)


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
        outcome_type=record.outcome_type.value if record.outcome_type else "",
        indirect=record.indirect_population,
    )


def _and_list(words: list[str]) -> str:
    """``a and b``; with a comma where a label has its own "and" ("antisocial associates,
    and leisure and recreation")."""
    if len(words) < 2:
        return "".join(words)
    glue = ", and " if any(" and " in w for w in words) else " and "
    return ", ".join(words[:-1]) + glue + words[-1]
