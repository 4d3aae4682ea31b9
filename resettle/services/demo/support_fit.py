"""Which support needs a demo person is given: ones that fit them (sex, age, the flags behind
their pathway needs, where they are in their sentence), never one that covers the same ground as
a release-day essential recorded for them, never two that contradict each other, and the rare
ones rarely. All fictional; the choice is made with the demo's seeded random generator."""

from __future__ import annotations

import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from resettle.domain.case_flags import CaseFlag
from resettle.domain.catalogue import covered_essential
from resettle.domain.essentials import EssentialKind
from resettle.domain.risk import Sex

#: Release within this many days: a need's "in the community" version, not its "in prison" one.
COMMUNITY_WITHIN_DAYS = 56


@dataclass(frozen=True)
class PersonFacts:
    """What decides which support needs fit one person."""

    sex: Sex
    age: int
    flags: frozenset[CaseFlag]
    days_to_release: int
    recorded_essentials: frozenset[EssentialKind]

    @property
    def near_release(self) -> bool:
        return self.days_to_release <= COMMUNITY_WITHIN_DAYS


def _drugs(facts: PersonFacts) -> bool:
    return CaseFlag.OPIOID_USE in facts.flags or CaseFlag.ALCOHOL_DEPENDENCE not in facts.flags


def _alcohol(facts: PersonFacts) -> bool:
    return CaseFlag.ALCOHOL_DEPENDENCE in facts.flags or CaseFlag.OPIOID_USE not in facts.flags


def _mental_health(facts: PersonFacts) -> bool:
    return CaseFlag.MENTAL_HEALTH in facts.flags


#: "In prison" and "in the community" versions of one need: a person gets the one for where
#: they are (in the community when release is near or past).
IN_PRISON_VERSION = {
    "drug_support_community": "drug_support_in_prison",
    "alcohol_support_community": "alcohol_support_in_prison",
    "physical_health_community": "physical_health_in_prison",
    "mental_health_community": "mental_health_in_prison",
}
_COMMUNITY = frozenset(IN_PRISON_VERSION)
_IN_PRISON = frozenset(IN_PRISON_VERSION.values())

#: Who a need can fit; a code not listed fits anyone with a need on its pathway.
FITS: dict[str, Callable[[PersonFacts], bool]] = {
    "sex_industry_support": lambda f: f.sex is Sex.FEMALE,
    "care_leavers_support": lambda f: f.age <= 25,
    "veterans_support": lambda f: f.age >= 22,
    "mortgage_support": lambda f: f.age >= 25,
    "relationships_with_children": lambda f: f.age >= 19,
    "childrens_services_meetings": lambda f: f.age >= 19,
    "domestic_abuse_survivors": lambda f: (
        f.sex is Sex.FEMALE or CaseFlag.DOMESTIC_ABUSE_VICTIM in f.flags
    ),
    "recovery_team_immediate": lambda f: CaseFlag.OPIOID_USE in f.flags,
    "drug_support_in_prison": _drugs,
    "drug_support_community": _drugs,
    "alcohol_support_in_prison": _alcohol,
    "alcohol_support_community": _alcohol,
    "mental_health_in_prison": _mental_health,
    "mental_health_community": _mental_health,
}

#: Needs few people have: their weight against 1 for the others.
RARE: dict[str, float] = {
    "sex_industry_support": 0.1,
    "veterans_support": 0.15,
    "foreign_nationals_support": 0.2,
    "mortgage_support": 0.2,
    "care_leavers_support": 0.4,
    "safeguarding_someone_else": 0.3,
    "sexual_abuse_survivors": 0.3,
    "gambling_support": 0.5,
    "home_adaptations_new": 0.2,
    "reading_support": 0.4,
}

#: At most one need of each group: a tenancy kept is not ended, nor replaced by new housing;
#: someone with a mortgage has no tenancy to keep or end.
ONE_OF: tuple[frozenset[str], ...] = (
    frozenset({"maintain_tenancy", "end_tenancy", "mortgage_support"}),
    frozenset({"maintain_tenancy", "help_to_find_accommodation"}),
    frozenset({"existing_benefits", "new_benefits_claim"}),
    *(frozenset(pair) for pair in IN_PRISON_VERSION.items()),
)


#: For each need, the needs it may not be drawn with.
CLASHES: dict[str, frozenset[str]] = {
    code: frozenset().union(*(group - {code} for group in ONE_OF if code in group))
    for code in frozenset().union(*ONE_OF)
}


def fits(code: str, facts: PersonFacts) -> bool:
    """Whether a demo person may be given the support need ``code``."""
    covers = covered_essential(code)
    if covers is not None and covers in facts.recorded_essentials:
        return False
    if code in (_IN_PRISON if facts.near_release else _COMMUNITY):
        return False
    rule = FITS.get(code)
    return rule is None or rule(facts)


def pick_support_needs(
    rng: random.Random, codes: Sequence[str], facts: PersonFacts, count: int
) -> list[str]:
    """Up to ``count`` different support needs of one pathway's ``codes`` that fit, drawn by
    weight; a need that clashes with one already drawn is not drawn after it."""
    pool = [code for code in codes if fits(code, facts)]
    chosen: list[str] = []
    while pool and len(chosen) < count:
        weights = [RARE.get(code, 1.0) for code in pool]
        left = rng.random() * sum(weights)
        code = pool[-1]
        for candidate, weight in zip(pool, weights, strict=True):
            left -= weight
            if left < 0:
                code = candidate
                break
        chosen.append(code)
        clashes = CLASHES.get(code, frozenset())
        pool = [other for other in pool if other != code and other not in clashes]
    return chosen
