"""What an account may see of a person's record: the one place reads remove what the
account's roles may not see (``permissions.py`` says which roles may see what; only the roles
that reach the person count, ``access.permissions_for``).

Every read of case content in the services passes its read model through here, so a new read
cannot forget a check copied into each. Removal keeps what the person's own copy and the
caseload show: without risk details the risk *level* stays (the confirmed level and the band of
the score in use, as the caseload and the person window's header show it); without the plan's
officer-only text the actions, checklist, appointments and aftercare contacts stay (the
person's copy prints those).

``SEEN_WITH`` is the table of each withheld part and the permission that shows it; ``record``
removes each part the table hides (``_REMOVE``). A save by an account that may not see a part
keeps what is stored (``kept``): what it never saw, it cannot wipe.

What stays for an account without ``VIEW_NOTES`` (decided field by field): release-day
essentials' notes (prison staff record the essentials, and the notes are printed on the
person's own copy where an essential has no detail of its own), a support need's "Other"
detail (it is what the need is), a referral's contact (printed on the person's copy), the
profile's learning needs notes (how to communicate with the person: everyone working with
them needs it) and the closure's "other" reason (why the case is no longer open).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from pydantic import BaseModel, ConfigDict

from resettle.domain.case_record import (
    CaseRecord,
    Ogrs3Inputs,
    PathwayNeedView,
    ReferralView,
    RiskView,
    SupportNeedView,
)
from resettle.domain.permissions import Permission
from resettle.domain.plan import PlanVersion
from resettle.domain.plan_document import PlanDocument, RiskSummary
from resettle.domain.plan_view import PlanView
from resettle.domain.recorded_risk import ScoreInUse
from resettle.domain.withheld import Withheld

T = TypeVar("T")

#: Which permission lets an account see each part.
SEEN_WITH: dict[Withheld, Permission] = {
    Withheld.NOTES: Permission.VIEW_NOTES,
    Withheld.NEED_NOTES: Permission.VIEW_NOTES,
    Withheld.SUPPORT_NEED_NOTES: Permission.VIEW_NOTES,
    Withheld.REFERRAL_REASONS: Permission.VIEW_NOTES,
    Withheld.RISK_DETAILS: Permission.VIEW_RISK_DETAILS,
    Withheld.PLAN_OFFICER_TEXT: Permission.VIEW_PLAN_OFFICER_TEXT,
}


class RecordVisibility(BaseModel):
    """The parts of a record withheld from one account."""

    model_config = ConfigDict(frozen=True)

    withheld: frozenset[Withheld] = frozenset()

    @classmethod
    def of(cls, granted: frozenset[Permission]) -> RecordVisibility:
        """What is withheld from an account granted ``granted`` on the person (the permissions
        of the roles that reach them: ``access.permissions_for``)."""
        return cls(
            withheld=frozenset(
                part for part, permission in SEEN_WITH.items() if permission not in granted
            )
        )

    def hides(self, part: Withheld) -> bool:
        return part in self.withheld

    def kept(self, part: Withheld, sent: T, stored: T) -> T:
        """What a save writes to a field of ``part``: the stored value when the account may
        not see the part (its form had nothing to show, so it sent nothing), else ``sent``."""
        return stored if self.hides(part) else sent

    def record(self, record: CaseRecord) -> CaseRecord:
        hidden = self.withheld & _REMOVE.keys()
        for part in sorted(hidden):
            record = record.model_copy(update=_REMOVE[part](record))
        return record.model_copy(update={"withheld": record.withheld | self.withheld})

    def plan_document(self, document: PlanDocument) -> PlanDocument:
        if not self.hides(Withheld.PLAN_OFFICER_TEXT):
            return document
        return document.model_copy(
            update={"risk": RiskSummary(), "needs": (), "evidence": (), "officer_notes": ()}
        )

    def plan_version(self, version: PlanVersion) -> PlanVersion:
        if not self.hides(Withheld.PLAN_OFFICER_TEXT):
            return version
        update: dict[str, object] = {"officer_notes": ""}
        if version.issue is not None:
            # The issued snapshot is the officer's copy as printed: its hash stays as proof.
            update["issue"] = version.issue.model_copy(update={"snapshot_json": ""})
        return version.model_copy(update=update)

    def plan_view(self, view: PlanView) -> PlanView:
        current = view.current
        return view.model_copy(
            update={
                "current": self.plan_version(current) if current is not None else None,
                "withheld": view.withheld | (self.withheld & {Withheld.PLAN_OFFICER_TEXT}),
            }
        )


def _without_case_notes(record: CaseRecord) -> dict[str, object]:
    return {"notes": ()}


def _without_risk_details(record: CaseRecord) -> dict[str, object]:
    return {"risk": risk_level_only(record.risk), "flags": frozenset()}


def _without_need_notes(record: CaseRecord) -> dict[str, object]:
    return {
        "needs": tuple(
            view.model_copy(update={"need": view.need.model_copy(update={"notes": ""})})
            for view in record.needs
        )
    }


def _support_need_without_notes(support: SupportNeedView) -> SupportNeedView:
    history = tuple(change.model_copy(update={"note": ""}) for change in support.history)
    return support.model_copy(update={"history": history})


def _without_support_need_notes(record: CaseRecord) -> dict[str, object]:
    def need(view: PathwayNeedView) -> PathwayNeedView:
        support = tuple(_support_need_without_notes(s) for s in view.support_needs)
        return view.model_copy(update={"support_needs": support})

    return {"needs": tuple(need(view) for view in record.needs)}


def _referral_without_reasons(view: ReferralView) -> ReferralView:
    return view.model_copy(
        update={
            "referral": view.referral.model_copy(update={"reason": ""}),
            "history": tuple(c.model_copy(update={"reason": ""}) for c in view.history),
        }
    )


def _without_referral_reasons(record: CaseRecord) -> dict[str, object]:
    return {"referrals": tuple(_referral_without_reasons(view) for view in record.referrals)}


#: How each part is removed from a case record (the plan's officer-only text is not in it).
_REMOVE: dict[Withheld, Callable[[CaseRecord], dict[str, object]]] = {
    Withheld.NOTES: _without_case_notes,
    Withheld.NEED_NOTES: _without_need_notes,
    Withheld.SUPPORT_NEED_NOTES: _without_support_need_notes,
    Withheld.REFERRAL_REASONS: _without_referral_reasons,
    Withheld.RISK_DETAILS: _without_risk_details,
}


def risk_level_only(risk: RiskView) -> RiskView:
    """The risk picture reduced to its level: the confirmed level (who confirmed it and when,
    not why) and the band of the score in use, without the score, its inputs or its source."""
    confirmed = risk.confirmed
    if confirmed is not None:
        confirmed = confirmed.model_copy(update={"reason": ""})
    return RiskView(
        inputs=Ogrs3Inputs(),
        ogrs3=None,
        ogrs3_not_scored=(),
        recorded=(),
        rosh=None,
        in_use=ScoreInUse(source=risk.in_use.source, reasons=(), band=risk.in_use.band),
        confirmed=confirmed,
    )
