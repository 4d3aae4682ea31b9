"""Why an intervention is not recommended for a person (rule step 1 and the record checks).

Every check that fails adds a reason; none stops the others, so an exclusion lists all of
its reasons. The checks are split by what they read, so the recommender can work out the
first group once per pack:

- ``fixed_exclusions``: harm (for the person's risk level), diversion, and what depends
  only on risk level, sex and whether the person has a sexual conviction (eligible risk
  levels and sexes, the sexual offence rule, the risk/intensity rule, the non-specialised
  psychosocial rule);
- ``variable_exclusions``: age, offence category, time to release (custody items need
  their minimum days, default 28; "before release" items end at release), flags that
  exclude, completed, in progress (unless it must continue after release, by its nature or
  because the person's programme goes on past release: ``continue_after_release``, for which
  the time-to-release checks do not apply either).
"""

from __future__ import annotations

import bisect
import functools
from dataclasses import dataclass

from resettle.domain.case_flags import CaseFlag
from resettle.domain.pathways import Pathway
from resettle.domain.risk import OffenceCategory, RiskLevel, Sex
from resettle.evidence.codes import (
    EffectDirection,
    Intensity,
    InterventionPurpose,
    InterventionTag,
    NeedSeverity,
    ProfileFlag,
    Setting,
    SexualOffenceRule,
)
from resettle.evidence.profile import CaseProfile
from resettle.evidence.results import ExclusionCode, ExclusionReason
from resettle.evidence.schema import DEFAULT_CUSTODY_MIN_DAYS, Intervention

_CASE_FLAGS = frozenset(flag.value for flag in CaseFlag)
#: Tags of non-specialised psychosocial work (kept from sexual convictions at medium+ risk).
NON_SPECIALISED_TAGS = frozenset(
    {InterventionTag.GENERAL_OFFENDING_BEHAVIOUR, InterventionTag.PSYCHOSOCIAL}
)


@functools.lru_cache(maxsize=16384)
def _reason(
    code: ExclusionCode, text: str, criterion: str | None = None, records: tuple[str, ...] = ()
) -> ExclusionReason:
    """An exclusion reason; identical reasons are shared (results are immutable)."""
    return ExclusionReason(code=code, criterion=criterion, text=text, record_ids=records)


def _ineligible(criterion: str, text: str) -> ExclusionReason:
    return _reason(ExclusionCode.INELIGIBLE, f"Not eligible: {text}.", criterion)


def fixed_exclusions(
    intervention: Intervention,
    risk: RiskLevel,
    sex: Sex,
    sexual_offence: bool,
    risk_records: tuple[str, ...],
    sexual_records: tuple[str, ...],
) -> tuple[ExclusionReason, ...]:
    rules = intervention.eligibility
    out: list[ExclusionReason] = []
    harmful = tuple(
        r.id
        for r in intervention.evidence
        if r.effect.direction is EffectDirection.HARMFUL
        and (not r.risk_levels or risk in r.risk_levels)
    )
    if intervention.harm.flagged or harmful:
        text = f"Never recommended: possible harm. {intervention.harm.reason or ''}".strip()
        out.append(_reason(ExclusionCode.HARMFUL, text, records=harmful))
    if InterventionTag.DIVERSION_NOT_RESETTLEMENT in intervention.tags:
        out.append(
            _reason(
                ExclusionCode.NOT_RESETTLEMENT,
                "A diversion from prosecution or custody, not a resettlement intervention: "
                "kept out of release plans.",
            )
        )
    if risk not in rules.risk_levels:
        allowed = ", ".join(r.value.replace("_", " ") for r in rules.risk_levels)
        this = risk.value.replace("_", " ")
        out.append(_ineligible("risk_levels", f"for risk levels {allowed}; this person is {this}"))
    if sex not in rules.sexes:
        out.append(_ineligible("sexes", f"for {' or '.join(rules.sexes)} people only"))
    if rules.sexual_offence is SexualOffenceRule.REQUIRED and not sexual_offence:
        out.append(_ineligible("sexual_offence", "only for people with a sexual conviction"))
    if rules.sexual_offence is SexualOffenceRule.EXCLUDED and sexual_offence:
        out.append(_ineligible("sexual_offence", "not for people with a sexual conviction"))
    if risk is RiskLevel.LOW and intervention.intensity is Intensity.HIGH:
        out.append(
            _reason(
                ExclusionCode.RISK_INTENSITY_MISMATCH,
                f"{intervention.name} is high intensity, and this person is at low risk: the "
                "risk principle says low-risk people can do worse in intensive work.",
                records=risk_records,
            )
        )
    if (
        risk is RiskLevel.LOW
        and intervention.intensity is Intensity.MODERATE
        and intervention.purpose is InterventionPurpose.OFFENDING_BEHAVIOUR
    ):
        out.append(
            _reason(
                ExclusionCode.RISK_INTENSITY_MISMATCH,
                f"{intervention.name} is moderate-intensity work on offending, and this person "
                "is at low risk: the risk principle keeps that intensity for higher risk.",
                records=risk_records,
            )
        )
    if (
        NON_SPECIALISED_TAGS & set(intervention.tags)
        and sexual_offence
        and risk.rank >= RiskLevel.MEDIUM.rank
    ):
        text = (
            "Sexual conviction at medium or higher risk: work on offending must be specialised "
            "sexual-offending treatment; non-specialised offending-behaviour programmes were "
            "found ineffective or harmful."
        )
        if Pathway.HEALTH in intervention.pathways:
            # Only where the item is health care (prison psychological therapy); on
            # restorative justice or family therapy the sentence made no sense.
            text += (
                " Mental-health treatment is not ruled out: refer mental-health needs to the "
                "prison's mental health team."
            )
        out.append(
            _reason(ExclusionCode.NON_SPECIALISED_SEXUAL_OFFENDING, text, records=sexual_records)
        )
    return tuple(out)


