"""The Programmes view's tables without widgets: what each cell says for offerings, groups,
a group's sessions and the day's sessions."""

from __future__ import annotations

import datetime as dt

from resettle.domain.programmes.catalogue import ProgrammeCatalogue, SessionType
from resettle.domain.programmes.offerings import GroupView, OfferingView, Weekday, WeeklySlot
from resettle.domain.programmes.sessions import SESSION_ZONE, SessionView
from resettle.services.programme_delivery import DaySession, DeliveryOverview, DeliveryPlace
from resettle.services.programme_offerings import ProgrammesListing
from resettle.ui.programmes.delivery_models import (
    day_sessions_model,
    group_rows,
    groups_model,
    offering_rows,
    offerings_model,
    schedule_text,
    sessions_model,
)


def _offering(offering_id: int, code: str, name: str) -> OfferingView:
    return OfferingView(
        id=offering_id,
        programme_code=code,
        programme_name=name,
        establishment_id=1,
        establishment_code="MDI",
        team_id=None,
        team_code=None,
        contact="Hub",
        active=True,
    )


def _group(group_id: int, offering_id: int, code: str, sessions: int) -> GroupView:
    return GroupView(
        id=group_id,
        offering_id=offering_id,
        code=code,
        capacity=12,
        starts_on=dt.date(2027, 1, 4),
        ends_on=dt.date(2027, 3, 26),
        schedule=(
            WeeklySlot(weekday=Weekday.MONDAY, starts_at=dt.time(9, 30), minutes=150),
            WeeklySlot(weekday=Weekday.THURSDAY, starts_at=dt.time(13, 0), minutes=120),
        ),
        facilitator_ids=(),
        session_count=sessions,
    )


def _session(
    session_id: int, *, catch_up: bool = False, replaces: int | None = None, replaced: bool = False
) -> SessionView:
    starts = dt.datetime(2027, 1, 4, 9, 30, tzinfo=SESSION_ZONE)
    return SessionView(
        id=session_id,
        group_id=1,
        sequence=1,
        module_number=2,
        session_number=3,
        name="Thinking ahead",
        session_type=SessionType.ONE_TO_ONE if catch_up else SessionType.GROUP,
        starts_at=starts.astimezone(dt.UTC),
        ends_at=(starts + dt.timedelta(minutes=150)).astimezone(dt.UTC),
        is_catch_up=catch_up,
        replaces_session_id=replaces,
        replaced=replaced,
    )


def _overview() -> DeliveryOverview:
    listing = ProgrammesListing(
        catalogue=ProgrammeCatalogue(programmes=()),
        offerings=(_offering(1, "BC-MOD", "Building Choices"), _offering(2, "BSR", "Recovery")),
        groups=(_group(10, 1, "BC-1", 10), _group(11, 1, "BC-2", 0)),
    )
    place = DeliveryPlace(
        id=1, code="MDI", name="HMP Moorland", may_set_up=True, runs_sessions=True
    )
    return DeliveryOverview(
        place=place,
        listing=listing,
        day=dt.date(2027, 1, 4),
        day_sessions=(DaySession(session=_session(5), group_code="BC-1", programme_name="BC"),),
    )


def test_offerings_count_their_groups_and_name_the_prison() -> None:
    model = offerings_model()
    model.set_rows(offering_rows(_overview()))
    assert model.display_rows() == [
        ["Building Choices", "BC-MOD", "HMP Moorland", "2", "Hub"],
        ["Recovery", "BSR", "HMP Moorland", "0", "Hub"],
    ]


def test_groups_show_dates_schedule_and_sessions_or_none_yet() -> None:
    model = groups_model()
    model.set_rows(group_rows(_overview()))
    assert model.display_rows() == [
        [
            "BC-1",
            "Building Choices",
            "12",
            "04/01/2027",
            "26/03/2027",
            "Mon 09:30 (150 min), Thu 13:00 (120 min)",
            "10",
        ],
        [
            "BC-2",
            "Building Choices",
            "12",
            "04/01/2027",
            "26/03/2027",
            "Mon 09:30 (150 min), Thu 13:00 (120 min)",
            "None yet",
        ],
    ]


def test_sessions_say_their_type_and_what_became_of_them() -> None:
    model = sessions_model()
    model.set_rows(
        [
            _session(1, replaced=True),
            _session(2, replaces=1),
            _session(3, catch_up=True),
            _session(4),
            _session(5).model_copy(update={"register_taken": True}),
            _session(6, catch_up=True).model_copy(update={"register_taken": True}),
            _session(7).model_copy(update={"over": True}),
            _session(8).model_copy(update={"over": True, "register_taken": True}),
            _session(9, replaced=True).model_copy(update={"over": True}),
        ]
    )
    rows = model.display_rows()
    assert rows[0][:4] == [
        "Mon 04/01/2027",
        "09:30-12:00",
        "Module 2, session 3: Thinking ahead",
        "Group",
    ]
    assert [row[4] for row in rows] == [
        "Replaced (not run)",
        "Rescheduled",
        "Catch-up",
        "Planned",
        "Held (register taken)",
        "Catch-up held (register taken)",
        # Over with no register taken: not "Planned" (programme delivery trial).
        "Over: register not taken",
        "Held (register taken)",
        "Replaced (not run)",
    ]
    assert rows[2][3] == "One-to-one"


def test_the_days_sessions_name_group_and_programme() -> None:
    model = day_sessions_model()
    model.set_rows(list(_overview().day_sessions))
    assert model.display_rows() == [
        ["09:30-12:00", "BC-1", "BC", "Module 2, session 3: Thinking ahead", "Group", "Planned"]
    ]


def test_a_schedule_in_british_summer_time_keeps_its_wall_clock() -> None:
    slot = WeeklySlot(weekday=Weekday.FRIDAY, starts_at=dt.time(14, 15), minutes=90)
    assert schedule_text((slot,)) == "Fri 14:15 (90 min)"
    summer = _session(1).model_copy(
        update={"starts_at": dt.datetime(2027, 7, 1, 13, 30, tzinfo=dt.UTC)}
    )
    model = sessions_model()
    model.set_rows([summer])
    assert model.display_rows()[0][0] == "Thu 01/07/2027"
    assert model.display_rows()[0][1].startswith("14:30")


def test_sessions_planned_counts_one_in_the_singular() -> None:
    from resettle.ui.programmes.delivery_models import sessions_planned_text

    assert sessions_planned_text(1, "BC-1") == "1 session planned for BC-1."
    assert sessions_planned_text(26, "BC-1") == "26 sessions planned for BC-1."
