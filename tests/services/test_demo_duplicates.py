"""A seeded demo of a few hundred people: no plan holds two actions for the same ground, and no
case record holds support needs that repeat an essential or contradict the person."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable

import pytest
import sqlalchemy as sa

from resettle.domain.ages import age_on
from resettle.domain.catalogue import covered_essential
from resettle.domain.risk import Sex
from resettle.services.case_profile import essential_stands_for
from resettle.services.demo.support_fit import IN_PRISON_VERSION
from resettle.services.workspace import Workspace
from resettle.storage import tables as t
from tests.accounts import load_demo_for
from tests.factories import TODAY

PEOPLE = 300

#: Words that say how or where, not what: "Apply for ID documents" and "Get an ID document" are
#: both about "id document"; "... in prison" and "... in the community" about the same need.
_NOISE = frozenset(
    {
        *("a", "an", "the", "and", "or", "for", "to", "of", "on", "in", "with", "your"),
        *("their", "from", "be", "at", "by", "it", "is", "get", "apply", "help", "make"),
        *("take", "arrange", "support", "issue", "issues", "need", "needs", "prison"),
        *("community", "go", "first", "appointment"),
    }
)


def ground(what: str) -> frozenset[str]:
    """The content words of an action's wording, lower case and singular."""
    words = re.findall(r"[a-z0-9']+", what.lower())
    return frozenset(w.removesuffix("s") for w in words if w not in _NOISE)


def near_duplicates(whats: Iterable[str]) -> list[tuple[str, str]]:
    """Pairs of wordings about the same thing: the same content words, or one's (two or more)
    all within the other's."""
    seen: list[tuple[str, frozenset[str]]] = []
    pairs: list[tuple[str, str]] = []
    for what in whats:
        words = ground(what)
        for other, other_words in seen:
            smaller = min(words, other_words, key=len)
            if words == other_words or (len(smaller) >= 2 and words & other_words == smaller):
                pairs.append((other, what))
        seen.append((what, words))
    return pairs


def test_near_duplicate_wording_is_found_and_different_needs_are_not() -> None:
    assert near_duplicates(["Get an ID document", "Apply for ID documents"])
    assert near_duplicates(["Open a bank account", "Open a bank account"])
    assert near_duplicates(["Register with a GP", "Help to register with a GP surgery"])
    assert near_duplicates(
        ["Support for alcohol issues in prison", "Support for alcohol issues in the community"]
    )
    assert not near_duplicates(
        [
            "Support for drug issues in the community",
            "Support for alcohol issues in the community",
            "Support with a mental health need in prison",
            "Support for a physical health need in prison",
            "Go to your first housing support appointment",
            "Go to your first local authority housing options appointment",
        ]
    )


@pytest.fixture
def demo(workspace: Workspace) -> Workspace:
    load_demo_for(workspace, PEOPLE, seed=3, today=TODAY)
    return workspace


def _rows(
    workspace: Workspace, query: sa.Select[tuple[object, ...]]
) -> list[sa.Row[tuple[object, ...]]]:
    with workspace.uow() as uow:
        return list(uow.session.execute(query))


def test_no_demo_plan_has_two_actions_for_the_same_ground(demo: Workspace) -> None:
    a, n = t.PlanActionRow, t.SupportNeedRow
    rows = _rows(
        demo,
        sa.select(
            a.plan_version_id, a.what, a.due_kind, a.due_offset_days, a.due_on,
            a.source_essential_kind, a.source_support_need_id, a.source_referral_id,
            a.source_intervention_id, n.code,
        )
        .outerjoin(n, n.id == a.source_support_need_id)
        .order_by(a.plan_version_id, a.position),
    )  # fmt: skip
    plans: dict[int, list[sa.Row[tuple[object, ...]]]] = defaultdict(list)
    for row in rows:
        plans[row.plan_version_id].append(row)
    assert len(plans) > PEOPLE // 2
    problems: list[str] = []
    for plan_id, actions in plans.items():
        essentials = {row.source_essential_kind for row in actions if row.source_essential_kind}
        needs = [row.source_support_need_id for row in actions if row.source_support_need_id]
        if len(needs) != len(set(needs)):
            problems.append(f"plan {plan_id}: one support need twice")
        for row in actions:
            if (
                any(row.source_intervention_id in essential_stands_for(kind) for kind in essentials)
                and not row.source_essential_kind
            ):
                problems.append(f"plan {plan_id}: {row.what!r} beside its essential's action")
            covers = covered_essential(row.code) if row.code else None
            if covers is not None and covers.value in essentials:
                problems.append(f"plan {plan_id}: {row.what!r} beside the {covers.value} action")
        # the same wording due at different times is a recurring action, not a duplicate
        by_due: dict[object, list[str]] = defaultdict(list)
        for row in actions:
            by_due[(row.due_kind, row.due_offset_days, row.due_on)].append(row.what)
        # an appointment with a service is how a need is met, not a second action for it:
        # appointments are compared with appointments, other actions with other actions
        for appointments in (True, False):
            whats = [
                row.what for row in actions if (row.source_referral_id is not None) is appointments
            ]
            for pair in near_duplicates(dict.fromkeys(whats)):
                problems.append(f"plan {plan_id}: {pair}")
        for whats in by_due.values():
            if len(whats) != len(set(whats)):
                problems.append(f"plan {plan_id}: the same action twice on one day")
    assert not problems, problems[:80]


def test_demo_support_needs_fit_the_person(demo: Workspace) -> None:
    n, e, p = t.SupportNeedRow, t.EssentialRow, t.PersonRow
    people = {
        row.id: (Sex(row.sex), age_on(row.date_of_birth, TODAY))
        for row in _rows(demo, sa.select(p.id, p.sex, p.date_of_birth))
    }
    recorded: dict[int, set[str]] = defaultdict(set)
    for row in _rows(demo, sa.select(e.person_id, e.kind).where(e.status != "not_needed")):
        recorded[row.person_id].add(row.kind)
    needs: dict[int, set[str]] = defaultdict(set)
    for row in _rows(demo, sa.select(n.person_id, n.code)):
        needs[row.person_id].add(row.code)
    assert sum(len(codes) for codes in needs.values()) > PEOPLE
    problems: list[str] = []
    for person_id, codes in needs.items():
        sex, age = people[person_id]
        for code in codes:
            covers = covered_essential(code)
            if covers is not None and covers.value in recorded[person_id]:
                problems.append(f"person {person_id}: {code} and essential {covers.value}")
        for community, in_prison in IN_PRISON_VERSION.items():
            if {community, in_prison} <= codes:
                problems.append(f"person {person_id}: {in_prison} and {community}")
        if "sex_industry_support" in codes and sex is not Sex.FEMALE:
            problems.append(f"person {person_id}: sex industry support for a man")
        if "care_leavers_support" in codes and age > 25:
            problems.append(f"person {person_id}: care leaver support at {age}")
        if {"maintain_tenancy", "end_tenancy"} <= codes:
            problems.append(f"person {person_id}: a tenancy kept and ended")
    assert not problems, problems[:80]
