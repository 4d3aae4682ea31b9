"""The Programmes view's referral models without widgets: the rows in words, days waiting,
the status filter's choices with their counts, the open / status / text filter, the groups'
places, and the waiting list per programme, longest wait first."""

from __future__ import annotations

import datetime as dt
from typing import Any

from resettle.domain.programme_referrals import EstablishmentReferral
from resettle.domain.programmes.offerings import GroupView, OfferingView
from resettle.services.programme_delivery import DeliveryOverview, DeliveryPlace
from resettle.services.programme_offerings import ProgrammesListing
from resettle.ui.programmes.referral_models import (
    ALL,
    OPEN,
    ReferralsFilter,
    ReferralsModel,
    counts_line,
    days_waiting,
    filter_choices,
    group_places,
    groups_for,
    waiting_model,
    waiting_rows,
    waiting_summary,
)

TODAY = dt.date(2026, 12, 2)
NOON = dt.datetime(2026, 12, 1, 12, 0, tzinfo=dt.UTC)


def _row(n: int, status: str, days_ago: int = 1, **kw: Any) -> EstablishmentReferral:
    data: dict[str, Any] = {
        "id": n,
        "person_id": 100 + n,
        "prison_number": f"A{n:04d}AA",
        "name": f"Person {n}",
        "programme_code": "BC-MOD",
        "programme_name": "Building Choices: moderate intensity",
        "status": status,
        "status_since": NOON - dt.timedelta(hours=n),
        "referred_at": NOON - dt.timedelta(days=days_ago),
        "offering_id": 1,
        "revision": 1,
    }
    data.update(kw)
    return EstablishmentReferral.model_validate(data)


def _shown(proxy: ReferralsFilter) -> list[str]:
    return [proxy.index(r, 0).data() for r in range(proxy.rowCount())]


def test_the_rows_are_shown_in_words_with_days_waiting_only_while_waiting(qtbot: Any) -> None:
    model = ReferralsModel(TODAY)
    model.set_rows(
        [
            _row(1, "submitted", days_ago=10),
            _row(2, "on_programme", group_id=5, group_code="BC-1"),
            _row(3, "withdrawn", days_ago=40),
            _row(4, "draft"),
        ]
    )
    rows = model.display_rows()
    assert rows[0][:4] == [
        "Person 1",
        "A0001AA",
        "Building Choices: moderate intensity",
        "Referral submitted",
    ]
    assert [r[5] for r in rows] == ["11", "", "", ""]  # referred 1 Dec minus 10 days
    assert rows[1][6] == "BC-1"
    assert days_waiting(_row(9, "assessed_suitable", days_ago=0), TODAY) == 1


def test_the_status_choices_carry_every_count_and_open_leaves_out_drafts_and_closed() -> None:
    counts = {"submitted": 2, "draft": 1, "withdrawn": 3, "assessed_suitable": 1}
    choices = dict(filter_choices(counts))
    assert choices[ALL] == "All statuses (7)"
    assert choices[OPEN] == "Open: neither draft nor closed (3)"
    assert choices["submitted"] == "Referral submitted (2)"
    assert choices["on_programme"] == "On programme (0)"  # listed though nobody is at it
    keys = [key for key, _ in filter_choices(counts)]
    assert keys[:4] == [ALL, OPEN, "draft", "submitted"]  # the workflow's display order
    assert counts_line(counts) == (
        "Draft referral 1 · Referral submitted 2 · Assessed as suitable 1 · Withdrawn 3"
    )
    assert counts_line({}) == "No referrals"


def test_the_filter_keeps_a_status_open_ones_and_a_name_or_prison_number(qtbot: Any) -> None:
    model = ReferralsModel(TODAY)
    model.set_rows(
        [
            _row(1, "submitted"),
            _row(2, "draft"),
            _row(3, "withdrawn", name="Jo Smith", prison_number="X9999XX"),
            _row(4, "assessed_suitable", name="Sam Smith"),
        ]
    )
    proxy = ReferralsFilter()
    proxy.setSourceModel(model)
    assert len(_shown(proxy)) == 4
    proxy.set_status(OPEN)
    assert sorted(_shown(proxy)) == ["Person 1", "Sam Smith"]
    proxy.set_status("withdrawn")
    assert _shown(proxy) == ["Jo Smith"]
    proxy.set_status(ALL)
    proxy.set_text("  smith ")
    assert sorted(_shown(proxy)) == ["Jo Smith", "Sam Smith"]
    proxy.set_text("x9999")
    assert _shown(proxy) == ["Jo Smith"]
    proxy.set_status(OPEN)
    assert _shown(proxy) == []


