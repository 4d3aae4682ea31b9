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
    NO_RECOURSE_TO_PUBLIC_FUNDS = "no_recourse_to_public_funds"
    NO_RIGHT_TO_WORK = "no_right_to_work"
    DOMESTIC_ABUSE_VICTIM = "domestic_abuse_victim"
    DENIES_OFFENCE = "denies_offence"
    CARE_LEAVER = "care_leaver"
    VICTIM_CONSENT_KNOWN = "victim_consent_known"
    OPD_SCREENED_IN = "opd_screened_in"

    @property
    def label(self) -> str:
        return {
            CaseFlag.OPIOID_USE: "Opioid use at release",
            CaseFlag.ALCOHOL_DEPENDENCE: "Alcohol dependence",
            CaseFlag.MENTAL_HEALTH: "Mental health needs",
            CaseFlag.LOW_MOTIVATION: "Low motivation to engage",
            CaseFlag.NO_RECOURSE_TO_PUBLIC_FUNDS: "No recourse to public funds",
            CaseFlag.NO_RIGHT_TO_WORK: "No right to work in the UK",
            CaseFlag.DOMESTIC_ABUSE_VICTIM: "Victim of domestic abuse",
            CaseFlag.DENIES_OFFENCE: "Denies the offence",
            CaseFlag.CARE_LEAVER: "Care leaver",
            CaseFlag.VICTIM_CONSENT_KNOWN: "Victim consents to restorative justice",
            CaseFlag.OPD_SCREENED_IN: "Screened in to the OPD pathway",
        }[self]
