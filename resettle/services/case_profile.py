"""The recommender's view of a person, derived from their case record.

- risk level: the level the officer confirmed, else the band of the score in use, else
  medium (and the result says the level was not confirmed);
- needs: each pathway's severity and "linked to offending", and whether the person declined
  support on it (pathway status "support declined" on the Needs tab);
- flags: the officer's case flags, plus no fixed abode / no ID / no bank account from the
  open release-day essentials, and learning disability / interpreter from the profile;
- completed and in progress: plan actions that came from a recommendation.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping

from resettle.domain.ages import age_on
from resettle.domain.case_flags import CaseFlag
from resettle.domain.case_record import CaseRecord
from resettle.domain.essentials import EssentialKind
from resettle.domain.needs import PathwayStatus, Severity
from resettle.domain.pathways import Pathway
from resettle.domain.person import PersonInput
from resettle.domain.plan import ActionStatus, PlanAction
from resettle.domain.risk import OffenceCategory, RiskLevel
from resettle.evidence import CaseProfile, PathwayNeed
from resettle.evidence.codes import NeedSeverity, ProfileFlag

ESSENTIAL_FLAGS = {
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


def profile_for(
    person: PersonInput,
    *,
    today: dt.date,
    risk_level: RiskLevel,
    two_year: float | None,
    needs: Mapping[Pathway, tuple[Severity, bool]],
    case_flags: Iterable[CaseFlag],
    open_essentials: Iterable[EssentialKind],
    completed: Iterable[str] = (),
    in_progress: Iterable[str] = (),
    pathway_statuses: Mapping[Pathway, PathwayStatus] | None = None,
) -> CaseProfile:
    """The recommender's profile from the parts of a record (``needs``: severity and whether
    linked to offending, per pathway; ``pathway_statuses``: the Needs tab's status per
    pathway, of which "support declined" marks the need declined)."""
    flags = {ProfileFlag(flag.value) for flag in case_flags}
    flags |= {ESSENTIAL_FLAGS[kind] for kind in open_essentials if kind in ESSENTIAL_FLAGS}
    if person.learning_disability:
        flags.add(ProfileFlag.LEARNING_DISABILITY)
    if person.interpreter_needed:
        flags.add(ProfileFlag.INTERPRETER_NEEDED)
    release = person.release_date
    done = frozenset(completed)
    statuses = pathway_statuses or {}
    return CaseProfile(
        age=age_on(person.date_of_birth, release if release and release > today else today),
        sex=person.sex,
        risk_level=risk_level,
        ogrs3_two_year=two_year,
        offence_category=person.offence_category or OffenceCategory.OTHER_OFFENCE,
        sexual_offence=person.sexual_offence,
        days_to_release=(release - today).days if release else 0,
        needs={
            pathway: PathwayNeed(
                severity=NeedSeverity(severity.value),
                criminogenic=linked,
                declined=statuses.get(pathway) is PathwayStatus.SUPPORT_DECLINED,
            )
            for pathway, (severity, linked) in needs.items()
        },
        flags=tuple(sorted(flags)),
        completed=tuple(sorted(done)),
        in_progress=tuple(sorted(set(in_progress) - done)),
    )


def case_profile(
    record: CaseRecord, today: dt.date, plan_actions: Iterable[PlanAction] = ()
) -> CaseProfile:
    level, _confirmed = risk_level_for(record)
    completed: set[str] = set()
    in_progress: set[str] = set()
    for action in plan_actions:
        intervention = action.source.recommendation_intervention_id if action.source else None
        if intervention and action.status is ActionStatus.DONE:
            completed.add(intervention)
        elif intervention and action.status is ActionStatus.IN_PROGRESS:
            in_progress.add(intervention)
    return profile_for(
        record.person.profile,
        today=today,
        risk_level=level,
        two_year=record.risk.in_use.two_year_percent,
        needs={
            view.need.pathway: (view.need.severity, view.need.linked_to_offending)
            for view in record.needs
        },
        case_flags=record.flags,
        open_essentials=(e.kind for e in record.essentials if e.is_open),
        completed=completed,
        in_progress=in_progress,
        pathway_statuses={view.need.pathway: view.need.status for view in record.needs},
    )
