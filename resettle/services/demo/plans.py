"""Demo plans: most people get one (drafts and agreed ones; some with many actions), built from
the case rows generated for them. Issuing happens afterwards through the real service."""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field
from typing import Any

from resettle.domain.action_repeats import PartOfDay, Repeat, RepeatEvery
from resettle.domain.aftercare import ServiceType
from resettle.domain.catalogue import covered_essential
from resettle.domain.essentials import EssentialKind
from resettle.domain.pathways import Pathway
from resettle.domain.person import PersonInput
from resettle.domain.plan import ActionOwner, ActionStatus, DueDate, PlanState
from resettle.domain.plan_calendar import named_weekdays
from resettle.evidence import (
    RULE_VERSION,
    LoadedPack,
    Precedence,
    Recommendation,
    recommend,
)
from resettle.services.case_profile import essential_stands_for, profile_for
from resettle.services.demo.case_records import CaseSummary, not_after_now
from resettle.services.plans.prefill import ESSENTIAL_ACTIONS, recommendation_action
from resettle.storage.plan_action_columns import repeat_columns

Row = dict[str, Any]
#: One planned action: pathway, owner, what, due kind, due offset, status, and its sources.
Planned = tuple[str, str, str, str | None, int | None, str, dict[str, Any]]
UTC = dt.UTC

EXTRA_ACTIONS: list[tuple[Pathway, ActionOwner, int, str]] = [
    (
        Pathway.EDUCATION_SKILLS_WORK,
        ActionOwner.PERSON,
        21,
        "Go to the job club on Tuesday mornings",
    ),
    (Pathway.EDUCATION_SKILLS_WORK, ActionOwner.PROVIDER, 28, "CSCS card course: book a place"),
    (
        Pathway.CHILDREN_FAMILIES_COMMUNITIES,
        ActionOwner.PROBATION,
        14,
        "Agree safe contact arrangements with children's services",
    ),
    (Pathway.HEALTH, ActionOwner.PERSON, 7, "Collect repeat prescription from the pharmacy"),
    (Pathway.FINANCE_ID, ActionOwner.PROVIDER, 10, "Budgeting session with money adviser"),
    (
        Pathway.ATTITUDES_THINKING_BEHAVIOUR,
        ActionOwner.PROBATION,
        21,
        "Review thinking-skills work at supervision",
    ),
    (Pathway.ACCOMMODATION, ActionOwner.PROVIDER, 14, "Housing officer visit to the new address"),
    (Pathway.DRUGS_ALCOHOL, ActionOwner.PERSON, 3, "Attend the recovery group (Thursday, 6 pm)"),
]

#: Weeks a long demo plan's weekly groups run over (8 actions x 8 weeks >= 60 sessions drawn).
EXTRA_WEEKS = 8
#: The time of day of the groups that repeat.
PART_OF_DAY = {
    "Go to the job club on Tuesday mornings": PartOfDay.MORNING,
    "Attend the recovery group (Thursday, 6 pm)": PartOfDay.EVENING,
}


@dataclass
class PlanRows:
    versions: list[Row] = field(default_factory=list)
    actions: list[Row] = field(default_factory=list)
    accepted: list[Row] = field(default_factory=list)
    agreed_people: list[int] = field(default_factory=list)
    next_version_id: int = 1
    next_action_id: int = 1

    def clear(self) -> None:
        self.versions.clear()
        self.actions.clear()
        self.accepted.clear()


def recommended_for(
    person: PersonInput, summary: CaseSummary, today: dt.date, pack: LoadedPack, rng: random.Random
) -> list[Recommendation]:
    """One or two of the general (non-essential) recommendations an officer might accept."""
    if summary.level is None or rng.random() < 0.5:
        return []
    profile = profile_for(
        person,
        today=today,
        risk_level=summary.level,
        two_year=None,
        needs={
            pathway: (severity, pathway in summary.linked)
            for pathway, severity in summary.severities.items()
        },
        case_flags=summary.flags,
        open_essentials=summary.open_essentials,
        pathway_statuses=summary.statuses,
    )
    general = [
        r for r in recommend(profile, pack).recommendations if r.precedence is Precedence.GENERAL
    ]
    return general[: rng.randint(1, 2)]


