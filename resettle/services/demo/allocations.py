"""The demo people's first allocation: to their responsible officer, by the demo manager, on a
realistic day (twelve weeks before release, not before the sentence, never after today)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping

from resettle.services.demo.case_records import not_after_now

#: How long before release a case is allocated to its community officer in the demo.
BEFORE_RELEASE = dt.timedelta(weeks=12)
#: The hour allocations are made at (UTC), so the history does not read midnight.
AT = dt.time(9, 30, tzinfo=dt.UTC)


def allocated_on(sentence: dt.date | None, release: dt.date | None, today: dt.date) -> dt.date:
    """Twelve weeks before release, but not before the sentence nor after today."""
    day = (release - BEFORE_RELEASE) if release is not None else today - BEFORE_RELEASE
    if sentence is not None:
        day = max(day, sentence)
    return min(day, today)


def first_allocations(
    people: Iterable[Mapping[str, object]], allocated_by: int, today: dt.date
) -> list[dict[str, object]]:
    """Allocation rows for demo person rows that have a responsible officer."""
    rows = []
    for person in people:
        officer = person.get("responsible_officer_id")
        if officer is None:
            continue
        sentence, release = person.get("sentence_date"), person.get("release_date")
        day = allocated_on(
            sentence if isinstance(sentence, dt.date) else None,
            release if isinstance(release, dt.date) else None,
            today,
        )
        rows.append(
            {
                "person_id": person["id"],
                "officer_id": officer,
                "allocated_by_id": allocated_by,
                # never after now (a demo loaded before 09:30 on the day itself: review)
                "allocated_at": not_after_now(dt.datetime.combine(day, AT)),
            }
        )
    return rows
