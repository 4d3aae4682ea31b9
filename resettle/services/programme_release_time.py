"""Time before release for a referral: the days a custody programme needs against the days
from its start to the person's release date (``domain/programmes/eligibility.release_time``).

A staging helper only: it runs inside the caller's unit of work (the referral as it is
made, and its read), after the caller's reach and permission checks, and neither audits nor
commits. The start is today, or, for a referral to an offering with a group still to start,
that group's start (the earliest start of the offering's groups that have not ended, when
later than today).
"""

from __future__ import annotations

import datetime as dt

from resettle.domain.programmes.catalogue import Programme
from resettle.domain.programmes.eligibility import ReleaseTime, release_time
from resettle.services.unit_of_work import UnitOfWork
from resettle.storage.tables.people import PersonRow


def release_time_of(
    uow: UnitOfWork,
    person: PersonRow,
    programme: Programme,
    offering_id: int | None,
    today: dt.date,
) -> ReleaseTime | None:
    """The programme's time needed against the person's time to release, from today or
    from the start of the offering's next group (module docstring)."""
    starts_on, from_group = today, False
    if offering_id is not None:
        running = [
            g.starts_on for g in uow.programmes.groups_of([offering_id]) if g.ends_on >= today
        ]
        if running and min(running) > today:
            starts_on, from_group = min(running), True
    return release_time(programme, person.release_date, starts_on, from_group_start=from_group)
