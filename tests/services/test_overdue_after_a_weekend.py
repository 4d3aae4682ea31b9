"""An unpinned "N days after release" action falling on a weekend is due on the next working day
(``domain.plan.resolve_due``), so the managers' "People with overdue plan actions" does not
count it overdue on the Saturday or the Sunday, and agrees with the Plan tab's "overdue" mark
day by day; a pinned one keeps its Saturday (both backends)."""

from __future__ import annotations

import datetime as dt

import pytest

from resettle.domain.action_repeats import Repeat
from resettle.domain.measure_figures import MeasureFilters, Part
from resettle.domain.overdue import is_overdue
from resettle.domain.plan import ActionStatus, DueDate
from resettle.services.measures import measure_figures, measure_people
from resettle.services.people import register_person
from resettle.services.plans import edit
from resettle.services.workspace import Workspace
from resettle.storage.repositories.measure_keys import refresh_all, unmaintained_keys
from resettle.storage.tables.people import PersonRow
from tests.factories import person_data

RELEASE = dt.date(2027, 1, 15)  # a Friday
SATURDAY, SUNDAY, MONDAY, TUESDAY = (RELEASE + dt.timedelta(days=n) for n in (1, 2, 3, 4))
OVERDUE = "overdue_plan_actions"


def _person_with(workspace: Workspace, due: dict[str, object], **more: object) -> int:
    person_id = register_person(
        workspace.actor, workspace.uow(), person_data(release_date=RELEASE)
    ).id
    action = {
        "pathway": "accommodation",
        "what": "See the housing officer",
        "owner": "probation",
        **more,
    }
    edit.save_plan(workspace.actor, workspace.uow(), person_id, None, [{**action, "due": due}])
    return person_id


def _key(workspace: Workspace, person_id: int) -> dt.date | None:
    with workspace.uow() as uow:
        assert unmaintained_keys(uow.session) == {}
        row = uow.session.get(PersonRow, person_id)
        assert row is not None
        return row.overdue_action_from


def _counted_on(workspace: Workspace, day: dt.date) -> tuple[int, int]:
    """The dashboard's count of people with overdue actions on `day`, and its list's length."""
    filters = MeasureFilters.for_period(day)
    figure = next(
        f
        for f in measure_figures(workspace.actor, workspace.uow(), filters, day)
        if f.key == OVERDUE
    )
    people = measure_people(workspace.actor, workspace.uow(), OVERDUE, Part.NUMERATOR, filters, day)
    return figure.numerator, len(people)


def test_a_saturday_action_is_not_overdue_until_after_the_monday(workspace: Workspace) -> None:
    person_id = _person_with(workspace, {"kind": "relative", "offset_days": 1})
    assert SATURDAY.weekday() == 5
    assert _key(workspace, person_id) == MONDAY
    due = DueDate.relative(1)
    for day, overdue in ((SATURDAY, False), (SUNDAY, False), (MONDAY, False), (TUESDAY, True)):
        assert _counted_on(workspace, day) == (int(overdue), int(overdue)), day
        # The Plan tab's mark says the same on each day.
        assert is_overdue(due, ActionStatus.TO_DO, RELEASE, day) is overdue, day


def test_a_pinned_saturday_action_is_overdue_on_the_sunday(workspace: Workspace) -> None:
    person_id = _person_with(workspace, {"kind": "relative", "offset_days": 1, "pinned": True})
    assert _key(workspace, person_id) == SATURDAY
    assert _counted_on(workspace, SATURDAY) == (0, 0)
    assert _counted_on(workspace, SUNDAY) == (1, 1)


@pytest.mark.parametrize("offset", [1, 2])
def test_refreshing_everyone_keeps_the_moved_day(workspace: Workspace, offset: int) -> None:
    """The bulk refresh (after an import, in the benchmarks) computes it the same way."""
    person_id = _person_with(workspace, {"kind": "relative", "offset_days": offset})
    with workspace.uow() as uow:
        uow.session.query(PersonRow).update({PersonRow.overdue_action_from: SATURDAY})
        assert unmaintained_keys(uow.session) == {person_id: ["overdue_action_from"]}
        refresh_all(uow.session)
        uow.commit()
    assert _key(workspace, person_id) == MONDAY


def test_a_repeating_action_is_overdue_from_its_first_time(workspace: Workspace) -> None:
    """Due the Saturday (moved to Monday), repeating on Wednesdays: first time Wednesday 20th."""
    repeat = {"every": "week", "weekday": 2, "until": "you start work"}
    person_id = _person_with(workspace, {"kind": "relative", "offset_days": 1}, repeat=repeat)
    wednesday = RELEASE + dt.timedelta(days=5)
    assert _key(workspace, person_id) == wednesday
    assert _counted_on(workspace, wednesday) == (0, 0)
    assert _counted_on(workspace, wednesday + dt.timedelta(days=1)) == (1, 1)
    assert not is_overdue(
        DueDate.relative(1), ActionStatus.TO_DO, RELEASE, wednesday, Repeat.model_validate(repeat)
    )
