"""The release-day checklist's details write dates as the rest of both copies do ("8 Jan 2027",
not "08 Jan 2027"), with the time and place after commas (a trial found three date forms)."""

from __future__ import annotations

import datetime as dt

from resettle.domain.essentials import FirstProbationAppointment, OstContinuity
from resettle.services.plans.document import _essential_detail


def test_the_first_appointment_reads_date_time_place() -> None:
    booked = FirstProbationAppointment(
        appointment_date=dt.date(2027, 1, 8),
        appointment_time=dt.time(14, 0),
        place="Probation Office, 14 Harbour Walk",
    )
    assert _essential_detail(booked) == "8 Jan 2027, 14:00, Probation Office, 14 Harbour Walk"
    undated_time = booked.model_copy(update={"appointment_time": None})
    assert _essential_detail(undated_time) == "8 Jan 2027, Probation Office, 14 Harbour Walk"


def test_the_first_dose_reads_the_same_way() -> None:
    dose = OstContinuity(provider="New Leaf", first_dose_date=dt.date(2027, 1, 8))
    assert _essential_detail(dose) == "New Leaf, first dose 8 Jan 2027"