def variable_exclusions(
    intervention: Intervention,
    profile: CaseProfile,
    default_min_days: int = DEFAULT_CUSTODY_MIN_DAYS,
) -> list[ExclusionReason]:
    return VariableChecks.of(intervention, default_min_days).reasons(profile)


@dataclass(frozen=True, slots=True)
class VariableChecks:
    """The checks of ``variable_exclusions`` for one intervention, with what they read from
    the pack taken out once (the recommender keeps one per intervention)."""

    intervention_id: str
    age_min: int | None
    age_max: int | None
    categories_required: tuple[OffenceCategory, ...]
    categories_excluded: tuple[OffenceCategory, ...]
    custody: bool
    min_days: int | None
    before_release_only: bool
    still_due_after_release_days: int
    continues_after_release: bool
    excluded_by_flags: tuple[ProfileFlag, ...]
    #: (id, name) of the same programme in its other settings (``programme_group``).
    twins: tuple[tuple[str, str], ...] = ()
    #: It serves the drugs and alcohol pathway (naloxone, drug treatment booked before
    #: release): once its time is past, a person who uses opioids or has a drugs need is
    #: sent to the local drug and alcohol service.
    drugs_pathway: bool = False
    #: Ids of the twins delivered in custody: while one is under way, follow-on sessions in
    #: the community after release take this item's place.
    custody_twins: frozenset[str] = frozenset()

    @classmethod
    def of(
        cls,
        intervention: Intervention,
        default_min_days: int = DEFAULT_CUSTODY_MIN_DAYS,
        twins: tuple[tuple[str, str], ...] = (),
        custody_twins: frozenset[str] = frozenset(),
    ) -> VariableChecks:
        rules = intervention.eligibility
        return cls(
            intervention_id=intervention.id,
            age_min=rules.age_min,
            age_max=rules.age_max,
            categories_required=tuple(rules.offence_categories_required),
            categories_excluded=tuple(rules.offence_categories_excluded),
            custody=intervention.setting is Setting.CUSTODY,
            min_days=intervention.min_days_in_custody(default_min_days),
            before_release_only=rules.before_release_only,
            still_due_after_release_days=rules.still_due_after_release_days,
            continues_after_release=intervention.continues_after_release,
            excluded_by_flags=tuple(rules.excluded_by_flags),
            twins=twins,
            drugs_pathway=Pathway.DRUGS_ALCOHOL in intervention.pathways,
            custody_twins=custody_twins,
        )

    def reasons(self, profile: CaseProfile) -> list[ExclusionReason]:
        age, days, category = profile.age, profile.days_to_release, profile.offence_category
        item_id, in_progress = self.intervention_id, profile.in_progress
        # Under way and going on past release: its time-to-release checks no longer apply
        # (it has started), and it is continued rather than left out as in progress.
        carries_on = item_id in profile.continue_after_release
        out: list[ExclusionReason] = []
        if self.age_min is not None and age < self.age_min:
            out.append(_below_age_min(self.age_min, age))
        if self.age_max is not None and age > self.age_max:
            out.append(_above_age_max(self.age_max, age))
        required = self.categories_required
        if required and category not in required:
            out.append(_category_not_required(required))
        if category in self.categories_excluded:
            out.append(_category_excluded(category))
        if carries_on:
            pass
        elif self.custody and days <= 0:
            out.append(_ALREADY_RELEASED_FROM_CUSTODY)
        elif self.min_days is not None and days < self.min_days:
            out.append(_too_few_days(self.min_days, days))
        if (
            self.before_release_only
            and days < -self.still_due_after_release_days
            and not ((self.continues_after_release or carries_on) and item_id in in_progress)
        ):
            grace = self.still_due_after_release_days
            refer = self.drugs_pathway and _uses_drugs(profile)
            out.append(_still_due_until(grace, refer) if grace else _BEFORE_RELEASE_ONLY)
        if self.excluded_by_flags:
            flags = profile.flags
            for flag in self.excluded_by_flags:
                if flag in flags:
                    out.append(_excluded_by_flag(flag))
        if item_id in profile.completed:
            # Treatment that carries on through the gate is in place, not finished.
            out.append(_ALREADY_IN_PLACE if self.continues_after_release else _ALREADY_COMPLETED)
        if item_id in in_progress and not (self.continues_after_release or carries_on):
            out.append(_IN_PROGRESS)
        elif self.twins and item_id not in in_progress:
            under_way = [(twin, name) for twin, name in self.twins if twin in in_progress]
            if under_way:
                twin, name = under_way[0]
                out.append(_twin_in_progress(name, twin in self.custody_twins))
        return out


