"""What the recommender returns: frozen read models the UI, reports and CLI can show.

``model_dump(mode="json")`` of ``RecommendationResult`` is the CLI's ``--json`` output.
Annotations are evaluated as the module loads (no ``from __future__ import annotations``):
Pydantic would otherwise compile every annotation string while it builds the models,
which the command line pays for at start-up (docs/performance.md).
"""

from enum import StrEnum
from typing import Any, TypeVar

from pydantic import BaseModel, ConfigDict

from resettle.domain.pathways import Pathway
from resettle.evidence.codes import Intensity, Setting


class _Frozen(BaseModel):
    # Serialisers and validators are built on first use, not at import: the recommender makes
    # results with ``trusted`` (no validation), so ``resettle recommend`` printing text builds
    # none of them.
    model_config = ConfigDict(frozen=True, extra="forbid", defer_build=True)


_M = TypeVar("_M", bound=_Frozen)


def trusted(cls: type[_M], values: dict[str, Any]) -> _M:
    """A model from values that are already valid and complete (every field given).

    The recommender builds thousands of results a second from parts that were validated
    when the pack was prepared; this skips the per-field work of ``model_construct``. A
    test checks that such a result equals the same result validated from its JSON.
    """
    return trusted_all(cls, [values])[0]


def trusted_all(cls: type[_M], values_list: list[dict[str, Any]]) -> tuple[_M, ...]:
    """``trusted`` for many values of one class (one call per person, not per item)."""
    fields = _ALL_FIELDS.get(cls)
    if fields is None:
        fields = _ALL_FIELDS[cls] = set(cls.model_fields)
    new = cls.__new__
    models = []
    for values in values_list:
        model = new(cls)
        _set_dict(model, values)
        _set_fields_set(model, fields)
        _set_extra(model, None)
        _set_private(model, None)
        models.append(model)
    return tuple(models)


# What ``object.__setattr__`` would call for BaseModel's slots, without looking them up on
# the class for every model built.
_set_dict = BaseModel.__dict__["__dict__"].__set__
_set_fields_set = BaseModel.__dict__["__pydantic_fields_set__"].__set__
_set_extra = BaseModel.__dict__["__pydantic_extra__"].__set__
_set_private = BaseModel.__dict__["__pydantic_private__"].__set__


_ALL_FIELDS: dict[type[BaseModel], set[str]] = {}


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
    EXCLUDED_BY_FLAG = "excluded_by_flag"
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


class Tier(StrEnum):
    """The ranking tiers, first to last (docs/evidence.md, "How the list is ordered")."""

    SAFETY = "safety"
    RELEASE_DAY = "release_day"
    CRIMINOGENIC = "criminogenic"
    SUPPORT = "support"
    #: Kept below the top five until a condition is recorded (restorative justice until
    #: the victim's consent is known), or support the person declined.
    HELD_BACK = "held_back"

    @property
    def order(self) -> int:
        return _TIER_ORDER[self]

    @property
    def label(self) -> str:
        return _TIER_LABELS[self]


_TIER_ORDER = {t: i for i, t in enumerate(Tier, start=1)}
_TIER_LABELS = {
    Tier.SAFETY: "Safety first",
    Tier.RELEASE_DAY: "Release-day essential",
    Tier.CRIMINOGENIC: "Need linked to offending",
    Tier.SUPPORT: "Other support",
    Tier.HELD_BACK: "Held back",
}


class Action(StrEnum):
    START = "start"
    #: Already in progress in custody and must carry on through the gate.
    CONTINUE_AFTER_RELEASE = "continue_after_release"


class SortKeys(_Frozen):
    """The keys a recommendation was ranked by, in order (higher first except ``tier``,
    ``safety_order``, ``starts_after_release`` and ``name``)."""

    tier: int
    #: Within the safety tier: naloxone 1, opioid treatment 2, first-night accommodation 3.
    safety_order: int
    need_priority: float
    risk_fit: int
    #: While release is further off than the release-day window: delivered in the
    #: community, so it can only start after release. False (can start now) first.
    starts_after_release: bool = False
    evidence_strength: float
    continuity: float
    #: Tie-break: verified counted evidence first, then the best quality of any record,
    #: then the pack's order of release-day essentials (None after every ordered item),
    #: then the name (then the id, which only identical names could reach).
    evidence_verified: bool
    best_quality: int
    release_day_order: int | None = None
    name: str


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
    #: What the record measured (reoffending, death_or_overdose, employment, ...).
    outcome_type: str = "reoffending"
    #: Studied in a different population or setting (counts half).
    indirect: bool = False


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
    tier: Tier = Tier.SUPPORT
    sort_keys: SortKeys | None = None
    action: Action = Action.START


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


class LicenceCondition(_Frozen):
    """A control (e.g. electronic monitoring): not an intervention, never recommended; shown
    with its evidence because the releasing authority may set it."""

    intervention_id: str
    name: str
    description: str
    evidence_summary: str
    evidence: tuple[EvidenceSummary, ...]
    advice: str


class RecommendationResult(_Frozen):
    pack_version: str
    rule_version: str
    recommendations: tuple[Recommendation, ...]
    exclusions: tuple[Exclusion, ...]
    #: Evidence gaps and context for the pathways where the person has a need.
    notes: tuple[PathwayEvidenceNote, ...] = ()
    #: Controls that apply to this person (licence conditions), kept apart from the list.
    licence_conditions: tuple[LicenceCondition, ...] = ()

    @property
    def held_back_count(self) -> int:
        """Recommendations in the held-back tier: listed last and not endorsed, so the screen
        and the text report count them apart."""
        return sum(r.tier is Tier.HELD_BACK for r in self.recommendations)
