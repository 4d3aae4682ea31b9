"""The parts of a case record an account may be refused sight of, by name.

A read model that had parts removed says which (``CaseRecord.withheld``, ``PlanView.withheld``)
so a screen can say "not shown to your role" instead of "none recorded"."""

from __future__ import annotations

from enum import StrEnum


class Withheld(StrEnum):
    #: Case notes (``Permission.VIEW_NOTES``).
    NOTES = "notes"
    #: The notes of each pathway's need (``VIEW_NOTES``).
    NEED_NOTES = "need_notes"
    #: The notes written with each change of a support need's status (``VIEW_NOTES``).
    SUPPORT_NEED_NOTES = "support_need_notes"
    #: An aftercare referral's reason and the reasons in its history (``VIEW_NOTES``).
    REFERRAL_REASONS = "referral_reasons"
    #: OGRS3 inputs and scores, recorded scores, RoSH, case flags and the reason a level was
    #: confirmed: everything of the risk picture but the level (``VIEW_RISK_DETAILS``).
    RISK_DETAILS = "risk_details"
    #: The plan's officer-only text: the officer's copy (risk, needs, evidence, officer notes)
    #: and the issued snapshot it is printed from (``VIEW_PLAN_OFFICER_TEXT``).
    PLAN_OFFICER_TEXT = "plan_officer_text"