def _overview() -> DeliveryOverview:
    place = DeliveryPlace(id=1, code="LEI", name="HMP Leeds", may_set_up=False, runs_sessions=True)

    def offering(n: int, code: str, name: str) -> OfferingView:
        return OfferingView(
            id=n,
            programme_code=code,
            programme_name=name,
            establishment_id=1,
            establishment_code="LEI",
            team_id=None,
            team_code=None,
            contact="",
            active=True,
        )

    def group(n: int, offering_id: int, code: str, capacity: int, ends: dt.date) -> GroupView:
        return GroupView(
            id=n,
            offering_id=offering_id,
            code=code,
            capacity=capacity,
            starts_on=dt.date(2027, 1, n),
            ends_on=ends,
            schedule=(),
            facilitator_ids=(),
            session_count=0,
        )

    listing = ProgrammesListing.model_construct(  # type: ignore[call-arg]  # no catalogue
        offerings=(
            offering(1, "BC-MOD", "Building Choices: moderate intensity"),
            offering(2, "KAIZEN", "Kaizen"),
        ),
        groups=(
            group(1, 1, "BC-1", 2, dt.date(2027, 3, 1)),
            group(2, 1, "BC-2", 3, dt.date(2027, 3, 1)),
            group(3, 1, "BC-OLD", 3, dt.date(2026, 11, 1)),  # ended: not offered
            group(4, 2, "KZ-1", 8, dt.date(2027, 3, 1)),
        ),
    )
    return DeliveryOverview.model_construct(
        place=place, listing=listing, day=TODAY, day_sessions=()
    )


def test_a_group_with_no_session_still_to_come_is_not_offered() -> None:
    """User trial: "Give a group place" offered a group whose only session had passed."""
    groups = group_places(_overview(), {}, TODAY, sessions_over={2})
    assert [g.code for g in groups] == ["BC-1", "KZ-1"]


def test_the_groups_places_and_the_waiting_list_per_programme_longest_wait_first(
    qtbot: Any,
) -> None:
    groups = group_places(_overview(), {1: 2, 2: 1}, TODAY)
    assert [(g.code, g.free) for g in groups] == [("BC-1", 0), ("BC-2", 2), ("KZ-1", 8)]
    assert groups[0].words() == "BC-1 (starts 01/01/2027): full (2 of 2 taken)"
    assert groups[1].words() == "BC-2 (starts 02/01/2027): 2 of 3 places free"
    rows = [
        _row(1, "assessed_suitable", days_ago=3),
        _row(2, "suitable_not_ready", days_ago=30),
        _row(3, "assessed_suitable", days_ago=50, group_id=1, group_code="BC-1"),  # placed
        _row(4, "submitted", days_ago=90),  # not assessed yet
        _row(5, "assessed_suitable", days_ago=5, programme_code="KAIZEN", programme_name="Kaizen"),
    ]
    waiting = waiting_rows(rows, TODAY)
    assert [(w.referral.id, w.position, w.days) for w in waiting] == [
        (2, 1, 31),
        (1, 2, 4),
        (5, 1, 6),
    ]
    assert waiting_summary(waiting, groups).splitlines() == [
        "Building Choices: moderate intensity: 2 waiting. Groups: "
        "BC-1 (starts 01/01/2027): full (2 of 2 taken); "
        "BC-2 (starts 02/01/2027): 2 of 3 places free",
        "Kaizen: 1 waiting. Groups: KZ-1 (starts 04/01/2027): 8 of 8 places free",
    ]
    assert [g.code for g in groups_for(rows[0], groups)] == ["BC-1", "BC-2"]
    assert groups_for(rows[0].model_copy(update={"offering_id": 9}), groups) == []
    model = waiting_model()
    model.set_rows(waiting)
    assert model.display_rows()[0][:5] == [
        "Building Choices: moderate intensity",
        "1",
        "Person 2",
        "A0002AA",
        "Suitable but not ready",
    ]
