"""The case record as the person window reads it: frozen read models, no storage types."""

from __future__ import annotations

import datetime as dt

from pydantic import BaseModel, ConfigDict, Field

from resettle.domain.aftercare import ReferralInput, ReferralStatusChange
from resettle.domain.case_flags import CaseFlag
from resettle.domain.case_status import AllocationView, CaseClosureView
from resettle.domain.essentials import Essential
from resettle.domain.needs import PathwayNeedInput, SupportNeedStatus, SupportNeedStatusChange
from resettle.domain.ogrs3 import Ogrs3Result
from resettle.domain.pathways import Pathway
from resettle.domain.permissions import Permission
from resettle.domain.person import PersonDetail
from resettle.domain.programme_history import ProgrammeHistoryView
from resettle.domain.programme_needs import PniResult
from resettle.domain.programme_needs_record import ProgrammeNeedsRecord
from resettle.domain.read_only_opening import ReadOnlyBecause
from resettle.domain.readiness import Readiness
from resettle.domain.recorded_risk import (
    ConfirmedRiskLevel,
    RecordedScore,
    RoshAssessment,
    ScoreInUse,
)
from resettle.domain.text_fields import CheckedText
from resettle.domain.withheld import Withheld

_FROZEN = ConfigDict(frozen=True)


class SupportNeedView(BaseModel):
    model_config = _FROZEN

    id: int
    code: str
    pathway: Pathway
    label: str
    detail: str
    status: SupportNeedStatus
    history: tuple[SupportNeedStatusChange, ...]


class PathwayNeedView(BaseModel):
    model_config = _FROZEN

    need: PathwayNeedInput
    support_needs: tuple[SupportNeedView, ...]
    updated_at: dt.datetime | None = None


class ReferralView(BaseModel):
    model_config = _FROZEN

    id: int
    provider_name: str
    provider_phone: str
    referral: ReferralInput
    history: tuple[ReferralStatusChange, ...]


class CaseNoteView(BaseModel):
    model_config = _FROZEN

    id: int
    author: str
    created_at: dt.datetime
    pathway: Pathway | None
    text: str
    corrects_note_id: int | None
    corrected_by_ids: tuple[int, ...] = ()


class Ogrs3Inputs(CheckedText):
    """What the record holds of OGRS3's inputs beyond the profile (all optional until known)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    conviction_date: dt.date | None = Field(default=None, title="Date of current conviction")
    first_sanction_date: dt.date | None = Field(default=None, title="Date of first sanction")
    previous_sanctions: int | None = Field(
        default=None, ge=0, le=999, title="Number of previous sanctions"
    )


class RiskView(BaseModel):
    model_config = _FROZEN

    inputs: Ogrs3Inputs
    ogrs3: Ogrs3Result | None
    ogrs3_not_scored: tuple[str, ...]
    recorded: tuple[RecordedScore, ...]
    rosh: RoshAssessment | None
    in_use: ScoreInUse
    confirmed: ConfirmedRiskLevel | None
    #: The programme needs identifier's items as recorded, and the pathway they give with the
    #: scores above (None: not worked out for this read).
    programme_needs: ProgrammeNeedsRecord = ProgrammeNeedsRecord()
    pni: PniResult | None = None


class CaseRecord(BaseModel):
    model_config = _FROZEN

    person: PersonDetail
    needs: tuple[PathwayNeedView, ...]
    essentials: tuple[Essential, ...]
    readiness: Readiness
    referrals: tuple[ReferralView, ...]
    notes: tuple[CaseNoteView, ...]
    risk: RiskView
    flags: frozenset[CaseFlag]
    #: Set while the case is closed: when, by whom and why.
    closure: CaseClosureView | None = None
    #: Every allocation to an officer, oldest first.
    allocations: tuple[AllocationView, ...] = ()
    #: The programme history, superseded entries included, oldest first (append-only: no
    #: revision; ``domain/programme_history.py``).
    programmes: tuple[ProgrammeHistoryView, ...] = ()
    #: Each part's revision as read (a part never saved is at 0).
    revisions: dict[str, int] = Field(default_factory=dict)
    #: Parts removed because the account may not see them (``domain/record_visibility.py``):
    #: ``notes`` is then empty, and ``risk`` and ``flags`` hold the risk level only.
    withheld: frozenset[Withheld] = frozenset()
    #: What the reading account may do to this person: the permissions of the roles that
    #: reach them (``domain/access.permissions_for``); the person window's tabs follow it.
    permissions: frozenset[Permission] = frozenset()
    #: The reading account is the person's officer or a manager of their team: it may list who
    #: has seen the record (``domain/seen_by.py``; the service checks again).
    may_see_who_has_seen: bool = False
    #: Opened while the database could not be written (disk full, read-only): shown
    #: read-only, its opening logged instead of audited (``domain/read_only_opening.py``).
    read_only_because: ReadOnlyBecause | None = None

    def revision(self, part: str) -> int:
        return self.revisions.get(part, 0)

    def need_for(self, pathway: Pathway) -> PathwayNeedView:
        return next(view for view in self.needs if view.need.pathway is pathway)
