"""What the recommender returns: frozen read models the UI, reports and CLI can show.

``model_dump(mode="json")`` of ``RecommendationResult`` is the CLI's ``--json`` output.
"""

from __future__ import annotations

from enum import StrEnum

from pydantic import BaseModel, ConfigDict

from resettle.domain.pathways import Pathway
from resettle.evidence.codes import Intensity, Setting


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class TermCode(StrEnum):
    NEED_PRIORITY = "need_priority"
    EVIDENCE_STRENGTH = "evidence_strength"
    CONTINUITY = "continuity"
    RISK_INTENSITY_FIT = "risk_intensity_fit"


class ExclusionCode(StrEnum):
    HARMFUL = "harmful"
    NOT_RESETTLEMENT = "not_resettlement"
    INELIGIBLE = "ineligible"
    RISK_INTENSITY_MISMATCH = "risk_intensity_mismatch"
    NON_SPECIALISED_SEXUAL_OFFENDING = "non_specialised_sexual_offending"
    ALREADY_COMPLETED = "already_completed"
    IN_PROGRESS = "in_progress"
    NEED_NOT_PRESENT = "need_not_present"


class Precedence(StrEnum):
    """Ranking tiers, applied before the score (see docs/evidence.md)."""

    NALOXONE = "naloxone"
    OPIOID_TREATMENT_CONTINUITY = "opioid_treatment_continuity"
    FIRST_NIGHT_ACCOMMODATION = "first_night_accommodation"
    RELEASE_DAY_ESSENTIAL = "release_day_essential"
    GENERAL = "general"

    @property
    def order(self) -> int:
        return _PRECEDENCE_ORDER[self]


_PRECEDENCE_ORDER = {p: i for i, p in enumerate(Precedence)}


class ScoreTerm(_Frozen):
    code: TermCode
    value: float
    explanation: str
    record_ids: tuple[str, ...] = ()


class EvidenceSummary(_Frozen):
    record_id: str
    citation: str
    quality: int
    native_rating: str
    source_type: str
    outcome: str
    effect: str
    verification: str


class Recommendation(_Frozen):
    intervention_id: str
    name: str
    pathway: Pathway
    pathways: tuple[Pathway, ...]
    rank: int
    score: float
    precedence: Precedence
    intensity: Intensity
    setting: Setting
    terms: tuple[ScoreTerm, ...]
    reasons: tuple[str, ...]
    evidence: tuple[EvidenceSummary, ...]
    delivery_advice: tuple[str, ...]
    principle_ids: tuple[str, ...] = ()


class ExclusionReason(_Frozen):
    code: ExclusionCode
    #: For ``ineligible``: which eligibility criterion failed (e.g. ``age_max``).
    criterion: str | None
    text: str
    record_ids: tuple[str, ...] = ()


class Exclusion(_Frozen):
    intervention_id: str
    name: str
    pathway: Pathway
    reasons: tuple[ExclusionReason, ...]


class PathwayEvidenceNote(_Frozen):
    note_id: str
    pathway: Pathway
    kind: str
    statement: str
    verification: str


class RecommendationResult(_Frozen):
    pack_version: str
    rule_version: str
    recommendations: tuple[Recommendation, ...]
    exclusions: tuple[Exclusion, ...]
    #: Evidence gaps and context for the pathways where the person has a need.
    notes: tuple[PathwayEvidenceNote, ...] = ()