# The reasons above, built once per value (the texts are the same for the same values).


@functools.lru_cache(maxsize=1024)
def _below_age_min(age_min: int, age: int) -> ExclusionReason:
    return _ineligible("age_min", f"minimum age {age_min}; this person is {age}")


@functools.lru_cache(maxsize=1024)
def _above_age_max(age_max: int, age: int) -> ExclusionReason:
    return _ineligible("age_max", f"maximum age {age_max}; this person is {age}")


@functools.lru_cache(maxsize=256)
def _category_not_required(required: tuple[OffenceCategory, ...]) -> ExclusionReason:
    offences = ", ".join(category.label.lower() for category in required)
    return _ineligible("offence_categories_required", f"only for offences: {offences}")


@functools.lru_cache(maxsize=256)
def _category_excluded(category: OffenceCategory) -> ExclusionReason:
    return _ineligible("offence_categories_excluded", f"not for offence: {category.label.lower()}")


@functools.lru_cache(maxsize=8192)
def _too_few_days(min_days: int, days: int) -> ExclusionReason:
    return _ineligible(
        "min_days_before_release", f"needs at least {min_days} days before release; {days} left"
    )


@functools.lru_cache(maxsize=256)
def _excluded_by_flag(flag: ProfileFlag) -> ExclusionReason:
    return _reason(
        ExclusionCode.EXCLUDED_BY_FLAG,
        f"Not for this person: {FLAG_EXCLUSION_TEXT.get(flag, flag.value)}.",
        "excluded_by_flags",
    )


_ALREADY_RELEASED_FROM_CUSTODY = _ineligible(
    "setting", "delivered in custody only and this person is already released"
)
_BEFORE_RELEASE_ONLY = _ineligible(
    "before_release_only",
    "only meaningful before or on release day, and this person is already released",
)


def _uses_drugs(profile: CaseProfile) -> bool:
    """Flagged as using opioids, or a drugs and alcohol need of medium or higher."""
    if ProfileFlag.OPIOID_USE in profile.flags:
        return True
    need = profile.needs.get(Pathway.DRUGS_ALCOHOL)
    return need is not None and need.severity.weight >= NeedSeverity.MEDIUM.weight


#: Where a person who uses drugs goes once the items due around release have passed (the
#: pack has no evidence for naloxone or treatment started long after release, so nothing is
#: recommended in their place; the officer is told where the person gets them now).
DRUG_SERVICE_REFERRAL = (
    "Now that they are out, refer them to the local drug and alcohol service, which supplies "
    "naloxone and treatment."
)


@functools.lru_cache(maxsize=64)
def _still_due_until(days_after: int, refer_to_drug_service: bool = False) -> ExclusionReason:
    reason = _ineligible(
        "before_release_only",
        f"due before release or, if missed, within {days_after} days after it; this person "
        f"was released longer ago",
    )
    if not refer_to_drug_service:
        return reason
    return _reason(
        reason.code, f"{reason.text} {DRUG_SERVICE_REFERRAL}", reason.criterion, reason.record_ids
    )


