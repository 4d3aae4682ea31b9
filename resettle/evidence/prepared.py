"""Everything the recommender needs that does not depend on the person, worked out once
per pack: evidence summaries, fixed score terms, exclusions by risk/sex/sexual conviction."""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from enum import IntEnum

from resettle.domain.pathways import Pathway
from resettle.domain.risk import RiskLevel, Sex
from resettle.evidence.codes import InterventionTag, PrincipleRule
from resettle.evidence.exclusions import VariableGate, fixed_exclusions, need_not_present
from resettle.evidence.responsivity import AdviceIndex
from resettle.evidence.results import (
    EvidenceSummary,
    ExclusionReason,
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
    PATHWAY_SLOT,
    continuity_term,
    evidence_term,
    intensity_term,
)

_SEXES: tuple[Sex, ...] = tuple(Sex)


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
    #: Indexed by ``fixed_slot(risk, sex, sexual_offence)``.
    fixed_reasons: tuple[tuple[ExclusionReason, ...], ...]
    gate: VariableGate
    pathways: tuple[Pathway, ...]
    #: ``scoring.PATHWAY_SLOT`` of each pathway, primary first.
    pathway_slots: tuple[int, ...]
    specialised_sexual: bool
    precedence_kind: PrecedenceKind
    evidence: tuple[EvidenceSummary, ...]
    evidence_term: ScoreTerm
    continuity_term: ScoreTerm
    #: Indexed by ``RiskLevel.rank``.
    intensity_terms: tuple[ScoreTerm, ...]
    #: evidence_strength + continuity: the part of the score that is the same for everyone.
    fixed_score: float
    #: Flag values (strings) of which the profile needs at least one; empty for none.
    required_flags: frozenset[str]
    required_flags_reason: ExclusionReason
    no_need_reason: ExclusionReason


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
        self.items = tuple(
            self._prepare(item, citations)
            for item in sorted(pack.interventions, key=lambda i: i.id)
        )
        self.ids = frozenset(i.id for i in pack.interventions)
        self.advice = AdviceIndex(pack)
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

    def records_for(self, rule: PrincipleRule) -> tuple[str, ...]:
        return self.principle_records.get(rule, ())

    def _prepare(self, item: Intervention, citations: dict[str, Citation]) -> PreparedIntervention:
        risk_records = self.records_for(PrincipleRule.RISK_INTENSITY)
        sexual_records = self.records_for(PrincipleRule.SEXUAL_OFFENDING_SPECIALISATION)
        evidence = evidence_term(item, citations)
        continuity = continuity_term(item, self.records_for(PrincipleRule.CONTINUITY))
        flags = " or ".join(item.eligibility.requires_any_flag)
        pathways = ", ".join(p.label for p in item.pathways)
        return PreparedIntervention(
            intervention=item,
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
            gate=VariableGate.of(item),
            pathways=tuple(item.pathways),
            pathway_slots=tuple(PATHWAY_SLOT[p] for p in item.pathways),
            specialised_sexual=InterventionTag.SPECIALISED_SEXUAL_OFFENDING in item.tags,
            precedence_kind=PrecedenceKind.of(item.tags),
            evidence=tuple(
                _summary(r, citations)
                for r in sorted(item.evidence, key=lambda r: (-r.quality, r.id))
            ),
            evidence_term=evidence,
            continuity_term=continuity,
            intensity_terms=tuple(
                intensity_term(item, r, risk_records)
                for r in sorted(RiskLevel, key=lambda r: r.rank)
            ),
            fixed_score=evidence.value + continuity.value,
            required_flags=frozenset(f.value for f in item.eligibility.requires_any_flag),
            required_flags_reason=need_not_present(f"Only relevant with the flag {flags}."),
            no_need_reason=need_not_present(f"No need recorded on {pathways}."),
        )


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