def add_plan(
    plans: PlanRows,
    rng: random.Random,
    person_id: int,
    essentials: list[Row],
    support_needs: list[Row],
    referrals: list[Row],
    labels: dict[str, tuple[str, str]],
    officer_name: str,
    today: dt.date,
    release_date: dt.date | None,
    recommended: list[Recommendation],
    pack_version: str,
) -> None:
    if rng.random() > 0.85:
        return
    version_id = plans.next_version_id
    plans.next_version_id += 1
    actions: list[Planned] = []
    for row in essentials:
        if row["status"] == ActionStatus.NOT_NEEDED.value:
            continue
        pathway, owner, offset, what = ESSENTIAL_ACTIONS[EssentialKind(row["kind"])]
        status = ActionStatus.DONE.value if row["status"] == "done" else row["status"]
        actions.append(
            (
                pathway.value,
                owner.value,
                what,
                "relative",
                offset,
                status,
                {"source_essential_kind": row["kind"]},
            )
        )
    planned_kinds = {
        kind for *_, sources in actions if (kind := sources.get("source_essential_kind"))
    }
    for row in support_needs:
        covers = covered_essential(row["code"])
        if covers is not None and covers.value in planned_kinds:
            continue  # the essential's action covers it, as in the plan suggestions
        label, need_pathway = labels[row["code"]]
        status = str({"met": "done", "declined": "not_needed"}.get(row["status"], row["status"]))
        status = "to_do" if status == "not_started" else status
        actions.append(
            (
                need_pathway,
                ActionOwner.PROBATION.value,
                label,
                "relative",
                -14,
                status,
                {"source_support_need_id": row["id"]},
            )
        )
    for row in referrals:
        if row["appointment_date"] is not None and row["status"] in ("referred", "accepted"):
            actions.append(
                (
                    _service_pathway(row["service_type"]),
                    ActionOwner.PERSON.value,
                    f"Go to your first {ServiceType(row['service_type']).label.lower()} "
                    "appointment",
                    "absolute",
                    None,
                    "to_do",
                    {"source_referral_id": row["id"], "due_on": row["appointment_date"]},
                )
            )
    for item in recommended:
        marked = _essential_standing_for(actions, item.intervention_id)
        if marked is not None:  # as Add to plan does: the essential's action is marked once
            kind = marked.get("source_essential_kind")
            if marked.get("source_intervention_id") not in essential_stands_for(kind):
                marked["source_intervention_id"] = item.intervention_id
        else:
            action = recommendation_action(
                item.intervention_id, item.name, item.pathway, item.setting
            )
            assert action.owner is not None and action.due is not None  # always set for these
            actions.append(
                (
                    action.pathway.value,
                    action.owner.value,
                    action.what,
                    "relative",
                    action.due.offset_days,
                    "to_do",
                    {"source_intervention_id": item.intervention_id},
                )
            )
        plans.accepted.append(
            {
                "person_id": person_id,
                "intervention_id": item.intervention_id,
                "pack_version": pack_version,
                "rule_version": RULE_VERSION,
                "accepted_by": officer_name,
                "accepted_at": not_after_now(dt.datetime.combine(today, dt.time(9), UTC)),
            }
        )
    if rng.random() < 0.05:  # a long plan: weekly groups, each one action that repeats
        sessions = [(extra, week) for extra in EXTRA_ACTIONS for week in range(EXTRA_WEEKS)]
        actions += _weekly_groups(rng.sample(sessions, rng.randint(30, 60)), release_date)
    # Two draws, as ever (the people after this one are drawn from the same numbers): the
    # plan's days come from their own generator seeded by them.
    seed = rng.random() if actions else 0.0
    created_on, agreed_on = _plan_days(
        random.Random(seed + rng.randint(3, 40)), release_date, today
    )
    agreed = bool(actions) and agreed_on is not None
    created = dt.datetime.combine(created_on, dt.time(10), UTC)
    agreed_at = dt.datetime.combine(agreed_on, dt.time(15), UTC) if agreed_on else None
    plans.versions.append(
        {
            "id": version_id,
            "person_id": person_id,
            "version": 1,
            "revision": 1,
            "state": PlanState.AGREED.value if agreed else PlanState.DRAFT.value,
            "created_at": created,
            "created_by": officer_name,
            "agreed_by": officer_name if agreed else None,
            "agreed_at": agreed_at if agreed else None,
            "agreed_by_person": agreed,
            "person_agreed_on": agreed_on if agreed else None,
            "person_agreed_how": "in_person" if agreed else None,
            "issued_by": None,
            "issued_at": None,
            "snapshot_sha256": None,
            "snapshot_json": None,
        }
    )
    if agreed:
        plans.agreed_people.append(person_id)
    for position, planned in enumerate(actions):
        action_pathway, action_owner, what, kind, due_offset, status, sources = planned
        plans.actions.append(
            {
                "id": plans.next_action_id,
                "plan_version_id": version_id,
                "position": position,
                "pathway": action_pathway,
                "what": what,
                "owner": action_owner,
                "due_kind": kind,
                "due_on": sources.pop("due_on", None),
                "due_offset_days": due_offset,
                "status": status,
                "source_intervention_id": sources.get("source_intervention_id"),
                "source_support_need_id": sources.get("source_support_need_id"),
                "source_essential_kind": sources.get("source_essential_kind"),
                "source_referral_id": sources.get("source_referral_id"),
                **repeat_columns(sources.get("repeat")),
            }
        )
        plans.next_action_id += 1


