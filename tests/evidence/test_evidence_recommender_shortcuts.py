"""The recommender's precomputed shortcuts agree with the full checks they stand in for."""

from __future__ import annotations

import itertools

from resettle.domain.risk import RiskLevel, Sex
from resettle.evidence import load_embedded_pack
from resettle.evidence.exclusions import VariableGate, variable_exclusions
from resettle.evidence.prepared import fixed_slot
from tests.evidence.rules_helpers import MakeProfile


def test_variable_gate_matches_variable_exclusions(make_profile: MakeProfile) -> None:
    pack = load_embedded_pack().pack
    ids = [i.id for i in pack.interventions]
    checked = 0
    for age, days, category, completed in itertools.product(
        (10, 16, 17, 18, 40, 80),
        (-30, 0, 1, 89, 90, 179, 180, 269, 270, 1000),
        ("violence", "sexual_child", "drink_driving"),
        ((), (ids[0], ids[7])),
    ):
        profile = make_profile(
            age=age,
            days_to_release=days,
            offence_category=category,
            sexual_offence=category == "sexual_child",
            completed=list(completed),
            in_progress=[ids[3]],
        )
        for item in pack.interventions:
            gate = VariableGate.of(item)
            assert gate.passes(profile) == (variable_exclusions(item, profile) == []), item.id
            checked += 1
    assert checked > 10_000


def test_fixed_slots_are_distinct_and_dense() -> None:
    slots = [
        fixed_slot(risk, sex, sexual)
        for risk, sex, sexual in itertools.product(RiskLevel, Sex, (False, True))
    ]
    assert sorted(slots) == list(range(len(slots)))
