"""The recommender's view of a person, derived from their case record.

- risk level: the level the officer confirmed, else the band of the score in use, else
  medium (and the result says the level was not confirmed);
- needs: each pathway's severity and "linked to offending", and whether the person declined
  support on it (pathway status "support declined" on the Needs tab);
- flags: the officer's case flags, plus no fixed abode / no ID / no bank account from the
  open release-day essentials, and learning disability / interpreter from the profile;
- completed and in progress: plan actions that came from a recommendation, and the
  release-day essentials done on the Release day tab (and opioid treatment under way:
  ESSENTIAL_INTERVENTIONS),
  so a bank account already opened is not recommended again;
- from the programme history (``domain/programme_history.py``), each current entry linked to
  an evidence-pack intervention: complete -> completed; in progress -> in progress, and when
  it goes on past release (expected to end after the release date, or no end known) it is
  to continue after release, so the recommender lists it for follow-on in the community
  rather than leaving it out.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Container, Iterable, Mapping

from resettle.domain.ages import age_on
from resettle.domain.case_flags import CaseFlag
from resettle.domain.case_record import CaseRecord
from resettle.domain.essentials import EssentialKind
from resettle.domain.needs import PathwayStatus, Severity
from resettle.domain.pathways import Pathway
from resettle.domain.person import PersonInput
from resettle.domain.plan import ActionStatus, PlanAction
from resettle.domain.programme_completion import CompletionOutcome
from resettle.domain.programme_history import standing_entries
from resettle.domain.risk import OffenceCategory, RiskLevel
from resettle.evidence import CaseProfile, PathwayNeed
from resettle.evidence.codes import NeedSeverity, ProfileFlag

ESSENTIAL_FLAGS = {
    EssentialKind.FIRST_NIGHT_ADDRESS: ProfileFlag.NO_FIXED_ABODE,
    EssentialKind.ID_DOCUMENT: ProfileFlag.NO_ID,
    EssentialKind.BANK_ACCOUNT: ProfileFlag.NO_BANK_ACCOUNT,
}

#: The evidence pack's intervention for each release-day essential that has one. Done on the
#: Release day tab, it counts as completed (the recommender leaves it out), and Add to plan
#: marks the essential's own plan action rather than adding another. In progress, it stays
#: recommended until it is done (officers' trial: naloxone in progress the day before release
#: vanished from the list), except opioid treatment, which then continues after release.
#: Booking treatment to continue in the community is both the opioid treatment's continuity
#: and the community drug treatment appointment (officers' trial: done on the plan, yet the
#: appointment was still first on the list).
ESSENTIAL_INTERVENTIONS: dict[EssentialKind, tuple[str, ...]] = {
    EssentialKind.FIRST_NIGHT_ADDRESS: ("first-night-accommodation",),
    EssentialKind.ID_DOCUMENT: ("id-documents",),
    EssentialKind.BANK_ACCOUNT: ("bank-account",),
    EssentialKind.BENEFITS_CLAIM: ("benefits-work-coach",),
    EssentialKind.GP_REGISTRATION: ("gp-registration",),
    EssentialKind.OST_CONTINUITY: (
        "opioid-treatment-continuity",
        "substance-misuse-treatment-continuity",
    ),
    EssentialKind.NALOXONE: ("naloxone-on-release",),
}
_BY_VALUE = {kind.value: items for kind, items in ESSENTIAL_INTERVENTIONS.items()}


def essential_standing_for(intervention_id: str) -> EssentialKind | None:
    """The release-day essential whose plan action stands for this intervention, if any."""
    return next(
        (kind for kind, items in ESSENTIAL_INTERVENTIONS.items() if intervention_id in items),
        None,
    )


def essential_stands_for(kind: str | None) -> tuple[str, ...]:
    """The interventions the essential ``kind`` (as a plan action's source stores it) stands
    for; () for none."""
    return _BY_VALUE.get(kind, ()) if kind is not None else ()


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
    continue_after_release: Iterable[str] = (),
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
    carrying_on = set(continue_after_release)
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
        in_progress=tuple(sorted((set(in_progress) | carrying_on) - done)),
        continue_after_release=tuple(sorted(carrying_on - done)),
    )


def case_profile(
    record: CaseRecord,
    today: dt.date,
    plan_actions: Iterable[PlanAction] = (),
    known_ids: Container[str] | None = None,
) -> CaseProfile:
    """The profile for ``record``; with ``known_ids`` (the pack's intervention ids), ids the
    pack does not have are left out of completed and in progress."""
    level, _confirmed = risk_level_for(record)
    completed: set[str] = set()
    in_progress: set[str] = set()
    # An essential's own plan action (marked by Add to plan, status copied from the
    # essential) is left to the essentials below, which decide what counts.
    sources = [
        (action.source.recommendation_intervention_id, action.status)
        for action in plan_actions
        if action.source is not None and action.source.essential_kind is None
    ]
    sources += [
        (intervention, e.status)
        for e in record.essentials
        if e.status is ActionStatus.DONE or e.kind is EssentialKind.OST_CONTINUITY
        for intervention in ESSENTIAL_INTERVENTIONS.get(e.kind, ())
    ]
    for intervention, status in sources:
        if intervention is None or (known_ids is not None and intervention not in known_ids):
            continue
        if status is ActionStatus.DONE:
            completed.add(intervention)
        elif status is ActionStatus.IN_PROGRESS:
            in_progress.add(intervention)
    carrying_on: set[str] = set()
    release = record.person.profile.release_date
    for view in standing_entries(record.programmes):
        intervention = view.entry.evidence_intervention_id
        if intervention is None or (known_ids is not None and intervention not in known_ids):
            continue
        if view.entry.outcome is CompletionOutcome.COMPLETE:
            completed.add(intervention)
        elif view.entry.outcome is CompletionOutcome.IN_PROGRESS:
            in_progress.add(intervention)
            if view.in_progress_at(release):
                carrying_on.add(intervention)
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
        continue_after_release=carrying_on,
    )
