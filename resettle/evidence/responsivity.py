"""Delivery advice from responsivity (rule step 5).

Responsivity changes how an intervention is delivered, never whether it is offered: this
module only produces advice text and has no way to exclude anything.
"""

from __future__ import annotations

from resettle.domain.risk import Sex
from resettle.evidence.codes import ResponsivityFactor
from resettle.evidence.profile import CaseProfile
from resettle.evidence.schema import EvidencePack, ResponsivityNote

_FACTOR_VALUES = {f.value for f in ResponsivityFactor}


#: How a factor is named before its advice, where its code does not read well.
_LABELS = {ResponsivityFactor.SEXUAL_CHILD: "Sexual offence against a child"}


def profile_factors(
    profile: CaseProfile, aged_out: frozenset[ResponsivityFactor] = frozenset()
) -> tuple[ResponsivityFactor, ...]:
    """The person's flags that are factors, the offence category when advice is keyed on it
    (a sexual offence against a child), and sex; without ``aged_out``, the factors whose
    advice the person is too old for (``AgeLimits``)."""
    factors = {
        ResponsivityFactor(f.value)
        for f in profile.flags
        if f.value in _FACTOR_VALUES and f.value not in aged_out
    }
    if profile.offence_category.value in _FACTOR_VALUES:
        factors.add(ResponsivityFactor(profile.offence_category.value))
    if profile.sex is Sex.FEMALE:
        factors.add(ResponsivityFactor.FEMALE)
    return tuple(sorted(factors))


class AgeLimits:
    """The pack's ``responsivity_age_limits``: which factors a person is too old for."""

    def __init__(self, pack: EvidencePack) -> None:
        self._limits = tuple(
            (limit.factor, limit.below_age) for limit in pack.responsivity_age_limits
        )
        self._by_age: dict[int, frozenset[ResponsivityFactor]] = {}

    def aged_out(self, age: int) -> frozenset[ResponsivityFactor]:
        """The factors whose advice is only for people younger than ``age`` allows."""
        found = self._by_age.get(age)
        if found is None:
            found = self._by_age[age] = frozenset(
                factor for factor, below in self._limits if age >= below
            )
        return found


class AdviceIndex:
    """Advice per intervention and factor, with the pack's defaults filling the gaps.

    Prepared once per pack: per intervention, its general advice and, for every factor it
    or the defaults advise on, the labelled lines. A person's advice is the general advice
    plus the lines of their factors in order; the same lines give the same shared tuple."""

    def __init__(self, pack: EvidencePack) -> None:
        defaults = _group(pack.responsivity_defaults)
        self._general: dict[str, tuple[str, ...]] = {}
        self._lines: dict[str, dict[ResponsivityFactor, tuple[str, ...]]] = {}
        for item in pack.interventions:
            own = _group(item.responsivity)
            self._general[item.id] = own.get(ResponsivityFactor.GENERAL, ())
            self._lines[item.id] = {
                factor: tuple(f"{_label(factor)}: {text}" for text in own.get(factor) or texts)
                for factor, texts in {**defaults, **own}.items()
            }
        self._memo: dict[tuple[str, tuple[ResponsivityFactor, ...]], tuple[str, ...]] = {}

    def advice(
        self, intervention_id: str, factors: tuple[ResponsivityFactor, ...]
    ) -> tuple[str, ...]:
        lines = self._lines[intervention_id]
        advised = tuple(f for f in factors if f in lines)
        if not advised:
            return self._general[intervention_id]
        key = (intervention_id, advised)
        cached = self._memo.get(key)
        if cached is None:
            cached = self._memo[key] = self._general[intervention_id] + tuple(
                line for factor in advised for line in lines[factor]
            )
        return cached


def _label(factor: ResponsivityFactor) -> str:
    return _LABELS.get(factor) or factor.value.replace("_", " ").capitalize()


def _group(notes: list[ResponsivityNote]) -> dict[ResponsivityFactor, tuple[str, ...]]:
    grouped: dict[ResponsivityFactor, list[str]] = {}
    for note in notes:
        grouped.setdefault(note.factor, []).append(note.advice)
    return {factor: tuple(texts) for factor, texts in grouped.items()}
