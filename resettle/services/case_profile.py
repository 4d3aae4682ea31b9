"""The recommender's view of a person, derived from their case record.

- risk level: the level the officer confirmed, else the band of the score in use, else
  medium (and the result says the level was not confirmed);
- needs: each pathway's severity and "linked to offending";
- flags: the officer's case flags, plus no fixed abode / no ID / no bank account from the
  open release-day essentials, and learning disability / interpreter from the profile;
- completed and in progress: plan actions that came from a recommendation.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from resettle.domain.case_record import CaseRecord
from resettle.domain.essentials import EssentialKind
from resettle.domain.person import age_on
from resettle.domain.plan import ActionStatus, PlanAction
from resettle.domain.risk import OffenceCategory, RiskLevel
from resettle.evidence import CaseProfile, PathwayNeed
from resettle.evidence.codes import NeedSeverity, ProfileFlag

_ESSENTIAL_FLAGS = {
    EssentialKind.FIRST_NIGHT_ADDRESS: ProfileFlag.NO_FIXED_ABODE,
    EssentialKind.ID_DOCUMENT: ProfileFlag.NO_ID,
    EssentialKind.BANK_ACCOUNT: ProfileFlag.NO_BANK_ACCOUNT,
}


def risk_level_for(record: CaseRecord) -> tuple[RiskLevel, bool]:
    """The level to recommend on, and whether an officer confirmed it."""
    if record.risk.confirmed is not None:
        return record.risk.confirmed.level, True
    if record.risk.in_use.band is not None:
        return record.risk.in_use.band, False
    return RiskLevel.MEDIUM, False


def case_profile(
    record: CaseRecord, today: dt.date, plan_actions: Iterable[PlanAction] = ()
) -> CaseProfile:
    profile = record.person.profile
    level, _confirmed = risk_level_for(record)
    flags = {ProfileFlag(flag.value) for flag in record.flags}
    for essential in record.essentials:
        flag = _ESSENTIAL_FLAGS.get(essential.kind)
        if flag is not None and essential.is_open:
            flags.add(flag)
    if profile.learning_disability:
        flags.add(ProfileFlag.LEARNING_DISABILITY)
    if profile.interpreter_needed:
        flags.add(ProfileFlag.INTERPRETER_NEEDED)
    completed: set[str] = set()
    in_progress: set[str] = set()
    for action in plan_actions:
        intervention = action.source.recommendation_intervention_id if action.source else None
        if intervention and action.status is ActionStatus.DONE:
            completed.add(intervention)
        elif intervention and action.status is ActionStatus.IN_PROGRESS:
            in_progress.add(intervention)
    release = profile.release_date
    return CaseProfile(
        age=age_on(profile.date_of_birth, release if release and release > today else today),
        sex=profile.sex,
        risk_level=level,
        ogrs3_two_year=record.risk.in_use.two_year_percent,
        offence_category=profile.offence_category or OffenceCategory.OTHER_OFFENCE,
        sexual_offence=profile.sexual_offence,
        days_to_release=(release - today).days if release else 0,
        needs={
            view.need.pathway: PathwayNeed(
                severity=NeedSeverity(view.need.severity.value),
                criminogenic=view.need.linked_to_offending,
            )
            for view in record.needs
        },
        flags=frozenset(flags),
        completed=frozenset(completed),
        in_progress=frozenset(in_progress - completed),
    )
