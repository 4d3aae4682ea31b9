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


def profile_factors(profile: CaseProfile) -> tuple[ResponsivityFactor, ...]:
    """The person's flags that are factors, the offence category when advice is keyed on it
    (a sexual offence against a child), and sex."""
    factors = {ResponsivityFactor(f.value) for f in profile.flags if f.value in _FACTOR_VALUES}
    if profile.offence_category.value in _FACTOR_VALUES:
        factors.add(ResponsivityFactor(profile.offence_category.value))
    if profile.sex is Sex.FEMALE:
        factors.add(ResponsivityFactor.FEMALE)
    return tuple(sorted(factors))


class AdviceIndex:
    """Advice per intervention and factor, with the pack's defaults filling the gaps."""

    def __init__(self, pack: EvidencePack) -> None:
        self._defaults = _group(pack.responsivity_defaults)
        self._own = {i.id: _group(i.responsivity) for i in pack.interventions}
        self._memo: dict[tuple[str, tuple[ResponsivityFactor, ...]], tuple[str, ...]] = {}

    def advice(
        self, intervention_id: str, factors: tuple[ResponsivityFactor, ...]
    ) -> tuple[str, ...]:
        key = (intervention_id, factors)
        cached = self._memo.get(key)
        if cached is None:
            cached = self._memo[key] = self._build(intervention_id, factors)
        return cached

    def _build(
        self, intervention_id: str, factors: tuple[ResponsivityFactor, ...]
    ) -> tuple[str, ...]:
        own = self._own[intervention_id]
        lines = list(own.get(ResponsivityFactor.GENERAL, ()))
        for factor in factors:
            label = _LABELS.get(factor) or factor.value.replace("_", " ").capitalize()
            for text in own.get(factor) or self._defaults.get(factor, ()):
                lines.append(f"{label}: {text}")
        return tuple(lines)


def _group(notes: list[ResponsivityNote]) -> dict[ResponsivityFactor, tuple[str, ...]]:
    grouped: dict[ResponsivityFactor, list[str]] = {}
    for note in notes:
        grouped.setdefault(note.factor, []).append(note.advice)
    return {factor: tuple(texts) for factor, texts in grouped.items()}
