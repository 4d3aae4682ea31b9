"""Flags an officer sets on the case that change what is recommended and how it is delivered.

Others the recommender needs come from the record itself: no fixed abode, no ID and no bank
account from the open release-day essentials; learning disability and interpreter need from
the profile.
"""

from __future__ import annotations

from enum import StrEnum


class CaseFlag(StrEnum):
    OPIOID_USE = "opioid_use"
    ALCOHOL_DEPENDENCE = "alcohol_dependence"
    MENTAL_HEALTH = "mental_health"
    LOW_MOTIVATION = "low_motivation"

    @property
    def label(self) -> str:
        return {
            CaseFlag.OPIOID_USE: "Opioid use at release",
            CaseFlag.ALCOHOL_DEPENDENCE: "Alcohol dependence",
            CaseFlag.MENTAL_HEALTH: "Mental health needs",
            CaseFlag.LOW_MOTIVATION: "Low motivation to engage",
        }[self]
