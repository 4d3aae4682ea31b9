"""A seeded demo's plans keep to the calendar: no action's text names a weekday other than
the day it is due, and no "N days after release" action lands on a weekend or bank holiday
unless pinned; a plan document of a person released on a closed day carries the note."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from resettle.domain.plan import counted_day
from resettle.domain.plan_calendar import named_weekdays, weekday_mismatch
from resettle.domain.working_days import is_working_day, release_day_note
from resettle.services.plans.mapping import action
from resettle.services.plans.printing import plan_document
from resettle.services.workspace import Workspace
from resettle.storage import tables as t
from tests.accounts import load_demo_for
from tests.factories import TODAY

PEOPLE = 200


@pytest.fixture
def demo(workspace: Workspace) -> Workspace:
    load_demo_for(workspace, PEOPLE, seed=7, today=TODAY)
    return workspace


def test_demo_plans_keep_to_the_calendar(demo: Workspace) -> None:
    a, v, p = t.PlanActionRow, t.PlanVersionRow, t.PersonRow
    with demo.uow() as uow:
        rows = uow.session.execute(
            sa.select(a, p.release_date)
            .join(v, v.id == a.plan_version_id)
            .join(p, p.id == v.person_id)
        ).all()
        actions = [(action(row), release) for row, release in rows]
    named = moved = 0
    for plan_action, release in actions:
        on = plan_action.due_on(release)
        assert not weekday_mismatch(plan_action, release), (plan_action.what, on)
        if on is not None and named_weekdays(plan_action.what):
            named += 1
        due = plan_action.due
        if due is not None and due.moves_off_closed_days and on is not None:
            assert is_working_day(on), (plan_action.what, on)
            moved += on != counted_day(due, release)
    # Not true by emptiness: the demo dates actions naming a weekday, and moves some dates.
    assert named > 0
    assert moved > 0


def test_a_demo_person_released_on_a_closed_day_has_the_note_on_the_plan(demo: Workspace) -> None:
    with demo.uow() as uow:
        people = uow.session.execute(
            sa.select(t.PersonRow.id, t.PersonRow.release_date)
            .join(t.PlanVersionRow, t.PlanVersionRow.person_id == t.PersonRow.id)
            .order_by(t.PersonRow.id)
        ).all()
    closed = next((pid, day) for pid, day in people if day and not is_working_day(day))
    working = next((pid, day) for pid, day in people if day and is_working_day(day))
    document = plan_document(demo.actor, demo.uow(), closed[0], allow_empty=True)
    assert document.release_day == release_day_note(closed[1])
    assert document.release_day is not None
    assert document.release_day.working_day < closed[1]
    assert plan_document(demo.actor, demo.uow(), working[0], allow_empty=True).release_day is None
