"""The needs the recommender works from: the profile's needs plus those its flags imply."""

from __future__ import annotations

from typing import NamedTuple

from resettle.domain.pathways import Pathway
from resettle.evidence.codes import NeedSeverity, ProfileFlag
from resettle.evidence.profile import CaseProfile

#: A flag that names a release-day essential or a health/substance problem implies a need
#: on its pathway at least this severe, even if the needs section leaves it out.
FLAG_IMPLIED_NEEDS: dict[ProfileFlag, tuple[Pathway, NeedSeverity]] = {
    ProfileFlag.OPIOID_USE: (Pathway.DRUGS_ALCOHOL, NeedSeverity.HIGH),
    ProfileFlag.ALCOHOL_DEPENDENCE: (Pathway.DRUGS_ALCOHOL, NeedSeverity.MEDIUM),
    ProfileFlag.NO_FIXED_ABODE: (Pathway.ACCOMMODATION, NeedSeverity.HIGH),
    ProfileFlag.NO_ID: (Pathway.FINANCE_ID, NeedSeverity.HIGH),
    ProfileFlag.NO_BANK_ACCOUNT: (Pathway.FINANCE_ID, NeedSeverity.HIGH),
    ProfileFlag.MENTAL_HEALTH: (Pathway.HEALTH, NeedSeverity.MEDIUM),
}


class EffectiveNeed(NamedTuple):
    severity: NeedSeverity
    criminogenic: bool
    #: The flag that raised the severity, if one did.
    implied_by: ProfileFlag | None
    #: Need priority: severity (low 1, medium 2, high 3) plus 3 when linked to offending.
    priority: int = 0
    #: The person declined support on the pathway (``PathwayNeed.declined``).
    declined: bool = False


def effective_needs(profile: CaseProfile) -> dict[Pathway, EffectiveNeed]:
    needs = {
        pathway: _RECORDED[need.severity, need.criminogenic, need.declined]
        for pathway, need in profile.needs.items()
    }
    for flag in sorted(FLAG_IMPLIED_NEEDS.keys() & profile.flags):
        pathway, severity = FLAG_IMPLIED_NEEDS[flag]
        current = needs.get(pathway)
        if current is None or current.severity.weight < severity.weight:
            if current is None:
                needs[pathway] = _IMPLIED[flag, False, False]
            else:
                needs[pathway] = _IMPLIED[flag, current.criminogenic, current.declined]
    return needs


#: Added to the severity when the officer linked the need to offending.
CRIMINOGENIC_BONUS = 3


def _priority(severity: NeedSeverity, criminogenic: bool) -> int:
    """0 for no need, whether or not it is marked linked to offending."""
    weight = severity.weight
    return weight + (CRIMINOGENIC_BONUS if criminogenic and weight else 0)


#: The need as recorded (no flag raised it), one shared tuple per severity, link and
#: declined support.
_RECORDED = {
    (severity, criminogenic, declined): EffectiveNeed(
        severity, criminogenic, None, _priority(severity, criminogenic), declined
    )
    for severity in NeedSeverity
    for criminogenic in (False, True)
    for declined in (False, True)
}
#: The need a flag implies, one shared tuple per flag, link and declined support (a flag
#: raises the severity; the person's answer on the pathway stands).
_IMPLIED = {
    (flag, criminogenic, declined): EffectiveNeed(
        severity, criminogenic, flag, _priority(severity, criminogenic), declined
    )
    for flag, (_, severity) in FLAG_IMPLIED_NEEDS.items()
    for criminogenic in (False, True)
    for declined in (False, True)
}
