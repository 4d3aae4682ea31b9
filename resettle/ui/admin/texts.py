"""How an account, a team and an establishment read in the administration window's lists."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from resettle.domain.staff import ROLE_PRECEDENCE, Role
from resettle.services.accounts import AccountSummary, PlaceRef
from resettle.services.teams import TeamSummary


def _local(value: dt.datetime) -> dt.datetime:
    return (value if value.tzinfo else value.replace(tzinfo=dt.UTC)).astimezone()


def status_text(account: AccountSummary, now: dt.datetime | None = None) -> str:
    """ "Active", "Disabled", "Locked until 14:05", "Must change password" (several joined by
    "; "): what an administrator may need to act on."""
    moment = now or dt.datetime.now(dt.UTC)
    parts = [] if account.active else ["Disabled"]
    locked = account.locked_until
    if locked is not None and _local(locked) > _local(moment):
        parts.append(f"Locked until {_local(locked).strftime('%H:%M')}")
    if account.must_change_password:
        parts.append("Must change password")
    return "; ".join(parts) or "Active"


def is_locked(account: AccountSummary, now: dt.datetime | None = None) -> bool:
    locked = account.locked_until
    return locked is not None and _local(locked) > _local(now or dt.datetime.now(dt.UTC))


def roles_text(roles: Iterable[Role]) -> str:
    held = set(roles)
    return ", ".join(role.label for role in ROLE_PRECEDENCE if role in held)


def _codes(places: Iterable[PlaceRef]) -> str:
    return ", ".join(place.code for place in places)


def places_text(account: AccountSummary) -> str:
    """Where the account works, by code: "Team LEI; manages teams LEI, NOR"."""
    parts = [
        f"{caption} {_codes(places)}"
        for caption, places in (
            ("Teams", account.teams),
            ("Establishments", account.establishments),
            ("Manages teams", account.managed_teams),
            ("Manages establishments", account.managed_establishments),
            ("Manages regions", account.managed_regions),
        )
        if places
    ]
    return "; ".join(parts)


def places_tooltip(account: AccountSummary) -> str:
    """The same with names, one place a line."""
    lines = [
        f"{caption}: {place.code} {place.name}"
        for caption, places in (
            ("Team", account.teams),
            ("Establishment", account.establishments),
            ("Manages team", account.managed_teams),
            ("Manages establishment", account.managed_establishments),
            ("Manages region", account.managed_regions),
        )
        for place in places
    ]
    return "\n".join(lines)


def team_status(team: TeamSummary) -> str:
    return "Active" if team.active else "Deactivated"


def place_choice_text(code: str, name: str, active: bool = True) -> str:
    return f"{code} {name}" + ("" if active else " (deactivated)")
