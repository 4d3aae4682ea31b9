"""What an account may see of a person's record: the one place reads remove what the
account's roles may not see (``permissions.py`` says which roles may see what; only the roles
that reach the person count, ``access.permissions_for``).

Every read of case content in the services passes its read model through here, so a new read
cannot forget a check copied into each. Removal keeps what the person's own copy and the
caseload show: without risk details the risk *level* stays (the confirmed level and the band of
the score in use, as the caseload and the person window's header show it); without the plan's
officer-only text the actions, checklist, appointments and aftercare contacts stay (the
person's copy prints those).
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict

from resettle.domain.case_record import CaseRecord, Ogrs3Inputs, RiskView
from resettle.domain.permissions import Permission
from resettle.domain.plan import PlanVersion
from resettle.domain.plan_document import PlanDocument, RiskSummary
from resettle.domain.plan_view import PlanView
from resettle.domain.recorded_risk import ScoreInUse
from resettle.domain.withheld import Withheld

#: Which permission lets an account see each part.
SEEN_WITH: dict[Withheld, Permission] = {
    Withheld.NOTES: Permission.VIEW_NOTES,
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

    def record(self, record: CaseRecord) -> CaseRecord:
        update: dict[str, object] = {"withheld": record.withheld | self.withheld}
        if self.hides(Withheld.NOTES):
            update["notes"] = ()
        if self.hides(Withheld.RISK_DETAILS):
            update["risk"] = risk_level_only(record.risk)
            update["flags"] = frozenset()
        return record.model_copy(update=update)

    def plan_document(self, document: PlanDocument) -> PlanDocument:
        if not self.hides(Withheld.PLAN_OFFICER_TEXT):
            return document
        return document.model_copy(
            update={"risk": RiskSummary(), "needs": (), "evidence": (), "officer_notes": ()}
        )

    def plan_version(self, version: PlanVersion) -> PlanVersion:
        if not self.hides(Withheld.PLAN_OFFICER_TEXT) or version.issue is None:
            return version
        # The issued snapshot is the officer's copy as printed: its hash stays as proof.
        issue = version.issue.model_copy(update={"snapshot_json": ""})
        return version.model_copy(update={"issue": issue})

    def plan_view(self, view: PlanView) -> PlanView:
        current = view.current
        return view.model_copy(
            update={
                "current": self.plan_version(current) if current is not None else None,
                "withheld": view.withheld | (self.withheld & {Withheld.PLAN_OFFICER_TEXT}),
            }
        )


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