@functools.lru_cache(maxsize=64)
def _twin_in_progress(name: str, in_custody: bool = False) -> ExclusionReason:
    text = (
        f"The same programme is already under way: {name}. It is not started again in "
        f"another setting."
    )
    if in_custody:  # the plan builder suggests carrying it on, or boosters, after release
        text += (
            " Plan follow-on sessions in the community after release instead (the plan's "
            "suggestions offer them)."
        )
    return _reason(ExclusionCode.IN_PROGRESS, text)


_ALREADY_COMPLETED = _reason(ExclusionCode.ALREADY_COMPLETED, "Already completed.")
_ALREADY_IN_PLACE = _reason(ExclusionCode.ALREADY_COMPLETED, "Already in place.")
_IN_PROGRESS = _reason(ExclusionCode.IN_PROGRESS, "Already in progress.")


#: Why a flag rules an intervention out, in an officer's words.
FLAG_EXCLUSION_TEXT: dict[ProfileFlag, str] = {
    ProfileFlag.NO_RECOURSE_TO_PUBLIC_FUNDS: "no recourse to public funds (benefits and "
    "publicly funded housing cannot be claimed)",
    ProfileFlag.NO_RIGHT_TO_WORK: "no right to work in the UK",
    ProfileFlag.DOMESTIC_ABUSE_VICTIM: "a victim of domestic abuse: no joint or couple work "
    "with a partner",
    ProfileFlag.DENIES_OFFENCE: "denies the offence (restorative work needs the person to "
    "accept responsibility)",
}


#: What an ``ineligible`` reason's criterion is about, in a few words (its headline).
CRITERION_WORDS: dict[str, str] = {
    "risk_levels": "risk level",
    "sexes": "sex",
    "age_min": "age",
    "age_max": "age",
    "sexual_offence": "sexual conviction",
    "offence_categories_required": "offence",
    "offence_categories_excluded": "offence",
    "setting": "custody only, already released",
    "min_days_before_release": "too close to release",
    "before_release_only": "before release only, already released",
    "top_five_requires_any_flag": "a case flag first",
}

#: The short headline of each kind of reason (the GUI's table and card say the same).
_CODE_HEADLINES = {
    ExclusionCode.HARMFUL: "Possible harm",
    ExclusionCode.NOT_RESETTLEMENT: "Not a resettlement intervention",
    ExclusionCode.RISK_INTENSITY_MISMATCH: "Too intensive for the risk level",
    ExclusionCode.NON_SPECIALISED_SEXUAL_OFFENDING: "Needs specialised treatment",
    ExclusionCode.ALREADY_COMPLETED: "Already completed",
    ExclusionCode.IN_PROGRESS: "Already in progress",
    ExclusionCode.NEED_NOT_PRESENT: "No matching need",
    ExclusionCode.EXCLUDED_BY_FLAG: "Ruled out by a case flag",
}


def exclusion_headline(reason: ExclusionReason) -> str:
    """A short name for one reason in plain words (``Not eligible: age``, ``Possible harm``,
    ``Ruled out: no right to work in the UK``), for the text report instead of its code."""
    if reason.code is ExclusionCode.INELIGIBLE:
        criterion = reason.criterion or ""
        return "Not eligible: " + CRITERION_WORDS.get(criterion, criterion.replace("_", " "))
    if reason.code is ExclusionCode.EXCLUDED_BY_FLAG:
        for flag, text in FLAG_EXCLUSION_TEXT.items():
            if text in reason.text:
                return f"Ruled out: {flag.label}"
    if reason == _ALREADY_IN_PLACE:  # treatment that carries on through the gate
        return "Already in place"
    return _CODE_HEADLINES.get(reason.code, reason.code.value.replace("_", " ").capitalize())


def top_five_wait(flags: list[ProfileFlag]) -> ExclusionReason:
    """Not recommended yet: the item may enter the top five only with one of ``flags``,
    and the list is too short to keep it below them."""
    named = " or ".join(f"“{CaseFlag(f.value).label}”" for f in flags if f.value in _CASE_FLAGS)
    if not named:  # flags the record implies, not case flags the officer sets
        named = " or ".join(f"“{f.label}”" for f in flags)
        where = ""
    else:
        where = " (case flags, Risk tab)"
    return _reason(
        ExclusionCode.INELIGIBLE,
        f"Not recommended yet: it may enter the top five only once the case is flagged "
        f"{named}{where}, and this list is too short to keep it below the top five. Record "
        f"that first.",
        "top_five_requires_any_flag",
    )


