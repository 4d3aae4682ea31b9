"""A plan with actions that repeat (weekly, with a bank holiday left out, and every other week
until something happens), for the print and accessibility tests."""

from __future__ import annotations

import datetime as dt

from resettle.domain.action_repeats import PartOfDay, Repeat, RepeatEvery
from resettle.domain.pathways import Pathway
from resettle.domain.plan import ActionOwner, DueDate, PlanAction
from resettle.domain.plan_document import PlanDocument, action_line
from resettle.reports.samples import SAMPLE_RELEASE, sample_plan_document

JOB_CLUB = "Go to the job club at the library"
RECOVERY = "Recovery group at the Forward Leeds hub"
MENTOR = "Meet your peer mentor"


def repeating(what: str, due: DueDate, repeat: Repeat) -> PlanAction:
    return PlanAction(
        pathway=Pathway.EDUCATION_SKILLS_WORK,
        what=what,
        owner=ActionOwner.PERSON,
        due=due,
        repeat=repeat,
    )


def repeating_document() -> PlanDocument:
    """Released Friday 14 March 2025; Good Friday and Easter Monday are 18 and 21 April."""
    assert dt.date(2025, 3, 14) == SAMPLE_RELEASE
    actions = (
        # Tuesdays 18 March to 15 April: 5 times.
        repeating(
            JOB_CLUB,
            DueDate.relative(4),
            Repeat(
                every=RepeatEvery.WEEK,
                weekday=1,
                part_of_day=PartOfDay.MORNING,
                ends=DueDate.relative(32),
            ),
        ),
        # Mondays 24 March to 28 April, but not Easter Monday.
        repeating(
            RECOVERY,
            DueDate.relative(7),
            Repeat(every=RepeatEvery.WEEK, weekday=0, ends=DueDate.absolute(dt.date(2025, 4, 28))),
        ),
        repeating(
            MENTOR,
            DueDate.relative(7),
            Repeat(every=RepeatEvery.FORTNIGHT, weekday=4, until="you start work"),
        ),
    )
    base = sample_plan_document(6)
    lines = tuple(action_line(a, SAMPLE_RELEASE) for a in actions)
    return base.model_copy(update={"actions": (*base.actions, *lines)})
