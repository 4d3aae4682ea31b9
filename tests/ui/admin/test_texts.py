"""How an account's state reads in the list: what an administrator may need to act on."""

from __future__ import annotations

import datetime as dt

from resettle.domain.staff import Role
from resettle.services.accounts import AccountSummary, PlaceRef
from resettle.ui.admin.texts import is_locked, places_text, status_text

NOW = dt.datetime(2026, 12, 2, 10, 0, tzinfo=dt.UTC)


def _account(**changes: object) -> AccountSummary:
    fields: dict[str, object] = {
        "id": 1,
        "username": "jo.bloggs",
        "display_name": "Jo Bloggs",
        "roles": frozenset({Role.OFFICER}),
        "teams": (),
        "establishments": (),
        "managed_teams": (),
        "managed_establishments": (),
        "active": True,
        "locked_until": None,
        "must_change_password": False,
    }
    return AccountSummary(**(fields | changes))  # type: ignore[arg-type]


def test_each_state_and_several_together() -> None:
    until = NOW + dt.timedelta(minutes=12)
    local = until.astimezone().strftime("%H:%M")
    assert status_text(_account(), NOW) == "Active"
    assert status_text(_account(active=False), NOW) == "Disabled"
    assert status_text(_account(must_change_password=True), NOW) == "Must change password"
    assert status_text(_account(locked_until=until), NOW) == f"Locked until {local}"
    assert is_locked(_account(locked_until=until), NOW)
    assert (
        status_text(_account(active=False, locked_until=until, must_change_password=True), NOW)
        == f"Disabled; Locked until {local}; Must change password"
    )


def test_an_ended_lock_is_no_lock() -> None:
    ended = _account(locked_until=NOW - dt.timedelta(seconds=1))
    assert status_text(ended, NOW) == "Active"
    assert not is_locked(ended, NOW)


def test_places_by_kind_and_code() -> None:
    north = PlaceRef(id=1, code="PDU-N", name="North")
    leeds = PlaceRef(id=2, code="LEI", name="HMP Leeds")
    account = _account(teams=(north,), managed_teams=(north,), managed_establishments=(leeds,))
    assert places_text(account) == ("Teams PDU-N; Manages teams PDU-N; Manages establishments LEI")
    assert places_text(_account()) == ""