def _weekly_groups(
    sessions: list[tuple[tuple[Pathway, ActionOwner, int, str], int]],
    release_date: dt.date | None,
) -> list[Planned]:
    """The drawn (extra action, week) pairs as actions: one action for each extra that names
    a weekday, repeating weekly from its first week drawn to its last (the job club until
    the person starts work); one action, once, for each of the others."""
    weeks: dict[tuple[Pathway, ActionOwner, int, str], list[int]] = {}
    for extra, week in sessions:
        weeks.setdefault(extra, []).append(week)
    planned: list[Planned] = []
    for extra in EXTRA_ACTIONS:
        if extra not in weeks:
            continue
        pathway, owner, offset, what = extra
        first, last = min(weeks[extra]), max(weeks[extra])
        start = on_named_weekday(what, offset, release_date) + 7 * first
        sources: dict[str, Any] = {}
        named = sorted(named_weekdays(what))
        if named and last > first:
            sources["repeat"] = Repeat(
                every=RepeatEvery.WEEK,
                weekday=named[0],
                part_of_day=PART_OF_DAY.get(what),
                **(
                    {"until": "you start work"}
                    if pathway is Pathway.EDUCATION_SKILLS_WORK
                    else {"ends": DueDate.relative(start + 7 * (last - first))}
                ),
            )
        planned.append((pathway.value, owner.value, what, "relative", start, "to_do", sources))
    return planned


def on_named_weekday(what: str, offset: int, release_date: dt.date | None) -> int:
    """The first offset from ``offset`` on whose day falls a weekday ``what`` names ("Go to
    the job club on Tuesday mornings" is due on a Tuesday); ``offset`` when it names none
    or there is no release date to count from."""
    named = named_weekdays(what)
    if release_date is None or not named:
        return offset
    while (release_date + dt.timedelta(days=offset)).weekday() not in named:
        offset += 1
    return offset


def _plan_days(
    rng: random.Random, release_date: dt.date | None, today: dt.date
) -> tuple[dt.date, dt.date | None]:
    """When the plan was started and, if it is, agreed: work starts 3 to 12 weeks before
    release (or in the last few weeks, for a plan started lately), and most plans of people
    released or leaving within 2 weeks are agreed, a few days to two weeks after they were
    started; further off, about a third are. Both by yesterday."""
    yesterday = today - dt.timedelta(days=1)
    if release_date is None:
        created = today - dt.timedelta(days=rng.randint(3, 40))
    else:
        created = min(release_date - dt.timedelta(days=rng.randint(21, 84)), yesterday)
        if created >= today - dt.timedelta(days=2):
            created = today - dt.timedelta(days=rng.randint(3, 40))
    soon = release_date is not None and release_date <= today + dt.timedelta(days=14)
    if rng.random() >= (0.75 if soon else 0.35):
        return created, None
    return created, min(created + dt.timedelta(days=rng.randint(2, 14)), yesterday)


def _essential_standing_for(
    actions: list[Planned],
    intervention_id: str,
) -> dict[str, Any] | None:
    """The sources of the essential's action that ``intervention_id`` stands for, if the plan
    has one (``case_profile.ESSENTIAL_INTERVENTIONS``)."""
    for *_, sources in actions:
        if intervention_id in essential_stands_for(sources.get("source_essential_kind")):
            return sources
    return None


def _service_pathway(service_type: str) -> str:
    return ServiceType(service_type).pathway.value
