"""The rows of the programme CSV exports: one row per referral with its milestone dates, and
one row per person per week with the sessions scheduled, attended and missed.

A milestone is the first time the referral reached it, leaving out moves later corrected
(a correction is a new entry naming the one it puts right; the move it corrects did not
stand). *Assessed* is reaching assessed as suitable, not suitable or not eligible; *closed*
is reaching any closed status (programme complete, not eligible, not suitable, deselected,
withdrawn), with the category and reason of that move.

In the weekly rows a session is *scheduled* for a person when it is a session of their group
that was not replaced by a rescheduled one and started while they held their place; *attended*
counts the marks attended (complied or not), *missed* the absences (acceptable or not); a
session without a mark yet is in neither.
"""

from __future__ import annotations

import datetime as dt

from pydantic import BaseModel, ConfigDict

MILESTONE_HEADER = (
    "referral_id",
    "prison_number",
    "name",
    "programme",
    "referred",
    "submitted",
    "assessed",
    "on_programme",
    "completed_or_closed",
    "status_now",
    "reason_category",
    "reason",
)

WEEKLY_HEADER = (
    "week_starting",
    "prison_number",
    "name",
    "programme",
    "group",
    "sessions_scheduled",
    "attended",
    "missed",
)

ASSESSED = frozenset({"assessed_suitable", "not_suitable", "not_eligible"})


class ReferralMilestones(BaseModel):
    model_config = ConfigDict(frozen=True)

    referral_id: int
    prison_number: str
    name: str
    programme: str
    referred: dt.date
    submitted: dt.date | None = None
    assessed: dt.date | None = None
    on_programme: dt.date | None = None
    completed_or_closed: dt.date | None = None
    status_now: str
    reason_category: str | None = None
    reason: str | None = None

    def cells(self) -> list[object]:
        return [getattr(self, name) for name in MILESTONE_HEADER]


class WeeklyAttendance(BaseModel):
    model_config = ConfigDict(frozen=True)

    week_starting: dt.date
    prison_number: str
    name: str
    programme: str
    group: str
    sessions_scheduled: int
    attended: int
    missed: int

    def cells(self) -> list[object]:
        return [getattr(self, name) for name in WEEKLY_HEADER]
