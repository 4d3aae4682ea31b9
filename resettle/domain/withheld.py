"""The parts of a case record an account may be refused sight of, by name.

A read model that had parts removed says which (``CaseRecord.withheld``, ``PlanView.withheld``)
so a screen can say "not shown to your role" instead of "none recorded"."""

from __future__ import annotations

from enum import StrEnum


class Withheld(StrEnum):
    #: Case notes (``Permission.VIEW_NOTES``).
    NOTES = "notes"
    #: OGRS3 inputs and scores, recorded scores, RoSH, case flags and the reason a level was
    #: confirmed: everything of the risk picture but the level (``VIEW_RISK_DETAILS``).
    RISK_DETAILS = "risk_details"
    #: The plan's officer-only text: the officer's copy (risk, needs, evidence, officer notes)
    #: and the issued snapshot it is printed from (``VIEW_PLAN_OFFICER_TEXT``).
    PLAN_OFFICER_TEXT = "plan_officer_text"
