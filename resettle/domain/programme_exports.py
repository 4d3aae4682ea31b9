"""The rows of the programme CSV exports: one row per referral with its milestone dates, and
one row per person per week with the sessions scheduled, attended and missed
(``docs/attendance-register.md`` lists the columns).

A milestone is the first time the referral reached it, leaving out moves later corrected
(a correction is a new entry naming the one it puts right; the move it corrects did not
stand). Every milestone reached has its date, even when the referral moved on or back since:
*awaiting assessment*, *assessment started*; *assessed* is reaching assessed as suitable,
suitable but not ready, not suitable or not eligible; *on programme*; *deselected* is the
first deselection, whether it closed the referral (to Deselected) or kept it open (back to
Assessed as suitable or Suitable but not ready), with that deselection's category and
reason; *closed* is reaching any closed status (programme complete, not eligible, not
suitable, deselected, withdrawn), with the category and reason of that move. ``status_now``
is the status's label as the screens show it, ``status_code`` its code for scripts.

In the weekly rows a session counts for a person when it is a session of their group that
was not replaced by a rescheduled one and started while they held their place, and it started
by the end of the export (``--to``, or today if that is earlier): a session still to come is
not counted at all. Of those, ``scheduled`` counts every one; ``attended`` the marks attended
(complied or not); ``acceptable_absence`` and ``unacceptable_absence`` the absences of each
kind (only the unacceptable ones are missed sessions); ``not_yet_marked`` the sessions held
with no mark yet. ``scheduled`` is the sum of the other four.
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
    "awaiting_assessment",
    "assessment_started",
    "assessed",
    "on_programme",
    "deselected",
    "deselection_reason_category",
    "deselection_reason",
    "completed_or_closed",
    "status_now",
    "status_code",
    "reason_category",
    "reason",
)

WEEKLY_HEADER = (
    "week_starting",
    "prison_number",
    "name",
    "programme",
    "group",
    "scheduled",
    "attended",
    "acceptable_absence",
    "unacceptable_absence",
    "not_yet_marked",
)

ASSESSED = frozenset({"assessed_suitable", "suitable_not_ready", "not_suitable", "not_eligible"})


class ReferralMilestones(BaseModel):
    model_config = ConfigDict(frozen=True)

    referral_id: int
    prison_number: str
    name: str
    programme: str
    referred: dt.date
    submitted: dt.date | None = None
    awaiting_assessment: dt.date | None = None
    assessment_started: dt.date | None = None
    assessed: dt.date | None = None
    on_programme: dt.date | None = None
    deselected: dt.date | None = None
    deselection_reason_category: str | None = None
    deselection_reason: str | None = None
    completed_or_closed: dt.date | None = None
    #: The status's label ("Assessed as suitable"); ``status_code`` its code.
    status_now: str
    status_code: str
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
    scheduled: int
    attended: int
    acceptable_absence: int
    unacceptable_absence: int
    not_yet_marked: int

    def cells(self) -> list[object]:
        return [getattr(self, name) for name in WEEKLY_HEADER]