def need_not_present(text: str) -> ExclusionReason:
    return _reason(ExclusionCode.NEED_NOT_PRESENT, text)


@dataclass(frozen=True, slots=True)
class GateRule:
    """The person-dependent eligibility checks that do not name the intervention; items
    with the same rule share one check per person."""

    age_min: int
    age_max: int
    #: Codes as strings: the check runs for every person.
    categories_required: frozenset[str]
    categories_excluded: frozenset[str]
    min_days: int
    excluding_flags: frozenset[str]

    def passes(self, profile: CaseProfile) -> bool:
        return self.passes_values(
            profile.age,
            profile.days_to_release,
            profile.offence_category.value,
            frozenset(f.value for f in profile.flags),
        )

    def passes_values(self, age: int, days: int, category: str, flags: frozenset[str]) -> bool:
        """The same test on plain values (codes as strings), once per person."""
        return (
            self.age_min <= age <= self.age_max
            and days >= self.min_days
            and (not self.categories_required or category in self.categories_required)
            and category not in self.categories_excluded
            and not self.excluding_flags.intersection(flags)
        )


class GateTable:
    """``GateRule.passes_values`` for all of a pack's rules at once, remembered per class of
    values: ages and days between the same thresholds, the same offence category and the
    same excluding flags pass the same rules."""

    def __init__(self, rules: tuple[GateRule, ...]) -> None:
        self.rules = rules
        self._ages = sorted({r.age_min for r in rules} | {r.age_max + 1 for r in rules})
        self._days = sorted({r.min_days for r in rules})
        self._flags = frozenset[str]().union(*(r.excluding_flags for r in rules))
        self._memo: dict[tuple[int, int, str, frozenset[str]], tuple[bool, ...]] = {}

    def passes(self, age: int, days: int, category: str, flags: frozenset[str]) -> tuple[bool, ...]:
        key = (
            bisect.bisect_right(self._ages, age),
            bisect.bisect_right(self._days, days),
            category,
            self._flags & flags,
        )
        found = self._memo.get(key)
        if found is None:
            found = self._memo[key] = tuple(
                rule.passes_values(age, days, category, flags) for rule in self.rules
            )
        return found


@dataclass(frozen=True, slots=True)
class VariableGate:
    """A cheap test that ``variable_exclusions`` would return nothing (a shortcut only)."""

    intervention_id: str
    rule: GateRule
    blocks_in_progress: bool
    #: Ids of the same programme in its other settings (``programme_group``).
    twin_ids: frozenset[str] = frozenset()

    @classmethod
    def of(
        cls,
        intervention: Intervention,
        default_min_days: int = DEFAULT_CUSTODY_MIN_DAYS,
        twin_ids: frozenset[str] = frozenset(),
    ) -> VariableGate:
        rules = intervention.eligibility
        min_days = intervention.min_days_in_custody(default_min_days)
        floor = -(10**9) if min_days is None else min_days
        if intervention.setting is Setting.CUSTODY:
            floor = max(floor, 1)
        if rules.before_release_only:
            floor = max(floor, -rules.still_due_after_release_days)
        return cls(
            intervention_id=intervention.id,
            rule=GateRule(
                age_min=-1 if rules.age_min is None else rules.age_min,
                age_max=1_000 if rules.age_max is None else rules.age_max,
                categories_required=frozenset(c.value for c in rules.offence_categories_required),
                categories_excluded=frozenset(c.value for c in rules.offence_categories_excluded),
                min_days=floor,
                excluding_flags=frozenset(f.value for f in rules.excluded_by_flags),
            ),
            blocks_in_progress=not intervention.continues_after_release,
            twin_ids=twin_ids,
        )

    def passes(self, profile: CaseProfile) -> bool:
        return self.rule.passes(profile) and self.record_allows(profile)

    def record_allows(self, profile: CaseProfile) -> bool:
        """Not already completed, nor in progress (unless it continues after release, by its
        nature or because this person's will go on past release), nor the same programme in
        another setting under way while this one is not."""
        item_id = self.intervention_id
        in_progress = profile.in_progress
        if (
            self.twin_ids
            and item_id not in in_progress
            and not self.twin_ids.isdisjoint(in_progress)
        ):
            return False
        return item_id not in profile.completed and not (
            self.blocks_in_progress
            and item_id in in_progress
            and item_id not in profile.continue_after_release
        )
